// icpkit scorer for profile "Enterprise tech and finance" version "1.0.0" (e4a051496743), as of 2026-11-23
// Generated from the scoring IR; H holds the value parsers of docs/semantics.md, N the normalisers.
"use strict";
const S0 = new Set(["government administration","higher education","armed forces","primary and secondary education","education administration programs"]);
const S1 = new Set(["software development","technology, information and internet","it services and it consulting","financial services","banking","insurance","computer and network security"]);
const S2 = new Set(["us","ca","gb","de","fr","nl","ie","ch","se","dk","no","be"]);
const K5 = ["san francisco","new york","london","berlin","amsterdam","seattle","boston","toronto"];
const S6 = new Set(["10001+"]);
return function score(row) {
  // [0] Public sector, education or military — exclude
  let o0 = 2;
  { const v = H.toCategory(N.industry(row["industry"])); if (v !== null) o0 = S0.has(v) ? 1 : 0; }
  // [1] Software, internet, IT or financial services — signal 30
  let o1 = 2;
  { const v = H.toCategory(N.industry(row["industry"])); if (v !== null) o1 = S1.has(v) ? 1 : 0; }
  // [2] North America or Western Europe — signal 20
  let o2 = 2;
  { const v = H.toCategory(N.country(row["country"])); if (v !== null) o2 = S2.has(v) ? 1 : 0; }
  // [3] 1,000–20,000 current employees — signal 20
  let o3 = 2;
  { const v = H.toNumber(N.employees(row["current employee estimate"])); if (v !== null) o3 = v >= 1000 && v <= 20000 ? 1 : 0; }
  // [4] Founded in the last 40 years — signal 10
  let o4 = 2;
  { const v = H.toNumber(row["year founded"]); if (v !== null) o4 = v >= 1986 && v <= 2026 ? 1 : 0; }
  // [5] Headquartered in a tech hub — signal 10
  let o5 = 2;
  { const v = H.foldedText(row["locality"]); if (v !== null) o5 = K5.some((w) => v.includes(w)) ? 1 : 0; }
  // [6] Mega-corporation (10,001+) — signal -10
  let o6 = 2;
  { const v = H.toCategory(row["size range"]); if (v !== null) o6 = S6.has(v) ? 1 : 0; }
  if (o0 === 1) {
    const r = [];
    if (o0 === 1) r.push("Public sector, education or military (excluded)");
    return { state: "disqualified", tenths: null, tier: null, reasons: r.join("; ") };
  }
  let known = 0, lo = 0, hi = 0, raw = 0;
  if (o1 !== 2) { known += 3000; hi += 3000; if (o1 === 1) raw += 3000; }
  if (o2 !== 2) { known += 2000; hi += 2000; if (o2 === 1) raw += 2000; }
  if (o3 !== 2) { known += 2000; hi += 2000; if (o3 === 1) raw += 2000; }
  if (o4 !== 2) { known += 1000; hi += 1000; if (o4 === 1) raw += 1000; }
  if (o5 !== 2) { known += 1000; hi += 1000; if (o5 === 1) raw += 1000; }
  if (o6 !== 2) { known += 1000; lo += -1000; if (o6 === 1) raw += -1000; }
  const r = [];
  if (o1 === 1) r.push("Software, internet, IT or financial services (+30)");
  if (o2 === 1) r.push("North America or Western Europe (+20)");
  if (o3 === 1) r.push("1,000–20,000 current employees (+20)");
  if (o4 === 1) r.push("Founded in the last 40 years (+10)");
  if (o5 === 1) r.push("Headquartered in a tech hub (+10)");
  if (o6 === 1) r.push("Mega-corporation (10,001+) (-10)");
  if (o1 === 0) r.push("Software, internet, IT or financial services (not met)");
  if (o2 === 0) r.push("North America or Western Europe (not met)");
  if (o3 === 0) r.push("1,000–20,000 current employees (not met)");
  if (o4 === 0) r.push("Founded in the last 40 years (not met)");
  if (o5 === 0) r.push("Headquartered in a tech hub (not met)");
  if (o6 === 0) r.push("Mega-corporation (10,001+) (not met)");
  if (o1 === 2) r.push("Software, internet, IT or financial services (unknown)");
  if (o2 === 2) r.push("North America or Western Europe (unknown)");
  if (o3 === 2) r.push("1,000–20,000 current employees (unknown)");
  if (o4 === 2) r.push("Founded in the last 40 years (unknown)");
  if (o5 === 2) r.push("Headquartered in a tech hub (unknown)");
  if (o6 === 2) r.push("Mega-corporation (10,001+) (unknown)");
  if (o0 === 2) r.push("Public sector, education or military (exclude, unknown)");
  const reasons = r.join("; ");
  if (known === 0 || known * 10000 < 50000000) return { state: "insufficient_data", tenths: null, tier: null, reasons };
  const d = hi - lo;
  const tenths = Math.floor((2000 * (raw - lo) + d) / (2 * d));
  const tier = tenths >= 800 ? "A" : tenths >= 600 ? "B" : "C";
  return { state: "scored", tenths, tier, reasons };
};

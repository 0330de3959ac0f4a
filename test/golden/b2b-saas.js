// icpkit scorer for profile "B2B SaaS mid-market" version "1.0.0" (30594c0d66fe), as of 2026-11-23
// Generated from the scoring IR; H holds the value parsers of docs/semantics.md, N the normalisers.
"use strict";
const S1 = new Set(["government administration","non-profit organizations"]);
const S2 = new Set(["software development","technology, information and internet","it services and it consulting"]);
const S4 = new Set(["north america","europe"]);
const S5 = new Set(["salesforce","hubspot"]);
const S6 = new Set(["series a","series b","series c"]);
const K8 = ["agency","consultancy","consulting"];
return function score(row) {
  // [0] At least 20 employees — require
  let o0 = 2;
  { const v = H.toNumber(N.employees(row["employees"])); if (v !== null) o0 = v >= 20 ? 1 : 0; }
  // [1] Government or non-profit — exclude
  let o1 = 2;
  { const v = H.toCategory(N.industry(row["industry"])); if (v !== null) o1 = S1.has(v) ? 1 : 0; }
  // [2] Software or internet — signal 25
  let o2 = 2;
  { const v = H.toCategory(N.industry(row["industry"])); if (v !== null) o2 = S2.has(v) ? 1 : 0; }
  // [3] 50–1,000 employees — signal 20
  let o3 = 2;
  { const v = H.toNumber(N.employees(row["employees"])); if (v !== null) o3 = v >= 50 && v <= 1000 ? 1 : 0; }
  // [4] North America or Europe — signal 15
  let o4 = 2;
  { const v = H.toCategory(row["region"]); if (v !== null) o4 = S4.has(v) ? 1 : 0; }
  // [5] Uses a CRM we integrate with — signal 15
  let o5 = 2;
  { const v = H.toList(row["tech"]); if (v !== null) o5 = v.some((x) => S5.has(x)) ? 1 : 0; }
  // [6] Raised Series A to C — signal 10
  let o6 = 2;
  { const v = H.toCategory(row["funding_stage"]); if (v !== null) o6 = S6.has(v) ? 1 : 0; }
  // [7] Founded in the last 15 years — signal 5
  let o7 = 2;
  { const v = H.toNumber(row["founded_year"]); if (v !== null) o7 = v >= 2011 && v <= 2026 ? 1 : 0; }
  // [8] Agency or consultancy — signal -10
  let o8 = 2;
  { const v = H.foldedText(row["description"]); if (v !== null) o8 = K8.some((w) => v.includes(w)) ? 1 : 0; }
  if (o0 === 0 || o1 === 1) {
    const r = [];
    if (o0 === 0) r.push("At least 20 employees (required, not met)");
    if (o1 === 1) r.push("Government or non-profit (excluded)");
    return { state: "disqualified", tenths: null, tier: null, reasons: r.join("; ") };
  }
  let known = 0, lo = 0, hi = 0, raw = 0;
  if (o2 !== 2) { known += 2500; hi += 2500; if (o2 === 1) raw += 2500; }
  if (o3 !== 2) { known += 2000; hi += 2000; if (o3 === 1) raw += 2000; }
  if (o4 !== 2) { known += 1500; hi += 1500; if (o4 === 1) raw += 1500; }
  if (o5 !== 2) { known += 1500; hi += 1500; if (o5 === 1) raw += 1500; }
  if (o6 !== 2) { known += 1000; hi += 1000; if (o6 === 1) raw += 1000; }
  if (o7 !== 2) { known += 500; hi += 500; if (o7 === 1) raw += 500; }
  if (o8 !== 2) { known += 1000; lo += -1000; if (o8 === 1) raw += -1000; }
  const r = [];
  if (o2 === 1) r.push("Software or internet (+25)");
  if (o3 === 1) r.push("50–1,000 employees (+20)");
  if (o4 === 1) r.push("North America or Europe (+15)");
  if (o5 === 1) r.push("Uses a CRM we integrate with (+15)");
  if (o6 === 1) r.push("Raised Series A to C (+10)");
  if (o8 === 1) r.push("Agency or consultancy (-10)");
  if (o7 === 1) r.push("Founded in the last 15 years (+5)");
  if (o2 === 0) r.push("Software or internet (not met)");
  if (o3 === 0) r.push("50–1,000 employees (not met)");
  if (o4 === 0) r.push("North America or Europe (not met)");
  if (o5 === 0) r.push("Uses a CRM we integrate with (not met)");
  if (o6 === 0) r.push("Raised Series A to C (not met)");
  if (o7 === 0) r.push("Founded in the last 15 years (not met)");
  if (o8 === 0) r.push("Agency or consultancy (not met)");
  if (o2 === 2) r.push("Software or internet (unknown)");
  if (o3 === 2) r.push("50–1,000 employees (unknown)");
  if (o4 === 2) r.push("North America or Europe (unknown)");
  if (o5 === 2) r.push("Uses a CRM we integrate with (unknown)");
  if (o6 === 2) r.push("Raised Series A to C (unknown)");
  if (o7 === 2) r.push("Founded in the last 15 years (unknown)");
  if (o8 === 2) r.push("Agency or consultancy (unknown)");
  if (o0 === 2) r.push("At least 20 employees (required, unknown)");
  if (o1 === 2) r.push("Government or non-profit (exclude, unknown)");
  const reasons = r.join("; ");
  if (known === 0 || known * 10000 < 60000000) return { state: "insufficient_data", tenths: null, tier: null, reasons };
  const d = hi - lo;
  const tenths = Math.floor((2000 * (raw - lo) + d) / (2 * d));
  const tier = tenths >= 750 ? "A" : tenths >= 500 ? "B" : "C";
  return { state: "scored", tenths, tier, reasons };
};

// icpkit scorer for profile "Professional services on legacy time tracking" version "2.1.0" (d97c8ffa8824), as of 2026-11-23
// Generated from the scoring IR; H holds the value parsers of docs/semantics.md, N the normalisers.
"use strict";
const S0 = new Set(["government","nonprofit"]);
const S2 = new Set(["business consulting and services","accounting","law practice","staffing and recruiting","advertising services"]);
const S4 = new Set(["kronos","quickbooks","sap","oracle"]);
const R5 = new RegExp("(consult|advis|services|agency)", "u");
const S8 = new Set(["netsuite","workday"]);
return function score(row) {
  // [0] Not a government or non-profit body — exclude
  let o0 = 2;
  { const v = H.toCategory(row["ownership"]); if (v !== null) o0 = S0.has(v) ? 1 : 0; }
  // [1] 10 or more employees — require
  let o1 = 0;
  { const v = H.toNumber(N.employees(row["employees"])); if (v !== null) o1 = v >= 10 ? 1 : 0; }
  // [2] Consulting, accounting, legal or staffing — signal 30
  let o2 = 2;
  { const v = H.toCategory(N.industry(row["industry"])); if (v !== null) o2 = S2.has(v) ? 1 : 0; }
  // [3] 50–500 employees — signal 20
  let o3 = 2;
  { const v = H.toNumber(N.employees(row["employees"])); if (v !== null) o3 = v >= 50 && v <= 500 ? 1 : 0; }
  // [4] Runs a legacy time-tracking or finance system — signal 20
  let o4 = 2;
  { const v = H.toList(row["tech"]); if (v !== null) o4 = v.some((x) => S4.has(x)) ? 1 : 0; }
  // [5] Describes itself as a services firm — signal 10
  let o5 = 2;
  { const v = H.foldedText(row["description"]); if (v !== null) o5 = R5.test(v) ? 1 : 0; }
  // [6] Hiring for sales — signal 10
  let o6 = 2;
  { const v = H.toBoolean(row["hiring_sales"]); if (v !== null) o6 = v === true ? 1 : 0; }
  // [7] Five or more open roles — signal 5
  let o7 = 2;
  { const v = H.toNumber(row["open_jobs"]); if (v !== null) o7 = v >= 5 ? 1 : 0; }
  // [8] Already on a modern PSA / ERP — signal -15
  let o8 = 2;
  { const v = H.toList(row["tech"]); if (v !== null) o8 = v.some((x) => S8.has(x)) ? 1 : 0; }
  // [9] Raised money in the last 18 months — signal 5
  let o9 = 2;
  { const v = H.toDate(N.date(row["last_funding_date"])); if (v !== null) o9 = v >= "2025-05-23" && v <= "2026-11-23" ? 1 : 0; }
  if (o0 === 1 || o1 === 0) {
    const r = [];
    if (o0 === 1) r.push("Not a government or non-profit body (excluded)");
    if (o1 === 0) r.push("10 or more employees (required, not met)");
    return { state: "disqualified", tenths: null, tier: null, reasons: r.join("; ") };
  }
  let known = 0, lo = 0, hi = 0, raw = 0;
  if (o2 !== 2) { known += 3000; hi += 3000; if (o2 === 1) raw += 3000; }
  if (o3 !== 2) { known += 2000; hi += 2000; if (o3 === 1) raw += 2000; }
  if (o4 !== 2) { known += 2000; hi += 2000; if (o4 === 1) raw += 2000; }
  if (o5 !== 2) { known += 1000; hi += 1000; if (o5 === 1) raw += 1000; }
  if (o6 !== 2) { known += 1000; hi += 1000; if (o6 === 1) raw += 1000; }
  if (o7 !== 2) { known += 500; hi += 500; if (o7 === 1) raw += 500; }
  if (o8 !== 2) { known += 1500; lo += -1500; if (o8 === 1) raw += -1500; }
  if (o9 !== 2) { known += 500; hi += 500; if (o9 === 1) raw += 500; }
  const r = [];
  if (o2 === 1) r.push("Consulting, accounting, legal or staffing (+30)");
  if (o3 === 1) r.push("50–500 employees (+20)");
  if (o4 === 1) r.push("Runs a legacy time-tracking or finance system (+20)");
  if (o8 === 1) r.push("Already on a modern PSA / ERP (-15)");
  if (o5 === 1) r.push("Describes itself as a services firm (+10)");
  if (o6 === 1) r.push("Hiring for sales (+10)");
  if (o7 === 1) r.push("Five or more open roles (+5)");
  if (o9 === 1) r.push("Raised money in the last 18 months (+5)");
  if (o2 === 0) r.push("Consulting, accounting, legal or staffing (not met)");
  if (o3 === 0) r.push("50–500 employees (not met)");
  if (o4 === 0) r.push("Runs a legacy time-tracking or finance system (not met)");
  if (o5 === 0) r.push("Describes itself as a services firm (not met)");
  if (o6 === 0) r.push("Hiring for sales (not met)");
  if (o7 === 0) r.push("Five or more open roles (not met)");
  if (o8 === 0) r.push("Already on a modern PSA / ERP (not met)");
  if (o9 === 0) r.push("Raised money in the last 18 months (not met)");
  if (o2 === 2) r.push("Consulting, accounting, legal or staffing (unknown)");
  if (o3 === 2) r.push("50–500 employees (unknown)");
  if (o4 === 2) r.push("Runs a legacy time-tracking or finance system (unknown)");
  if (o5 === 2) r.push("Describes itself as a services firm (unknown)");
  if (o6 === 2) r.push("Hiring for sales (unknown)");
  if (o7 === 2) r.push("Five or more open roles (unknown)");
  if (o8 === 2) r.push("Already on a modern PSA / ERP (unknown)");
  if (o9 === 2) r.push("Raised money in the last 18 months (unknown)");
  if (o0 === 2) r.push("Not a government or non-profit body (exclude, unknown)");
  if (o1 === 2) r.push("10 or more employees (required, unknown)");
  const reasons = r.join("; ");
  if (known === 0 || known * 10000 < 57500000) return { state: "insufficient_data", tenths: null, tier: null, reasons };
  const d = hi - lo;
  const tenths = Math.floor((2000 * (raw - lo) + d) / (2 * d));
  const tier = null; // capacity tiers are assigned after ranking
  return { state: "scored", tenths, tier, reasons };
};

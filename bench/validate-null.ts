/**
 * `npm run bench:validate`: the null simulation of issue 19 at full size — 40 accounts × 50 deals,
 * no ICP effect, account win propensities with intraclass correlation 0, 0.05 and 0.2 — through
 * the comparison code `icp validate` runs. Goals: win-rate false-positive rate ≤ 6% at nominal 5%,
 * interval coverage ≥ 93%. Also shown: what counting deals as independent would give.
 * Results in bench/results/validate-null.json. Statistical, not timed: the machine's speed does
 * not enter.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simulateNull } from "./validate-null-sim.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const reps = Number(process.env.REPS ?? 1000);
const rows = [];
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(`null simulation: ${reps} replicates per correlation, 40 accounts × 50 deals, base win rate 30%`);
console.log(
  "ICC    deff  FP win rate  (deals as independent)  ratio CI covers  rate CI covers  FP deal size  size CI covers  FP cycle  cycle CI covers  'validated'",
);
for (const icc of [0, 0.05, 0.2]) {
  const r = simulateNull({ reps, icc, accounts: 40, dealsPerAccount: 50, seed: 2026 });
  rows.push(r);
  console.log(
    [
      String(icc).padEnd(5),
      r.meanDeff.toFixed(1).padStart(5),
      pct(r.winRateFalsePositive).padStart(12),
      pct(r.winRateFalsePositiveNaive).padStart(23),
      pct(r.ratioCoverage).padStart(16),
      pct(r.rateCoverage).padStart(15),
      pct(r.dealSizeFalsePositive).padStart(13),
      pct(r.dealSizeCoverage).padStart(15),
      pct(r.cycleFalsePositive).padStart(9),
      pct(r.cycleCoverage).padStart(16),
      pct(r.validated).padStart(12),
    ].join(" "),
  );
}
const goals = rows.every(
  (r) => r.winRateFalsePositive <= 0.06 && r.ratioCoverage >= 0.93 && r.rateCoverage >= 0.93,
);
console.log(`goals (FP ≤ 6%, coverage ≥ 93% at every correlation): ${goals ? "met" : "NOT met"}`);
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(
  join(ROOT, "bench/results/validate-null.json"),
  `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), reps, accounts: 40, dealsPerAccount: 50, p0: 0.3, goalsMet: goals, rows }, null, 2)}\n`,
);

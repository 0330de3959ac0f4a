/** The statistics against reference values (R and SciPy give the same figures). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { auc, aucOfGroups } from "../src/stats/auc.js";
import { chiSquareP, normalCdf, normalQuantile, tQuantile, tTwoSidedP } from "../src/stats/distributions.js";
import { mannWhitney, median, medianInterval, welch } from "../src/stats/location.js";
import { benjaminiHochberg } from "../src/stats/multiple.js";
import {
  fisherExact,
  newcombeDifference,
  rateRatio,
  sampleSizePerGroup,
  wilson,
} from "../src/stats/proportions.js";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe("distributions", () => {
  test("normal and t quantiles and tails", () => {
    close(normalQuantile(0.975), 1.959963985, 1e-8, "z 0.975");
    close(normalQuantile(0.001), -3.090232306, 1e-7, "z 0.001");
    close(normalCdf(-2.5), 0.006209665, 1e-8, "Φ(−2.5)");
    close(tQuantile(0.975, 10), 2.228138852, 1e-8, "t 10");
    close(tQuantile(0.975, 1), 12.70620474, 1e-6, "t 1");
    close(tQuantile(0.975, 3.7), 2.867520707, 1e-7, "t 3.7");
    close(tTwoSidedP(2.228138852, 10), 0.05, 1e-9, "p at t 10");
    close(chiSquareP(3.84, 1), 0.0500435212, 1e-9, "χ² 1");
    close(chiSquareP(10, 3), 0.0185661355, 1e-9, "χ² 3");
    close(chiSquareP(0.5, 4), 0.9735009788, 1e-9, "χ² 4");
    close(chiSquareP(100, 50), 3.454931383e-5, 1e-12, "χ² 50");
  });
});

describe("rates", () => {
  test("Wilson interval", () => {
    const w = wilson(8, 10);
    close(w.lo, 0.4901625, 1e-6, "lo");
    close(w.hi, 0.9433178, 1e-6, "hi");
    assert.deepEqual(wilson(0, 0), { lo: 0, hi: 1 });
  });
  test("Newcombe difference holds the point estimate and is inside [−1, 1]", () => {
    const d = newcombeDifference(56, 70, 48, 80);
    // Newcombe (1998), example (a): 56/70 − 48/80 → 0.0524 to 0.3339
    close(d.lo, 0.0524, 1e-4, "lo");
    close(d.hi, 0.3339, 1e-4, "hi");
  });
  test("rate ratio and its log interval", () => {
    const r = rateRatio(40, 100, 20, 100);
    assert.ok(r);
    close(r.ratio, 2, 1e-12, "ratio");
    // exp(ln 2 ± 1.96·sqrt(1/40 − 1/100 + 1/20 − 1/100))
    const se = Math.sqrt(1 / 40 - 1 / 100 + 1 / 20 - 1 / 100);
    close(r.ci.lo, 2 * Math.exp(-1.959963985 * se), 1e-6, "lo");
    close(r.ci.hi, 2 * Math.exp(1.959963985 * se), 1e-6, "hi");
  });
  test("Fisher's exact test", () => {
    close(fisherExact(1, 9, 11, 3), 0.0027594562, 1e-9, "R's example");
    close(fisherExact(3, 1, 1, 3), 0.4857142857, 1e-9, "lady tasting tea");
    assert.equal(fisherExact(5, 5, 5, 5), 1);
  });
  test("sample size per group for 80% power", () => {
    // classic: 0.6 vs 0.5 needs about 388 per group
    const n = sampleSizePerGroup(0.6, 0.5);
    assert.ok(n >= 385 && n <= 390, String(n));
  });
});

describe("locations", () => {
  test("median and its order-statistic interval", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    assert.deepEqual(medianInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { lo: 2, hi: 9 });
  });
  test("Welch's t-test", () => {
    const w = welch([12, 15, 11, 19, 22, 13, 14], [21, 25, 19, 30, 28, 26]);
    assert.ok(w);
    close(w.p, 0.00146465972, 1e-8, "p");
  });
  test("Mann–Whitney with ties and continuity correction", () => {
    close(mannWhitney([1, 2, 3], [4, 5, 6]), 0.0808555984, 1e-7, "no ties");
    close(mannWhitney([1, 2, 2, 3, 5, 8], [2, 4, 4, 6, 9, 9, 10]), 0.0976070695, 1e-7, "ties");
  });
  test("Benjamini–Hochberg", () => {
    assert.deepEqual(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]), [0.02, 0.04, 0.04, 0.02]);
  });
});

describe("logistic regression: Wald against likelihood-ratio", () => {
  test("the Wald statistic of the full fit agrees with the refit's deviance change, and a null feature scores near 0", async () => {
    const { fitLogistic, poolRows, waldStatistic } = await import("../src/stats/logistic.js");
    // feature 0 doubles the odds; feature 1 is noise; 4,000 rows from a fixed sequence
    const rows: number[][] = [];
    const y: number[] = [];
    let s = 12345;
    const next = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    for (let i = 0; i < 4000; i++) {
      const f: number[] = [];
      const a = next() < 0.5;
      if (a) f.push(0);
      if (next() < 0.5) f.push(1);
      const p = a ? 2 / 3 : 1 / 2;
      rows.push(f);
      y.push(next() < p ? 1 : 0);
    }
    const patterns = poolRows(rows, y);
    const full = fitLogistic(patterns, 2, { lambda: 0.01 });
    const without0 = fitLogistic(patterns, 2, { lambda: 0.01, exclude: new Set([0]) });
    const lrt0 = without0.deviance - full.deviance;
    const wald0 = waldStatistic(full, [0]);
    assert.ok(lrt0 > 30, `a real effect: LRT ${lrt0}`);
    assert.ok(Math.abs(wald0 - lrt0) / lrt0 < 0.05, `Wald ${wald0} ≈ LRT ${lrt0}`);
    assert.ok(waldStatistic(full, [1]) < 6, "noise is not significant");
    assert.ok(chiSquareP(waldStatistic(full, [0, 1]), 2) < 1e-6, "a group with the effect in it is");
  });
});

test("AUC is the share of (win, loss) pairs ordered correctly, ties counting half", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ s: fc.integer({ min: -3, max: 3 }), y: fc.boolean() }), {
        minLength: 2,
        maxLength: 60,
      }),
      (rows) => {
        const pos = rows.filter((r) => r.y);
        const neg = rows.filter((r) => !r.y);
        const got = auc(
          rows.map((r) => r.s / 2),
          rows.map((r) => (r.y ? 1 : 0)),
        );
        if (pos.length === 0 || neg.length === 0) return Number.isNaN(got);
        let wins = 0;
        for (const a of pos) for (const b of neg) wins += a.s > b.s ? 1 : a.s === b.s ? 0.5 : 0;
        assert.equal(got, wins / (pos.length * neg.length));
        return true;
      },
    ),
    { seed: 5, numRuns: 300 },
  );
  assert.equal(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
});

test("AUC from groups sharing a score equals the AUC over their rows (discovery scores distinct cells)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ s: fc.integer({ min: -4, max: 4 }), pos: fc.nat(5), neg: fc.nat(5) }), {
        minLength: 1,
        maxLength: 30,
      }),
      (groups) => {
        const scores: number[] = [];
        const y: number[] = [];
        for (const g of groups) {
          for (let k = 0; k < g.pos + g.neg; k++) {
            scores.push(g.s / 3);
            y.push(k < g.pos ? 1 : 0);
          }
        }
        const got = aucOfGroups(
          Float64Array.from(groups, (g) => g.s / 3),
          Float64Array.from(groups, (g) => g.pos),
          Float64Array.from(groups, (g) => g.neg),
        );
        const want = auc(scores, y);
        if (Number.isNaN(want)) return Number.isNaN(got);
        assert.equal(got, want);
        return true;
      },
    ),
    { seed: 11, numRuns: 300 },
  );
});

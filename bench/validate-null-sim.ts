/**
 * The null simulation of `icp validate`'s deal statistics: accounts whose deals share the
 * account's fortune (intraclass correlation ρ of the win propensity), an ICP label that has
 * nothing to do with outcomes, and the figures validation computes from them — through the same
 * functions `icp validate` calls (dealFiguresOf → compareGroups → overallVerdict). A method that
 * counts deals as independent finds "effects" in far more than 5% of runs; an account-level one
 * does not.
 *
 * Used by test/validate-stats.test.ts (small, seeded) and bench/validate-null.ts (larger).
 */
import { Rng } from "../src/generate/random.js";
import { compareRates } from "../src/stats/proportions.js";
import { compareGroups, overallVerdict } from "../src/validate/compare.js";
import { type AccountDeals, dealFiguresOf, sortAccounts } from "../src/validate/metrics.js";

export interface NullSimOptions {
  reps: number;
  icc: number;
  accounts: number;
  dealsPerAccount: number;
  /** Base win rate (the truth the intervals should cover). */
  p0?: number;
  seed?: number;
}

export interface NullSimResult {
  icc: number;
  reps: number;
  /** Share of runs with win-rate p < 0.05 (nominal 5%). */
  winRateFalsePositive: number;
  /** The same with every deal taken as independent (Fisher's exact test on deals). */
  winRateFalsePositiveNaive: number;
  /** Share of runs whose 95% win-rate-ratio interval covers 1. */
  ratioCoverage: number;
  /** Share of runs whose in-ICP win-rate interval covers the true base rate. */
  rateCoverage: number;
  /** Deal size: p < 0.05, and the 95% interval of the difference covering 0. */
  dealSizeFalsePositive: number;
  dealSizeCoverage: number;
  /** Sales cycle: p < 0.05, and the 95% interval of the median difference covering 0. */
  cycleFalsePositive: number;
  cycleCoverage: number;
  /** Share of runs whose verdict says "validated". */
  validated: number;
  /** Mean design effect of the in-ICP win rate. */
  meanDeff: number;
}

/** Gamma(k, 1) by Marsaglia and Tsang (k < 1 boosted). */
function gamma(rng: Rng, k: number): number {
  if (k < 1) return gamma(rng, k + 1) * rng.next() ** (1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A win propensity with mean p0 and intraclass correlation icc: Beta(p0·s, (1 − p0)·s), s = (1 − icc) ÷ icc. */
function propensity(rng: Rng, p0: number, icc: number): number {
  if (icc <= 0) return p0;
  const s = (1 - icc) / icc;
  const a = gamma(rng, p0 * s);
  const b = gamma(rng, (1 - p0) * s);
  return a / (a + b);
}

export function simulateNull(o: NullSimOptions): NullSimResult {
  const p0 = o.p0 ?? 0.3;
  const rng = new Rng(o.seed ?? 1);
  const sd = o.icc > 0 ? Math.sqrt(o.icc / (1 - o.icc)) : 0;
  const tally = {
    fp: 0,
    fpNaive: 0,
    ratioCov: 0,
    rateCov: 0,
    sizeFp: 0,
    sizeCov: 0,
    sizeN: 0,
    cycFp: 0,
    cycCov: 0,
    cycN: 0,
    validated: 0,
    deff: 0,
  };
  for (let r = 0; r < o.reps; r++) {
    const accounts: AccountDeals[] = [];
    for (let i = 0; i < o.accounts; i++) {
      const p = propensity(rng, p0, o.icc);
      // account effects on cycle and amount, with the same intraclass correlation on the log scale
      const cycleEffect = sd * rng.normal();
      const amountEffect = sd * rng.normal();
      const a: AccountDeals = { key: `a:${i}`, won: 0, lost: 0, cycles: [], amounts: [] };
      for (let j = 0; j < o.dealsPerAccount; j++) {
        if (rng.next() < p) {
          a.won++;
          a.cycles.push(Math.round(Math.exp(3.5 + cycleEffect + 0.6 * rng.normal())));
          a.amounts.push(Math.round(Math.exp(8 + amountEffect + rng.normal())));
        } else a.lost++;
      }
      accounts.push(a);
    }
    // the ICP label: half the accounts, at random — it has nothing to do with the outcomes
    for (let i = accounts.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = accounts[i] as AccountDeals;
      accounts[i] = accounts[j] as AccountDeals;
      accounts[j] = t;
    }
    const half = Math.floor(accounts.length / 2);
    const inA = sortAccounts(accounts.slice(0, half));
    const outA = sortAccounts(accounts.slice(half));
    const counts = (as: readonly AccountDeals[]) => ({
      won: as.reduce((s, a) => s + a.won, 0),
      lost: as.reduce((s, a) => s + a.lost, 0),
      open: 0,
      stalled: 0,
      unknownStage: 0,
    });
    const inFig = dealFiguresOf("in ICP", inA.length, counts(inA), inA);
    const outFig = dealFiguresOf("out of ICP", outA.length, counts(outA), outA);
    const cs = compareGroups(inA, outA, inFig, outFig, null, (o.seed ?? 1) * 100_003 + r);
    const verdict = overallVerdict(cs, { in: inFig, out: outFig });
    const win = cs.find((c) => c.metric === "win_rate");
    const size = cs.find((c) => c.metric === "deal_size");
    const cyc = cs.find((c) => c.metric === "sales_cycle");
    if (win?.p != null && win.p < 0.05) tally.fp++;
    const ci = counts(inA);
    const co = counts(outA);
    if (compareRates(ci.won, ci.won + ci.lost, co.won, co.won + co.lost) < 0.05) tally.fpNaive++;
    if (win?.ci && win.ci.lo <= 1 && win.ci.hi >= 1) tally.ratioCov++;
    const rci = inFig.winRate.ci;
    if (rci && rci.lo <= p0 && rci.hi >= p0) tally.rateCov++;
    tally.deff += inFig.winRate.deff ?? 1;
    if (size?.p != null && size.ci) {
      tally.sizeN++;
      if (size.p < 0.05) tally.sizeFp++;
      if (size.ci.lo <= 0 && size.ci.hi >= 0) tally.sizeCov++;
    }
    if (cyc?.p != null && cyc.ci) {
      tally.cycN++;
      if (cyc.p < 0.05) tally.cycFp++;
      if (cyc.ci.lo <= 0 && cyc.ci.hi >= 0) tally.cycCov++;
    }
    if (verdict.status === "validated") tally.validated++;
  }
  const n = o.reps;
  return {
    icc: o.icc,
    reps: n,
    winRateFalsePositive: tally.fp / n,
    winRateFalsePositiveNaive: tally.fpNaive / n,
    ratioCoverage: tally.ratioCov / n,
    rateCoverage: tally.rateCov / n,
    dealSizeFalsePositive: tally.sizeN ? tally.sizeFp / tally.sizeN : 0,
    dealSizeCoverage: tally.sizeN ? tally.sizeCov / tally.sizeN : 0,
    cycleFalsePositive: tally.cycN ? tally.cycFp / tally.cycN : 0,
    cycleCoverage: tally.cycN ? tally.cycCov / tally.cycN : 0,
    validated: tally.validated / n,
    meanDeff: tally.deff / n,
  };
}

/**
 * Rates and their comparison: Wilson intervals, the Newcombe interval of a difference, the
 * log interval of a ratio, Fisher's exact test, and the sample size a difference needs.
 */
import { logChoose, normalQuantile, twoSidedP } from "./distributions.js";

export interface Interval {
  lo: number;
  hi: number;
}

export const Z95 = normalQuantile(0.975);

/** Wilson score interval for x successes in n trials (n = 0: the whole [0, 1]). */
export function wilson(x: number, n: number, z = Z95): Interval {
  if (n === 0) return { lo: 0, hi: 1 };
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** Newcombe's hybrid score interval for p1 − p2 (method 10). */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = Z95): Interval {
  const p1 = n1 ? x1 / n1 : 0;
  const p2 = n2 ? x2 / n2 : 0;
  const a = wilson(x1, n1, z);
  const b = wilson(x2, n2, z);
  const d = p1 - p2;
  return {
    lo: d - Math.sqrt((p1 - a.lo) ** 2 + (b.hi - p2) ** 2),
    hi: d + Math.sqrt((a.hi - p1) ** 2 + (p2 - b.lo) ** 2),
  };
}

/** p1 / p2 with its log (Katz) interval; 0.5 added to every cell when a count is 0. */
/** ln(p1 / p2) and its variance (Katz), 0.5 added to every cell when a count is 0 or full. */
export function logRateRatio(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): { log: number; variance: number } | null {
  if (n1 === 0 || n2 === 0) return null;
  const zero = x1 === 0 || x2 === 0 || x1 === n1 || x2 === n2;
  const [a, m, b, k] = zero ? [x1 + 0.5, n1 + 1, x2 + 0.5, n2 + 1] : [x1, n1, x2, n2];
  return { log: Math.log(a / m / (b / k)), variance: 1 / a - 1 / m + 1 / b - 1 / k };
}

export function rateRatio(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z = Z95,
): { ratio: number; ci: Interval } | null {
  const l = logRateRatio(x1, n1, x2, n2);
  if (!l) return null;
  const se = Math.sqrt(l.variance);
  return {
    ratio: x2 === 0 ? Number.POSITIVE_INFINITY : x1 / n1 / (x2 / n2),
    ci: { lo: Math.exp(l.log - z * se), hi: Math.exp(l.log + z * se) },
  };
}

/**
 * Fisher's exact test of a 2×2 table [[a, b], [c, d]], two-sided: the probability of tables at
 * most as likely as the one observed, given the margins.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const r1 = a + b;
  const c1 = a + c;
  const n = a + b + c + d;
  if (n === 0) return 1;
  const lo = Math.max(0, r1 + c1 - n);
  const hi = Math.min(r1, c1);
  const logP = (x: number) => logChoose(r1, x) + logChoose(n - r1, c1 - x) - logChoose(n, c1);
  const observed = logP(a);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const l = logP(x);
    if (l <= observed + 1e-7) p += Math.exp(l);
  }
  return Math.min(1, p);
}

/** Two-sided p-value comparing x1/n1 with x2/n2: Fisher's exact test, or the pooled z-test for large tables. */
export function compareRates(x1: number, n1: number, x2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 1;
  if (n1 + n2 <= 200_000) return fisherExact(x1, n1 - x1, x2, n2 - x2);
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  return se === 0 ? 1 : twoSidedP((x1 / n1 - x2 / n2) / se);
}

/**
 * How many per group a two-sided test at 5% needs to detect p1 vs p2 with 80% power (normal
 * approximation): the "you need about N more" figure.
 */
export function sampleSizePerGroup(p1: number, p2: number, power = 0.8): number {
  if (p1 === p2) return Number.POSITIVE_INFINITY;
  const za = Z95;
  const zb = normalQuantile(power);
  const pbar = (p1 + p2) / 2;
  const num = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((num * num) / ((p1 - p2) * (p1 - p2)));
}

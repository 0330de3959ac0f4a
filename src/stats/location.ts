/**
 * Means and medians with their intervals, and two-sample comparisons: Welch's t-test, the
 * Mann–Whitney test, and a seeded bootstrap for statistics without a formula (a difference of
 * medians, a ratio of sums). Seeded: the same data give the same interval.
 */
import { Rng } from "../generate/random.js";
import { logChoose, normalQuantile, tQuantile, tTwoSidedP, twoSidedP } from "./distributions.js";
import type { Interval } from "./proportions.js";

export function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

export function mean(xs: readonly number[]): number {
  return xs.length ? sum(xs) / xs.length : Number.NaN;
}

export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (xs.length - 1);
}

const ascending = (xs: readonly number[]) => Float64Array.from(xs).sort();

/** The median: the middle value, or the mean of the two middle values (as SQL's `median`). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  return sortedMedian(ascending(xs));
}

function sortedMedian(s: Float64Array): number {
  const n = s.length;
  const h = n >> 1;
  return n % 2 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
}

/** The t interval of a mean. */
export function meanInterval(xs: readonly number[], level = 0.95): Interval {
  const n = xs.length;
  if (n < 2) return { lo: Number.NaN, hi: Number.NaN };
  const m = mean(xs);
  const h = tQuantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(variance(xs) / n);
  return { lo: m - h, hi: m + h };
}

/**
 * Distribution-free interval of a median from order statistics: the j-th and k-th smallest
 * values, with j, k from the Binomial(n, ½) distribution so that coverage is at least `level`.
 */
export function medianInterval(xs: readonly number[], level = 0.95): Interval {
  const n = xs.length;
  if (n === 0) return { lo: Number.NaN, hi: Number.NaN };
  const s = ascending(xs);
  const alpha = (1 - level) / 2;
  // largest j with P(B < j) ≤ alpha, B ~ Bin(n, ½); interval [x_(j), x_(n−j+1)] (1-based)
  let cum = 0;
  let j = 0;
  const lnHalf = n * Math.log(0.5);
  for (let k = 0; k <= n; k++) {
    const pk = Math.exp(logChoose(n, k) + lnHalf);
    if (cum + pk > alpha) break;
    cum += pk;
    j = k + 1;
  }
  if (j < 1) return { lo: s[0] as number, hi: s[n - 1] as number };
  return { lo: s[j - 1] as number, hi: s[n - j] as number };
}

export interface TwoSample {
  difference: number;
  ci: Interval;
  p: number;
}

/** Welch's t-test and interval for mean(a) − mean(b). */
export function welch(a: readonly number[], b: readonly number[], level = 0.95): TwoSample | null {
  if (a.length < 2 || b.length < 2) return null;
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const d = mean(a) - mean(b);
  const se = Math.sqrt(va + vb);
  if (se === 0) return { difference: d, ci: { lo: d, hi: d }, p: d === 0 ? 1 : 0 };
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const h = tQuantile(1 - (1 - level) / 2, df) * se;
  return { difference: d, ci: { lo: d - h, hi: d + h }, p: tTwoSidedP(d / se, df) };
}

/** Mann–Whitney U test (normal approximation with tie and continuity corrections), two-sided p. */
export function mannWhitney(a: readonly number[], b: readonly number[]): number {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return 1;
  const all = [...a.map((v) => [v, 0] as const), ...b.map((v) => [v, 1] as const)].sort(
    (x, y) => x[0] - y[0],
  );
  const n = n1 + n2;
  let r1 = 0;
  let ties = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]?.[0] === all[i]?.[0]) j++;
    const rank = (i + j + 2) / 2;
    const t = j - i + 1;
    ties += t * t * t - t;
    for (let k = i; k <= j; k++) if (all[k]?.[1] === 0) r1 += rank;
    i = j + 1;
  }
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1))));
  if (sigma === 0) return 1;
  const z = (Math.abs(u - mu) - 0.5) / sigma;
  return twoSidedP(Math.max(0, z));
}

/** How many resamples a bootstrap over n items takes (fewer for very large n, to bound the work). */
export const resamplesFor = (n: number): number => (n <= 50_000 ? 1000 : n <= 500_000 ? 300 : 100);

/**
 * Percentile bootstrap interval of a statistic of two samples (each resampled with replacement),
 * seeded. `stat` receives the two resamples.
 */
export function bootstrap2(
  a: readonly number[],
  b: readonly number[],
  stat: (a: Float64Array, b: Float64Array) => number,
  seed: number,
  level = 0.95,
): Interval {
  if (a.length === 0 || b.length === 0) return { lo: Number.NaN, hi: Number.NaN };
  const rng = new Rng(seed);
  const reps = resamplesFor(a.length + b.length);
  const ra = new Float64Array(a.length);
  const rb = new Float64Array(b.length);
  const out = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < a.length; i++) ra[i] = a[Math.floor(rng.next() * a.length)] as number;
    for (let i = 0; i < b.length; i++) rb[i] = b[Math.floor(rng.next() * b.length)] as number;
    out[r] = stat(ra, rb);
  }
  return percentiles(out, level);
}

/** Percentile bootstrap of one sample of paired values (e.g. a ratio of sums over accounts). */
export function bootstrapPairs(
  x: readonly number[],
  y: readonly number[],
  stat: (x: Float64Array, y: Float64Array) => number,
  seed: number,
  level = 0.95,
): Interval {
  const n = x.length;
  if (n === 0) return { lo: Number.NaN, hi: Number.NaN };
  const rng = new Rng(seed);
  const reps = resamplesFor(n);
  const rx = new Float64Array(n);
  const ry = new Float64Array(n);
  const out = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rng.next() * n);
      rx[i] = x[k] as number;
      ry[i] = y[k] as number;
    }
    out[r] = stat(rx, ry);
  }
  return percentiles(out, level);
}

function percentiles(out: Float64Array, level: number): Interval {
  const finite = out.filter((v) => Number.isFinite(v)).sort();
  if (finite.length === 0) return { lo: Number.NaN, hi: Number.NaN };
  const a = (1 - level) / 2;
  const at = (q: number) =>
    finite[Math.min(finite.length - 1, Math.max(0, Math.floor(q * finite.length)))] as number;
  return { lo: at(a), hi: at(1 - a) };
}

/** Median of a Float64Array in place (sorts it). */
export function medianInPlace(xs: Float64Array): number {
  if (xs.length === 0) return Number.NaN;
  return sortedMedian(xs.sort());
}

export { normalQuantile, twoSidedP };

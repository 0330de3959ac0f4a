/**
 * Exact small-sample methods for a few best customers against a large reference: the
 * hypergeometric tails (Fisher's exact test of "seeds vs the rest of the universe"), and the
 * Clopper–Pearson interval of a proportion. No asymptotics: they hold at n = 12.
 */
import { incompleteBeta, logChoose } from "./distributions.js";
import type { Interval } from "./proportions.js";

/**
 * Drawing n from a population of N holding K marked: P(X ≥ x) and P(X ≤ x). Here: n best
 * customers (with the attribute known), x of them holding the value, K holders among all N rows
 * (best customers and the rest of the universe).
 */
export function hypergeometricTails(
  x: number,
  n: number,
  K: number,
  N: number,
): { upper: number; lower: number } {
  const lo = Math.max(0, n + K - N);
  const hi = Math.min(n, K);
  const logP = (k: number) => logChoose(K, k) + logChoose(N - K, n - k) - logChoose(N, n);
  let upper = 0;
  let lower = 0;
  for (let k = lo; k <= hi; k++) {
    const p = Math.exp(logP(k));
    if (k >= x) upper += p;
    if (k <= x) lower += p;
  }
  return { upper: Math.min(1, upper), lower: Math.min(1, lower) };
}

/** Two-sided exact p-value: twice the smaller hypergeometric tail (at most 1). */
export function fisherTwoSided(x: number, n: number, K: number, N: number): number {
  const t = hypergeometricTails(x, n, K, N);
  return Math.min(1, 2 * Math.min(t.upper, t.lower));
}

/** The Beta(a, b) quantile, by bisection on the regularised incomplete beta. */
function betaQuantile(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (incompleteBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Clopper–Pearson ("exact") interval for x successes in n (n = 0: [0, 1]). */
export function clopperPearson(x: number, n: number, level = 0.95): Interval {
  if (n === 0) return { lo: 0, hi: 1 };
  const a = (1 - level) / 2;
  return {
    lo: x === 0 ? 0 : betaQuantile(a, x, n - x + 1),
    hi: x === n ? 1 : betaQuantile(1 - a, x + 1, n - x),
  };
}

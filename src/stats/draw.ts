/** Seeded draws shared by the resampling methods: a category by its shares, and a stable seed from a name. */
import type { Rng } from "../generate/random.js";

/** A drawer of category indexes with probabilities proportional to `shares` (binary search on the cumulative sums). */
export function categorical(shares: readonly number[]): (rng: Rng) => number {
  const cum: number[] = [];
  let acc = 0;
  for (const s of shares) {
    acc += s;
    cum.push(acc);
  }
  const total = acc;
  return (rng) => {
    const u = rng.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < (cum[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** A stable 32-bit seed from a name (FNV-1a): the same attribute resamples alike on every run. */
export function stableSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

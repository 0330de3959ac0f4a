/**
 * Optimal binning of a numeric attribute against a 0/1 outcome: start from up to 20 quantile bins,
 * merge bins below the minimum support, then merge neighbours whose rates do not differ (ChiMerge,
 * χ² test at 5% divided by the number of neighbouring pairs), then merge neighbours that break a
 * monotone trend unless they differ at 0.1%: monotone where the data allows. At most 6 bins.
 */
import { chiSquareP } from "../stats/distributions.js";

export interface Bin {
  /** Inclusive lower bound (−∞ for the first bin). */
  lo: number;
  /** Exclusive upper bound (+∞ for the last bin). */
  hi: number;
  n: number;
  best: number;
}

function chi2(a: Bin, b: Bin): number {
  const n = a.n + b.n;
  const best = a.best + b.best;
  if (best === 0 || best === n) return 1;
  let x = 0;
  for (const bin of [a, b]) {
    const e1 = (bin.n * best) / n;
    const e0 = bin.n - e1;
    x += (bin.best - e1) ** 2 / e1 + (bin.n - bin.best - e0) ** 2 / e0;
  }
  return chiSquareP(x, 1);
}

const merge = (a: Bin, b: Bin): Bin => ({ lo: a.lo, hi: b.hi, n: a.n + b.n, best: a.best + b.best });
const rateOf = (b: Bin) => (b.n ? b.best / b.n : 0);

export function binNumeric(
  values: readonly number[],
  y: readonly number[],
  minSupport: number,
  maxBins = 6,
): Bin[] {
  const order = Float64Array.from(values.keys()).sort(
    (a, b) => (values[a] as number) - (values[b] as number),
  );
  const distinct: number[] = [];
  const n: number[] = [];
  const best: number[] = [];
  for (const i of order) {
    const v = values[i] as number;
    if (distinct[distinct.length - 1] !== v) {
      distinct.push(v);
      n.push(0);
      best.push(0);
    }
    n[n.length - 1] = (n[n.length - 1] as number) + 1;
    best[best.length - 1] = (best[best.length - 1] as number) + (y[i] ? 1 : 0);
  }
  return binCounts(
    Float64Array.from(distinct),
    Float64Array.from(n),
    Float64Array.from(best),
    minSupport,
    maxBins,
  );
}

/**
 * The same binning from counts: `values` distinct and ascending, with how many examples (and best
 * ones) hold each. Discovery bins this way, from the distinct cells of a column.
 */
export function binCounts(
  values: Float64Array,
  counts: Float64Array,
  bestCounts: Float64Array,
  minSupport: number,
  maxBins = 6,
): Bin[] {
  // cumulative counts: how many examples (and best ones) hold a value below values[k]
  const m = values.length;
  const cum = new Float64Array(m + 1);
  const cumBest = new Float64Array(m + 1);
  for (let k = 0; k < m; k++) {
    cum[k + 1] = (cum[k] as number) + (counts[k] as number);
    cumBest[k + 1] = (cumBest[k] as number) + (bestCounts[k] as number);
  }
  const n = cum[m] as number;
  if (n === 0) return [];
  // the value at a rank (0-based) among all examples sorted by value
  const atRank = (r: number) => values[below(cum, r + 1) - 1] as number;
  const countBelow = (c: Float64Array, x: number) => c[below(values, x)] as number;
  // quantile cut points at distinct values
  const cuts: number[] = [];
  const pre = Math.min(20, Math.max(1, Math.floor(n / Math.max(1, minSupport))));
  for (let q = 1; q < pre; q++) {
    const v = atRank(Math.floor((q * n) / pre));
    if (!cuts.includes(v) && v > (values[0] as number)) cuts.push(v);
  }
  cuts.sort((a, b) => a - b);
  let bins: Bin[] = [];
  const edges = [Number.NEGATIVE_INFINITY, ...cuts, Number.POSITIVE_INFINITY];
  for (let e = 0; e + 1 < edges.length; e++) {
    const lo = edges[e] as number;
    const hi = edges[e + 1] as number;
    bins.push({
      lo,
      hi,
      n: countBelow(cum, hi) - countBelow(cum, lo),
      best: countBelow(cumBest, hi) - countBelow(cumBest, lo),
    });
  }
  bins = bins.filter((b) => b.n > 0);
  // fix bounds after dropping empty bins
  const tidy = (bs: Bin[]) =>
    bs.map((b, i) => ({
      ...b,
      lo: i === 0 ? Number.NEGATIVE_INFINITY : b.lo,
      hi: i === bs.length - 1 ? Number.POSITIVE_INFINITY : (bs[i + 1] as Bin).lo,
    }));
  bins = tidy(bins);
  const mergeAt = (i: number) => {
    bins.splice(i, 2, merge(bins[i] as Bin, bins[i + 1] as Bin));
  };
  // 1. minimum support
  for (;;) {
    if (bins.length < 2) break;
    let small = -1;
    for (let i = 0; i < bins.length; i++)
      if ((bins[i] as Bin).n < minSupport && (small < 0 || (bins[i] as Bin).n < (bins[small] as Bin).n))
        small = i;
    if (small < 0) break;
    const left = small > 0 ? chi2(bins[small - 1] as Bin, bins[small] as Bin) : -1;
    const right = small < bins.length - 1 ? chi2(bins[small] as Bin, bins[small + 1] as Bin) : -1;
    mergeAt(right >= left ? small : small - 1);
  }
  // 2. ChiMerge: merge the most similar neighbours while they do not differ at 5%, or too many bins
  for (;;) {
    if (bins.length < 2) break;
    let best = -1;
    let bestP = -1;
    for (let i = 0; i + 1 < bins.length; i++) {
      const p = chi2(bins[i] as Bin, bins[i + 1] as Bin);
      if (p > bestP) {
        bestP = p;
        best = i;
      }
    }
    // Bonferroni over the neighbouring pairs: with 20 starting bins, chance differences abound
    if (bestP > 0.05 / Math.max(1, bins.length - 1) || bins.length > maxBins) mergeAt(best);
    else break;
  }
  // 3. monotone where the data allows: merge a trend-breaking pair unless it differs at 1%
  for (;;) {
    if (bins.length < 3) break;
    const up = rateOf(bins[bins.length - 1] as Bin) >= rateOf(bins[0] as Bin);
    let worst = -1;
    let worstP = -1;
    for (let i = 0; i + 1 < bins.length; i++) {
      const breaks = up
        ? rateOf(bins[i + 1] as Bin) < rateOf(bins[i] as Bin)
        : rateOf(bins[i + 1] as Bin) > rateOf(bins[i] as Bin);
      if (!breaks) continue;
      const p = chi2(bins[i] as Bin, bins[i + 1] as Bin);
      if (p > worstP) {
        worstP = p;
        worst = i;
      }
    }
    if (worst >= 0 && worstP > 0.001) mergeAt(worst);
    else break;
  }
  return tidy(bins);
}

/** How many of the sorted values are below x (the index of the first at or above it). */
function below(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bin a value falls in: bins run contiguously from −∞ to +∞, so it is the last one whose lower bound it reaches. */
export function binOf(bins: readonly Bin[], v: number): number {
  let lo = 0;
  let hi = bins.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((bins[mid] as Bin).lo <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Bins by quantiles alone (no outcome): up to `k` bins of about equal counts, cut at distinct
 * values. For comparing a few best customers with a universe, where a supervised merge would fold
 * a dozen positives into one bin: the bins describe the universe, the seeds fall where they fall.
 */
export function quantileBins(
  values: Float64Array,
  counts: Float64Array,
  bestCounts: Float64Array,
  k = 10,
): Bin[] {
  const m = values.length;
  let total = 0;
  for (let i = 0; i < m; i++) total += counts[i] as number;
  if (total === 0) return [];
  const bins: Bin[] = [];
  let cur: Bin | null = null;
  let cum = 0;
  let next = total / k;
  for (let i = 0; i < m; i++) {
    const v = values[i] as number;
    if (!cur)
      cur = {
        lo: bins.length === 0 ? Number.NEGATIVE_INFINITY : v,
        hi: Number.POSITIVE_INFINITY,
        n: 0,
        best: 0,
      };
    cur.n += counts[i] as number;
    cur.best += bestCounts[i] as number;
    cum += counts[i] as number;
    if (cum >= next - 1e-9 && i + 1 < m) {
      cur.hi = values[i + 1] as number;
      bins.push(cur);
      cur = null;
      while (next <= cum + 1e-9) next += total / k;
    }
  }
  if (cur) bins.push(cur);
  if (bins.length) (bins[bins.length - 1] as Bin).hi = Number.POSITIVE_INFINITY;
  return bins;
}

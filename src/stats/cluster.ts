/**
 * Inference when the observations come in clusters — deals within accounts. The ICP label belongs
 * to the account, and one account's deals share its fortune, so deals are not independent: a test
 * that counts deals as independent finds "effects" that are only a few lucky accounts.
 *
 * Every figure here is a ratio of sums over clusters, R = Σ y_i ÷ Σ x_i (a win rate: wins ÷ closed
 * deals; a mean deal size: won amount ÷ won deals; a mean rank). Its variance is the
 * cluster-robust linearisation (Taylor series, the "CR1" sandwich of survey sampling; Cochran,
 * Sampling Techniques, 3rd ed. §6.11; Cameron & Miller, J. Human Resources 50(2), 2015):
 *
 *   z_i = (y_i − R x_i) ÷ Σ x,   Var(R) = k ÷ (k − 1) · Σ z_i²   (k clusters),
 *
 * which, with one observation per cluster, is exactly the variance Welch's t-test and the
 * binomial use. The design effect is Var(R) ÷ the variance the same numbers would have if every
 * observation were independent (Kish, Survey Sampling, 1965). Intervals use Student's t with
 * k − 1 degrees of freedom (Korn & Graubard, Survey Methodology 24(2), 1998, for proportions:
 * the Wilson interval on the effective sample size n ÷ deff). Comparisons of two groups of
 * clusters are permutation tests of the studentised difference, permuting whole clusters between
 * the groups: exact under "the label does not matter" whatever the correlation inside clusters,
 * and valid for the difference of means in large samples (Janssen, Stat. Prob. Letters 36, 1997).
 */
import { Rng } from "../generate/random.js";
import { tQuantile, tTwoSidedP, twoSidedP } from "./distributions.js";
import { type Interval, wilson, Z95 } from "./proportions.js";

/** One cluster's totals: y over x (wins over closed deals; amount over won deals). */
export interface ClusterSum {
  y: number;
  x: number;
}

export interface ClusterRatio {
  /** Σ y ÷ Σ x. */
  estimate: number;
  /** Cluster-robust (CR1) variance of the estimate; 0 with one cluster. */
  variance: number;
  /** Clusters with x > 0. */
  clusters: number;
  /** Σ x. */
  n: number;
}

/** The ratio of sums and its cluster-robust variance; null when Σ x = 0. */
export function clusterRatio(cs: readonly ClusterSum[]): ClusterRatio | null {
  let sy = 0;
  let sx = 0;
  let k = 0;
  for (const c of cs) {
    if (c.x <= 0) continue;
    sy += c.y;
    sx += c.x;
    k++;
  }
  if (sx === 0) return null;
  const r = sy / sx;
  let ss = 0;
  for (const c of cs) {
    if (c.x <= 0) continue;
    const z = (c.y - r * c.x) / sx;
    ss += z * z;
  }
  return { estimate: r, variance: k > 1 ? (k / (k - 1)) * ss : 0, clusters: k, n: sx };
}

/** Whether any cluster holds more than one observation (else the usual independent methods apply). */
export const clustered = (cs: readonly ClusterSum[]): boolean => cs.some((c) => c.x > 1);

/** Student's t quantile for a 95% interval with df degrees of freedom (normal for df ≥ 1,000). */
export const t95 = (df: number): number => (df >= 1000 ? Z95 : tQuantile(0.975, Math.max(1, df)));

export interface ClusteredRate {
  rate: number;
  ci: Interval;
  /** Design effect (≥ 1): how much clustering inflates the variance of the rate. */
  deff: number;
  /** Observations ÷ design effect: the independent observations the clustered ones are worth. */
  effectiveN: number;
  clusters: number;
}

/**
 * A proportion (hits ÷ trials summed over clusters) with a cluster-aware Wilson interval: the
 * Wilson interval on the effective sample size, with t(k − 1) in place of z (Korn & Graubard 1998).
 * With at most one trial per cluster it is the plain Wilson interval. When the rate is 0 or 1 the
 * variance cannot show the clustering; the effective size is then the number of clusters (the
 * worst case), so a run of wins from one account does not look like certainty.
 */
export function clusteredRate(cs: readonly ClusterSum[]): ClusteredRate | null {
  const r = clusterRatio(cs);
  if (!r) return null;
  const { estimate: p, n, clusters: k } = r;
  if (!clustered(cs))
    return { rate: p, ci: wilson(Math.round(p * n), n), deff: 1, effectiveN: n, clusters: k };
  const binomial = (p * (1 - p)) / n;
  const deff = binomial > 0 ? Math.max(1, r.variance / binomial) : n / k;
  const nEff = n / deff;
  return { rate: p, ci: wilsonFractional(p, nEff, t95(k - 1)), deff, effectiveN: nEff, clusters: k };
}

/** Wilson's interval for a proportion p on a (possibly fractional) sample size n. */
export function wilsonFractional(p: number, n: number, z: number): Interval {
  if (n <= 0) return { lo: 0, hi: 1 };
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** Satterthwaite's degrees of freedom for a sum of two variances with k1 − 1 and k2 − 1 df. */
export function satterthwaite(v1: number, k1: number, v2: number, k2: number): number {
  const a = k1 > 1 ? (v1 * v1) / (k1 - 1) : 0;
  const b = k2 > 1 ? (v2 * v2) / (k2 - 1) : 0;
  const s = v1 + v2;
  if (a + b === 0) return Math.max(1, k1 + k2 - 2);
  return Math.max(1, (s * s) / (a + b));
}

/** The mean of clustered values (Σ y ÷ Σ x) with its t interval on k − 1 df. */
export function clusteredMean(cs: readonly ClusterSum[]): { mean: number; ci: Interval | null } | null {
  const r = clusterRatio(cs);
  if (!r) return null;
  if (r.clusters < 2) return { mean: r.estimate, ci: null };
  const h = t95(r.clusters - 1) * Math.sqrt(r.variance);
  return { mean: r.estimate, ci: { lo: r.estimate - h, hi: r.estimate + h } };
}

export interface ClusterDifference {
  difference: number;
  ci: Interval;
  p: number;
  df: number;
}

/**
 * Difference of two ratios of sums from disjoint sets of clusters (in − out), with the
 * Satterthwaite t interval and test. With one observation per cluster this is Welch's t-test.
 */
export function clusterDifference(
  a: readonly ClusterSum[],
  b: readonly ClusterSum[],
): ClusterDifference | null {
  const ra = clusterRatio(a);
  const rb = clusterRatio(b);
  if (!ra || !rb || ra.clusters < 2 || rb.clusters < 2) return null;
  const d = ra.estimate - rb.estimate;
  const v = ra.variance + rb.variance;
  const df = satterthwaite(ra.variance, ra.clusters, rb.variance, rb.clusters);
  const se = Math.sqrt(v);
  const h = t95(df) * se;
  return {
    difference: d,
    ci: { lo: d - h, hi: d + h },
    p: se > 0 ? tTwoSidedP(d / se, df) : d === 0 ? 1 : 0,
    df,
  };
}

/**
 * Ratio of two clustered rates (in ÷ out) with a log interval on the effective counts — Katz's
 * interval with each group's observations divided by its design effect (0.5 added to every cell
 * when a count is 0 or full), and t on Satterthwaite's df. Without clustering, Katz's interval.
 */
export function clusteredRateRatio(
  a: readonly ClusterSum[],
  b: readonly ClusterSum[],
): { ratio: number; ci: Interval } | null {
  const ra = clusteredRate(a);
  const rb = clusteredRate(b);
  if (!ra || !rb) return null;
  const xa = ra.rate * ra.effectiveN;
  const xb = rb.rate * rb.effectiveN;
  const na = ra.effectiveN;
  const nb = rb.effectiveN;
  const zero = xa === 0 || xb === 0 || xa >= na || xb >= nb;
  const [x1, n1, x2, n2] = zero ? [xa + 0.5, na + 1, xb + 0.5, nb + 1] : [xa, na, xb, nb];
  const log = Math.log(x1 / n1 / (x2 / n2));
  const va = 1 / x1 - 1 / n1;
  const vb = 1 / x2 - 1 / n2;
  const independent = !clustered(a) && !clustered(b);
  const z = independent ? Z95 : t95(satterthwaite(va, ra.clusters, vb, rb.clusters));
  const se = Math.sqrt(va + vb);
  return {
    ratio: rb.rate === 0 ? Number.POSITIVE_INFINITY : ra.rate / rb.rate,
    ci: { lo: Math.exp(log - z * se), hi: Math.exp(log + z * se) },
  };
}

/** How many permutations a test takes: enough for p-values near 0.05 and 0.001 to be stable. */
export const PERMUTATIONS = 1999;
/** Above this many clusters the t approximation is as good as the permutation and much cheaper. */
const PERMUTE_UP_TO = 20_000;

/**
 * Two-sided p-value for "the group label does not matter", comparing Σy ÷ Σx between two
 * disjoint groups of clusters: the studentised difference of the two ratios, its distribution
 * from permuting whole clusters between the groups (seeded; p = (1 + #{|T*| ≥ |T|}) ÷ (B + 1)).
 * Above 20,000 clusters, the t approximation with Satterthwaite's df.
 */
export function clusterPermutationTest(
  a: readonly ClusterSum[],
  b: readonly ClusterSum[],
  seed: number,
  permutations = PERMUTATIONS,
): number {
  const all = [...a, ...b].filter((c) => c.x > 0);
  const na = a.filter((c) => c.x > 0).length;
  const k = all.length;
  if (na < 1 || k - na < 1) return 1;
  const ys = Float64Array.from(all, (c) => c.y);
  const xs = Float64Array.from(all, (c) => c.x);
  const stat = (inA: Uint8Array): number => {
    let ya = 0;
    let xa = 0;
    let yb = 0;
    let xb = 0;
    let ka = 0;
    for (let i = 0; i < k; i++) {
      if (inA[i]) {
        ya += ys[i] as number;
        xa += xs[i] as number;
        ka++;
      } else {
        yb += ys[i] as number;
        xb += xs[i] as number;
      }
    }
    const kb = k - ka;
    const r1 = ya / xa;
    const r2 = yb / xb;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < k; i++) {
      const y = ys[i] as number;
      const x = xs[i] as number;
      if (inA[i]) {
        const z = (y - r1 * x) / xa;
        s1 += z * z;
      } else {
        const z = (y - r2 * x) / xb;
        s2 += z * z;
      }
    }
    const v = (ka > 1 ? (ka / (ka - 1)) * s1 : 0) + (kb > 1 ? (kb / (kb - 1)) * s2 : 0);
    const d = r1 - r2;
    if (v > 0) return d / Math.sqrt(v);
    return d === 0 ? 0 : d > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
  };
  const labels = new Uint8Array(k);
  for (let i = 0; i < na; i++) labels[i] = 1;
  const observed = Math.abs(stat(labels));
  if (k > PERMUTE_UP_TO) {
    const d = clusterDifference(a, b);
    if (!d) return 1;
    const se = (d.ci.hi - d.ci.lo) / (2 * t95(d.df));
    return se > 0 ? (d.df >= 1000 ? twoSidedP(d.difference / se) : tTwoSidedP(d.difference / se, d.df)) : 1;
  }
  const rng = new Rng(seed);
  let atLeast = 0;
  const eps = 1e-12 * Math.max(1, observed);
  for (let r = 0; r < permutations; r++) {
    // Fisher–Yates on the labels
    for (let i = k - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = labels[i] as number;
      labels[i] = labels[j] as number;
      labels[j] = t;
    }
    if (Math.abs(stat(labels)) >= observed - eps) atLeast++;
  }
  return (1 + atLeast) / (1 + permutations);
}

/**
 * Clusters of values (cycle lengths of one account's won deals…), as rank sums: each value's
 * mid-rank in the pooled sample, summed per cluster. The permutation test of these (Σ rank ÷ count)
 * is a rank-sum test that permutes whole clusters — the clustered Wilcoxon–Mann–Whitney test in
 * the spirit of Datta & Satten (Biometrics 61, 2005).
 */
export function rankSums(groups: readonly (readonly (readonly number[])[])[]): ClusterSum[][] {
  const flat: { v: number; g: number; c: number }[] = [];
  groups.forEach((clusters, g) => {
    clusters.forEach((vals, c) => {
      for (const v of vals) flat.push({ v, g, c });
    });
  });
  flat.sort((p, q) => p.v - q.v);
  const out: ClusterSum[][] = groups.map((clusters) => clusters.map((vals) => ({ y: 0, x: vals.length })));
  for (let i = 0; i < flat.length; ) {
    let j = i;
    while (j + 1 < flat.length && (flat[j + 1] as { v: number }).v === (flat[i] as { v: number }).v) j++;
    const rank = (i + j + 2) / 2;
    for (let m = i; m <= j; m++) {
      const f = flat[m] as { g: number; c: number };
      const cs = out[f.g]?.[f.c];
      if (cs) cs.y += rank;
    }
    i = j + 1;
  }
  return out;
}

/**
 * Woodruff's interval for the median of clustered values (Woodruff, JASA 47, 1952; the survey
 * standard): the cluster-robust interval of the share of values at or below the median, read back
 * through the sample quantiles. `clusters` are each cluster's values.
 */
export function woodruffMedianInterval(clusters: readonly (readonly number[])[]): Interval | null {
  const all: number[] = [];
  for (const c of clusters) for (const v of c) all.push(v);
  if (all.length < 2) return null;
  all.sort((a, b) => a - b);
  const n = all.length;
  const med =
    n % 2 ? (all[(n - 1) / 2] as number) : ((all[n / 2 - 1] as number) + (all[n / 2] as number)) / 2;
  const cs: ClusterSum[] = clusters
    .filter((c) => c.length)
    .map((c) => ({ y: c.filter((v) => v <= med).length, x: c.length }));
  const r = clusterRatio(cs);
  if (!r || r.clusters < 2) return null;
  const h = t95(r.clusters - 1) * Math.sqrt(r.variance);
  const q = (p: number) => all[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))] as number;
  return { lo: q(0.5 - h), hi: q(0.5 + h) };
}

/**
 * Percentile bootstrap of a statistic of two groups of clusters, resampling whole clusters with
 * replacement within each group (seeded). Clusters are taken in the order given: pass them sorted
 * so the interval does not depend on the rows' order.
 */
export function clusterBootstrap2(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
  stat: (a: Float64Array, b: Float64Array) => number,
  seed: number,
  reps = 1000,
): Interval | null {
  if (!a.length || !b.length) return null;
  const rng = new Rng(seed);
  const out = new Float64Array(reps);
  const draw = (cs: readonly (readonly number[])[]) => {
    const vals: number[] = [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[Math.floor(rng.next() * cs.length)] as readonly number[];
      for (const v of c) vals.push(v);
    }
    return Float64Array.from(vals);
  };
  let m = 0;
  for (let r = 0; r < reps; r++) {
    const ra = draw(a);
    const rb = draw(b);
    if (!ra.length || !rb.length) continue;
    const s = stat(ra, rb);
    if (Number.isFinite(s)) out[m++] = s;
  }
  if (!m) return null;
  const sorted = out.subarray(0, m).sort();
  const at = (q: number) => sorted[Math.min(m - 1, Math.max(0, Math.floor(q * m)))] as number;
  return { lo: at(0.025), hi: at(0.975) };
}

/**
 * A smooth contrast of several ratios of sums computed over the same clusters (a period against
 * the periods before it, where one account has deals in both): each cluster gives y and x for
 * every ratio (0 where it has none). The contrast's variance is the cluster-robust linearisation
 * Var = k ÷ (k − 1) · Σ_i (Σ_j g_j z_ij)², with g the contrast's gradient at the estimates and
 * z_ij = (y_ij − R_j x_ij) ÷ X_j. Returns the ratios, the contrast, its standard error and the
 * normal two-sided p-value (used where periods hold many clusters).
 */
export function ratioContrast(
  clusters: readonly { y: readonly number[]; x: readonly number[] }[],
  contrast: (r: readonly number[]) => number,
  gradient: (r: readonly number[]) => readonly number[],
): { ratios: number[]; value: number; se: number; p: number } | null {
  const m = clusters[0]?.y.length ?? 0;
  if (!m) return null;
  const Y = new Array<number>(m).fill(0);
  const X = new Array<number>(m).fill(0);
  for (const c of clusters)
    for (let j = 0; j < m; j++) {
      Y[j] = (Y[j] as number) + (c.y[j] as number);
      X[j] = (X[j] as number) + (c.x[j] as number);
    }
  if (X.some((x) => x <= 0)) return null;
  const R = Y.map((y, j) => y / (X[j] as number));
  const g = gradient(R);
  let ss = 0;
  let k = 0;
  for (const c of clusters) {
    let infl = 0;
    let any = false;
    for (let j = 0; j < m; j++) {
      const x = c.x[j] as number;
      if (x > 0) any = true;
      infl += ((g[j] as number) * ((c.y[j] as number) - (R[j] as number) * x)) / (X[j] as number);
    }
    if (!any) continue;
    k++;
    ss += infl * infl;
  }
  const value = contrast(R);
  const se = k > 1 ? Math.sqrt((k / (k - 1)) * ss) : 0;
  return { ratios: R, value, se, p: se > 0 ? twoSidedP(value / se) : value === 0 ? 1 : 0 };
}

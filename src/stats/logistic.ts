/**
 * L2-regularised logistic regression over one-hot (0/1) features, by Newton's method. Rows with the
 * same active features are pooled first (a count and a count of successes), so a design of binned
 * attributes fits in time proportional to its distinct patterns, not its rows.
 */

export interface Pattern {
  /** Active feature indices (sorted, distinct). */
  features: Int32Array;
  n: number;
  successes: number;
}

/**
 * Patterns laid out flat (what the fit reads): pattern r's features are
 * features[offsets[r] .. offsets[r + 1]), with its count and successes.
 */
export interface PatternSet {
  size: number;
  offsets: Int32Array;
  features: Int32Array;
  n: Float64Array;
  successes: Float64Array;
}

/** Patterns as one flat set. */
export function patternSet(patterns: readonly Pattern[]): PatternSet {
  const offsets = new Int32Array(patterns.length + 1);
  patterns.forEach((p, r) => {
    offsets[r + 1] = (offsets[r] as number) + p.features.length;
  });
  const features = new Int32Array(offsets[patterns.length] as number);
  patterns.forEach((p, r) => {
    features.set(p.features, offsets[r] as number);
  });
  return {
    size: patterns.length,
    offsets,
    features,
    n: Float64Array.from(patterns, (p) => p.n),
    successes: Float64Array.from(patterns, (p) => p.successes),
  };
}

/** Pool rows by their active features. */
export function poolRows(rows: readonly (readonly number[])[], y: ArrayLike<number>): Pattern[] {
  const map = new Map<string, Pattern>();
  rows.forEach((f, i) => {
    const sorted = [...f].sort((a, b) => a - b);
    const key = sorted.join(",");
    let p = map.get(key);
    if (!p) {
      p = { features: Int32Array.from(sorted), n: 0, successes: 0 };
      map.set(key, p);
    }
    p.n++;
    p.successes += y[i] ? 1 : 0;
  });
  return [...map.values()];
}

export interface LogisticFit {
  /** Coefficients per feature; excluded features are 0. */
  beta: Float64Array;
  intercept: number;
  deviance: number;
  iterations: number;
  converged: boolean;
  /** Penalised Hessian at the last Newton step (parameters: intercept, then included features). */
  hessian: Float64Array;
  /** Parameter index of each feature (-1 when excluded). */
  pos: Int32Array;
}

export interface LogisticOptions {
  /** Ridge penalty on the feature coefficients (not the intercept). */
  lambda?: number;
  /** Features left out of this fit (e.g. one attribute, for a likelihood-ratio test). */
  exclude?: ReadonlySet<number>;
  maxIterations?: number;
  /** Warm start (e.g. the full model's coefficients when refitting without one attribute). */
  start?: { intercept: number; beta: Float64Array };
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solve A x = b for symmetric positive definite A (Cholesky, in place on a copy). */
function solveSpd(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const l = new Float64Array(a);
  for (let j = 0; j < m; j++) {
    let d = l[j * m + j] as number;
    for (let k = 0; k < j; k++) d -= (l[j * m + k] as number) ** 2;
    d = Math.sqrt(Math.max(d, 1e-12));
    l[j * m + j] = d;
    for (let i = j + 1; i < m; i++) {
      let s = l[i * m + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * m + k] as number) * (l[j * m + k] as number);
      l[i * m + j] = s / d;
    }
  }
  const x = new Float64Array(b);
  for (let i = 0; i < m; i++) {
    let s = x[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * m + k] as number) * (x[k] as number);
    x[i] = s / (l[i * m + i] as number);
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let k = i + 1; k < m; k++) s -= (l[k * m + i] as number) * (x[k] as number);
    x[i] = s / (l[i * m + i] as number);
  }
  return x;
}

export function fitLogistic(
  patterns: readonly Pattern[] | PatternSet,
  features: number,
  opts: LogisticOptions = {},
): LogisticFit {
  const set = "offsets" in patterns ? patterns : patternSet(patterns);
  const lambda = opts.lambda ?? 1;
  const ex = opts.exclude ?? new Set<number>();
  // parameter index: 0 = intercept, 1 + j = feature j (excluded features get no parameter)
  const pos = new Int32Array(features).fill(-1);
  let m = 1;
  for (let j = 0; j < features; j++) if (!ex.has(j)) pos[j] = m++;
  // flat pattern layout: parameter indices of row r are idx[off[r] .. off[r+1]) (intercept first)
  const R = set.size;
  const off = new Int32Array(R + 1);
  const all = set.features;
  for (let r = 0; r < R; r++) {
    let k = 1;
    for (let x = set.offsets[r] as number; x < (set.offsets[r + 1] as number); x++)
      if ((pos[all[x] as number] as number) > 0) k++;
    off[r + 1] = (off[r] as number) + k;
  }
  const idx = new Int32Array(off[R] as number);
  const cnt = set.n;
  const suc = set.successes;
  let total = 0;
  let succ = 0;
  for (let r = 0; r < R; r++) {
    let o = off[r] as number;
    idx[o++] = 0;
    for (let x = set.offsets[r] as number; x < (set.offsets[r + 1] as number); x++) {
      const q = pos[all[x] as number] as number;
      if (q > 0) idx[o++] = q;
    }
    total += cnt[r] as number;
    succ += suc[r] as number;
  }
  const theta = new Float64Array(m);
  theta[0] = Math.log((succ + 0.5) / (total - succ + 0.5));
  if (opts.start) {
    theta[0] = opts.start.intercept;
    for (let j = 0; j < features; j++)
      if ((pos[j] as number) > 0) theta[pos[j] as number] = opts.start.beta[j] ?? 0;
  }
  const eta = new Float64Array(R);
  const linear = (th: Float64Array) => {
    for (let r = 0; r < R; r++) {
      let z = 0;
      for (let o = off[r] as number; o < (off[r + 1] as number); o++) z += th[idx[o] as number] as number;
      eta[r] = z;
    }
  };
  const penalised = (th: Float64Array) => {
    linear(th);
    let d = 0;
    for (let r = 0; r < R; r++) {
      const mu = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(eta[r] as number)));
      const s = suc[r] as number;
      const f = (cnt[r] as number) - s;
      // a side with no rows adds nothing (and needs no logarithm): pooled patterns are mostly one row
      d -=
        2 *
        (s === 0
          ? f * Math.log(1 - mu)
          : f === 0
            ? s * Math.log(mu)
            : s * Math.log(mu) + f * Math.log(1 - mu));
    }
    let s2 = 0;
    for (let i = 1; i < m; i++) s2 += (th[i] as number) ** 2;
    return { deviance: d, penalised: d + lambda * s2 };
  };
  let current = penalised(theta);
  let converged = false;
  let it = 0;
  const g = new Float64Array(m);
  const h = new Float64Array(m * m);
  const next = new Float64Array(m);
  // eta holds the linear predictor of theta from here on (penalised computed it last)
  for (; it < (opts.maxIterations ?? 50); it++) {
    g.fill(0);
    h.fill(0);
    for (let r = 0; r < R; r++) {
      const mu = sigmoid(eta[r] as number);
      const n = cnt[r] as number;
      const resid = (suc[r] as number) - n * mu;
      const w = n * mu * (1 - mu);
      const o0 = off[r] as number;
      const o1 = off[r + 1] as number;
      // a row's parameter indices ascend: the upper triangle only, mirrored below
      for (let x = o0; x < o1; x++) {
        const a = idx[x] as number;
        g[a] = (g[a] as number) + resid;
        const row = a * m;
        for (let y = x; y < o1; y++) {
          const b = row + (idx[y] as number);
          h[b] = (h[b] as number) + w;
        }
      }
    }
    for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) h[b * m + a] = h[a * m + b] as number;
    for (let i = 1; i < m; i++) {
      g[i] = (g[i] as number) - lambda * (theta[i] as number);
      h[i * m + i] = (h[i * m + i] as number) + lambda;
    }
    h[0] = (h[0] as number) + 1e-9;
    const step = solveSpd(h, g, m);
    // step halving keeps the penalised likelihood from getting worse
    let t = 1;
    let trial = current;
    for (let k = 0; k < 30; k++) {
      for (let i = 0; i < m; i++) next[i] = (theta[i] as number) + t * (step[i] as number);
      trial = penalised(next);
      if (trial.penalised <= current.penalised + 1e-9) break;
      t /= 2;
    }
    let change = 0;
    for (let i = 0; i < m; i++)
      change = Math.max(change, Math.abs((next[i] as number) - (theta[i] as number)));
    theta.set(next);
    current = trial;
    if (change < 1e-8) {
      converged = true;
      it++;
      break;
    }
  }
  const beta = new Float64Array(features);
  for (let j = 0; j < features; j++) if ((pos[j] as number) > 0) beta[j] = theta[pos[j] as number] as number;
  return {
    beta,
    intercept: theta[0] as number,
    deviance: current.deviance,
    iterations: it,
    converged,
    hessian: h,
    pos,
  };
}

/**
 * Wald test of a group of features being all zero: β_g' (Cov_gg)⁻¹ β_g on its degrees of freedom,
 * the covariance being the inverse penalised Hessian scaled by the dispersion. Cheap (no refit):
 * used to decide which likelihood-ratio tests are worth a refit.
 */
export function waldStatistic(fit: LogisticFit, features: readonly number[], dispersion = 1): number {
  const m = Math.round(Math.sqrt(fit.hessian.length));
  const params = features.map((f) => fit.pos[f] as number).filter((q) => q > 0);
  if (params.length === 0) return 0;
  // covariance columns of the group: solve H x = e_q for each of its parameters
  const cov = params.map((q) => {
    const e = new Float64Array(m);
    e[q] = 1;
    return solveSpd(fit.hessian, e, m);
  });
  const g = params.length;
  const block = new Float64Array(g * g);
  for (let i = 0; i < g; i++)
    for (let j = 0; j < g; j++)
      block[i * g + j] = ((cov[j] as Float64Array)[params[i] as number] as number) * dispersion;
  const b = Float64Array.from(
    features.filter((f) => (fit.pos[f] as number) > 0).map((f) => fit.beta[f] as number),
  );
  const x = solveSpd(block, b, g);
  let w = 0;
  for (let i = 0; i < g; i++) w += (b[i] as number) * (x[i] as number);
  return w;
}

/** Predicted probability for a row's active features. */
export function predict(fit: LogisticFit, features: readonly number[]): number {
  let z = fit.intercept;
  for (const f of features) z += fit.beta[f] ?? 0;
  return sigmoid(z);
}

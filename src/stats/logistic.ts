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
}

export interface LogisticOptions {
  /** Ridge penalty on the feature coefficients (not the intercept). */
  lambda?: number;
  /** Features left out of this fit (e.g. one attribute, for a likelihood-ratio test). */
  exclude?: ReadonlySet<number>;
  maxIterations?: number;
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
  patterns: readonly Pattern[],
  features: number,
  opts: LogisticOptions = {},
): LogisticFit {
  const lambda = opts.lambda ?? 1;
  const ex = opts.exclude ?? new Set<number>();
  // parameter index: 0 = intercept, 1 + j = feature j (excluded features get no parameter)
  const pos = new Int32Array(features).fill(-1);
  let m = 1;
  for (let j = 0; j < features; j++) if (!ex.has(j)) pos[j] = m++;
  const theta = new Float64Array(m);
  const total = patterns.reduce((s, p) => s + p.n, 0);
  const succ = patterns.reduce((s, p) => s + p.successes, 0);
  theta[0] = Math.log((succ + 0.5) / (total - succ + 0.5));
  const active = patterns.map((p) =>
    Int32Array.from([0, ...[...p.features].map((f) => pos[f] as number).filter((i) => i > 0)]),
  );
  let deviance = Number.POSITIVE_INFINITY;
  let converged = false;
  let it = 0;
  const devianceAt = (th: Float64Array) => {
    let d = 0;
    patterns.forEach((p, r) => {
      let z = 0;
      for (const i of active[r] as Int32Array) z += th[i] as number;
      const mu = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(z)));
      d -= 2 * (p.successes * Math.log(mu) + (p.n - p.successes) * Math.log(1 - mu));
    });
    return d;
  };
  deviance = devianceAt(theta);
  for (; it < (opts.maxIterations ?? 50); it++) {
    const g = new Float64Array(m);
    const h = new Float64Array(m * m);
    patterns.forEach((p, r) => {
      const idx = active[r] as Int32Array;
      let z = 0;
      for (const i of idx) z += theta[i] as number;
      const mu = sigmoid(z);
      const resid = p.successes - p.n * mu;
      const w = p.n * mu * (1 - mu);
      for (const a of idx) {
        g[a] = (g[a] as number) + resid;
        for (const b of idx) h[a * m + b] = (h[a * m + b] as number) + w;
      }
    });
    for (let i = 1; i < m; i++) {
      g[i] = (g[i] as number) - lambda * (theta[i] as number);
      h[i * m + i] = (h[i * m + i] as number) + lambda;
    }
    h[0] = (h[0] as number) + 1e-9;
    const step = solveSpd(h, g, m);
    // step halving keeps the penalised likelihood from getting worse
    const pen = (th: Float64Array) => {
      let s = 0;
      for (let i = 1; i < m; i++) s += (th[i] as number) ** 2;
      return devianceAt(th) + lambda * s;
    };
    const before = pen(theta);
    let t = 1;
    let next = theta;
    for (let k = 0; k < 30; k++) {
      next = theta.map((v, i) => v + t * (step[i] as number));
      if (pen(next) <= before + 1e-9) break;
      t /= 2;
    }
    let change = 0;
    for (let i = 0; i < m; i++)
      change = Math.max(change, Math.abs((next[i] as number) - (theta[i] as number)));
    theta.set(next);
    deviance = devianceAt(theta);
    if (change < 1e-8) {
      converged = true;
      it++;
      break;
    }
  }
  const beta = new Float64Array(features);
  for (let j = 0; j < features; j++) if ((pos[j] as number) > 0) beta[j] = theta[pos[j] as number] as number;
  return { beta, intercept: theta[0] as number, deviance, iterations: it, converged };
}

/** Predicted probability for a row's active features. */
export function predict(fit: LogisticFit, features: readonly number[]): number {
  let z = fit.intercept;
  for (const f of features) z += fit.beta[f] ?? 0;
  return sigmoid(z);
}

/**
 * Area under the ROC curve of scores against 0/1 outcomes: the share of (positive, negative) pairs
 * the scores order correctly, ties counting half (the Mann–Whitney statistic). The positives' and
 * negatives' scores are sorted apart (typed-array sorts) and merged.
 */
export function auc(scores: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = scores.length;
  let pos = 0;
  for (let i = 0; i < n; i++) if (y[i]) pos++;
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  const p = new Float64Array(pos);
  const q = new Float64Array(neg);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (y[i]) p[a++] = scores[i] as number;
    else q[b++] = scores[i] as number;
  }
  p.sort();
  q.sort();
  let wins = 0;
  let below = 0; // negatives scored below the current positive score
  for (let i = 0; i < pos; ) {
    const s = p[i] as number;
    let end = i;
    while (end < pos && p[end] === s) end++;
    while (below < neg && (q[below] as number) < s) below++;
    let tied = below;
    while (tied < neg && q[tied] === s) tied++;
    wins += (end - i) * (below + (tied - below) / 2);
    i = end;
  }
  return wins / (pos * neg);
}

/**
 * The same AUC from groups sharing a score (the distinct cells of a column): per group its score,
 * positives and negatives. Groups of equal score are one tie.
 */
export function aucOfGroups(scores: Float64Array, pos: Float64Array, neg: Float64Array): number {
  const order = Uint32Array.from(scores.keys()).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let totalPos = 0;
  let totalNeg = 0;
  for (let g = 0; g < scores.length; g++) {
    totalPos += pos[g] as number;
    totalNeg += neg[g] as number;
  }
  if (totalPos === 0 || totalNeg === 0) return Number.NaN;
  let wins = 0;
  let below = 0; // negatives scored below the current score
  for (let i = 0; i < order.length; ) {
    const s = scores[order[i] as number] as number;
    let p = 0;
    let q = 0;
    for (; i < order.length && scores[order[i] as number] === s; i++) {
      p += pos[order[i] as number] as number;
      q += neg[order[i] as number] as number;
    }
    wins += p * (below + q / 2);
    below += q;
  }
  return wins / (totalPos * totalNeg);
}

/** Negatives strictly below s and tied with it, in a sorted array (binary searches). */
function belowAndTied(sorted: Float64Array, s: number): { below: number; tied: number } {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < s) lo = mid + 1;
    else hi = mid;
  }
  const below = lo;
  hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= s) lo = mid + 1;
    else hi = mid;
  }
  return { below, tied: lo - below };
}

/**
 * 95% interval of an AUC by DeLong, DeLong and Clarke-Pearson (1988): the variance from the
 * placement values of positives and negatives (structural components), a normal interval clipped to
 * [0, 1]. Null when either class has fewer than two members.
 */
export function aucInterval(
  scores: ArrayLike<number>,
  y: ArrayLike<number>,
  z = 1.959963984540054,
): { auc: number; se: number; lo: number; hi: number } | null {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < scores.length; i++) (y[i] ? pos : neg).push(scores[i] as number);
  const m = pos.length;
  const n = neg.length;
  if (m < 2 || n < 2) return null;
  const p = Float64Array.from(pos).sort();
  const q = Float64Array.from(neg).sort();
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < m; i++) {
    const { below, tied } = belowAndTied(q, p[i] as number);
    v10[i] = (below + tied / 2) / n;
    sum += v10[i] as number;
  }
  for (let j = 0; j < n; j++) {
    const { below, tied } = belowAndTied(p, q[j] as number);
    v01[j] = (m - below - tied + tied / 2) / m;
  }
  const a = sum / m;
  const variance = (v: Float64Array, mean: number) => {
    let s = 0;
    for (const x of v) s += (x - mean) ** 2;
    return s / (v.length - 1);
  };
  const se = Math.sqrt(variance(v10, a) / m + variance(v01, a) / n);
  return { auc: a, se, lo: Math.max(0, a - z * se), hi: Math.min(1, a + z * se) };
}

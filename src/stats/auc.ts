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

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

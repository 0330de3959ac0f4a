/** Keys for dictionary look-ups: case, accents, punctuation and spacing ignored; `&` reads as "and". */
export function lookupKey(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Damerau–Levenshtein (optimal string alignment) distance, stopping early above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j] ?? 0;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? max + 1;
}

/** Typos tolerated for a key of this length: none below 5 characters, 1 up to 8, then 2. */
export function typoBudget(length: number): number {
  return length < 5 ? 0 : length <= 8 ? 1 : 2;
}

/**
 * The dictionary entry nearest to `key` within its typo budget, when exactly one entry is nearest
 * (ties are ambiguous and give no match).
 */
export function nearest<T>(key: string, entries: ReadonlyMap<string, T>): T | undefined {
  const budget = typoBudget(key.length);
  if (budget === 0) return undefined;
  let best: T | undefined;
  let bestD = budget + 1;
  let tie = false;
  for (const [k, v] of entries) {
    const d = editDistance(key, k, budget);
    if (d < bestD) {
      bestD = d;
      best = v;
      tie = false;
    } else if (d === bestD && d <= budget && v !== best) tie = true;
  }
  return bestD <= budget && !tie ? best : undefined;
}

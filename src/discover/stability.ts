/**
 * Stability of the draft: the whole discovery refitted on seeded bootstrap resamples of the labelled
 * examples, and per criterion the share of resamples whose draft has it again. Examples that are
 * deals are resampled by account (a cluster bootstrap: an account drawn brings all its deals), so the
 * resamples vary as the independent units do. A criterion found in fewer than 60% of them is marked
 * unstable: the data supports it, but not firmly enough to build a sales motion on it alone.
 */
import { Rng } from "../generate/random.js";
import type { DraftCriterion } from "./draft.js";
import type { Label } from "./labels.js";

/** Below this share of resamples a criterion is marked unstable. */
export const STABLE_SHARE = 0.6;

/** How many resamples by default: 10 up to 20,000 labelled examples, none above (each is a whole discovery). */
export function defaultResamples(labelled: number): number {
  return labelled <= 20_000 ? 10 : 0;
}

/** One resample: example indices drawn with replacement (by cluster when given), and fresh cluster ids. */
export function resample(
  y: readonly Label[],
  clusters: ArrayLike<number> | undefined,
  seed: number,
): { rows: number[]; clusters?: Int32Array } {
  const rng = new Rng(seed);
  const labelled: number[] = [];
  y.forEach((v, i) => {
    if (v !== null) labelled.push(i);
  });
  if (!clusters) {
    const rows = labelled.map(() => labelled[Math.floor(rng.next() * labelled.length)] as number);
    return { rows: rows.sort((a, b) => a - b) };
  }
  const members = new Map<number, number[]>();
  for (const i of labelled) {
    const c = clusters[i] as number;
    const m = members.get(c);
    if (m) m.push(i);
    else members.set(c, [i]);
  }
  const groups = [...members.values()];
  const rows: number[] = [];
  const ids: number[] = [];
  for (let d = 0; d < groups.length; d++) {
    const g = groups[Math.floor(rng.next() * groups.length)] as number[];
    for (const i of g) {
      rows.push(i);
      ids.push(d);
    }
  }
  return { rows, clusters: Int32Array.from(ids) };
}

/** The same criterion in another draft: same field and direction, overlapping values or range. */
export function sameCriterion(a: DraftCriterion, b: DraftCriterion): boolean {
  if (a.field !== b.field) return false;
  const sign = (c: DraftCriterion) => (c.role === "exclude" ? -1 : Math.sign(c.weight ?? 0));
  if (sign(a) !== sign(b)) return false;
  const ta = a.test;
  const tb = b.test;
  if ("range" in ta && "range" in tb) {
    const lo = (r: typeof ta.range) => r.min ?? r.above ?? Number.NEGATIVE_INFINITY;
    const hi = (r: typeof ta.range) => r.below ?? Number.POSITIVE_INFINITY;
    return lo(ta.range) < hi(tb.range) && lo(tb.range) < hi(ta.range);
  }
  const values = (t: DraftCriterion["test"]) => ("in" in t ? t.in : "any" in t ? t.any : null);
  const va = values(ta);
  const vb = values(tb);
  if (va && vb) return va.some((v) => vb.includes(v));
  // "other than …": the same kind of test on the same field in the same direction
  return "not_in" in ta && "not_in" in tb;
}

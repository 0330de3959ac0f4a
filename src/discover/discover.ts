/**
 * Discovery: what the best accounts have in common, with honest statistics.
 *
 * 1. Every segment of every attribute (attributes.ts) is compared with the rest of the labelled
 *    accounts: count, share among best and rest, rate, lift with a 95% interval, weight of evidence,
 *    Fisher's exact p; the p-values of all segments are adjusted together (Benjamini–Hochberg), so
 *    30 attributes × 20 values of noise do not become an ICP.
 * 2. Attributes with a segment at q < 0.05 enter a regularised logistic regression together, and
 *    are removed one by one while a likelihood-ratio test says they add nothing given the others
 *    (p > 0.01): a column that only repeats another (size band vs employee count) or rides on it
 *    (revenue with size) drops out.
 * 3. What remains becomes criteria (draft.ts). When nothing remains, the result says so, and how
 *    much more data would settle it.
 */

import { Dictionary } from "../data/dictionary.js";
import { Rng } from "../generate/random.js";
import { aucOfGroups } from "../stats/auc.js";
import { chiSquareP } from "../stats/distributions.js";
import { fitLogistic, type LogisticFit, type PatternSet, waldStatistic } from "../stats/logistic.js";
import { benjaminiHochberg } from "../stats/multiple.js";
import { compareRates, type Interval, sampleSizePerGroup, wilson } from "../stats/proportions.js";
import type { Attribute, Segment } from "./attributes.js";
import { KeyInterner } from "./interner.js";
import type { Label } from "./labels.js";
import type { LeakageSuspect } from "./leakage.js";

export interface SegmentStats {
  segment: Segment;
  n: number;
  best: number;
  /** Share of all best accounts in this segment, and of all rest accounts. */
  shareBest: number;
  shareRest: number;
  rate: number;
  lift: number;
  liftCi: Interval;
  woe: number;
  p: number | null;
  q: number | null;
  /** List items of a kept attribute: likelihood-ratio p of this item given everything else kept. */
  itemP?: number;
}

export interface AttributeStats {
  field: string;
  column: string;
  kind: Attribute["kind"];
  standard: boolean;
  /** Folded placeholders read as missing; a numeric sentinel read as missing. */
  placeholders: string[];
  sentinel?: number;
  iv: number;
  /** AUC of this attribute alone (its segments' rates as the score). */
  auc: number;
  segments: SegmentStats[];
  /** Passed screening (a segment at q < 0.05). */
  screened: boolean;
  /** Kept after adjusting for the other attributes. */
  kept: boolean;
  /**
   * Likelihood-ratio p when it was removed or at the end; for attributes that left together as
   * hopeless (joint Wald p > 0.5 in the full fit), that Wald p.
   */
  lrtP: number | null;
  /**
   * Its strongest value alone against the rest of the attribute, given the others: likelihood-ratio
   * p × the number of its tested values (Bonferroni); computed when the joint test is above half the
   * bar, and then the attribute's p is twice the smaller of the two.
   */
  singleP?: number;
  /** Left out because it repeats this attribute (Cramér's V ≥ 0.7), which carries more information. */
  redundantWith?: string;
}

/** The logistic model over the kept attributes: log-odds per segment (reference segments are 0). */
export interface DiscoverModel {
  intercept: number;
  features: { field: string; segment: number; beta: number }[];
}

export interface DiscoverAnalysis {
  model?: DiscoverModel;
  n: number;
  /** Overdispersion φ of clustered examples (1 when examples are accounts). */
  dispersion: number;
  best: number;
  rest: number;
  baseRate: number;
  attributes: AttributeStats[];
  kept: string[];
  warnings: string[];
  /** Columns that look recorded after the outcome (leakage.ts), each with its reason. */
  leakage?: LeakageSuspect[];
  /** When the selection ran on a sample of the labelled examples (see SELECTION_SAMPLE). */
  selection?: { sample: number; of: number };
  /** When nothing is kept: the plain statement, and the rough number of labelled accounts needed. */
  noSignal?: { text: string; moreNeeded: number };
}

/**
 * An attribute stays when dropping it costs p < 0.001 given the others: stricter than 5%, because
 * numeric bins were chosen on the same data, which makes their tests optimistic.
 */
const LRT_KEEP = 0.001;
/** A Wald p-value this small is decided without a likelihood-ratio refit. */
const WALD_SURE = 1e-8;
/**
 * Attributes whose joint Wald p-value in the full fit is above this are hopeless: they leave
 * together, without a likelihood-ratio refit each (the loop then goes on with refits, so every
 * attribute kept at the end still has its likelihood-ratio p ≤ LRT_KEEP given the others).
 */
const WALD_HOPELESS = 0.5;
/**
 * A Wald p-value above this, with every coefficient of the attribute (or item) at most WALD_BETA
 * in absolute value, is far enough above the bars (LRT_KEEP, and 0.001 for list items) to decide
 * without a likelihood-ratio refit: the two tests agree closely except for large coefficients,
 * where the Wald test loses power (the Hauck–Donner effect) — those are always refitted.
 */
const WALD_CLEAR = 0.01;
const WALD_BETA = 1;
/** Two attributes with Cramér's V at or above this carry the same information: the weaker goes. */
const REDUNDANT_V = 0.7;
/**
 * Above this many labelled examples, the multivariable selection (the likelihood-ratio loop over
 * every screened attribute) runs on a seeded random sample of this many; the attributes it keeps
 * are then tested again on all the examples (few attributes: rows pool well), as are the list
 * items and the final model. Every segment's statistics and the screening use all of them.
 */
export const SELECTION_SAMPLE = 100_000;
/** The sample's seed: the same data gives the same selection. */
const SELECTION_SEED = 20261123;

/** Each example's segment of a single-valued attribute. */
function segmentPerExample(a: Attribute): Int32Array {
  const first = new Int32Array(a.cellSegments.length);
  a.cellSegments.forEach((segs, c) => {
    first[c] = segs[0] ?? -1;
  });
  const out = new Int32Array(a.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = first[a.codes[i] as number] as number;
  return out;
}

/** Cramér's V between two attributes' segment assignments, over rows where both are known. */
function cramersV(
  a: Attribute,
  segA: Int32Array,
  b: Attribute,
  segB: Int32Array,
  rows: Int32Array,
  all: boolean,
): number {
  const na = a.segments.length;
  const nb = b.segments.length;
  // the joint counts over every row first; rows or columns of a missing cell are left out after
  const table = new Float64Array(na * nb);
  for (let r = 0; r < rows.length; r++) {
    const i = all ? r : (rows[r] as number);
    const k = (segA[i] as number) * nb + (segB[i] as number);
    table[k] = (table[k] as number) + 1;
  }
  const missA = a.segments.findIndex((s) => s.kind === "missing");
  const missB = b.segments.findIndex((s) => s.kind === "missing");
  const ra = new Float64Array(na);
  const rb = new Float64Array(nb);
  let n = 0;
  for (let x = 0; x < na; x++) {
    if (x === missA) continue;
    for (let y = 0; y < nb; y++) {
      if (y === missB) continue;
      const o = table[x * nb + y] as number;
      ra[x] = (ra[x] as number) + o;
      rb[y] = (rb[y] as number) + o;
      n += o;
    }
  }
  if (n === 0) return 0;
  let chi = 0;
  let rowsUsed = 0;
  let colsUsed = 0;
  for (let x = 0; x < na; x++) if ((ra[x] ?? 0) > 0) rowsUsed++;
  for (let y = 0; y < nb; y++) if ((rb[y] ?? 0) > 0) colsUsed++;
  for (let x = 0; x < na; x++) {
    const nx = ra[x] ?? 0;
    if (nx === 0) continue;
    for (let y = 0; y < nb; y++) {
      const ny = rb[y] ?? 0;
      if (ny === 0) continue;
      const e = (nx * ny) / n;
      const o = table[x * nb + y] ?? 0;
      chi += ((o - e) * (o - e)) / e;
    }
  }
  const k = Math.min(rowsUsed, colsUsed) - 1;
  return k > 0 ? Math.sqrt(chi / (n * k)) : 0;
}

export const woeOf = (best: number, rest: number, totalBest: number, totalRest: number): number =>
  Math.log((best + 0.5) / (totalBest + 1) / ((rest + 0.5) / (totalRest + 1)));

/**
 * Overdispersion of examples grouped in clusters (deals of one account): Pearson χ² of the cluster
 * counts around the overall rate, over its degrees of freedom; at least 1. Evidence from clustered
 * examples counts as n ÷ φ independent ones.
 */
export function dispersion(y: readonly Label[], clusters: ArrayLike<number>): number {
  const n = new Map<number, number>();
  const w = new Map<number, number>();
  let total = 0;
  let wins = 0;
  y.forEach((v, i) => {
    if (v === null) return;
    const c = clusters[i] as number;
    n.set(c, (n.get(c) ?? 0) + 1);
    w.set(c, (w.get(c) ?? 0) + (v ? 1 : 0));
    total++;
    wins += v ? 1 : 0;
  });
  const p = total ? wins / total : 0;
  if (n.size < 2 || p === 0 || p === 1) return 1;
  let x2 = 0;
  for (const [c, nc] of n) x2 += ((w.get(c) ?? 0) - nc * p) ** 2 / (nc * p * (1 - p));
  return Math.max(1, x2 / (n.size - 1));
}

export function analyse(
  attrs: readonly Attribute[],
  y: readonly Label[],
  opts: { fdr?: number; clusters?: ArrayLike<number>; selectionSample?: number } = {},
): DiscoverAnalysis {
  const fdr = opts.fdr ?? 0.05;
  const phi = opts.clusters ? dispersion(y, opts.clusters) : 1;
  const eff = (x: number) => Math.round(x / phi);
  // the labelled examples
  let n = 0;
  let best = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === null || v === undefined) continue;
    n++;
    if (v) best++;
  }
  const rows = new Int32Array(n);
  for (let i = 0, k = 0; i < y.length; i++) if (y[i] !== null && y[i] !== undefined) rows[k++] = i;
  const sampleSize = opts.selectionSample ?? SELECTION_SAMPLE;
  const selRows = n > sampleSize ? sampleOf(rows, sampleSize, SELECTION_SEED) : rows;
  const rest = n - best;
  const base = n ? best / n : 0;
  const warnings: string[] = [];

  const stats: AttributeStats[] = attrs.map((a) => {
    const segN = new Float64Array(a.segments.length);
    const segBest = new Float64Array(a.segments.length);
    a.cellSegments.forEach((segs, c) => {
      for (const s of segs) {
        segN[s] = (segN[s] as number) + (a.cellN[c] as number);
        segBest[s] = (segBest[s] as number) + (a.cellBest[c] as number);
      }
    });
    let iv = 0;
    const segments: SegmentStats[] = a.segments.map((seg, s) => {
      const sn = segN[s] ?? 0;
      const sb = segBest[s] ?? 0;
      const sr = sn - sb;
      const rate = sn ? sb / sn : 0;
      const w = wilson(sb, sn);
      const woe = woeOf(sb, sr, best, rest);
      const shareBest = best ? sb / best : 0;
      const shareRest = rest ? sr / rest : 0;
      if (seg.kind !== "item") iv += (shareBest - shareRest) * woe;
      // the pooled rarer values are a group of rows like any value (a draft may name them by what they are not)
      const tested = seg.kind !== "missing" && sn > 0 && sn < n;
      return {
        segment: seg,
        n: sn,
        best: sb,
        shareBest,
        shareRest,
        rate,
        lift: base ? rate / base : 0,
        liftCi: { lo: base ? w.lo / base : 0, hi: base ? w.hi / base : 0 },
        woe,
        p: tested ? compareRates(eff(sb), eff(sn), eff(best - sb), eff(n - sn)) : null,
        q: null,
      };
    });
    if (a.kind === "list") iv = segments.reduce((t, s) => t + (s.shareBest - s.shareRest) * s.woe, 0);
    // single-attribute AUC: each example scored by its segment's rate (list: the best item's),
    // worked out per distinct cell
    const cellScore = new Float64Array(a.cellSegments.length);
    a.cellSegments.forEach((segs, c) => {
      let sc = a.kind === "list" ? base : 0;
      for (const s of segs) sc = Math.max(sc, segments[s]?.rate ?? 0);
      cellScore[c] = sc;
    });
    const cellRest = a.cellN.map((m, c) => m - (a.cellBest[c] as number));
    return {
      field: a.field,
      column: a.column,
      kind: a.kind,
      standard: a.standard,
      placeholders: a.placeholders,
      ...(a.sentinel !== undefined ? { sentinel: a.sentinel } : {}),
      iv,
      auc: aucOfGroups(cellScore, a.cellBest, cellRest),
      segments,
      screened: false,
      kept: false,
      lrtP: null,
    };
  });
  // one adjustment over every tested segment of every attribute
  const tested: SegmentStats[] = stats.flatMap((a) => a.segments.filter((s) => s.p !== null));
  const q = benjaminiHochberg(tested.map((s) => s.p as number));
  tested.forEach((s, i) => {
    s.q = q[i] ?? 1;
  });
  for (const a of stats) {
    a.screened = a.segments.some((s) => s.q !== null && s.q < fdr);
  }

  // Multivariable: backward elimination by likelihood-ratio tests.
  // Redundant pairs (size band vs employee count, country code vs country): keep the more informative.
  const screened = attrs.filter((_, k) => stats[k]?.screened);
  const statOf = (f: string) => stats.find((s) => s.field === f) as AttributeStats;
  const redundant = new Set<string>();
  const byIv = [...screened].sort((x, y) => statOf(y.field).iv - statOf(x.field).iv);
  const perExample = new Map<string, Int32Array>();
  const segmentsOf = (a: Attribute) => {
    let s = perExample.get(a.field);
    if (!s) {
      s = segmentPerExample(a);
      perExample.set(a.field, s);
    }
    return s;
  };
  byIv.forEach((a, i) => {
    if (a.kind === "list" || redundant.has(a.field)) return;
    for (const b of byIv.slice(i + 1)) {
      if (b.kind === "list" || redundant.has(b.field)) continue;
      const v = cramersV(a, segmentsOf(a), b, segmentsOf(b), rows, rows.length === y.length);
      if (v >= REDUNDANT_V) {
        redundant.add(b.field);
        statOf(b.field).redundantWith = a.field;
      }
    }
  });
  // Every screened attribute is a candidate; one that repeats a stronger one starts outside the
  // model and comes back if that one does not hold up (so two redundant attributes are never both lost).
  const candidates = screened;
  const kept = new Set(candidates.filter((a) => !redundant.has(a.field)).map((a) => a.field));
  let finalModel: DiscoverModel | undefined;
  if (candidates.length) {
    // features: per attribute, its segments except a reference (the largest non-missing one for
    // categories and numbers; lists have no reference: each item is present or not)
    const featureOf = new Map<string, Int32Array>();
    // Per category of three or more tested values, its strongest value alone (by its own test): an
    // indicator feature used only to test "this value vs the rest of its attribute" given the others,
    // with a Bonferroni factor for the attribute's tested values. A joint test over 40 levels can miss
    // one level's strong effect (p ≈ 0.99 for an effect whose own p is 6e-9), most of all when that
    // level is the largest, the reference. The attribute stays when either test passes, at twice the
    // smaller p (Bonferroni over the two tests).
    const single = new Map<string, { segment: number; j: number; k: number; p: number }>();
    let nf = 0;
    for (const a of candidates) {
      const st = stats.find((s) => s.field === a.field) as AttributeStats;
      let ref = -1;
      if (a.kind !== "list") {
        let bestN = -1;
        st.segments.forEach((s, k) => {
          if (s.segment.kind !== "missing" && s.n > bestN) {
            bestN = s.n;
            ref = k;
          }
        });
      }
      const map = new Int32Array(a.segments.length).fill(-1);
      a.segments.forEach((_, k) => {
        if (k !== ref) map[k] = nf++;
      });
      featureOf.set(a.field, map);
      if (a.kind === "category") {
        const tested = st.segments.map((x, k) => ({ x, k })).filter((e) => e.x.p !== null);
        const top = tested.sort((u, v) => (u.x.p as number) - (v.x.p as number) || u.k - v.k)[0];
        // the indicator's id follows the attribute's own features, so pattern features stay ascending
        if (top && tested.length >= 3)
          single.set(a.field, { segment: top.k, j: nf++, k: tested.length, p: top.x.p as number });
      }
    }
    const indicators = new Set([...single.values()].map((x) => x.j));
    /** A strong single segment: decided by refits, never by the Wald shortcuts. */
    const strongSingle = (f: string) => {
      const x = single.get(f);
      return x !== undefined && x.p * x.k <= LRT_KEEP;
    };
    // Per candidate attribute, per cell: the id of the set of segments it falls in (the segment
    // itself for categories and numbers; each distinct set of items for a list).
    const groups = new Map<string, { ofCell: Int32Array; sets: Int32Array[] }>();
    for (const a of candidates) {
      const ids = new Dictionary<string>();
      const sets: Int32Array[] = [];
      const ofCell = new Int32Array(a.cellSegments.length);
      a.cellSegments.forEach((segs, c) => {
        const id = ids.id(segs.join(","));
        if (id === sets.length) sets.push(segs);
        ofCell[c] = id;
      });
      groups.set(a.field, { ofCell, sets });
    }
    // Rows pooled by the features of the attributes still kept: as attributes go, rows that now
    // look alike merge, and each refit runs over fewer patterns (the fit is the same: rows of one
    // pattern share their prediction). Rows are keyed by their segment-set ids, patterns kept in
    // order of first appearance.
    let poolOver = selRows;
    let pooledKey: string | null = null;
    let patterns: PatternSet = {
      size: 0,
      offsets: new Int32Array(1),
      features: new Int32Array(0),
      n: new Float64Array(0),
      successes: new Float64Array(0),
    };
    // what the patterns were pooled over: the rows, the attributes, each pattern's segment-set ids
    let pooledRows: Int32Array | null = null;
    let pooledFields: string[] = [];
    let patternIds = new Int32Array(0);
    const pooled = (): PatternSet => {
      const key = [...kept].sort().join("\u0000");
      if (key === pooledKey) return patterns;
      const parts = candidates
        .filter((a) => kept.has(a.field))
        .map((a) => ({
          a,
          map: featureOf.get(a.field) as Int32Array,
          g: groups.get(a.field) as { ofCell: Int32Array; sets: Int32Array[] },
          single: single.get(a.field),
        }));
      const T = parts.length;
      const radix = parts.map((p) => p.g.sets.length);
      // a pattern is its segment-set ids, chained through one interner per attribute; the new
      // patterns go into growing flat arrays (ids T per pattern, features, counts)
      const chain = parts.map(() => new KeyInterner());
      const grow = <A extends Int32Array | Float64Array>(a: A, need: number): A => {
        if (need <= a.length) return a;
        const b = new (a.constructor as new (n: number) => A)(Math.max(need, a.length * 2));
        b.set(a);
        return b;
      };
      let size = 0;
      let ids2 = new Int32Array(Math.max(1, T) * 1024);
      let offsets = new Int32Array(1025);
      let feats = new Int32Array(4096);
      let counts = new Float64Array(1024);
      let wins = new Float64Array(1024);
      const ids = new Int32Array(T);
      const add = (n: number, successes: number) => {
        let k = 0;
        for (let t = 0; t < T; t++)
          k = (chain[t] as KeyInterner).id(k * (radix[t] as number) + (ids[t] as number));
        if (k === size) {
          // a new pattern: its features, ascending already (parts follow the candidates' order,
          // segments ascend within each)
          let m = offsets[size] as number;
          for (let t = 0; t < T; t++) {
            const part = parts[t] as (typeof parts)[number];
            const segs = part.g.sets[ids[t] as number] as Int32Array;
            feats = grow(feats, m + segs.length + 1);
            for (let q = 0; q < segs.length; q++) {
              const j = part.map[segs[q] as number] as number;
              if (j >= 0) feats[m++] = j;
            }
            if (part.single && segs.length === 1 && segs[0] === part.single.segment)
              feats[m++] = part.single.j;
          }
          offsets = grow(offsets, size + 2);
          offsets[size + 1] = m;
          ids2 = grow(ids2, (size + 1) * T);
          ids2.set(ids, size * T);
          counts = grow(counts, size + 1);
          wins = grow(wins, size + 1);
          size++;
        }
        counts[k] = (counts[k] as number) + n;
        wins[k] = (wins[k] as number) + successes;
      };
      const from = parts.map((p) => pooledFields.indexOf(p.a.field));
      if (pooledRows === poolOver && from.every((f) => f >= 0)) {
        // fewer attributes over the same rows: the patterns so far merge (in order of first
        // appearance, as the rows would)
        const oldT = pooledFields.length;
        for (let q = 0; q < patterns.size; q++) {
          for (let t = 0; t < T; t++) ids[t] = patternIds[q * oldT + (from[t] as number)] as number;
          add(patterns.n[q] as number, patterns.successes[q] as number);
        }
      } else {
        const codesOf = parts.map((p) => p.a.codes);
        const idOf = parts.map((p) => p.g.ofCell);
        for (let r = 0; r < poolOver.length; r++) {
          const i = poolOver[r] as number;
          for (let t = 0; t < T; t++)
            ids[t] = (idOf[t] as Int32Array)[(codesOf[t] as Int32Array)[i] as number] as number;
          add(1, y[i] ? 1 : 0);
        }
      }
      patterns = {
        size,
        offsets: offsets.subarray(0, size + 1),
        features: feats.subarray(0, offsets[size] as number),
        n: counts.subarray(0, size),
        successes: wins.subarray(0, size),
      };
      patternIds = ids2;
      pooledRows = poolOver;
      pooledFields = parts.map((p) => p.a.field);
      pooledKey = key;
      fullFit = null;
      return patterns;
    };
    /** The features of these attributes, and every indicator but `keep`'s (they enter only to be tested). */
    const featuresOf = (fields: Iterable<string>, keep?: string) => {
      const s = new Set<number>();
      for (const f of fields) for (const j of featureOf.get(f) ?? []) if (j >= 0) s.add(j);
      const spared = keep === undefined ? undefined : single.get(keep)?.j;
      for (const j of indicators) if (j !== spared) s.add(j);
      return s;
    };
    /** An attribute's own segment features. */
    const ownFeatures = (f: string) => [...(featureOf.get(f) ?? [])].filter((j) => j >= 0);
    const lambda = 1;
    // the model over the attributes kept, fitted once per kept set and pooling
    let fullFit: { key: string; fit: LogisticFit } | null = null;
    let previousFit: LogisticFit | null = null;
    const fitKept = (): LogisticFit => {
      const rowsPooled = pooled();
      const key = [...kept].sort().join("\u0000");
      if (fullFit?.key !== key) {
        const dropped = candidates.map((a) => a.field).filter((f) => !kept.has(f));
        // started from the previous round's model: the same optimum, in fewer Newton steps
        const start = previousFit ? { start: previousFit } : {};
        fullFit = {
          key,
          fit: fitLogistic(rowsPooled, nf, { lambda, exclude: featuresOf(dropped), ...start }),
        };
        previousFit = fullFit.fit;
      }
      return fullFit.fit;
    };
    const final = () => {
      const fit = fitKept();
      const features: DiscoverModel["features"] = [];
      for (const a of candidates) {
        if (!kept.has(a.field)) continue;
        const map = featureOf.get(a.field) as Int32Array;
        a.segments.forEach((_, k) => {
          const j = map[k] as number;
          if (j >= 0) features.push({ field: a.field, segment: k, beta: fit.beta[j] ?? 0 });
        });
      }
      return { intercept: fit.intercept, features };
    };
    // Each round: the full model, then likelihood-ratio refits without each attribute — first the
    // few the Wald tests of the full fit rate weakest (no refit needed to rank them); the rest
    // only once none of those can go, so the loop stops exactly when every kept attribute's LRT
    // p-value is at most LRT_KEEP, as with a refit for every attribute every round.
    const WALD_FIRST = 3;
    const eliminate = () => {
      for (;;) {
        const dropped = [...candidates.map((a) => a.field)].filter((f) => !kept.has(f));
        const full = fitKept();
        const lrt = (f: string) => {
          const without = fitLogistic(pooled(), nf, {
            lambda,
            exclude: featuresOf([...dropped, f]),
            start: full,
          });
          const df = ownFeatures(f).length;
          let p = chiSquareP(Math.max(0, without.deviance - full.deviance) / phi, Math.max(1, df));
          // its strongest segment alone against the rest of the attribute, given the others
          const one = single.get(f);
          if (one && p > LRT_KEEP / 2) {
            const withOne = fitLogistic(pooled(), nf, {
              lambda,
              exclude: featuresOf([...dropped, f], f),
              start: without,
            });
            const pOne = Math.min(
              1,
              one.k * chiSquareP(Math.max(0, without.deviance - withOne.deviance) / phi, 1),
            );
            const st = stats.find((s) => s.field === f) as AttributeStats;
            st.singleP = pOne;
            // kept when either test says so: Bonferroni over the two, so the error rate stays at the bar
            p = Math.min(1, 2 * Math.min(p, pOne));
          }
          (stats.find((s) => s.field === f) as AttributeStats).lrtP = p;
          return p;
        };
        const byWald = [...kept]
          .map((f) => {
            const feats = ownFeatures(f);
            return { f, p: chiSquareP(waldStatistic(full, feats, phi), Math.max(1, feats.length)) };
          })
          .sort((a, b) => b.p - a.p || (a.f < b.f ? -1 : 1));
        const hopeless = byWald.filter((w) => w.p > WALD_HOPELESS && !strongSingle(w.f));
        if (hopeless.length > 1) {
          for (const w of hopeless) {
            (stats.find((s) => s.field === w.f) as AttributeStats).lrtP = w.p;
            kept.delete(w.f);
          }
          continue;
        }
        // the weakest, when clearly above the bar with moderate coefficients, leaves without a refit
        const weakest = byWald[0];
        if (
          weakest &&
          weakest.p > WALD_CLEAR &&
          !strongSingle(weakest.f) &&
          moderate(full, ownFeatures(weakest.f))
        ) {
          (stats.find((s) => s.field === weakest.f) as AttributeStats).lrtP = weakest.p;
          kept.delete(weakest.f);
          continue;
        }
        // the weakest beyond doubt: every attribute stays, no refit could say otherwise
        if (weakest && weakest.p < WALD_SURE) {
          for (const w of byWald) (stats.find((s) => s.field === w.f) as AttributeStats).lrtP = w.p;
          break;
        }
        let worst: string | null = null;
        let worstP = -1;
        const test = (f: string) => {
          const p = lrt(f);
          if (p > worstP) {
            worstP = p;
            worst = f;
          }
        };
        for (const { f } of byWald.slice(0, WALD_FIRST)) test(f);
        if (worst === null || worstP <= LRT_KEEP) for (const { f } of byWald.slice(WALD_FIRST)) test(f);
        if (worst !== null && worstP > LRT_KEEP) kept.delete(worst);
        else break;
      }
    };
    eliminate();
    if (selRows !== rows) {
      // Selected on the sample: the attributes still kept are tested again on every labelled
      // example (rows pool well over these few), so that each one kept has its likelihood-ratio
      // p ≤ LRT_KEEP given the others on all the data; the list items and the model follow suit.
      poolOver = rows;
      pooledKey = null;
      eliminate();
    }
    // An attribute set aside as repeating a stronger one comes back when that one did not hold up.
    const tried = new Set<string>();
    for (;;) {
      const back = candidates.filter((a) => {
        const partner = statOf(a.field).redundantWith;
        return partner !== undefined && !kept.has(partner) && !kept.has(a.field) && !tried.has(a.field);
      });
      if (back.length === 0) break;
      for (const a of back) {
        tried.add(a.field);
        kept.add(a.field);
      }
      eliminate();
    }
    // Items of a kept list: each must add something by itself (co-occurring items ride along otherwise).
    const dropped = candidates.map((a) => a.field).filter((f) => !kept.has(f));
    const excluded = featuresOf(dropped);
    const full = fitKept();
    for (const a of candidates) {
      if (a.kind !== "list" || !kept.has(a.field)) continue;
      const st = stats.find((s) => s.field === a.field) as AttributeStats;
      const map = featureOf.get(a.field) as Int32Array;
      st.segments.forEach((seg, k) => {
        if (seg.q === null || seg.q >= fdr) return;
        const j = map[k] as number;
        // an item the Wald test of the full fit already puts beyond doubt, or clearly above the
        // bar with a moderate coefficient, keeps that p-value: a refit could not move it across
        // the draft's threshold (nor, under BH, move the others across it)
        const wald = chiSquareP(waldStatistic(full, [j], phi), 1);
        if (wald < WALD_SURE || (wald > WALD_CLEAR && moderate(full, [j]))) {
          seg.itemP = wald;
          return;
        }
        const without = fitLogistic(pooled(), nf, {
          lambda,
          exclude: new Set([...excluded, j]),
          start: full,
        });
        seg.itemP = chiSquareP(Math.max(0, without.deviance - full.deviance) / phi, 1);
      });
      // adjusted over the list's items (BH): many items, many chances
      const withP = st.segments.filter((x) => x.itemP !== undefined);
      const adj = benjaminiHochberg(withP.map((x) => x.itemP as number));
      withP.forEach((x, i) => {
        x.itemP = adj[i] ?? 1;
      });
    }
    if (kept.size) finalModel = final();
  }
  for (const a of stats) a.kept = kept.has(a.field);
  if (selRows !== rows && candidates.length)
    warnings.push(
      `the attributes were first selected (likelihood-ratio tests given the others) on a seeded random sample of ${selRows.length.toLocaleString("en-US")} of the ${n.toLocaleString("en-US")} labelled examples, then the ones kept were tested again on all of them; every segment's figures, the screening and the final model use all of them`,
    );
  if (phi > 1.05)
    warnings.push(
      `examples come in clusters (deals of one account) that move together: dispersion ${phi.toFixed(2)}, so the evidence of ${n.toLocaleString("en-US")} examples counts as about ${Math.round(n / phi).toLocaleString("en-US")} independent ones`,
    );
  const out: DiscoverAnalysis = {
    n,
    best,
    rest,
    baseRate: base,
    dispersion: phi,
    attributes: stats,
    kept: [...kept],
    warnings,
    ...(finalModel ? { model: finalModel } : {}),
    ...(selRows !== rows && candidates.length ? { selection: { sample: selRows.length, of: n } } : {}),
  };
  if (kept.size === 0) {
    // how much data a moderate effect would need: a segment holding a quarter of the examples where
    // the rarer outcome is 1.5× as frequent as overall
    const m = Math.min(base, 1 - base);
    const p1 = Math.min(0.99, m * 1.5);
    const perGroup = m > 0 ? sampleSizePerGroup(p1, m) : Number.POSITIVE_INFINITY;
    const needed = Number.isFinite(perGroup) ? Math.ceil((perGroup / 0.25) * phi) : 0;
    out.noSignal = {
      text: `No attribute separates best from rest at ${Math.round(fdr * 100)}% FDR (${tested.length} segments of ${attrs.length} attributes tested, ${best} best of ${n} labelled). ${
        needed > n
          ? `To detect a segment holding a quarter of the examples where the rarer outcome (${(100 * m).toFixed(0)}%) is 1.5× as frequent, you need about ${needed.toLocaleString("en-US")} labelled examples: ${(needed - n).toLocaleString("en-US")} more.`
          : `With this much data, a segment holding a quarter of the examples where the rarer outcome (${(100 * m).toFixed(0)}%) is 1.5× as frequent would have shown: the attributes examined do not explain the outcome.`
      }`,
      moreNeeded: Math.max(0, needed - n),
    };
  }
  return out;
}

/** Every fitted coefficient of these features is at most WALD_BETA in absolute value. */
function moderate(fit: LogisticFit, features: readonly number[]): boolean {
  return features.every((j) => Math.abs(fit.beta[j] ?? 0) <= WALD_BETA);
}

/** `k` of `rows`, drawn without replacement by a seeded partial shuffle, in their original order. */
function sampleOf(rows: Int32Array, k: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const a = rows.slice();
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (a.length - i));
    const t = a[i] as number;
    a[i] = a[j] as number;
    a[j] = t;
  }
  return a.slice(0, k).sort();
}

/**
 * Lookalikes: rank every company of a universe by its similarity to a set of best customers
 * ("seeds"). Each attribute's value carries the log of how much more common it is among the seeds
 * than in the universe — shrunk toward the universe (a pseudo-count of α seeds at the universe's
 * share), so a value one seed happens to hold counts for little, a technology everyone uses
 * (lift ≈ 1) counts for nothing, and an industry 11 of 12 seeds share counts for much. A company's
 * similarity is the sum over its attributes (unknown: 0), rescaled to 0–100 between the lowest and
 * the highest sum the weights allow. This is naive Bayes' log-likelihood ratio of "drawn like the
 * seeds" against "drawn like the universe", with smoothing.
 *
 * Reasons name the attributes that add the most and the seeds that share most of them. The
 * leave-one-out check hides each seed in turn, rebuilds the weights without it and says where it
 * ranks among the universe: the recall a user can expect for a best customer not yet in the list.
 */
import type { LoadedTable } from "../data/load.js";
import { isMissing } from "../engine/values.js";
import { Rng } from "../generate/random.js";
import type { Record_ } from "../io/read.js";
import { categorical, stableSeed } from "../stats/draw.js";
import { type Attribute, buildAttributes } from "./attributes.js";
import { columnsOfRows, type ExampleColumns } from "./columns.js";
import { type ExamineOptions, NO_EXAMINE_OPTIONS } from "./examine.js";
import { matchSeeds, type SeedMatch } from "./seeds.js";

/** The pseudo-count: how many seeds at the universe's share each value's seed share starts from. */
const ALPHA = 3;

export interface LookalikeInput {
  seeds: LoadedTable;
  universe: LoadedTable;
  asOf: string;
  examine?: ExamineOptions;
  exclude?: readonly string[];
}

export interface LookalikeRow {
  /** Row index in the universe. */
  row: number;
  similarity: number;
  /** Whether this universe row is one of the seeds. */
  seed: boolean;
  reasons: string;
}

export interface LookalikeResult {
  match: SeedMatch;
  seeds: number;
  universe: number;
  /** The universe's rows, most similar first (seeds found in the universe included, flagged). */
  ranked: LookalikeRow[];
  /** Per attribute: its most distinctive values and their weights (log lift, shrunk). */
  weights: { column: string; top: { label: string; weight: number }[] }[];
  leaveOneOut: {
    seeds: number;
    /** Each held-out seed's rank among the universe, as the share of companies ranked above it. */
    percentiles: number[];
    top1: number;
    top5: number;
    text: string;
  };
}

interface Model {
  attrs: Attribute[];
  /** Per attribute, per segment: weight. */
  w: Float64Array[];
  /** Per attribute: whether its segments are list items (several per cell). */
  min: number;
  max: number;
}

/** Per attribute, the segments of each combined row's cell (empty: unknown). */
function segmentsOf(a: Attribute, row: number): Int32Array | undefined {
  return a.cellSegments[a.codes[row] as number];
}

/** Per attribute: seeds and rows per segment, and how many of each have the attribute known. */
interface Counts {
  xs: Float64Array;
  Ks: Float64Array;
  nKnown: number;
  NKnown: number;
}

/** Whether row r's cell of attribute a is known, and its segments. */
function knownSegments(a: Attribute, r: number, missing: number): Int32Array | null {
  const ss = segmentsOf(a, r);
  if (!ss || (missing >= 0 && ss.includes(missing))) return null;
  if (ss.length === 0 && a.kind !== "list") return null;
  return ss;
}

/** One pass over the rows: the counts every fit starts from (a held-out seed is subtracted). */
function countAll(attrs: readonly Attribute[], y: Uint8Array): Counts[] {
  return attrs.map((a) => {
    const missing = a.segments.findIndex((s) => s.kind === "missing");
    const c: Counts = {
      xs: new Float64Array(a.segments.length),
      Ks: new Float64Array(a.segments.length),
      nKnown: 0,
      NKnown: 0,
    };
    for (let r = 0; r < y.length; r++) {
      const ss = knownSegments(a, r, missing);
      if (!ss) continue;
      c.NKnown++;
      if (y[r]) c.nKnown++;
      for (const s of ss) {
        c.Ks[s] = (c.Ks[s] as number) + 1;
        if (y[r]) c.xs[s] = (c.xs[s] as number) + 1;
      }
    }
    return c;
  });
}

function fit(attrs: readonly Attribute[], all: readonly Counts[], y: Uint8Array, holdOut = -1): Model {
  const w: Float64Array[] = [];
  let min = 0;
  let max = 0;
  attrs.forEach((a, ai) => {
    const base = all[ai] as Counts;
    let { nKnown, NKnown } = base;
    let xs = base.xs;
    let Ks = base.Ks;
    if (holdOut >= 0) {
      const ss = knownSegments(
        a,
        holdOut,
        a.segments.findIndex((s) => s.kind === "missing"),
      );
      if (ss) {
        xs = Float64Array.from(xs);
        Ks = Float64Array.from(Ks);
        NKnown--;
        if (y[holdOut]) nKnown--;
        for (const s of ss) {
          Ks[s] = (Ks[s] as number) - 1;
          if (y[holdOut]) xs[s] = (xs[s] as number) - 1;
        }
      }
    }
    const ws = new Float64Array(a.segments.length);
    const uKnown = NKnown - nKnown;
    let hi = 0;
    let lo = 0;
    let sumPos = 0;
    // How much the attribute tells at all: the G statistic of the seeds' distribution against the
    // universe's (2·n·KL). Its weights are shrunk by max(0, 1 − E₀[G] ÷ G), E₀ its mean when the
    // seeds are drawn like the universe (James–Stein in spirit): a column of 3,000 cities the seeds
    // happen to spread over counts for nothing; an industry they share, fully. List items are each
    // their own yes/no attribute (E₀[G] ≈ 1, the χ²₁ mean).
    const g2 = (x: number, n: number, pi: number) => {
      const t = (k: number, e: number) => (k > 0 ? k * Math.log(k / e) : 0);
      return 2 * (t(x, n * pi) + t(n - x, n * (1 - pi)));
    };
    let G = 0;
    a.segments.forEach((s, i) => {
      if (s.kind === "missing" || uKnown <= 0 || nKnown <= 0) return;
      const u = (Ks[i] as number) - (xs[i] as number);
      const pi = (u + 0.5) / (uKnown + 1);
      const seedShare = ((xs[i] as number) + ALPHA * pi) / (nKnown + ALPHA);
      ws[i] = Math.log(seedShare / pi);
      if (a.kind === "list") {
        const gi = g2(xs[i] as number, nKnown, Math.min(0.999999, pi));
        ws[i] = (ws[i] as number) * Math.max(0, 1 - 1 / Math.max(gi, 1e-12));
      } else {
        const x = xs[i] as number;
        if (x > 0) G += 2 * x * Math.log(x / (nKnown * pi));
      }
    });
    if (a.kind !== "list") {
      // E[G] when the seeds are drawn like the universe, by seeded draws: with a dozen seeds over
      // hundreds of values the χ² mean (df) is far off, so it is simulated
      const shares: number[] = [];
      const idx: number[] = [];
      a.segments.forEach((sg, i) => {
        if (sg.kind === "missing" || (Ks[i] as number) === 0) return;
        shares.push(((Ks[i] as number) - (xs[i] as number) + 0.5) / (uKnown + 1));
        idx.push(i);
      });
      const e0 = nullG(shares, nKnown, a.column);
      const shrink = G > 0 ? Math.max(0, 1 - e0 / G) : 0;
      for (let i = 0; i < ws.length; i++) ws[i] = (ws[i] as number) * shrink;
    }
    let sumNeg = 0;
    ws.forEach((v) => {
      if (v > hi) hi = v;
      if (v < lo) lo = v;
      if (v > 0) sumPos += v;
      else sumNeg += v;
    });
    // a list cell may hold every item: its bounds are the sums; a category holds one value
    if (a.kind === "list") lo = sumNeg;
    w.push(ws);
    max += a.kind === "list" ? sumPos : hi;
    min += lo;
  });
  return { attrs: [...attrs], w, min, max };
}

/** The mean G statistic of n seeds drawn at the given shares (200 seeded draws). */
function nullG(shares: readonly number[], n: number, key: string): number {
  if (n <= 0 || shares.length < 2) return Number.POSITIVE_INFINITY;
  const rng = new Rng(stableSeed(key) + n);
  const draw = categorical(shares);
  const acc = shares.reduce((t, x) => t + x, 0);
  const B = 200;
  let total = 0;
  const counts = new Map<number, number>();
  for (let b = 0; b < B; b++) {
    counts.clear();
    for (let i = 0; i < n; i++) {
      const j = draw(rng);
      counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    let g = 0;
    for (const [j, x] of counts) g += 2 * x * Math.log(x / ((n * (shares[j] as number)) / acc));
    total += g;
  }
  return total / B;
}

function scoreOf(m: Model, row: number): number {
  let s = 0;
  m.attrs.forEach((a, i) => {
    const ss = segmentsOf(a, row);
    if (!ss) return;
    const ws = m.w[i] as Float64Array;
    for (const seg of ss) s += ws[seg] as number;
  });
  return s;
}

const scaled = (m: Model, s: number) => (m.max > m.min ? (100 * (s - m.min)) / (m.max - m.min) : 0);

export function lookalike(o: LookalikeInput): LookalikeResult {
  const { inUniverse, outside, match } = matchSeeds(o.seeds, o.universe);
  // Rows: the universe in its order, then the seeds not found in it (profiled, not ranked).
  const combined: LoadedTable = { ...o.universe, rows: [...o.universe.rows, ...outside], rejects: [] };
  const U = o.universe.rows.length;
  const y = new Uint8Array(combined.rows.length);
  for (const i of inUniverse) y[i] = 1;
  for (let i = U; i < combined.rows.length; i++) y[i] = 1;
  const nameCol = o.universe.mapping.find((m) => m.field === "name")?.column;
  const domainCol = o.universe.mapping.find((m) => m.field === "domain")?.column;
  const label = (r: number) => {
    const row = combined.rows[r] as Record_;
    const v = (nameCol ? row[nameCol] : null) ?? (domainCol ? row[domainCol] : null);
    return isMissing(v) ? "a best customer" : String(v);
  };
  return rankLookalikes(columnsOfRows(combined), y, U, label, match, inUniverse.size, o);
}

/**
 * The ranking itself, on coded columns (read into rows, or coded by DuckDB): the universe is the
 * first U examples, `y` marks the best customers (those after U are best customers outside it).
 */
export function rankLookalikes(
  columns: ExampleColumns,
  y: Uint8Array,
  U: number,
  labelOf: (row: number) => string,
  match: SeedMatch,
  seedsInUniverse: number,
  o: Pick<LookalikeInput, "asOf" | "examine" | "exclude"> & { explain?: number },
): LookalikeResult {
  const built = buildAttributes(
    columns,
    [...y].map((v) => v as 0 | 1),
    {
      asOf: o.asOf,
      minSupport: 3,
      exclude: new Set(o.exclude ?? []),
      examine: o.examine ?? NO_EXAMINE_OPTIONS,
      design: "seeds",
    },
  );
  const attrs = built.attributes;
  const counts = countAll(attrs, y);
  const model = fit(attrs, counts, y);
  const seedIdx = [...y.keys()].filter((i) => y[i]);
  const ranked: LookalikeRow[] = [];
  for (let r = 0; r < U; r++)
    ranked.push({ row: r, similarity: scaled(model, scoreOf(model, r)), seed: y[r] === 1, reasons: "" });
  ranked.sort((a, b) => b.similarity - a.similarity || a.row - b.row);
  // Reasons: the attributes adding most, and the seeds sharing most of them.
  const reasonsFor = (r: number): string => {
    const parts: { label: string; w: number; a: number; seg: number }[] = [];
    attrs.forEach((a, i) => {
      const ss = segmentsOf(a, r);
      if (!ss) return;
      for (const seg of ss) {
        const w = (model.w[i] as Float64Array)[seg] as number;
        if (w > 0.1) parts.push({ label: a.segments[seg]?.label ?? "", w, a: i, seg });
      }
    });
    parts.sort((p, q) => q.w - p.w);
    // one mention per value (a list column and a category often say "fintech" both)
    const seen = new Set<string>();
    const top = parts
      .filter((p) => !seen.has(p.label.toLowerCase()) && seen.add(p.label.toLowerCase()))
      .slice(0, 3);
    if (!top.length) return "shares nothing distinctive with the best customers";
    const closeness = seedIdx
      .filter((s) => s !== r)
      .map((s) => ({
        s,
        k: top.reduce((t, p) => t + (segmentsOf(attrs[p.a] as Attribute, s)?.includes(p.seg) ? p.w : 0), 0),
      }))
      .filter((c) => c.k > 0)
      .sort((p, q) => q.k - p.k || p.s - q.s)
      .slice(0, 2)
      .map((c) => labelOf(c.s));
    return `${closeness.length ? `like ${closeness.join(" and ")}: ` : ""}${top.map((p) => p.label).join(", ")}`;
  };
  const explain = Math.min(ranked.length, o.explain ?? (U <= 100_000 ? U : 10_000));
  for (let i = 0; i < explain; i++) {
    const x = ranked[i] as LookalikeRow;
    x.reasons = reasonsFor(x.row);
  }
  // Leave one out: each seed hidden, the weights rebuilt, its rank among the non-seed universe.
  const others: number[] = [];
  for (let r = 0; r < U; r++) if (!y[r]) others.push(r);
  const sample =
    others.length > 20_000 ? others.filter((_, i) => i % Math.ceil(others.length / 20_000) === 0) : others;
  const percentiles: number[] = [];
  for (const s of seedIdx) {
    const m = fit(attrs, counts, y, s);
    const mine = scoreOf(m, s);
    let above = 0;
    let ties = 0;
    for (const r of sample) {
      const v = scoreOf(m, r);
      if (v > mine + 1e-12) above++;
      else if (Math.abs(v - mine) <= 1e-12) ties++;
    }
    percentiles.push(sample.length ? (above + ties / 2) / sample.length : 0);
  }
  const top1 = percentiles.filter((p) => p < 0.01).length;
  const top5 = percentiles.filter((p) => p < 0.05).length;
  const k = percentiles.length;
  const weights = attrs
    .map((a, i) => ({
      column: a.column,
      top: a.segments
        .map((s, j) => ({ label: s.label, weight: (model.w[i] as Float64Array)[j] as number }))
        .filter((x) => x.weight > 0.1)
        .sort((p, q) => q.weight - p.weight)
        .slice(0, 5)
        .map((x) => ({ label: x.label, weight: Math.round(x.weight * 100) / 100 })),
    }))
    .filter((x) => x.top.length);
  return {
    match,
    seeds: seedIdx.length,
    universe: U - seedsInUniverse,
    ranked,
    weights,
    leaveOneOut: {
      seeds: k,
      percentiles,
      top1,
      top5,
      text: k
        ? `Leave one out: hiding each best customer in turn, ${top5} of ${k} (${Math.round((100 * top5) / k)}%) rank in the top 5% of the universe and ${top1} in the top 1%.`
        : "No best customer to hold out.",
    },
  };
}

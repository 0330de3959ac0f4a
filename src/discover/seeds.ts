/**
 * A few best customers against a reference universe — the seeds' most common case: "analyse your
 * 12 best customers and find what they share", "filter a purchased list of 40,000 to the 1,200 that
 * fit". There is no "rest" of lost deals here, only the market the best were drawn from.
 *
 * The design: the unit is the company; the best customers ("seeds") are compared with the rest of
 * the universe (a seed found in the universe is taken from it, so both sides come from the same
 * source, and it is not counted twice). For every category value, numeric range and list item:
 * how many seeds hold it, its share in the universe, the lift with an exact (Clopper–Pearson)
 * interval, and Fisher's exact test of seeds against the rest of the universe (the hypergeometric
 * tails: no asymptotics, right at n = 12), with the Benjamini–Hochberg false-discovery rate over
 * every value tested. Nothing is fitted on the seeds beyond counting, so there is nothing to
 * overfit but the choice of values, which the FDR accounts for.
 *
 * The draft: a hard filter only for what every seed with a known value shares (no filter may
 * remove a best customer — checked by scoring the seeds with the draft), weighted signals for the
 * other distinctive values, negative signals for what the best avoid; and what the draft keeps of
 * the universe ("your ICP describes 1,240 of these 20,000 companies").
 */
import { accountKeys } from "../data/link.js";
import type { LoadedTable } from "../data/load.js";
import { registrableDomain } from "../data/normalise/domain.js";
import { companyKey } from "../data/normalise/names.js";
import { isMissing, type RawValue } from "../engine/values.js";
import { Rng } from "../generate/random.js";
import type { Record_ } from "../io/read.js";
import { checkProfileText } from "../profile/check.js";
import { columnKey } from "../profile/fields.js";
import { scoreRows } from "../score/rows.js";
import { categorical, stableSeed } from "../stats/draw.js";
import { clopperPearson, hypergeometricTails } from "../stats/exact.js";
import { benjaminiHochberg } from "../stats/multiple.js";
import type { Interval } from "../stats/proportions.js";
import { type Attribute, buildAttributes } from "./attributes.js";
import { columnsOfRows } from "./columns.js";
import { type Provenance, provenanceYaml } from "./draft.js";
import { type ColumnDecision, type ExamineOptions, NO_EXAMINE_OPTIONS } from "./examine.js";

export interface SeedsInput {
  seeds: LoadedTable;
  universe: LoadedTable;
  asOf: string;
  name: string;
  sources: string;
  examine?: ExamineOptions;
  exclude?: readonly string[];
  provenance?: Provenance;
}

/** How the best customers were found. */
export interface SeedMatch {
  /** Rows in the best-customers file. */
  rows: number;
  /** Found in the universe, by key. */
  byDomain: number;
  byName: number;
  byId: number;
  /** Not in the universe but with their own attributes (profiled from their own row). */
  ownRows: number;
  /** Neither: only a key the universe does not hold. Not profiled. */
  notFound: { row: number; key: string }[];
  /** Best-customer rows naming the same universe company as an earlier one (counted once). */
  duplicates: number;
}

export interface ValueTest {
  field: string;
  column: string;
  kind: "value" | "range" | "item" | "other";
  label: string;
  values?: string[];
  min?: number;
  max?: number;
  /** Seeds holding it, of the seeds whose value is known. */
  seeds: number;
  seedsKnown: number;
  /** Universe rows (the rest: seeds not counted) holding it, of those known. */
  universe: number;
  universeKnown: number;
  seedShare: number;
  universeShare: number;
  /** Seed share ÷ universe share, with the exact interval of the seed share divided by the universe share. */
  lift: number | null;
  liftCi: Interval;
  /** Two-sided exact p (twice the smaller hypergeometric tail; numeric ranges: × the ranges scanned). */
  p: number;
  q: number;
  /** Whether these margins allow p < 0.05 at all (Tarone): only such values enter the FDR adjustment. */
  testable: boolean;
  direction: "more among the best" | "less among the best" | "no difference";
}

export interface SeedsCriterion {
  field: string;
  column: string;
  standard: boolean;
  type: "category" | "number" | "list";
  role: "require" | "signal";
  label: string;
  test: { in: string[] } | { any: string[] } | { range: { min?: number; below?: number } };
  weight?: number;
  evidence: string;
  /** Seeds the criterion does not hold for (known values), and universe rows it keeps. */
  seedsFailing: number;
  universeKept: number;
}

export interface SeedsAnalysis {
  design: string;
  seeds: number;
  universe: number;
  match: SeedMatch;
  columns: ColumnDecision[];
  tests: ValueTest[];
  criteria: SeedsCriterion[];
  /** What the draft keeps: universe rows passing every filter, and per tier. */
  coverage: {
    passFilters: number;
    seedsPassFilters: number;
    seedsRemoved: number;
    tiers: { tier: string; universe: number; seeds: number }[];
    text: string;
  };
  /** The combination of the top values (one per attribute) and how much of the universe it keeps. */
  pattern: { values: string[]; seeds: number; universe: number; text: string } | null;
  supported: string[];
  warnings: string[];
  noSignal: string | null;
}

export interface SeedsResult {
  analysis: SeedsAnalysis;
  draft: string;
}

const KEY_FIELDS = new Set(["id", "domain", "name", "email", "linkedin"]);
const n = (x: number) => x.toLocaleString("en-US");
const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;

/**
 * The best customers as rows on the universe's columns: found in the universe (registrable domain,
 * then normalised name, then id when the file has nothing else), taken from it; else their own
 * row mapped onto the universe's columns (same standard field, or same column name).
 */
export function matchSeeds(
  seeds: LoadedTable,
  universe: LoadedTable,
): { rows: Record_[]; inUniverse: Set<number>; outside: Record_[]; match: SeedMatch } {
  // Only the keys the seeds hold are looked for: one pass per key kind over the universe, each
  // key kept with the rows holding it (two rows: ambiguous, matches none).
  const seedKeys = seeds.rows.map((r) => accountKeys(seeds, r));
  const want = {
    domain: new Set(seedKeys.map((k) => k.domain).filter((x): x is string => x !== null)),
    name: new Set(seedKeys.map((k) => k.name).filter((x): x is string => x !== null)),
    id: new Set(
      seedKeys
        .filter((k) => k.domain === null && k.name === null)
        .map((k) => k.id)
        .filter((x): x is string => x !== null),
    ),
  };
  const uCol = (f: string) => universe.mapping.find((m) => m.field === f)?.column;
  const scan = (field: "domain" | "name" | "id", key: (v: RawValue) => string | null) => {
    const m = new Map<string, number[]>();
    const col = uCol(field);
    if (!col || want[field].size === 0) return m;
    universe.rows.forEach((r, i) => {
      const k = key(r[col] ?? null);
      if (k === null || !want[field].has(k)) return;
      const l = m.get(k);
      if (l) l.push(i);
      else m.set(k, [i]);
    });
    return m;
  };
  const index = {
    byDomain: scan("domain", registrableDomain),
    byName: scan("name", (v) => {
      const t = isMissing(v) ? "" : String(v).trim();
      return t ? companyKey(t) || null : null;
    }),
    byId: scan("id", (v) => (isMissing(v) ? null : String(v).trim() || null)),
  };
  const match: SeedMatch = {
    rows: seeds.rows.length,
    byDomain: 0,
    byName: 0,
    byId: 0,
    ownRows: 0,
    notFound: [],
    duplicates: 0,
  };
  const inUniverse = new Set<number>();
  const rows: Record_[] = [];
  /** The best customers profiled from their own rows (not in the universe). */
  const outside: Record_[] = [];
  // universe column ← seed column: the same standard field, else the same column name
  const seedColumnFor = new Map<string, string>();
  const seedByField = new Map(seeds.mapping.map((m) => [m.field, m.column]));
  const seedByKey = new Map(seeds.columns.map((c) => [columnKey(c), c]));
  for (const c of universe.columns) {
    const f = universe.mapping.find((m) => m.column === c)?.field;
    const s = (f ? seedByField.get(f) : undefined) ?? seedByKey.get(columnKey(c));
    if (s !== undefined) seedColumnFor.set(c, s);
  }
  const keyColumns = new Set(seeds.mapping.filter((m) => KEY_FIELDS.has(m.field)).map((m) => m.column));
  const unique = (m: Map<string, number[]>, k: string | null) => {
    if (k === null) return undefined;
    const hit = m.get(k);
    return hit?.length === 1 ? hit[0] : undefined;
  };
  seeds.rows.forEach((row, i) => {
    const k = seedKeys[i] as ReturnType<typeof accountKeys>;
    let at = unique(index.byDomain, k.domain);
    let by: "byDomain" | "byName" | "byId" = "byDomain";
    if (at === undefined) {
      at = unique(index.byName, k.name);
      by = "byName";
    }
    if (at === undefined && k.domain === null && k.name === null) {
      at = unique(index.byId, k.id);
      by = "byId";
    }
    if (at !== undefined) {
      if (inUniverse.has(at)) {
        match.duplicates++;
        return;
      }
      inUniverse.add(at);
      match[by]++;
      rows.push(universe.rows[at] as Record_);
      return;
    }
    // not in the universe: its own attributes, if it has any beyond its keys
    const own: Record_ = {};
    let attributes = 0;
    for (const [u, s] of seedColumnFor) {
      const v: RawValue = row[s] ?? null;
      own[u] = v;
      if (!isMissing(v) && !keyColumns.has(s)) attributes++;
    }
    if (attributes > 0) {
      match.ownRows++;
      rows.push(own);
      outside.push(own);
    } else
      match.notFound.push({
        row: i + 1,
        key:
          k.domain ??
          (k.name !== null ? String(row[[...keyColumns][0] ?? ""] ?? k.name) : (k.id ?? "(no key)")),
      });
  });
  return { rows, inUniverse, outside, match };
}

interface Tally {
  x: number;
  K: number;
}

/** Seeds and all rows holding each segment of an attribute, and the known totals. */
function tallies(a: Attribute, values: readonly RawValue[]) {
  const seg = a.segments.map((): Tally => ({ x: 0, K: 0 }));
  let seedsKnown = 0;
  let allKnown = 0;
  const missingSeg = a.segments.findIndex((s) => s.kind === "missing");
  a.cellSegments.forEach((ss, c) => {
    const rows = a.cellN[c] as number;
    const best = a.cellBest[c] as number;
    if (!rows) return;
    const raw = values[c];
    const missing =
      (missingSeg >= 0 && ss.includes(missingSeg)) ||
      isMissing(raw) ||
      (raw !== undefined && raw !== null && a.placeholders.includes(String(raw).trim().toLowerCase()));
    if (missing) return;
    seedsKnown += best;
    allKnown += rows;
    for (const s of ss) {
      const t = seg[s] as Tally;
      t.x += best;
      t.K += rows;
    }
  });
  return { seg, seedsKnown, allKnown };
}

function valueTest(
  a: Attribute,
  kind: ValueTest["kind"],
  label: string,
  t: Tally,
  seedsKnown: number,
  allKnown: number,
  extra: Partial<ValueTest>,
  multiplier = 1,
): ValueTest {
  const uKnown = allKnown - seedsKnown;
  const u = t.K - t.x;
  const seedShare = seedsKnown ? t.x / seedsKnown : 0;
  const universeShare = uKnown ? u / uKnown : 0;
  const tails = hypergeometricTails(t.x, seedsKnown, t.K, allKnown);
  const p = Math.min(1, 2 * Math.min(tails.upper, tails.lower) * multiplier);
  // Tarone (1990): the smallest p-value these margins allow (every seed holding it, or none); a
  // value that could not reach 5% whatever the seeds did is not counted in the FDR adjustment.
  const most = hypergeometricTails(Math.min(seedsKnown, t.K), seedsKnown, t.K, allKnown).upper;
  const least = hypergeometricTails(
    Math.max(0, seedsKnown + t.K - allKnown),
    seedsKnown,
    t.K,
    allKnown,
  ).lower;
  const attainable = Math.min(1, 2 * Math.min(most, least) * multiplier);
  const cp = clopperPearson(t.x, seedsKnown);
  const lift = universeShare > 0 ? seedShare / universeShare : null;
  return {
    field: a.field,
    column: a.column,
    kind,
    label,
    ...extra,
    seeds: t.x,
    seedsKnown,
    universe: u,
    universeKnown: uKnown,
    seedShare,
    universeShare,
    lift,
    liftCi:
      universeShare > 0
        ? { lo: cp.lo / universeShare, hi: cp.hi / universeShare }
        : { lo: Number.POSITIVE_INFINITY, hi: Number.POSITIVE_INFINITY },
    p,
    q: 1,
    testable: attainable < 0.05,
    direction: "no difference",
  };
}

/** Weight points from a lift: log2 of the lift shrunk toward 1 (half a seed added), 1–10 points. */
const pointsOf = (t: ValueTest): number => {
  const shrunk = (t.seeds + 0.5) / (t.seedsKnown + 1) / Math.max(t.universeShare, 1e-6);
  return Math.max(1, Math.min(10, Math.round(2 * Math.log2(Math.max(1, shrunk)))));
};

export function analyseSeeds(o: SeedsInput): SeedsResult {
  const warnings: string[] = [];
  const { rows: seedRows, inUniverse, match } = matchSeeds(o.seeds, o.universe);
  const rest = o.universe.rows.filter((_, i) => !inUniverse.has(i));
  const combined: LoadedTable = {
    ...o.universe,
    rows: [...rest, ...seedRows],
    rejects: [],
  };
  const y = combined.rows.map((_, i) => (i >= rest.length ? 1 : 0) as 0 | 1);
  const k = seedRows.length;
  if (match.notFound.length)
    warnings.push(
      `${n(match.notFound.length)} best customers are not in the universe and the file gives nothing else about them (e.g. ${match.notFound
        .slice(0, 3)
        .map((x) => x.key)
        .join(", ")}): they are not profiled. Enrich them first (icp enrich), or add them to the universe.`,
    );
  if (match.ownRows)
    warnings.push(
      `${n(match.ownRows)} best customers are not in the universe and are profiled from their own rows: if their file was filled differently from the universe (another vendor, another date), differences may be the source's, not the customers'.`,
    );
  const columns = columnsOfRows(combined);
  const exclude = new Set(o.exclude ?? []);
  const built = buildAttributes(columns, y, {
    asOf: o.asOf,
    minSupport: 3,
    exclude,
    examine: o.examine ?? NO_EXAMINE_OPTIONS,
    design: "seeds",
  });
  const tests: ValueTest[] = [];
  const known = new Map<string, { seeds: number; all: number }>();
  const attrs0 = new Map(built.attributes.map((a) => [a.field, a]));
  const categoryShares = new Map<
    string,
    { shares: number[]; K: number[]; seedsKnown: number; allKnown: number }
  >();
  for (const a of built.attributes) {
    const values = columns.column(a.column).values;
    const { seg, seedsKnown, allKnown } = tallies(a, values);
    known.set(a.field, { seeds: seedsKnown, all: allKnown });
    if (seedsKnown === 0 || allKnown - seedsKnown === 0) continue;
    // Filled differently: known for most seeds but few universe rows (or the reverse).
    const uKnownShare = (allKnown - seedsKnown) / Math.max(1, rest.length);
    const sKnownShare = seedsKnown / Math.max(1, k);
    if (Math.abs(uKnownShare - sKnownShare) > 0.4)
      warnings.push(
        `${a.column}: known for ${pct(sKnownShare)} of the best customers but ${pct(uKnownShare)} of the universe: the two were filled differently, so its values are compared only where known.`,
      );
    if (a.kind === "number") {
      // every contiguous run of the universe's decile bins: the one that best separates the seeds
      const bins = a.segments.map((s, i) => ({ s, i })).filter((e) => e.s.kind === "range");
      const runs: { lo: number; hi: number; t: Tally }[] = [];
      for (let i = 0; i < bins.length; i++) {
        const t: Tally = { x: 0, K: 0 };
        for (let j = i; j < bins.length; j++) {
          const b = seg[(bins[j] as { i: number }).i] as Tally;
          t.x += b.x;
          t.K += b.K;
          if (i === 0 && j === bins.length - 1) continue; // the whole range tests nothing
          runs.push({ lo: i, hi: j, t: { ...t } });
        }
      }
      // The run with the smallest raw p, its p adjusted for having looked at every run: the share
      // of seeded draws of as many seeds from the universe (its bin shares, no effect) whose best
      // run is at least as extreme (a min-p Monte Carlo adjustment; Westfall & Young 1993).
      let best: ValueTest | null = null;
      for (const r of runs) {
        const lo = (bins[r.lo] as { s: { min?: number } }).s.min;
        const hi = (bins[r.hi] as { s: { max?: number } }).s.max;
        const label =
          lo === undefined
            ? `below ${fmt(hi)}`
            : hi === undefined
              ? `${fmt(lo)} or more`
              : `${fmt(lo)} to under ${fmt(hi)}`;
        const v = valueTest(a, "range", label, r.t, seedsKnown, allKnown, {
          ...(lo !== undefined ? { min: lo } : {}),
          ...(hi !== undefined ? { max: hi } : {}),
        });
        if ((v.lift ?? 0) <= 1) continue;
        if (!best || v.p < best.p || (v.p === best.p && v.universe < best.universe)) best = v;
      }
      if (best && runs.length > 1) {
        const shares = bins.map((b) => (seg[b.i] as Tally).K / allKnown);
        best.p = adjustedP(minPNull(shares, seedsKnown, allKnown, runs, stableSeed(a.field)), best.p);
        best.testable = true;
      }
      if (best) tests.push(best);
    } else {
      if (a.kind === "category") {
        const idx = a.segments
          .map((sg, i) => ({ sg, i }))
          .filter((e) => e.sg.kind === "value" || e.sg.kind === "other");
        categoryShares.set(a.field, {
          shares: idx.map((e) => (seg[e.i] as Tally).K / allKnown),
          K: idx.map((e) => (seg[e.i] as Tally).K),
          seedsKnown,
          allKnown,
        });
      }
      a.segments.forEach((s, i) => {
        if (s.kind === "missing" || s.kind === "range") return;
        const t = seg[i] as Tally;
        if (t.K === 0) return;
        tests.push(
          valueTest(
            a,
            s.kind === "item" ? "item" : s.kind === "other" ? "other" : "value",
            s.label,
            t,
            seedsKnown,
            allKnown,
            {
              ...(s.values ? { values: s.values } : {}),
            },
          ),
        );
      });
    }
  }
  // Two-stage false-discovery control (Benjamini & Bogomolov, JRSS-B 76, 2014): first the
  // attributes — each one's smallest p, Bonferroni over its testable values — with
  // Benjamini–Hochberg over the attributes; then, inside each selected attribute, its values with
  // Benjamini–Hochberg at level 0.05 × selected ÷ tested. A column of 3,000 cities then costs that
  // column, not the industry beside it. Reported q: the within-attribute q scaled so that q < 0.05
  // is the selection.
  const families = new Map<string, ValueTest[]>();
  for (const t of tests) if (t.testable) families.set(t.field, [...(families.get(t.field) ?? []), t]);
  const fam = [...families].map(([field, ts]) => {
    const a = attrs0.get(field);
    const shares = categoryShares.get(field);
    // a category's values exclude each other: each value's p adjusted by the min-p over all of
    // them, from seeded draws of the seeds at the universe's value shares; list items overlap:
    // Bonferroni over the testable ones; a range is one test, already adjusted for the scan
    if (a?.kind === "category" && shares && ts.length > 1) {
      const nullMin = minPNull(
        shares.shares,
        shares.seedsKnown,
        shares.allKnown,
        shares.shares.map((_, i) => ({ lo: i, hi: i, t: { x: 0, K: shares.K[i] as number } })),
        stableSeed(field),
        false,
      );
      for (const t of ts) t.p = adjustedP(nullMin, t.p);
    } else if (ts.length > 1) for (const t of ts) t.p = Math.min(1, t.p * ts.length);
    return { field, ts, p: Math.min(...ts.map((t) => t.p)) };
  });
  const famQ = benjaminiHochberg(fam.map((f) => f.p));
  const selected = fam.filter((_, i) => (famQ[i] ?? 1) < 0.05);
  const scale = selected.length ? fam.length / selected.length : 1;
  // inside a selected attribute the values' p are already adjusted for the attribute (min-p or
  // Bonferroni: family-wise), so the selection is p ≤ 0.05 × selected ÷ tested
  for (const f of selected) for (const t of f.ts) t.q = Math.min(1, t.p * scale);
  fam.forEach((f, i) => {
    if ((famQ[i] ?? 1) >= 0.05) for (const t of f.ts) t.q = Math.max(t.q, famQ[i] ?? 1);
  });
  const testable = tests.filter((t) => t.testable);
  tests.forEach((t) => {
    t.direction =
      t.q < 0.05
        ? (t.lift ?? Number.POSITIVE_INFINITY) > 1
          ? "more among the best"
          : "less among the best"
        : "no difference";
  });
  tests.sort((a, b) => a.p - b.p || b.seeds - a.seeds || (a.field < b.field ? -1 : 1));

  // The draft's criteria, attribute by attribute.
  const attrs = new Map(built.attributes.map((a) => [a.field, a]));
  const criteria: SeedsCriterion[] = [];
  const byField = new Map<string, ValueTest[]>();
  for (const t of tests)
    if (t.direction !== "no difference") byField.set(t.field, [...(byField.get(t.field) ?? []), t]);
  for (const [field, ts] of byField) {
    const a = attrs.get(field) as Attribute;
    const kn = known.get(field) ?? { seeds: 0, all: 0 };
    const mostKnown = kn.seeds >= Math.max(3, 0.75 * k);
    const up = ts.filter((t) => t.direction === "more among the best");
    const down = ts.filter((t) => t.direction === "less among the best" && t.kind === "value");
    if (a.kind === "category" && up.some((t) => t.kind === "value")) {
      const vals = up.filter((t) => t.kind === "value");
      const held = vals.reduce((s, t) => s + t.seeds, 0);
      const uni = vals.reduce((s, t) => s + t.universe, 0);
      const all = held === kn.seeds && mostKnown;
      const list = vals.flatMap((t) => t.values ?? [t.label]);
      criteria.push({
        field,
        column: a.column,
        standard: a.standard,
        type: "category",
        role: all ? "require" : "signal",
        label: `${a.column}: ${list.slice(0, 3).join(", ")}${list.length > 3 ? ` (+${list.length - 3})` : ""}`,
        test: { in: list },
        ...(all ? {} : { weight: Math.max(...vals.map(pointsOf)) }),
        evidence: vals.map((t) => evidence(t)).join("; "),
        seedsFailing: kn.seeds - held,
        universeKept: uni,
      });
    }
    if (a.kind === "number") {
      const t = up[0];
      if (t) {
        const all = t.seeds === kn.seeds && mostKnown;
        criteria.push({
          field,
          column: a.column,
          standard: a.standard,
          type: "number",
          role: all ? "require" : "signal",
          label: `${a.column}: ${t.label}`,
          test: {
            range: {
              ...(t.min !== undefined ? { min: t.min } : {}),
              ...(t.max !== undefined ? { below: t.max } : {}),
            },
          },
          ...(all ? {} : { weight: pointsOf(t) }),
          evidence: evidence(t),
          seedsFailing: kn.seeds - t.seeds,
          universeKept: t.universe,
        });
      }
    }
    if (a.kind === "list")
      for (const t of up.filter((x) => x.kind === "item")) {
        const all = t.seeds === kn.seeds && mostKnown;
        criteria.push({
          field,
          column: a.column,
          standard: a.standard,
          type: "list",
          role: all ? "require" : "signal",
          label: `${a.column} includes ${t.label}`,
          test: { any: t.values ?? [t.label] },
          ...(all ? {} : { weight: pointsOf(t) }),
          evidence: evidence(t),
          seedsFailing: kn.seeds - t.seeds,
          universeKept: t.universe,
        });
      }
    for (const t of down)
      criteria.push({
        field,
        column: a.column,
        standard: a.standard,
        type: "category",
        role: "signal",
        label: `${a.column}: ${t.label} (rare among the best)`,
        test: { in: t.values ?? [t.label] },
        weight: -Math.max(
          1,
          Math.min(
            10,
            Math.round(
              2 * Math.log2(1 / Math.max(1e-6, (t.seeds + 0.5) / (t.seedsKnown + 1) / t.universeShare)),
            ),
          ),
        ),
        evidence: evidence(t),
        seedsFailing: 0,
        universeKept: t.universe,
      });
  }
  criteria.sort((a, b) =>
    a.role === b.role ? (b.weight ?? 0) - (a.weight ?? 0) : a.role === "require" ? -1 : 1,
  );

  const noSignal =
    criteria.length === 0
      ? `Your data shows no reliable signal: none of the ${n(tests.length)} values tested is more (or less) common among the ${n(k)} best customers than in the universe beyond chance (5% false discovery rate).`
      : null;
  const supported = supportLines(k);
  const draft = seedsDraftYaml(o, criteria, { k, universe: rest.length, noSignal, warnings });
  // What the draft keeps, by scoring it: the seeds (none may be disqualified) and the universe.
  const coverage = coverageOf(draft, combined, rest.length, o.asOf);
  if (coverage.seedsRemoved > 0)
    warnings.push(
      `the draft disqualifies ${n(coverage.seedsRemoved)} of the best customers: review its filters before using it`,
    );
  const top = tests.filter((t) => t.direction === "more among the best");
  const pattern = patternOf(top, built.attributes, columns, y, rest.length);
  return {
    analysis: {
      design: `${n(k)} best customers against ${n(rest.length)} other companies of the universe: per value, Fisher's exact test (two-sided), lift with a Clopper–Pearson interval, false discoveries controlled in two stages (attributes, then their values; Benjamini–Bogomolov) over the ${n(testable.length)} of ${n(tests.length)} values whose margins allow p < 0.05 (Tarone)`,
      seeds: k,
      universe: rest.length,
      match,
      columns: built.columns,
      tests,
      criteria,
      coverage,
      pattern,
      supported,
      warnings,
      noSignal,
    },
    draft,
  };
}

/**
 * The null distribution of the smallest p over the runs (ranges, or single values) when n seeds
 * fall in the bins at the universe's shares: 2,000 seeded multinomial draws (the universe is large
 * beside the seeds), sorted. A value's adjusted p is the share of draws whose smallest p is at
 * least as small (single-step min-p; Westfall & Young, Resampling-Based Multiple Testing, 1993).
 */
function minPNull(
  shares: readonly number[],
  n: number,
  N: number,
  runs: readonly { lo: number; hi: number; t: Tally }[],
  seed: number,
  onlyOver = true,
): Float64Array {
  const rng = new Rng(seed);
  const B = 2000;
  const draw = categorical(shares);
  const counts = new Array<number>(shares.length).fill(0);
  const out = new Float64Array(B);
  const cache = new Map<number, number>();
  for (let b = 0; b < B; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const j = draw(rng);
      counts[j] = (counts[j] as number) + 1;
    }
    let minP = 1;
    runs.forEach((r, ri) => {
      let x = 0;
      for (let j = r.lo; j <= r.hi; j++) x += counts[j] as number;
      const K = r.t.K;
      if (onlyOver && x / n <= K / N) return;
      const key = ri * 100_000 + x;
      let p = cache.get(key);
      if (p === undefined) {
        const t = hypergeometricTails(x, n, K, N);
        p = Math.min(1, 2 * Math.min(t.upper, t.lower));
        cache.set(key, p);
      }
      if (p < minP) minP = p;
    });
    out[b] = minP;
  }
  return out.sort();
}

/** The adjusted p of an observed p against the sorted null min-p draws. */
function adjustedP(nullMin: Float64Array, p: number): number {
  let lo = 0;
  let hi = nullMin.length;
  const x = p * (1 + 1e-9);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((nullMin[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return (1 + lo) / (1 + nullMin.length);
}

const fmt = (x: number | undefined) =>
  x === undefined ? "" : Number.isInteger(x) ? n(x) : String(Math.round(x * 100) / 100);

function evidence(t: ValueTest): string {
  const ci = Number.isFinite(t.liftCi.lo)
    ? `${t.liftCi.lo.toFixed(1)}–${Number.isFinite(t.liftCi.hi) ? t.liftCi.hi.toFixed(1) : "∞"}×`
    : "—";
  return `${t.label}: ${t.seeds} of ${t.seedsKnown} best (${pct(t.seedShare)}) vs ${pct(t.universeShare)} of the universe; lift ${t.lift === null ? "∞" : `${t.lift.toFixed(1)}×`} (95% CI ${ci}), q = ${t.q < 0.001 ? "< 0.001" : t.q.toFixed(3)}`;
}

/** What n seeds can show: how many must share a value of a given universe share to stand out at 5%. */
function supportLines(k: number): string[] {
  const need = (p: number) => {
    const N = 100_000;
    const K = Math.round(p * N);
    for (let x = 0; x <= k; x++) if (hypergeometricTails(x, k, K, N).upper * 2 < 0.05) return x;
    return null;
  };
  const parts = [0.5, 0.2, 0.05, 0.01].map((p) => {
    const x = need(p);
    return `${pct(p)} of the universe: ${x === null ? "not even all of them" : `${x} of ${k}`}`;
  });
  return [
    `With ${k} best customers, a value stands out (before the false-discovery adjustment) when at least this many share it — a value held by ${parts.join("; ")}. More universe rows do not change this; more best customers do.`,
    "Supported: what the best customers share more (or less) often than the market they came from. Not supported: which of the best are better (there is no outcome among them), and anything the universe does not record.",
  ];
}

function seedsDraftYaml(
  o: SeedsInput,
  criteria: readonly SeedsCriterion[],
  m: { k: number; universe: number; noSignal: string | null; warnings: readonly string[] },
): string {
  const L: string[] = [];
  L.push(
    `# Draft ICP discovered by icpkit from ${m.k} best customers against ${n(m.universe)} companies (${o.sources}), as of ${o.asOf}.`,
  );
  L.push(
    "# Hard filters only where every best customer with a known value agrees; the rest are weighted signals.",
  );
  if (m.noSignal) L.push(`# ${m.noSignal}`);
  for (const w of m.warnings) L.push(`# WARNING: ${w}`);
  L.push("icp: 1");
  L.push(`name: ${JSON.stringify(o.name)}`);
  L.push("version: 0.1.0");
  L.push(
    `description: ${JSON.stringify(`Discovered from ${m.k} best customers against a universe (${o.sources})`)}`,
  );
  if (o.provenance) L.push(...provenanceYaml(o.provenance));
  const custom = [...new Map(criteria.filter((c) => !c.standard).map((c) => [c.field, c])).values()];
  if (custom.length) {
    L.push("fields:");
    for (const c of custom)
      L.push(`  ${c.field}: { type: ${c.type}, column: ${JSON.stringify(c.column)}, normalize: none }`);
  }
  if (!criteria.length) {
    // nothing to score by: the file says so, and `icp check` explains it
    L.push("criteria: []");
    return `${L.join("\n")}\n`;
  }
  if (!criteria.some((c) => c.role === "signal" && (c.weight ?? 0) > 0)) {
    // filters only: every company that passes them scores the same (icp check warns)
    L.push("criteria:");
    for (const c of criteria) block(L, c);
    return `${L.join("\n")}\n`;
  }
  L.push("criteria:");
  for (const c of criteria) block(L, c);
  L.push("tiers:");
  L.push("  - { name: A, min_score: 60, route: ae }");
  L.push("  - { name: B, min_score: 30, route: nurture }");
  L.push("  - { name: C, route: disqualify }");
  return `${L.join("\n")}\n`;
}

function block(L: string[], c: SeedsCriterion): void {
  L.push(
    `  # ${c.evidence}${c.role === "require" ? " — every best customer with a known value has it: a filter" : ""}`,
  );
  L.push(`  - label: ${JSON.stringify(c.label)}`);
  L.push(`    field: ${c.field}`);
  const t = c.test;
  if ("in" in t) L.push(`    in: [${t.in.map((v) => JSON.stringify(v)).join(", ")}]`);
  else if ("any" in t) L.push(`    any: [${t.any.map((v) => JSON.stringify(v)).join(", ")}]`);
  else
    L.push(
      `    range: { ${[t.range.min !== undefined ? `min: ${t.range.min}` : "", t.range.below !== undefined ? `below: ${t.range.below}` : ""].filter(Boolean).join(", ")} }`,
    );
  if (c.role === "require") L.push("    require: true");
  else L.push(`    weight: ${c.weight}`);
}

/** Score the combined table with the draft: seeds disqualified (goal: none), universe kept, per tier. */
function coverageOf(
  draft: string,
  combined: LoadedTable,
  restN: number,
  asOf: string,
): SeedsAnalysis["coverage"] {
  const checked = checkProfileText(draft);
  const profile = checked.profile;
  if (!profile)
    return {
      passFilters: restN,
      seedsPassFilters: combined.rows.length - restN,
      seedsRemoved: 0,
      tiers: [],
      text: "the draft could not be scored",
    };
  const { results } = scoreRows(profile, combined.rows, { asOf, columns: combined.columns });
  let pass = 0;
  let seedsPass = 0;
  let removed = 0;
  const tiers = new Map<string, { universe: number; seeds: number }>();
  results.forEach((r, i) => {
    const seed = i >= restN;
    const ok = r.state !== "disqualified";
    if (ok) {
      if (seed) seedsPass++;
      else pass++;
    } else if (seed) removed++;
    if (r.tier) {
      const t = tiers.get(r.tier) ?? { universe: 0, seeds: 0 };
      if (seed) t.seeds++;
      else t.universe++;
      tiers.set(r.tier, t);
    }
  });
  const tierList = profile.tiers.map((t) => ({
    tier: t.name,
    ...(tiers.get(t.name) ?? { universe: 0, seeds: 0 }),
  }));
  const a = tierList[0];
  return {
    passFilters: pass,
    seedsPassFilters: seedsPass,
    seedsRemoved: removed,
    tiers: tierList,
    text: `Your ICP describes ${n(pass)} of these ${n(restN)} companies (${pct(restN ? pass / restN : 0)}) and keeps ${n(seedsPass)} of the ${n(combined.rows.length - restN)} best customers${a ? `; tier ${a.tier}: ${n(a.universe)} companies` : ""}.`,
  };
}

/** The top value of each of up to three attributes together: seeds and universe rows holding all. */
function patternOf(
  top: readonly ValueTest[],
  attrs: readonly Attribute[],
  columns: ReturnType<typeof columnsOfRows>,
  y: readonly (0 | 1)[],
  restN: number,
): SeedsAnalysis["pattern"] {
  const picked: ValueTest[] = [];
  for (const t of top) if (!picked.some((p) => p.field === t.field) && picked.length < 3) picked.push(t);
  if (!picked.length) return null;
  const holds = picked.map((t) => {
    const a = attrs.find((x) => x.field === t.field) as Attribute;
    const segs = a.segments
      .map((s, i) => ({ s, i }))
      .filter(({ s }) =>
        t.kind === "range"
          ? s.kind === "range" &&
            (t.min === undefined || (s.min ?? Number.NEGATIVE_INFINITY) >= t.min) &&
            (t.max === undefined || (s.max ?? Number.POSITIVE_INFINITY) <= t.max)
          : s.label === t.label && s.kind !== "missing",
      )
      .map(({ i }) => i);
    const codes = columns.column(a.column).codes;
    return (row: number) => {
      const ss = a.cellSegments[codes[row] as number];
      return ss ? segs.some((s) => ss.includes(s)) : false;
    };
  });
  let seeds = 0;
  let universe = 0;
  for (let i = 0; i < y.length; i++)
    if (holds.every((h) => h(i))) {
      if (y[i]) seeds++;
      else universe++;
    }
  const values = picked.map((t) => `${t.column}: ${t.label}`);
  return {
    values,
    seeds,
    universe,
    text: `${values.join(" + ")}: ${seeds} of the best customers and ${n(universe)} of ${n(restN)} companies (${pct(restN ? universe / restN : 0)}) hold all of them.`,
  };
}

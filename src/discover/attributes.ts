/**
 * The attributes discovery examines, and the segments each splits accounts into: every category
 * (values below the minimum support pooled as "other"), every number (optimally binned), every list
 * (each item). Standard fields are read through their normalisers, so segments use canonical
 * values (LinkedIn industries, ISO countries, employee counts) and map straight onto profile fields.
 */

import { NORMALISERS } from "../data/normalise/registry.js";
import { fold, isMissing, type RawValue, toCategory, toList, toNumber } from "../engine/values.js";
import { parseDerivedField } from "../profile/derived.js";
import { bindField, columnKey, type FieldType, STANDARD_FIELDS } from "../profile/fields.js";
import { type Bin, binCounts, binOf, quantileBins } from "./binning.js";
import type { CodedColumn, ExampleColumns } from "./columns.js";
import {
  type ColumnCells,
  type ColumnDecision,
  type ExaminedKind,
  type ExamineOptions,
  examineColumn,
  NO_EXAMINE_OPTIONS,
} from "./examine.js";

export type AttributeKind = "category" | "number" | "list";

export interface Segment {
  attribute: string;
  /** "value": category values; "range": [min, max) of a number; "item": a list item; "other": pooled rare values; "missing". */
  kind: "value" | "range" | "item" | "other" | "missing";
  label: string;
  values?: string[];
  min?: number;
  max?: number;
}

export interface Attribute {
  /** The profile field name (a standard field's name, else the column as snake_case). */
  field: string;
  column: string;
  kind: AttributeKind;
  standard: boolean;
  /** A number field holding a year. */
  year?: boolean;
  /** The normaliser its values went through (null: read as written). */
  normalize: string | null;
  /** Folded placeholders read as missing ("select", "unknown"…). */
  placeholders: string[];
  /** A numeric sentinel read as missing (999 for "never"). */
  sentinel?: number;
  segments: Segment[];
  /** Per example: its cell's code in the column (see ExampleColumns). */
  codes: Int32Array;
  /** Per distinct cell: the segments it falls in (one for category/number, any for list). */
  cellSegments: Int32Array[];
  /** Per distinct cell: labelled examples holding it, and best ones among them. */
  cellN: Float64Array;
  cellBest: Float64Array;
}

export interface AttributeOptions {
  asOf: string;
  minSupport: number;
  /** Columns never examined (the outcome, its date, columns named by the user). */
  exclude: ReadonlySet<string>;
  /** --include / --exclude / --missing-value / --keep-value. */
  examine?: ExamineOptions;
  /**
   * "seeds": a few best customers against a universe. Numbers are cut at the universe's deciles
   * (no supervised merging: a dozen positives would fold into one bin), and every category value or
   * list item that two best customers share is a segment, however rare or many.
   */
  design?: "outcome" | "seeds";
}

/** At most this many values of one category become segments; the rest are pooled as "other values". */
const MAX_VALUES = 100;

function fieldName(column: string): string {
  // trigger columns keep the derived field's name, so the draft scores with `icp score --events`
  if (parseDerivedField(column)?.ok) return column;
  return (
    column
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "") || "column"
  );
}

interface PlannedField {
  field: string;
  column: string;
  type: FieldType;
  normalize: string | null;
  standard: boolean;
  year?: boolean;
}

/**
 * The standard fields bound to the columns (their normalisers give canonical values), and every
 * other column: none is skipped for its name — what a column holds is decided from its cells.
 */
function standardPlan(
  columns: readonly string[],
  exclude: ReadonlySet<string>,
): { plan: PlannedField[]; others: string[] } {
  const used = new Set<string>();
  const plan: PlannedField[] = [];
  for (const f of STANDARD_FIELDS) {
    const b = bindField(f, columns);
    if (!b || used.has(b.column) || exclude.has(b.column)) continue;
    // a region read from the country column repeats the country: not a separate attribute
    if (f.name === "region" && !f.columns.some((c) => columnKey(c) === columnKey(b.column))) continue;
    used.add(b.column);
    plan.push({
      field: f.name,
      column: b.column,
      type: f.type,
      normalize: b.normalize,
      standard: true,
      ...(f.year ? { year: true } : {}),
    });
  }
  const others = columns.filter((c) => !used.has(c) && !exclude.has(c));
  return { plan, others };
}

/** The columns `buildAttributes` may read, for readers that load only those. */
export function columnsToExamine(columns: readonly string[], exclude: ReadonlySet<string>): string[] {
  const { plan, others } = standardPlan(columns, exclude);
  return [...plan.map((p) => p.column), ...others];
}

export interface BuiltAttributes {
  attributes: Attribute[];
  /** One decision per column: examined as what, or set aside and why. */
  columns: ColumnDecision[];
}

export function buildAttributes(
  t: ExampleColumns,
  y: readonly (0 | 1 | null)[],
  o: AttributeOptions,
): BuiltAttributes {
  const out: Attribute[] = [];
  const decisions: ColumnDecision[] = [];
  const ex = o.examine ?? NO_EXAMINE_OPTIONS;
  // each example's label as a byte (-1: no outcome)
  const label = new Int8Array(t.n);
  for (let i = 0; i < t.n; i++) {
    const v = y[i];
    label[i] = v === null || v === undefined ? -1 : v;
  }
  // per column, per distinct cell: examples, labelled ones, best ones (counted once per column)
  const tallies = new Map<string, { rows: Float64Array; n: Float64Array; best: Float64Array }>();
  const tally = (column: string) => {
    const hit = tallies.get(column);
    if (hit) return hit;
    const { values, codes } = t.column(column);
    const rows = new Float64Array(values.length);
    const n = new Float64Array(values.length);
    const best = new Float64Array(values.length);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i] as number;
      rows[c] = (rows[c] as number) + 1;
      const v = label[i] as number;
      if (v < 0) continue;
      n[c] = (n[c] as number) + 1;
      best[c] = (best[c] as number) + v;
    }
    const counts = { rows, n, best };
    tallies.set(column, counts);
    return counts;
  };
  const exclude = new Set([...o.exclude, ...ex.exclude]);
  const { plan: standard, others } = standardPlan(t.columns, o.exclude);
  const plan: (PlannedField & { decision: ColumnDecision })[] = [];
  const decide = (column: string, standardKind?: ExaminedKind): ColumnDecision => {
    const wide = t.wide?.(column);
    // an excluded column is reported, never read (readers may not have loaded it)
    const d = exclude.has(column)
      ? examineColumn(column, { values: [], rows: [] }, { ...ex, exclude }, standardKind)
      : wide
        ? examineColumn(column, wide, { ...ex, exclude }, standardKind)
        : t.units?.columns.includes(column)
          ? examineColumn(
              column,
              unitCells((t.units as ExampleColumns).column(column)),
              { ...ex, exclude },
              standardKind,
            )
          : examineColumn(
              column,
              { values: t.column(column).values, rows: tally(column).rows, codes: t.column(column).codes },
              { ...ex, exclude },
              standardKind,
            );
    decisions.push(d);
    return d;
  };
  for (const p of standard) {
    const kind = p.type === "category" || p.type === "number" || p.type === "list" ? p.type : undefined;
    if (!kind) continue;
    const d = decide(p.column, kind);
    if (d.kind !== null) plan.push({ ...p, type: d.kind, decision: d });
  }
  for (const c of others) {
    const derived = parseDerivedField(c);
    // trigger counts are numbers however few their values (0, 1, 2…): binned, tested with `range`
    const d = decide(c, derived?.ok && derived.decl.type === "number" ? "number" : undefined);
    if (d.kind === null) continue;
    let name = fieldName(c);
    while (plan.some((p) => p.field === name)) name = `${name}_`;
    plan.push({ field: name, column: c, type: d.kind, normalize: null, standard: false, decision: d });
  }

  for (const p of plan) {
    if (p.type !== "category" && p.type !== "number" && p.type !== "list") continue;
    const d = p.decision;
    const setAside = (reason: string) => {
      d.kind = null;
      d.reason = reason;
    };
    if (t.wide?.(p.column) && p.type !== "number") {
      setAside(
        `about ${d.distinct.toLocaleString("en-US")} distinct values in ${d.present.toLocaleString("en-US")} rows: no value can reach the minimum support`,
      );
      continue;
    }
    const { values, codes } = t.column(p.column);
    const { rows, n: cellN, best: cellBest } = tally(p.column);
    const normalise = p.normalize
      ? NORMALISERS[p.normalize as keyof typeof NORMALISERS].make({ asOf: o.asOf })
      : null;
    // placeholders read as missing, before any normaliser sees them
    // placeholders, and a numeric sentinel (also in a column read as categories), read as missing;
    // the texts of the sentinel's cells join the placeholders, so criteria never name them either
    const placeholders = new Set(d.placeholders);
    if (d.sentinel !== undefined)
      for (const v of values)
        if (!isMissing(v) && toNumber(v) === d.sentinel) placeholders.add(fold(String(v)));
    const unread = (v: RawValue) =>
      placeholders.size && !isMissing(v) && placeholders.has(fold(String(v))) ? null : v;
    const cleaned = placeholders.size ? values.map(unread) : values;
    let read = normalise ? cleaned.map((v) => normalise(v)) : cleaned;
    // A category normaliser that cannot read more than 5% of the values would hide them as unknown:
    // read the column as written instead (the draft declares the field with `normalize: none`).
    if (normalise && p.type === "category") {
      let present = 0;
      let lost = 0;
      cleaned.forEach((v, c) => {
        if (isMissing(v)) return;
        present += rows[c] as number;
        if (read[c] === null) lost += rows[c] as number;
      });
      if (present && lost > 0.05 * present) {
        read = cleaned;
        p.normalize = null;
        p.standard = false;
      }
    }
    const segments: Segment[] = [];
    const cellSegments: Int32Array[] = [];
    if (p.type === "number") {
      const sentinel = d.sentinel;
      const nums = read.map((v) => {
        const x = toNumber(v);
        return x === sentinel ? null : x;
      });
      // labelled examples per distinct number (two cells may read as one number)
      const byNumber = new Map<number, { n: number; best: number }>();
      let labelled = 0;
      nums.forEach((x, c) => {
        const k = cellN[c] as number;
        if (x === null || k === 0) return;
        labelled += k;
        const e = byNumber.get(x);
        if (e) {
          e.n += k;
          e.best += cellBest[c] as number;
        } else byNumber.set(x, { n: k, best: cellBest[c] as number });
      });
      if (labelled < 2 * o.minSupport) {
        setAside(
          `too few labelled values: ${labelled.toLocaleString("en-US")} (a split needs twice the minimum support, ${2 * o.minSupport})`,
        );
        continue;
      }
      const sorted = Float64Array.from(byNumber.keys()).sort();
      // bins of at least 5% of the labelled accounts: small bins fitted on the same data mostly fit noise
      const bins: Bin[] =
        o.design === "seeds"
          ? quantileBins(
              sorted,
              sorted.map((x) => byNumber.get(x)?.n ?? 0),
              sorted.map((x) => byNumber.get(x)?.best ?? 0),
            )
          : binCounts(
              sorted,
              sorted.map((x) => byNumber.get(x)?.n ?? 0),
              sorted.map((x) => byNumber.get(x)?.best ?? 0),
              Math.max(o.minSupport, Math.ceil(0.05 * labelled)),
            );
      // one bin: examined, no split worth making (kept in the report, tests nothing)
      for (const b of bins)
        segments.push({
          attribute: p.field,
          kind: "range",
          label: rangeLabel(b.lo, b.hi),
          ...(Number.isFinite(b.lo) ? { min: b.lo } : {}),
          ...(Number.isFinite(b.hi) ? { max: b.hi } : {}),
        });
      const missing = segments.length;
      segments.push({ attribute: p.field, kind: "missing", label: "unknown" });
      const only = singletons();
      for (const x of nums) cellSegments.push(only(x === null ? missing : binOf(bins, x)));
    } else if (p.type === "category") {
      const keys = read.map((v) => toCategory(v));
      const counts = new Map<string, { n: number; best: number }>();
      keys.forEach((k, c) => {
        const m = cellN[c] as number;
        if (k === null || m === 0) return;
        const e = counts.get(k);
        if (e) {
          e.n += m;
          e.best += cellBest[c] as number;
        } else counts.set(k, { n: m, best: cellBest[c] as number });
      });
      // values with the minimum support are segments (the most frequent first); the rest pooled
      const seeds = o.design === "seeds";
      const kept = [...counts]
        .filter(([, c]) => c.n >= o.minSupport || (seeds && c.best >= 2))
        .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
        .filter((e, i) => i < MAX_VALUES || (seeds && e[1].best >= 2));
      const labelledKnown = [...counts.values()].reduce((s, c) => s + c.n, 0);
      if (kept.length === 0) {
        setAside(
          `no value reaches the minimum support (${o.minSupport} labelled examples; ${counts.size.toLocaleString("en-US")} distinct values)`,
        );
        continue;
      }
      if (kept.length === 1 && (counts.size === 1 || kept[0]?.[1].n === labelledKnown)) {
        setAside(`one value among the labelled examples (${JSON.stringify(kept[0]?.[0])})`);
        continue;
      }
      const index = new Map<string, number>();
      for (const [k] of kept) {
        index.set(k, segments.length);
        segments.push({ attribute: p.field, kind: "value", label: k, values: [k] });
      }
      const other = segments.length;
      const pooled = counts.size - kept.length;
      segments.push({
        attribute: p.field,
        kind: "other",
        label: pooled > 0 ? `other values (${pooled.toLocaleString("en-US")})` : "other values",
      });
      const missing = segments.length;
      segments.push({ attribute: p.field, kind: "missing", label: "unknown" });
      const only = singletons();
      for (const k of keys) cellSegments.push(only(k === null ? missing : (index.get(k) ?? other)));
      if (pooled > 0)
        d.reason = `${d.reason}; ${kept.length} values with the minimum support, ${pooled.toLocaleString("en-US")} rarer ones pooled as "other values"`;
    } else {
      // items as ids, counted per id; each cell's distinct items
      const itemId = new Map<string, number>();
      const items: string[] = [];
      const itemN: number[] = [];
      const itemBest: number[] = [];
      const cellItems = read.map((v) => {
        const l = toList(v);
        if (!l) return null;
        const ids: number[] = [];
        for (const item of l) {
          if (placeholders.has(item)) continue;
          let id = itemId.get(item);
          if (id === undefined) {
            id = items.length;
            itemId.set(item, id);
            items.push(item);
            itemN.push(0);
            itemBest.push(0);
          }
          if (!ids.includes(id)) ids.push(id);
        }
        return ids;
      });
      cellItems.forEach((ids, c) => {
        const m = cellN[c] as number;
        if (!ids || m === 0) return;
        for (const id of ids) {
          itemN[id] = (itemN[id] as number) + m;
          itemBest[id] = (itemBest[id] as number) + (cellBest[c] as number);
        }
      });
      const seedsDesign = o.design === "seeds";
      const kept = items
        .map((k, id) => ({ k, n: itemN[id] as number, best: itemBest[id] as number, id }))
        .filter((e) => e.n > 0 && (e.n >= o.minSupport || (seedsDesign && e.best >= 2)))
        .sort((a, b) => b.n - a.n || (a.k < b.k ? -1 : 1))
        .filter((e, i) => i < 40 || (seedsDesign && e.best >= 2));
      if (kept.length === 0) {
        setAside(`no list item reaches the minimum support (${o.minSupport} labelled examples)`);
        continue;
      }
      const segOfItem = new Int32Array(items.length).fill(-1);
      for (const e of kept) {
        segOfItem[e.id] = segments.length;
        segments.push({ attribute: p.field, kind: "item", label: e.k, values: [e.k] });
      }
      const none = new Int32Array(0);
      for (const ids of cellItems) {
        const s: number[] = [];
        for (const id of ids ?? []) {
          const seg = segOfItem[id] as number;
          if (seg >= 0) s.push(seg);
        }
        cellSegments.push(s.length === 0 ? none : Int32Array.from(s.sort((a, b) => a - b)));
      }
    }
    out.push({
      field: p.field,
      column: p.column,
      kind: p.type,
      standard: p.standard,
      normalize: p.normalize,
      ...(p.year ? { year: true } : {}),
      placeholders: [...placeholders].sort(),
      ...(d.sentinel !== undefined ? { sentinel: d.sentinel } : {}),
      segments,
      codes,
      cellSegments,
      cellN,
      cellBest,
    });
  }
  return { attributes: out, columns: decisions };
}

/** A coded column's cells with the rows holding each (the accounts, when examples are deals). */
function unitCells(c: CodedColumn): ColumnCells {
  const rows = new Float64Array(c.values.length);
  for (let i = 0; i < c.codes.length; i++)
    rows[c.codes[i] as number] = (rows[c.codes[i] as number] as number) + 1;
  return { values: c.values, rows, codes: c.codes };
}

/** One shared single-segment array per segment index (cells only read them). */
function singletons(): (k: number) => Int32Array {
  const made: Int32Array[] = [];
  return (k) => {
    let a = made[k];
    if (!a) {
      a = Int32Array.of(k);
      made[k] = a;
    }
    return a;
  };
}

function rangeLabel(lo: number, hi: number): string {
  const f = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });
  if (!Number.isFinite(lo)) return `< ${f(hi)}`;
  if (!Number.isFinite(hi)) return `≥ ${f(lo)}`;
  return `${f(lo)} to < ${f(hi)}`;
}

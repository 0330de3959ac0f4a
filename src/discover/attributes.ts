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
import { type Bin, binCounts, binOf } from "./binning.js";
import type { ExampleColumns } from "./columns.js";

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
  /** Columns never examined (ids, names, leakage named by the user). */
  exclude: ReadonlySet<string>;
}

const SKIP_NAME =
  /(^|[\s_-])(id|uuid|name|email|e-mail|phone|url|website|domain|linkedin|description|about|notes?|slug)$/i;
const SKIP_STANDARD = new Set(["domain", "description", "city"]);

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

/**
 * What a column holds, from its distinct cells and how many examples hold each: numbers (nearly
 * all numeric, more than 12 values), a category (few distinct values), a list (cells packing
 * several items), or nothing worth examining (free text, identifiers).
 */
function detectKind(values: readonly RawValue[], rows: Float64Array): AttributeKind | null {
  const distinct = new Set<string>();
  let present = 0;
  let numeric = 0;
  let listy = 0;
  values.forEach((v, c) => {
    const k = rows[c] as number;
    if (k === 0 || isMissing(v)) return;
    present += k;
    if (toNumber(v) !== null) numeric += k;
    if (/[;|]/.test(String(v))) listy += k;
    distinct.add(fold(String(v)));
  });
  if (present === 0) return null;
  if (numeric >= 0.95 * present && distinct.size > 12) return "number";
  if (distinct.size <= Math.max(30, Math.ceil(0.02 * present))) return "category";
  if (listy >= 0.1 * present) return "list";
  return null;
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
 * The columns discovery may read: the standard fields' own columns, then every other column not
 * excluded and not named like an identifier or free text (whether those hold an attribute is
 * decided from their cells).
 */
function standardPlan(
  columns: readonly string[],
  exclude: ReadonlySet<string>,
): { plan: PlannedField[]; others: string[] } {
  const used = new Set<string>();
  // standard fields first (their own columns only: a region derived from the country adds nothing)
  const plan: PlannedField[] = [];
  for (const f of STANDARD_FIELDS) {
    if (SKIP_STANDARD.has(f.name)) continue;
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
  const others = columns.filter((c) => !used.has(c) && !exclude.has(c) && !SKIP_NAME.test(c));
  return { plan, others };
}

/** The columns `buildAttributes` may read, for readers that load only those. */
export function columnsToExamine(columns: readonly string[], exclude: ReadonlySet<string>): string[] {
  const { plan, others } = standardPlan(columns, exclude);
  return [...plan.map((p) => p.column), ...others];
}

export function buildAttributes(
  t: ExampleColumns,
  y: readonly (0 | 1 | null)[],
  o: AttributeOptions,
): Attribute[] {
  const out: Attribute[] = [];
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
  const { plan, others } = standardPlan(t.columns, o.exclude);
  for (const c of others) {
    const derived = parseDerivedField(c);
    // trigger counts are numbers however few their values (0, 1, 2…): binned, tested with `range`
    let kind: AttributeKind | null = "number";
    if (!(derived?.ok && derived.decl.type === "number")) {
      kind = detectKind(t.column(c).values, tally(c).rows);
    }
    if (kind === null) continue;
    const type: FieldType = kind;
    let name = fieldName(c);
    while (plan.some((p) => p.field === name)) name = `${name}_`;
    plan.push({ field: name, column: c, type, normalize: null, standard: false });
  }

  for (const p of plan) {
    if (p.type !== "category" && p.type !== "number" && p.type !== "list") continue;
    const { values, codes } = t.column(p.column);
    const { rows, n: cellN, best: cellBest } = tally(p.column);
    const normalise = p.normalize
      ? NORMALISERS[p.normalize as keyof typeof NORMALISERS].make({ asOf: o.asOf })
      : null;
    let read = normalise ? values.map((v) => normalise(v)) : values;
    // A category normaliser that cannot read more than 5% of the values would hide them as unknown:
    // read the column as written instead (the draft declares the field with `normalize: none`).
    if (normalise && p.type === "category") {
      let present = 0;
      let lost = 0;
      values.forEach((v, c) => {
        if (isMissing(v)) return;
        present += rows[c] as number;
        if (read[c] === null) lost += rows[c] as number;
      });
      if (present && lost > 0.05 * present) {
        read = values;
        p.normalize = null;
        p.standard = false;
      }
    }
    const segments: Segment[] = [];
    const cellSegments: Int32Array[] = [];
    if (p.type === "number") {
      const nums = read.map((v) => toNumber(v));
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
      if (labelled < 2 * o.minSupport) continue;
      const sorted = Float64Array.from(byNumber.keys()).sort();
      // bins of at least 5% of the labelled accounts: small bins fitted on the same data mostly fit noise
      const bins: Bin[] = binCounts(
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
      const kept = [...counts]
        .filter(([, c]) => c.n >= o.minSupport)
        .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
      if (kept.length === 0) continue;
      const index = new Map<string, number>();
      for (const [k] of kept) {
        index.set(k, segments.length);
        segments.push({ attribute: p.field, kind: "value", label: k, values: [k] });
      }
      const other = segments.length;
      segments.push({ attribute: p.field, kind: "other", label: "other values" });
      const missing = segments.length;
      segments.push({ attribute: p.field, kind: "missing", label: "unknown" });
      const only = singletons();
      for (const k of keys) cellSegments.push(only(k === null ? missing : (index.get(k) ?? other)));
      if (
        kept.length === 1 &&
        (counts.size === 1 || kept[0]?.[1].n === [...counts.values()].reduce((s, c) => s + c.n, 0))
      )
        continue;
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
      const kept = items
        .map((k, id) => ({ k, n: itemN[id] as number, id }))
        .filter((e) => e.n > 0 && e.n >= o.minSupport)
        .sort((a, b) => b.n - a.n || (a.k < b.k ? -1 : 1));
      if (kept.length === 0) continue;
      const segOfItem = new Int32Array(items.length).fill(-1);
      for (const e of kept.slice(0, 40)) {
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
      ...(p.year ? { year: true } : {}),
      segments,
      codes,
      cellSegments,
      cellN,
      cellBest,
    });
  }
  return out;
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

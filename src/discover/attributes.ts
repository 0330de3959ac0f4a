/**
 * The attributes discovery examines, and the segments each splits accounts into: every category
 * (values below the minimum support pooled as "other"), every number (optimally binned), every list
 * (each item). Standard fields are read through their normalisers, so segments use canonical
 * values (LinkedIn industries, ISO countries, employee counts) and map straight onto profile fields.
 */

import type { LoadedTable } from "../data/load.js";
import { NORMALISERS } from "../data/normalise/registry.js";
import { fold, isMissing, type RawValue, toCategory, toList, toNumber } from "../engine/values.js";
import { parseDerivedField } from "../profile/derived.js";
import { bindField, columnKey, type FieldType, STANDARD_FIELDS } from "../profile/fields.js";
import { type Bin, binNumeric, binOf } from "./binning.js";

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
  /** Per account row: the segment indices it falls in (one for category/number, any for list). */
  rowSegments: Int32Array[];
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

function detectKind(values: readonly RawValue[]): AttributeKind | null {
  // what each distinct cell is, worked out once: columns repeat their values
  const describe = perDistinct((v) => {
    const missing = isMissing(v);
    return {
      folded: missing ? null : fold(String(v)),
      numeric: !missing && toNumber(v) !== null,
      listy: !missing && /[;|]/.test(String(v)),
    };
  });
  const distinct = new Set<string>();
  let present = 0;
  let numeric = 0;
  let listy = 0;
  for (const v of values) {
    const d = describe(v);
    if (d.folded === null) continue;
    present++;
    if (d.numeric) numeric++;
    if (d.listy) listy++;
    distinct.add(d.folded);
  }
  if (present === 0) return null;
  if (numeric >= 0.95 * present && distinct.size > 12) return "number";
  if (distinct.size <= Math.max(30, Math.ceil(0.02 * present))) return "category";
  if (listy >= 0.1 * present) return "list";
  return null;
}

/**
 * A function of a cell, computed once per distinct text: columns repeat few values (industries,
 * countries, stages), and normalisers are the costly part of reading them.
 */
function perDistinct<T>(f: (v: RawValue) => T): (v: RawValue) => T {
  const seen = new Map<string, T>();
  return (v) => {
    if (typeof v !== "string") return f(v);
    let r = seen.get(v);
    if (r === undefined && !seen.has(v)) {
      r = f(v);
      seen.set(v, r);
    }
    return r as T;
  };
}

/** One shared single-segment array per segment index (rows only read them). */
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

function countsByKey(keys: readonly (string | null)[], y: readonly (0 | 1 | null)[]) {
  const m = new Map<string, { n: number; best: number }>();
  keys.forEach((k, i) => {
    if (k === null || y[i] === null) return;
    const c = m.get(k) ?? { n: 0, best: 0 };
    c.n++;
    c.best += y[i] ? 1 : 0;
    m.set(k, c);
  });
  return m;
}

export function buildAttributes(
  t: LoadedTable,
  y: readonly (0 | 1 | null)[],
  o: AttributeOptions,
): Attribute[] {
  const out: Attribute[] = [];
  const used = new Set<string>();
  // standard fields first (their own columns only: a region derived from the country adds nothing)
  const plan: {
    field: string;
    column: string;
    type: FieldType;
    normalize: string | null;
    standard: boolean;
    year?: boolean;
  }[] = [];
  for (const f of STANDARD_FIELDS) {
    if (SKIP_STANDARD.has(f.name)) continue;
    const b = bindField(f, t.columns);
    if (!b || used.has(b.column) || o.exclude.has(b.column)) continue;
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
  for (const c of t.columns) {
    if (used.has(c) || o.exclude.has(c) || SKIP_NAME.test(c)) continue;
    const derived = parseDerivedField(c);
    // trigger counts are numbers however few their values (0, 1, 2…): binned, tested with `range`
    const kind =
      derived?.ok && derived.decl.type === "number" ? "number" : detectKind(t.rows.map((r) => r[c]));
    if (kind === null) continue;
    const type: FieldType = kind;
    let name = fieldName(c);
    while (plan.some((p) => p.field === name)) name = `${name}_`;
    plan.push({ field: name, column: c, type, normalize: null, standard: false });
  }

  for (const p of plan) {
    if (p.type !== "category" && p.type !== "number" && p.type !== "list") continue;
    let norm = p.normalize
      ? perDistinct(NORMALISERS[p.normalize as keyof typeof NORMALISERS].make({ asOf: o.asOf }))
      : null;
    // A category normaliser that cannot read more than 5% of the values would hide them as unknown:
    // read the column as written instead (the draft declares the field with `normalize: none`).
    if (norm && p.type === "category") {
      let present = 0;
      let lost = 0;
      for (const r of t.rows) {
        if (isMissing(r[p.column])) continue;
        present++;
        if (norm(r[p.column]) === null) lost++;
      }
      if (present && lost > 0.05 * present) {
        norm = null;
        p.normalize = null;
        p.standard = false;
      }
    }
    const raw = t.rows.map((r) => (norm ? norm(r[p.column]) : r[p.column]));
    const segments: Segment[] = [];
    const rowSegments: Int32Array[] = [];
    const only = singletons();
    if (p.type === "number") {
      const nums = raw.map((v) => toNumber(v));
      const vals: number[] = [];
      const ys: number[] = [];
      nums.forEach((v, i) => {
        if (v !== null && y[i] !== null) {
          vals.push(v);
          ys.push(y[i] as number);
        }
      });
      if (vals.length < 2 * o.minSupport) continue;
      // bins of at least 5% of the labelled accounts: small bins fitted on the same data mostly fit noise
      const bins: Bin[] = binNumeric(vals, ys, Math.max(o.minSupport, Math.ceil(0.05 * vals.length)));
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
      for (const v of nums) rowSegments.push(only(v === null ? missing : binOf(bins, v)));
    } else if (p.type === "category") {
      const category = perDistinct(toCategory);
      const keys = raw.map((v) => category(v));
      const counts = countsByKey(keys, y);
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
      for (const k of keys) rowSegments.push(only(k === null ? missing : (index.get(k) ?? other)));
      if (
        kept.length === 1 &&
        (counts.size === 1 || kept[0]?.[1].n === [...counts.values()].reduce((s, c) => s + c.n, 0))
      )
        continue;
    } else {
      const list = perDistinct(toList);
      const lists = raw.map((v) => list(v));
      const counts = new Map<string, { n: number; best: number }>();
      lists.forEach((l, i) => {
        if (!l || y[i] === null) return;
        for (const item of new Set(l)) {
          const c = counts.get(item) ?? { n: 0, best: 0 };
          c.n++;
          c.best += y[i] ? 1 : 0;
          counts.set(item, c);
        }
      });
      const kept = [...counts]
        .filter(([, c]) => c.n >= o.minSupport)
        .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
      if (kept.length === 0) continue;
      const index = new Map<string, number>();
      for (const [k] of kept.slice(0, 40)) {
        index.set(k, segments.length);
        segments.push({ attribute: p.field, kind: "item", label: k, values: [k] });
      }
      for (const l of lists) {
        const s = new Set<number>();
        for (const item of l ?? []) {
          const i = index.get(item);
          if (i !== undefined) s.add(i);
        }
        rowSegments.push(Int32Array.from([...s].sort((a, b) => a - b)));
      }
    }
    out.push({
      field: p.field,
      column: p.column,
      kind: p.type,
      standard: p.standard,
      ...(p.year ? { year: true } : {}),
      segments,
      rowSegments,
    });
  }
  return out;
}

function rangeLabel(lo: number, hi: number): string {
  const f = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });
  if (!Number.isFinite(lo)) return `< ${f(hi)}`;
  if (!Number.isFinite(hi)) return `≥ ${f(lo)}`;
  return `${f(lo)} to < ${f(hi)}`;
}

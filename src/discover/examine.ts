/**
 * Which columns discovery examines, decided from their values, never from their names.
 *
 * Every column is examined unless its cells show it cannot carry an attribute: no value at all, one
 * value only, an identifier (every value different, or a number that follows the row order), free
 * text, e-mail or web addresses that differ row by row, or dates (when an outcome was recorded is not
 * what the account is). The user has the last word: `--include COL` examines a column set aside,
 * `--exclude COL` sets one aside. Each decision is reported with its reason.
 *
 * Placeholders and sentinels are missing values: a web form's "Select", "unknown", "Origin: unknown",
 * "not provided"… and a frequent number far outside the rest (999 days for "never"). Each one found is
 * reported with its column and count; `--keep-value COL=VALUE` reads one as a value after all,
 * `--missing-value COL=VALUE` adds one.
 */

import { fold, isMissing, type RawValue, toDate, toNumber, trimWs } from "../engine/values.js";
import { InputError } from "../io/formats.js";

export type ExaminedKind = "category" | "number" | "list";

/** What one column's cells say, computed once per distinct cell (`rows[c]` examples hold cell c). */
export interface ColumnCells {
  values: readonly RawValue[];
  /** Examples per distinct cell. */
  rows: ArrayLike<number>;
  /** Per example, its cell (for the row-order test of numeric identifiers); absent for samples. */
  codes?: Int32Array;
  /** The cells are a sample of a column with many distinct values (read by DuckDB). */
  sampled?: { present: number; distinct: number; rowCorrelation: number | null };
}

export interface MissingValue {
  value: string;
  rows: number;
  why: "placeholder" | "sentinel" | "user";
}

export interface ColumnDecision {
  column: string;
  /** The kind it is examined as; null when set aside. */
  kind: ExaminedKind | null;
  /** Why it was set aside, or what it was examined as (in words). */
  reason: string;
  /** Suspected leakage etc. is added later by the analysis. */
  present: number;
  distinct: number;
  /** Placeholders and sentinels read as missing in this column. */
  missing: MissingValue[];
  /** A numeric sentinel read as missing (its value). */
  sentinel?: number;
  /** Folded placeholder texts read as missing. */
  placeholders: string[];
  forced?: "include" | "exclude";
}

export interface ExamineOptions {
  include: ReadonlySet<string>;
  exclude: ReadonlySet<string>;
  /** Per column (or "*"), folded values read as missing. */
  missingValues: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per column (or "*"), folded values never read as missing placeholders. */
  keepValues: ReadonlyMap<string, ReadonlySet<string>>;
}

export const NO_EXAMINE_OPTIONS: ExamineOptions = {
  include: new Set(),
  exclude: new Set(),
  missingValues: new Map(),
  keepValues: new Map(),
};

/** Placeholder texts (folded): form defaults and missing markers as exports write them. */
const PLACEHOLDERS = new Set([
  "select",
  "select one",
  "select...",
  "select…",
  "--select--",
  "-- select --",
  "- select -",
  "please select",
  "choose",
  "choose one",
  "choose...",
  "unknown",
  "unk",
  "not known",
  "none",
  "(none)",
  "-none-",
  "--none--",
  "-- none --",
  "n.a.",
  "n.a",
  "#n/a",
  "nan",
  "undefined",
  "(blank)",
  "blank",
  "(empty)",
  "empty",
  "not provided",
  "not specified",
  "not available",
  "not applicable",
  "not set",
  "unspecified",
  "no data",
  "no value",
  "tbd",
  "to be determined",
  "--",
  "---",
  ".",
]);
/** "Origin: unknown", "Source - not provided", "[unknown]". */
const PLACEHOLDER_RE =
  /^(?:[^:]{1,40}[:\-–]\s*)?[[(<]?\s*(?:unknown|not provided|not specified|not available|n\/a|none|select|please select)\s*[\])>]?\.{0,3}$/;

export function isPlaceholder(folded: string): boolean {
  return PLACEHOLDERS.has(folded) || PLACEHOLDER_RE.test(folded);
}

/** Shapes are read from this many distinct cells (the first ones, weighted by the rows holding them). */
const SHAPE_CELLS = 5_000;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const URL_RE = /^(?:https?:\/\/|www\.)\S+$|^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:\/\S*)?$/i;

const at = (m: ReadonlyMap<string, ReadonlySet<string>>, column: string): Set<string> =>
  new Set([...(m.get(column) ?? []), ...(m.get("*") ?? [])]);

/** A frequent number far outside the rest (999 for "never", -1 for "none"), read as missing. */
function findSentinel(nums: readonly (number | null)[], rows: ArrayLike<number>): number | null {
  const byValue = new Map<number, number>();
  let present = 0;
  nums.forEach((x, c) => {
    if (x === null) return;
    const k = rows[c] as number;
    if (k === 0) return;
    present += k;
    byValue.set(x, (byValue.get(x) ?? 0) + k);
  });
  if (byValue.size < 3) return null;
  const sorted = [...byValue.keys()].sort((a, b) => a - b);
  const lo = sorted[0] as number;
  const hi = sorted[sorted.length - 1] as number;
  const frequent = (v: number) => (byValue.get(v) ?? 0) >= Math.max(5, 0.01 * present);
  const nines = (v: number) => /^-?9{2,}$/.test(String(v));
  // above the rest: a run of nines, or ten times the rest's largest value, with a gap at least the rest's spread
  const restHi = sorted[sorted.length - 2] as number;
  const spreadHi = restHi - lo;
  if (
    frequent(hi) &&
    hi - restHi > Math.max(spreadHi, 1) &&
    (nines(hi) || hi >= 10 * Math.max(Math.abs(restHi), 1))
  )
    return hi;
  // below a non-negative rest: -1, -9, -99, -999
  const restLo = sorted[1] as number;
  if (frequent(lo) && lo < 0 && restLo >= 0 && (lo === -1 || /^-9+$/.test(String(lo)))) return lo;
  return null;
}

/** Values by position, without an array of them. */
export interface Positions {
  length: number;
  get(i: number): number | null;
}

/** Pearson correlation of values with their position (nulls skipped); identifiers follow it. */
export function orderCorrelation(xs: ArrayLike<number | null> | Positions): number | null {
  const at = "get" in xs ? (i: number) => xs.get(i) : (i: number) => (xs as ArrayLike<number | null>)[i];
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = at(i);
    if (v === null || v === undefined) continue;
    n++;
    sx += i;
    sy += v;
    sxx += i * i;
    syy += v * v;
    sxy += i * v;
  }
  if (n < 3) return null;
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  return vx > 0 && vy > 0 ? (sxy - (sx * sy) / n) / Math.sqrt(vx * vy) : null;
}

/** The same over a coded column: example i holds number nums[codes[i]] (no array per example). */
const rowCorrelation = (nums: readonly (number | null)[], codes: Int32Array): number | null =>
  orderCorrelation({ length: codes.length, get: (i) => nums[codes[i] as number] ?? null });

const fmt = (x: number) => x.toLocaleString("en-US");

/** The digits of the whole numbers when they all have the same count (at least 4), else 0. */
function widthOf(nums: readonly (number | null)[]): number {
  let w = -1;
  for (const x of nums) {
    if (x === null) continue;
    const d = String(Math.abs(x)).length;
    if (w < 0) w = d;
    else if (d !== w) return 0;
  }
  return w >= 4 ? w : 0;
}
const fixedWidth = (nums: readonly (number | null)[]) => widthOf(nums) > 0;

/**
 * Decide one column from its cells. `standardKind` is the kind of a standard field bound to the
 * column (employees, industry…): examined as that kind unless the cells show it cannot be.
 */
export function examineColumn(
  column: string,
  cells: ColumnCells,
  o: ExamineOptions,
  standardKind?: ExaminedKind,
): ColumnDecision {
  const userMissing = at(o.missingValues, column);
  const keep = at(o.keepValues, column);
  const placeholderCounts = new Map<string, number>();
  const userCounts = new Map<string, number>();
  let present = 0;
  let numeric = 0;
  let integer = true;
  let listy = 0;
  let email = 0;
  let url = 0;
  let dates = 0;
  let words = 0;
  let shaped = 0;
  const distinct = new Set<string>();
  const nums: (number | null)[] = [];
  cells.values.forEach((v, c) => {
    const k = cells.rows[c] as number;
    nums.push(null);
    if (k === 0 || isMissing(v)) return;
    const text = typeof v === "string" ? v : String(v);
    const f = fold(text);
    if (userMissing.has(f)) {
      userCounts.set(text, (userCounts.get(text) ?? 0) + k);
      return;
    }
    if (!keep.has(f) && isPlaceholder(f)) {
      placeholderCounts.set(text, (placeholderCounts.get(text) ?? 0) + k);
      return;
    }
    present += k;
    distinct.add(f);
    const x = toNumber(v);
    nums[c] = x;
    if (x !== null) {
      numeric += k;
      if (!Number.isInteger(x)) integer = false;
    }
    // shapes (lists, addresses, dates, words) from the first SHAPE_CELLS distinct cells, by their rows
    if (c >= SHAPE_CELLS) return;
    shaped += k;
    const t = trimWs(text);
    if (/[;|]/.test(t) && t.split(/[;|]/).filter((s) => trimWs(s) !== "").length >= 2) listy += k;
    if (EMAIL_RE.test(t)) email += k;
    else if (URL_RE.test(t) && x === null) url += k;
    if (x === null && toDate(t.slice(0, 10)) !== null) dates += k;
    else if (x === null && /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/.test(t)) dates += k;
    words += k * t.split(/\s+/).length;
  });
  const missing: MissingValue[] = [
    ...[...placeholderCounts].map(([value, rows]) => ({ value, rows, why: "placeholder" as const })),
    ...[...userCounts].map(([value, rows]) => ({ value, rows, why: "user" as const })),
  ].sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : 1));
  const placeholders = [...new Set(missing.map((m) => fold(m.value)))].sort();
  const nDistinct = cells.sampled ? cells.sampled.distinct : distinct.size;
  const nPresent = cells.sampled ? cells.sampled.present : present;
  const base = { column, present: nPresent, distinct: nDistinct, missing, placeholders };
  const aside = (reason: string): ColumnDecision => {
    if (o.include.has(column)) {
      const kind: ExaminedKind =
        standardKind ?? (numeric >= 0.95 * present && present > 0 ? "number" : "category");
      return {
        ...base,
        kind,
        reason: `examined as ${kind} (--include; would be set aside: ${reason})`,
        forced: "include",
      };
    }
    return { ...base, kind: null, reason };
  };
  if (o.exclude.has(column))
    return { ...base, kind: null, reason: "excluded (--exclude)", forced: "exclude" };
  if (present === 0)
    return aside(missing.length ? "no value besides placeholders" : "empty: no value in any row");
  if (nDistinct === 1) return aside(`constant: one value (${JSON.stringify([...distinct][0] ?? "")})`);
  const many = nPresent >= 30 && nDistinct >= 0.9 * nPresent;
  if (numeric >= 0.95 * present) {
    let sentinel = findSentinel(nums, cells.rows);
    if (sentinel !== null && keep.has(fold(String(sentinel)))) sentinel = null;
    const decision = (kind: ExaminedKind, reason: string): ColumnDecision => {
      if (sentinel === null) return { ...base, kind, reason };
      let rows = 0;
      nums.forEach((x, c) => {
        if (x === sentinel) rows += cells.rows[c] as number;
      });
      return {
        ...base,
        kind,
        reason,
        sentinel,
        missing: [...missing, { value: String(sentinel), rows, why: "sentinel" }],
      };
    };
    // only whole numbers nearly one per row can be a row number: the correlation is computed for those
    const corr =
      !integer || !many
        ? null
        : cells.sampled
          ? cells.sampled.rowCorrelation
          : cells.codes
            ? rowCorrelation(nums, cells.codes)
            : null;
    // a standard field (employees, revenue, founded year) is a measure, never an identifier
    if (!standardKind && integer && many && corr !== null && Math.abs(corr) >= 0.98)
      return aside(
        `identifier: a whole number that follows the row order (correlation ${corr.toFixed(3)}), ${fmt(nDistinct)} distinct in ${fmt(nPresent)} rows`,
      );
    // every row its own whole number: an identifier when the numbers are codes of one width
    // (660737, 660728…) or the rows are many (a measure over a thousand rows repeats some value)
    if (
      !standardKind &&
      integer &&
      nPresent >= 30 &&
      nDistinct === nPresent &&
      (fixedWidth(nums) || nPresent >= 1000)
    )
      return aside(`identifier: every row has its own whole number (${fmt(nDistinct)} distinct)`);
    const d = distinct.size - (sentinel !== null ? 1 : 0);
    if (standardKind) return decision(standardKind, `examined as ${standardKind} (standard field)`);
    if (d > 12 || (!integer && d >= 3))
      return decision("number", `examined as number (${fmt(nDistinct)} distinct values)`);
    return decision("category", `examined as category (${fmt(nDistinct)} distinct numbers)`);
  }
  if (email >= 0.5 * shaped) return aside(`e-mail addresses (${fmt(nDistinct)} distinct)`);
  if (url >= 0.5 * shaped && nDistinct >= 0.5 * nPresent && nPresent >= 20)
    return aside(`web addresses, nearly one per row (${fmt(nDistinct)} distinct)`);
  if (dates >= 0.8 * shaped)
    return aside("dates: when something happened is not what the account is (name it with --date)");
  if (words / shaped >= 6 && nDistinct >= 0.5 * nPresent)
    return aside("free text: long and nearly every row different");
  if (standardKind)
    return { ...base, kind: standardKind, reason: `examined as ${standardKind} (standard field)` };
  if (listy >= 0.1 * shaped)
    return { ...base, kind: "list", reason: "examined as list (items separated by ; or |)" };
  if (many)
    return aside(
      `identifier: nearly every row has its own value (${fmt(nDistinct)} distinct in ${fmt(nPresent)} rows)`,
    );
  return { ...base, kind: "category", reason: `examined as category (${fmt(nDistinct)} distinct values)` };
}

/** `COL=VALUE` options (repeatable) as a map of folded values per column. */
export function columnValues(specs: readonly string[], flag: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of specs) {
    const k = s.indexOf("=");
    if (k <= 0)
      throw new InputError(
        `${flag}: expected COLUMN=VALUE (or *=VALUE for every column), received ${JSON.stringify(s)}`,
      );
    const col = s.slice(0, k).trim();
    const set = out.get(col) ?? new Set<string>();
    set.add(fold(s.slice(k + 1)));
    out.set(col, set);
  }
  return out;
}

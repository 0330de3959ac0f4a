/**
 * Value semantics shared by the interpreter and the compiled JS function. docs/semantics.md is the
 * text; the SQL compiler implements the same text in SQL. Keep them in step.
 */

/** Raw cell values as readers deliver them. */
export type RawValue = string | number | bigint | boolean | Date | null | undefined | readonly RawValue[];

/**
 * Cells that say "no value": blank, n/a, a dash (ASCII, en or em — Crunchbase writes "—"), null,
 * "?", and the error values spreadsheets leave in exports (#N/A, #REF!, #VALUE!, #DIV/0!, #NAME?,
 * #NULL!, #NUM!). Compared after trimming white space and lower-casing, on every engine.
 */
export const MISSING_MARKER_LIST = [
  "",
  "n/a",
  "-",
  "–",
  "—",
  "null",
  "?",
  "#n/a",
  "#ref!",
  "#value!",
  "#div/0!",
  "#name?",
  "#null!",
  "#num!",
] as const;
const MISSING_MARKERS = new Set<string>(MISSING_MARKER_LIST);

/** The white space trimmed from values: ASCII space, tab, line feed, carriage return, form feed, vertical tab. */
export const WHITESPACE_CHARS = " \t\n\r\f\v";

const isWs = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** Trim ASCII white space only (String.prototype.trim also removes Unicode spaces; SQL's trim does not). */
export function trimWs(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWs(s.charCodeAt(a))) a++;
  while (b > a && isWs(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** A cell is missing when absent, or a string that trims to a missing marker (case-insensitive). */
export function isMissing(raw: RawValue): boolean {
  if (raw === null || raw === undefined) return true;
  if (typeof raw === "string") return MISSING_MARKERS.has(trimWs(raw).toLowerCase());
  if (typeof raw === "number") return !Number.isFinite(raw);
  return false;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII range check
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Case folding: per code point simple lower-case mapping (no context rules such as final sigma,
 * U+0130 → "i"), then trimmed. This is what DuckDB's and PostgreSQL's `lower()` do.
 */
export function fold(s: string): string {
  if (ASCII.test(s)) return trimWs(s.toLowerCase());
  return trimWs(lowerCodePoints(s));
}

/** Lower case per code point as `fold` does (U+0130 → "i", no context rules), without trimming. */
export function lowerCodePoints(s: string): string {
  let out = "";
  for (const ch of s) {
    if (ch === "\u0130") {
      out += "i";
      continue;
    }
    const l = ch.toLowerCase();
    out += l.length === ch.length || [...l].length === 1 ? l : ch;
  }
  return out;
}

/** Strict decimal grammar: optional sign, digits with optional fraction, optional exponent. */
export const NUMBER_PATTERN = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$";
const NUMBER_RE = new RegExp(NUMBER_PATTERN);

export function toNumber(raw: RawValue): number | null {
  if (isMissing(raw)) return null;
  if (typeof raw === "number") return raw;
  if (typeof raw === "bigint") return Number(raw);
  if (typeof raw !== "string") return null;
  const t = trimWs(raw);
  if (!NUMBER_RE.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export const TRUE_WORDS = ["true", "t", "yes", "y", "1"] as const;
export const FALSE_WORDS = ["false", "f", "no", "n", "0"] as const;
const TRUE_SET = new Set<string>(TRUE_WORDS);
const FALSE_SET = new Set<string>(FALSE_WORDS);

export function toBoolean(raw: RawValue): boolean | null {
  if (isMissing(raw)) return null;
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "number") return raw === 1 ? true : raw === 0 ? false : null;
  if (typeof raw !== "string") return null;
  const t = trimWs(raw).toLowerCase();
  if (TRUE_SET.has(t)) return true;
  if (FALSE_SET.has(t)) return false;
  return null;
}

/** Separators of list items packed into one cell. */
export const LIST_SEPARATOR = /[;,|]/;

/** A list: items folded, empty items dropped; no items at all means unknown. */
export function toList(raw: RawValue): string[] | null {
  if (isMissing(raw)) return null;
  let items: string[];
  if (Array.isArray(raw)) {
    items = [];
    for (const v of raw as readonly RawValue[]) {
      if (v === null || v === undefined) continue;
      for (const part of String(v).split(LIST_SEPARATOR)) {
        const f = fold(part);
        if (f !== "") items.push(f);
      }
    }
  } else {
    items = [];
    for (const part of String(raw).split(LIST_SEPARATOR)) {
      const f = fold(part);
      if (f !== "") items.push(f);
    }
  }
  return items.length === 0 ? null : items;
}

/** A category value: folded text. Numbers print as JavaScript prints them. */
export function toCategory(raw: RawValue): string | null {
  if (isMissing(raw)) return null;
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  const f = fold(String(raw));
  return f === "" ? null : f;
}

/** Text for keyword and pattern tests: the value as written (not folded). */
export function toText(raw: RawValue): string | null {
  if (isMissing(raw)) return null;
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  return String(raw);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;

/** A date: ISO `YYYY-MM-DD`, optionally followed by a time; returned as `YYYY-MM-DD`. */
export function toDate(raw: RawValue): string | null {
  if (isMissing(raw)) return null;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  if (typeof raw !== "string") return null;
  const t = trimWs(raw);
  const m = DATE_RE.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return t.slice(0, 10);
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `m` (1–12) of proleptic Gregorian year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : (MONTH_DAYS[m - 1] ?? 0);
}

/** `date` (YYYY-MM-DD) minus an amount, clamping the day to the month's end (as SQL intervals do). */
export function subtractFromDate(
  date: string,
  amount: { days?: number; months?: number; years?: number },
): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const totalMonths = y * 12 + (m - 1) - (amount.months ?? 0) - 12 * (amount.years ?? 0);
  const ny = Math.floor(totalMonths / 12);
  const nm = totalMonths - ny * 12 + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  const t = Date.UTC(ny, nm - 1, nd) - (amount.days ?? 0) * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** How a JS value is stored in a text column (lists joined with ";"). */
export function storedText(v: RawValue): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map((x) => storedText(x as RawValue) ?? "").join(";");
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  return String(v);
}

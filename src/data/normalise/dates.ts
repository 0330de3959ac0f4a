/**
 * Dates as exports write them: ISO (with or without time), year only, year-month, named months
 * ("5 Jan 2024", "January 5, 2024"), slashed or dotted day/month/year, and relative forms ("3 days
 * ago", "yesterday") against an explicit as-of date. `01/02/2024` is ambiguous unless a day order
 * is given; `13/02/2024` and `02/13/2024` are not.
 */
import { daysInMonth, isMissing, type RawValue, subtractFromDate, trimWs } from "../../engine/values.js";
import type { Parse } from "./numbers.js";

export type DayOrder = "dmy" | "mdy";

export interface ParsedDate {
  /** YYYY-MM-DD (the first day of the period for year or month precision). */
  date: string;
  precision: "day" | "month" | "year";
}

const MONTHS: Record<string, number> = {};
[
  ["jan", "january", "januar", "janvier", "enero", "jän"],
  ["feb", "february", "februar", "février", "fevrier", "febrero"],
  ["mar", "march", "märz", "maerz", "mars", "marzo"],
  ["apr", "april", "avril", "abril"],
  ["may", "mai", "mayo"],
  ["jun", "june", "juni", "juin", "junio"],
  ["jul", "july", "juli", "juillet", "julio"],
  ["aug", "august", "août", "aout", "agosto"],
  ["sep", "sept", "september", "septembre", "septiembre"],
  ["oct", "october", "oktober", "octobre", "octubre", "okt"],
  ["nov", "november", "novembre", "noviembre"],
  ["dec", "december", "dezember", "décembre", "decembre", "diciembre", "dez"],
].forEach((names, i) => {
  for (const n of names) MONTHS[n] = i + 1;
});

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function ymd(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

const fullYear = (y: number) => (y >= 100 ? y : y < 70 ? 2000 + y : 1900 + y);

export interface DateOptions {
  dayOrder?: DayOrder;
  /** Needed for relative dates; without it they are not understood. */
  asOf?: string;
}

export function parseDate(raw: RawValue, opts: DateOptions = {}): Parse<ParsedDate> {
  if (isMissing(raw)) return { ok: false, reason: "missing" };
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime())
      ? { ok: false, reason: "invalid date" }
      : { ok: true, value: { date: raw.toISOString().slice(0, 10), precision: "day" } };
  }
  const s = trimWs(String(raw)).toLowerCase();
  const bad = (): Parse<ParsedDate> => ({ ok: false, reason: `not a date: "${raw}"` });
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[t ]\d)/.exec(s) ?? /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(s);
  if (m) {
    const d = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? { ok: true, value: { date: d, precision: "day" } } : bad();
  }
  m = /^(\d{4})$/.exec(s);
  if (m) {
    const d = ymd(Number(m[1]), 1, 1);
    return d ? { ok: true, value: { date: d, precision: "year" } } : bad();
  }
  m = /^(\d{4})[-/](\d{1,2})$/.exec(s);
  if (m) {
    const d = ymd(Number(m[1]), Number(m[2]), 1);
    return d ? { ok: true, value: { date: d, precision: "month" } } : bad();
  }
  // d/m/y or m/d/y, optionally with a time of day as spreadsheets write it ("1/15/2026 10:22 AM")
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?)?$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(Number(m[3]));
    let order: DayOrder | undefined;
    if (a > 12 && b <= 12) order = "dmy";
    else if (b > 12 && a <= 12) order = "mdy";
    else if (a === b) order = "dmy";
    else order = opts.dayOrder;
    if (!order) {
      return { ok: false, reason: `ambiguous date "${raw}": day/month or month/day? (set the day order)` };
    }
    const d = order === "dmy" ? ymd(y, b, a) : ymd(y, a, b);
    return d ? { ok: true, value: { date: d, precision: "day" } } : bad();
  }
  m = /^(\d{1,2})\.?\s+([a-zéûä]+)\.?,?\s+(\d{4})$/.exec(s);
  if (m && MONTHS[m[2] ?? ""]) {
    const d = ymd(Number(m[3]), MONTHS[m[2] ?? ""] ?? 0, Number(m[1]));
    return d ? { ok: true, value: { date: d, precision: "day" } } : bad();
  }
  m = /^([a-zéûä]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(s);
  if (m && MONTHS[m[1] ?? ""]) {
    const d = ymd(Number(m[3]), MONTHS[m[1] ?? ""] ?? 0, Number(m[2]));
    return d ? { ok: true, value: { date: d, precision: "day" } } : bad();
  }
  m = /^([a-zéûä]+)\.?\s+(\d{4})$/.exec(s);
  if (m && MONTHS[m[1] ?? ""]) {
    const d = ymd(Number(m[2]), MONTHS[m[1] ?? ""] ?? 0, 1);
    return d ? { ok: true, value: { date: d, precision: "month" } } : bad();
  }
  if (opts.asOf) {
    if (s === "today" || s === "just now") return { ok: true, value: { date: opts.asOf, precision: "day" } };
    if (s === "yesterday")
      return { ok: true, value: { date: subtractFromDate(opts.asOf, { days: 1 }), precision: "day" } };
    // "3 days ago", and the bare ages job boards show ("3 months", "about 1 year", "over 8 years")
    m = /^(?:about |over |almost |nearly )?(a|an|\d+)\+?\s+(day|week|month|year)s?(?:\s+ago)?$/.exec(s);
    if (m) {
      const n = m[1] === "a" || m[1] === "an" ? 1 : Number(m[1]);
      const unit = m[2];
      const date =
        unit === "day"
          ? subtractFromDate(opts.asOf, { days: n })
          : unit === "week"
            ? subtractFromDate(opts.asOf, { days: 7 * n })
            : unit === "month"
              ? subtractFromDate(opts.asOf, { months: n })
              : subtractFromDate(opts.asOf, { years: n });
      return {
        ok: true,
        value: { date, precision: unit === "year" ? "year" : unit === "month" ? "month" : "day" },
      };
    }
  }
  return bad();
}

/** Scoring form of a date column: YYYY-MM-DD, or null. An ISO date passes through unchanged. */
export function normaliseDate(raw: RawValue, opts: DateOptions = {}): string | null {
  const p = parseDate(raw, opts);
  return p.ok ? p.value.date : null;
}

const NUMERIC_DATE = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{2}|\d{4})\b/;

/**
 * The day order a column proves: a cell like 25/12/2024 (first part above 12) proves day first,
 * 12/25/2024 month first. Cells that prove both orders leave it unknown (a column mixing formats).
 */
export function inferDayOrder(values: Iterable<RawValue>): {
  order: DayOrder | null;
  evidence: string | null;
  conflict: boolean;
} {
  let dmy: string | null = null;
  let mdy: string | null = null;
  for (const v of values) {
    if (typeof v !== "string") continue;
    const m = NUMERIC_DATE.exec(v);
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dmy ??= v;
    else if (b > 12 && a <= 12) mdy ??= v;
    if (dmy && mdy) return { order: null, evidence: null, conflict: true };
  }
  if (dmy) return { order: "dmy", evidence: dmy, conflict: false };
  if (mdy) return { order: "mdy", evidence: mdy, conflict: false };
  return { order: null, evidence: null, conflict: false };
}

/** CSV cell writing (RFC 4180) with spreadsheet-formula neutralisation. */
import { NUMBER_PATTERN } from "../engine/values.js";

/** Quote when a cell holds a quote, comma, line break or # — the same rule as DuckDB's CSV writer, so both engines write the same bytes. */
const NEEDS_QUOTE = /[",\r\n#]/;
const NUMBER_RE = new RegExp(NUMBER_PATTERN);

/**
 * A cell that a spreadsheet would run as a formula (starts with = + - @, or tab / carriage return)
 * gets a leading apostrophe — unless it is a plain number such as -5 or +3.2.
 */
export function neutralise(s: string): string {
  const c = s.charCodeAt(0);
  // = 61, + 43, - 45, @ 64, tab 9, CR 13
  if (c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13) {
    if ((c === 43 || c === 45) && NUMBER_RE.test(s)) return s;
    return `'${s}`;
  }
  return s;
}

/** One CSV cell: null/undefined → empty; quoted when needed. */
export function csvCell(v: string | null | undefined, neutraliseFormulas = true): string {
  if (v === null || v === undefined || v === "") return "";
  const s = neutraliseFormulas ? neutralise(v) : v;
  return NEEDS_QUOTE.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: ReadonlyArray<string | null | undefined>, neutraliseFormulas = true): string {
  let out = "";
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) out += ",";
    out += csvCell(cells[i], neutraliseFormulas);
  }
  return out;
}

/**
 * The one place where values and names become SQL text. Values travel as parameters wherever the
 * statement and engine allow; where they do not (COPY … TO in DuckDB, SQL emitted as text for a
 * warehouse or dbt), they pass through the dialect's literal quoting below.
 */

function refuseNul(kind: string, s: string): void {
  if (s.includes("\u0000")) throw new Error(`${kind} contains a NUL character: ${JSON.stringify(s)}`);
}

/** Quote an identifier: wrap in double quotes, double any inner double quote. Rejects NUL. */
export function quoteIdent(name: string): string {
  refuseNul("identifier", name);
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Quote an identifier with backticks. BigQuery reads backslash escapes inside it (as in its
 * strings); Spark SQL doubles an inner backtick. Rejects NUL and line breaks.
 */
export function quoteIdentBacktick(name: string, style: "backslash" | "double"): string {
  refuseNul("identifier", name);
  if (/[\n\r]/.test(name)) throw new Error(`identifier contains a line break: ${JSON.stringify(name)}`);
  const inner =
    style === "double" ? name.replace(/`/g, "``") : name.replace(/\\/g, "\\\\").replace(/`/g, "\\`");
  return `\`${inner}\``;
}

/**
 * Quote a string literal for engines with standard strings (DuckDB, PostgreSQL with
 * standard_conforming_strings on, Trino): wrap in single quotes, double inner single quotes.
 * Backslashes are ordinary characters. Rejects NUL.
 */
export function quoteLiteral(value: string): string {
  refuseNul("string value", value);
  return `'${value.replace(/'/g, "''")}'`;
}

const BACKSLASH_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "'": "\\'",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * Quote a string literal for engines that read backslash escapes inside strings (BigQuery,
 * Snowflake, Spark SQL): backslash, quote and control characters become escapes (`\n`, `\r`,
 * `\t`, else `\uXXXX`, which all three read), so the engine reads back exactly `value`; BigQuery
 * also forbids raw line breaks in a quoted string. Rejects NUL.
 */
export function quoteLiteralBackslash(value: string): string {
  refuseNul("string value", value);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  const out = value.replace(/[\\'\u0001-\u001f\u007f]/g, (ch) => {
    return BACKSLASH_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `'${out}'`;
}

/** A finite number as SQL text. */
export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return Number.isInteger(n) && Math.abs(n) < 2 ** 53 ? String(n) : n.toExponential();
}

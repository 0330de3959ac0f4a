/**
 * The one place where values and names become SQL text. Values travel as parameters wherever the
 * statement allows; where it does not (COPY … TO in DuckDB), they pass through `quoteLiteral`.
 */

/** Quote an identifier: wrap in double quotes, double any inner double quote. Rejects NUL. */
export function quoteIdent(name: string): string {
  if (name.includes("\u0000"))
    throw new Error(`identifier contains a NUL character: ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Quote a string literal for DuckDB and PostgreSQL (standard_conforming_strings on): wrap in single
 * quotes, double inner single quotes. Backslashes are ordinary characters in both. Rejects NUL.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\u0000"))
    throw new Error(`string value contains a NUL character: ${JSON.stringify(value)}`);
  return `'${value.replace(/'/g, "''")}'`;
}

/** A finite number as SQL text. */
export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return Number.isInteger(n) && Math.abs(n) < 2 ** 53 ? String(n) : n.toExponential();
}

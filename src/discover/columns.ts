/**
 * The examples discovery reads, column by column, dictionary-coded: each column is its distinct
 * cells (as read) and, per example, the index of its cell. Everything discovery computes from a
 * cell — normalising, parsing, binning, list items — it computes once per distinct cell; per
 * example it only follows codes. Tables read into rows are coded here; a file read by DuckDB
 * arrives coded (columns-duckdb.ts).
 */

import { type CodedColumn, codeCells } from "../data/dictionary.js";
import type { MappedField } from "../data/entities.js";
import type { LoadedTable } from "../data/load.js";
import type { RawValue } from "../engine/values.js";
import type { ColumnCells } from "./examine.js";

export type { CodedColumn };

export interface ExampleColumns {
  file: string;
  columns: readonly string[];
  mapping: readonly MappedField[];
  /** How many examples. */
  n: number;
  /** A column, coded (computed on first use for tables read into rows). */
  column(name: string): CodedColumn;
  /**
   * A column with so many distinct cells that the reader did not code it: a sample of its cells and
   * its counts, enough to say what it holds (an identifier, free text); undefined for coded columns.
   */
  wide?(name: string): ColumnCells | undefined;
  /**
   * When examples are deals reading their account's cells: the accounts themselves, one row each —
   * what a column is (an identifier, a category) is decided on them, the independent units.
   */
  units?: ExampleColumns;
}

/** A column look-up that codes each column on first use and keeps it. */
function memoised(code: (name: string) => CodedColumn): (name: string) => CodedColumn {
  const cache = new Map<string, CodedColumn>();
  return (name) => {
    let c = cache.get(name);
    if (!c) {
      c = code(name);
      cache.set(name, c);
    }
    return c;
  };
}

/**
 * Examples from a table of rows; with `rowOf`, example i reads row `rowOf[i]` (deals reading their
 * account's attributes; -1: no row, every cell missing).
 */
export function columnsOfRows(t: LoadedTable, rowOf?: Int32Array): ExampleColumns {
  return {
    ...(rowOf ? { units: columnsOfRows(t) } : {}),
    file: t.file,
    columns: t.columns,
    mapping: t.mapping,
    n: rowOf ? rowOf.length : t.rows.length,
    column: memoised((name) => {
      const own = codeCells(t.rows.length, (i) => t.rows[i]?.[name]);
      return rowOf ? gather(own, rowOf) : own;
    }),
  };
}

/**
 * The examples `rows` of `t` (in that order) as a table of their own, coded afresh: only the cells
 * these rows hold, in order of first appearance, as a reader of just these rows would code them.
 */
export function subsetColumns(t: ExampleColumns, rows: readonly number[]): ExampleColumns {
  return {
    file: t.file,
    columns: t.columns,
    mapping: t.mapping,
    n: rows.length,
    column: memoised((name) => {
      const c = t.column(name);
      return codeCells(rows.length, (i) => c.values[c.codes[rows[i] as number] as number]);
    }),
    ...(t.wide ? { wide: t.wide } : {}),
    ...(t.units ? { units: t.units } : {}),
  };
}

/** Example i takes the cell of row `rowOf[i]` (-1: a missing cell). */
function gather(c: CodedColumn, rowOf: Int32Array): CodedColumn {
  let missing = c.values.indexOf(null);
  const values = [...c.values];
  if (missing < 0 && rowOf.some((r) => r < 0)) {
    missing = values.length;
    values.push(null);
  }
  const codes = new Int32Array(rowOf.length);
  for (let i = 0; i < rowOf.length; i++) {
    const r = rowOf[i] as number;
    codes[i] = r < 0 ? missing : (c.codes[r] as number);
  }
  return { values, codes };
}

/** The examples with more columns, given per example (trigger counts). */
export function withColumns(
  base: ExampleColumns,
  extra: readonly string[],
  cell: (i: number, k: number) => RawValue,
): ExampleColumns {
  const coded = new Map<string, CodedColumn>();
  return {
    ...base,
    columns: [...base.columns, ...extra],
    column(name) {
      const k = extra.indexOf(name);
      if (k < 0) return base.column(name);
      let c = coded.get(name);
      if (!c) {
        c = codeCells(base.n, (i) => cell(i, k));
        coded.set(name, c);
      }
      return c;
    },
  };
}

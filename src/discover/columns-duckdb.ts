/**
 * Examples read by DuckDB, arriving dictionary-coded: the file is read once into a table (the
 * same description of the CSV — encoding, delimiter, header — and the same rejects as every
 * other reader), each column's distinct cells (one pass for all columns) become an ENUM, whose
 * values reach the SQL through the one escaping function, and each example's cell comes back
 * as that ENUM's code, an integer, in input order. Turning millions of cells into JavaScript
 * strings is what costs in a large file; here only the distinct cells make that trip.
 */

import { type Entity, mapEntityColumns } from "../data/entities.js";
import { DuckDbEngine } from "../engine/duckdb.js";
import type { RawValue } from "../engine/values.js";
import { type FileFormat, InputError } from "../io/formats.js";
import type { ReadOptions, Reject } from "../io/read.js";
import { quoteIdent, quoteLiteral } from "../sql/escape.js";
import type { CodedColumn, ExampleColumns } from "./columns.js";
import type { ColumnCells } from "./examine.js";

/**
 * A column whose first WIDE_PROBE rows hold more distinct cells than WIDE_MIN and than half of them
 * is sampled, not coded: nearly every row has its own value, so no value could reach the minimum
 * support (at most 100 values become segments, each held by at least 1% of the examples).
 */
const WIDE_PROBE = 50_000;
const WIDE_MIN = 10_000;
const WIDE_SHARE = 0.5;
/** The cells sampled from such a column to say what it holds. */
const WIDE_SAMPLE = 2_000;

export interface ReadColumns {
  examples: ExampleColumns;
  rejects: Reject[];
}

/** The `items` of an INTEGER vector (a view over DuckDB's memory). */
interface IntegerItems {
  items: Int32Array;
}

/**
 * Read a file's columns coded. `wanted` picks, from the header, the columns to load (the others
 * are never turned into anything); asking the result for another column is a programming error.
 */
export async function readColumns(
  file: string,
  format: FileFormat,
  entity: Entity,
  wanted: (columns: readonly string[]) => readonly string[],
  read: ReadOptions = {},
): Promise<ReadColumns> {
  const duck = await DuckDbEngine.open();
  try {
    const src = await duck.source(file, format, read);
    try {
      const load = [...new Set(wanted(src.columns))].filter((c) => src.columns.includes(c));
      const table = "__icp_examples";
      // Columns with very many distinct cells (identifiers, names, addresses, free text) are neither
      // loaded nor coded: the first WIDE_PROBE rows decide (the estimate of distinct cells of every
      // column, then what the wide ones hold), and a sample of their cells says what they are. A
      // column wide there is an identifier or free text whatever follows. Numbers among them that do
      // not follow the row order are measures, and lists are many combinations of few items: both
      // are read like any column.
      const wideCells = new Map<string, ColumnCells>();
      if (load.length) {
        const probe = "__icp_probe";
        await duck.conn.run(
          `CREATE TEMP TABLE ${probe} AS SELECT ${load.map(quoteIdent).join(", ")} FROM ${src.sql} LIMIT ${WIDE_PROBE}`,
        );
        const probedRows = await duck.conn.runAndReadAll(`SELECT count(*)::INTEGER FROM ${probe}`);
        const probed = Number(probedRows.getRowsJS()[0]?.[0] ?? 0);
        const est = await duck.conn.runAndReadAll(
          `SELECT ${load.map((c) => `approx_count_distinct(${quoteIdent(c)})::BIGINT`).join(", ")} FROM ${probe}`,
        );
        const counts = est.getRowsJS()[0] ?? [];
        const wide = load.filter((_, k) => Number(counts[k] ?? 0) > Math.max(WIDE_MIN, WIDE_SHARE * probed));
        const facts = wide.length
          ? await duck.conn.runAndReadAll(
              `SELECT ${wide
                .map((c) => {
                  const q = quoteIdent(c);
                  return `count(${q})::BIGINT, count(TRY_CAST(${q} AS DOUBLE))::BIGINT, corr(rowid, TRY_CAST(${q} AS DOUBLE)), count_if(regexp_matches(CAST(${q} AS VARCHAR), '[;|]'))::BIGINT`;
                })
                .join(", ")} FROM ${probe}`,
            )
          : null;
        const f = facts?.getRowsJS()[0] ?? [];
        for (const [k, c] of wide.entries()) {
          const distinct = Number(counts[load.indexOf(c)] ?? 0);
          const present = Number(f[4 * k] ?? 0);
          const numeric = Number(f[4 * k + 1] ?? 0);
          const corr = f[4 * k + 2] === null || f[4 * k + 2] === undefined ? null : Number(f[4 * k + 2]);
          const listy = Number(f[4 * k + 3] ?? 0);
          if (listy >= 0.1 * present) continue;
          if (numeric >= 0.95 * present && (corr === null || Math.abs(corr) < 0.98)) continue;
          const sample = await duck.conn.runAndReadAll(
            `SELECT ${quoteIdent(c)} FROM ${probe} WHERE ${quoteIdent(c)} IS NOT NULL LIMIT ${WIDE_SAMPLE}`,
          );
          const cells = sample.getRowsJS().map((r) => (r[0] ?? null) as RawValue);
          wideCells.set(c, {
            values: cells,
            rows: cells.map(() => 1),
            // the estimate of distinct cells can exceed the rows that hold one
            sampled: { present, distinct: Math.min(distinct, present), rowCorrelation: corr },
          });
        }
        await duck.conn.run(`DROP TABLE ${probe}`);
      }
      const kept = load.filter((c) => !wideCells.has(c));
      const cols = kept.length ? kept.map(quoteIdent).join(", ") : "1 AS __icp_none";
      await duck.conn.run(`CREATE TEMP TABLE ${table} AS SELECT ${cols} FROM ${src.sql}`);
      const rejects = await src.rejects();
      const count = await duck.conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${table}`);
      const n = Number(count.getRowsJS()[0]?.[0] ?? 0);
      const coded = kept;
      // every column's distinct cells in one pass; each column's become an ENUM in that order
      const values: RawValue[][] = [];
      if (coded.length) {
        const r = await duck.conn.runAndReadAll(
          `SELECT ${coded.map((c) => `list(DISTINCT ${quoteIdent(c)})`).join(", ")} FROM ${table}`,
        );
        const lists = r.getRowsJS()[0] ?? [];
        for (const [k] of coded.entries()) {
          const v: RawValue[] = ((lists[k] ?? []) as RawValue[]).filter((x) => x !== null);
          await duck.conn.run(
            `CREATE TYPE __icp_cells_${k} AS ENUM (${v.map((x) => quoteLiteral(String(x))).join(", ")})`,
          );
          // the missing cell last: a null cell's code is the list's length
          v.push(null);
          values.push(v);
        }
      }
      // every example's codes, all columns in one pass
      const codes = coded.map(() => new Int32Array(n));
      if (coded.length) {
        const proj = coded.map(
          (c, k) =>
            `COALESCE(CAST(enum_code(CAST(${quoteIdent(c)} AS __icp_cells_${k})) AS INTEGER), ${(values[k]?.length ?? 1) - 1})`,
        );
        const res = await duck.conn.run(`SELECT ${proj.join(", ")} FROM ${table}`);
        let at = 0;
        for (let ch = 0; ch < res.chunkCount; ch++) {
          const chunk = res.getChunk(ch);
          for (let k = 0; k < coded.length; k++) {
            const v = chunk.getColumnVector(k) as unknown as IntegerItems;
            codes[k]?.set(v.items.subarray(0, chunk.rowCount), at);
          }
          at += chunk.rowCount;
        }
        if (at !== n) throw new Error(`internal error: ${at} codes read for ${n} rows`);
      }
      const byName = new Map<string, CodedColumn>();
      coded.forEach((c, k) => {
        byName.set(c, { values: values[k] ?? [null], codes: codes[k] ?? new Int32Array(n) });
      });
      return {
        rejects,
        examples: {
          file,
          columns: src.columns,
          mapping: mapEntityColumns(entity, src.columns),
          n,
          wide: (name) => wideCells.get(name),
          column(name) {
            const c = byName.get(name);
            if (!c) {
              if (src.columns.includes(name))
                throw new Error(`internal error: column ${JSON.stringify(name)} was not loaded`);
              throw new InputError(`no column ${JSON.stringify(name)}`, { file });
            }
            return c;
          },
        },
      };
    } finally {
      src.close();
    }
  } finally {
    duck.close();
  }
}

/**
 * Lookalikes over a universe file of any size: DuckDB reads and codes the columns (wide ones —
 * names, addresses, free text — sampled, not loaded), the keys the best customers are matched by
 * are read as two or three plain columns, the ranking runs on the codes, and DuckDB writes the
 * ranked file by joining the scores back to the input by position. No row objects.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { domainInSql, nameMatchSql } from "../data/enrich-duckdb.js";
import { mapEntityColumns } from "../data/entities.js";
import { accountKeys } from "../data/link.js";
import type { LoadedTable } from "../data/load.js";
import { DuckDbEngine, neutraliseSql } from "../engine/duckdb.js";
import type { RawValue } from "../engine/values.js";
import { type FileFormat, InputError } from "../io/formats.js";
import type { Record_, Reject } from "../io/read.js";
import { quoteIdent, quoteLiteral } from "../sql/escape.js";
import { readColumns } from "./columns-duckdb.js";
import type { ExamineOptions } from "./examine.js";
import { type LookalikeResult, rankLookalikes } from "./lookalike.js";
import { matchSeeds } from "./seeds.js";

export interface LookalikeFileInput {
  seeds: LoadedTable;
  universe: string;
  format: FileFormat;
  asOf: string;
  examine?: ExamineOptions;
  exclude?: readonly string[];
  /** Write the ranked universe here (most similar first), every input column kept. */
  output?: string;
  outputFormat?: FileFormat;
  top?: number;
}

export const ADDED = ["icp_similarity", "icp_rank", "icp_seed", "icp_lookalike_reasons"] as const;

export async function lookalikeFile(o: LookalikeFileInput): Promise<
  | {
      result: LookalikeResult;
      columns: string[];
      rejects: Reject[];
      written: number;
      /** Names (else domains) of the 20 most similar companies, by row, for a summary. */
      names: Map<number, string>;
    }
  | { ownRows: true }
> {
  const duck = await DuckDbEngine.open();
  // The file is read once: a CSV is copied to a temporary Parquet file (all text, the reader's
  // rejects kept), which the coding, the key look-up and the ranked output then scan quickly.
  const tmp = mkdtempSync(join(tmpdir(), "icp-lookalike-"));
  const pq = join(tmp, "universe.parquet");
  try {
    const src0 = await duck.source(o.universe, o.format);
    let columns: string[];
    let rejects: Reject[];
    try {
      columns = src0.columns;
      await duck.conn.run(`COPY (SELECT * FROM ${src0.sql}) TO ${quoteLiteral(pq)} (FORMAT parquet)`);
      rejects = await src0.rejects();
    } finally {
      src0.close();
    }
    const read = await readColumns(pq, "parquet", "accounts", (cols) => cols);
    const examples = read.examples;
    const src = { sql: `read_parquet(${quoteLiteral(pq)})`, columns };
    {
      // The rows that could be best customers — a host (or parent domain) equal to one of theirs, a
      // normalised name starting like one of theirs, an equal id — with their keys and positions;
      // matchSeeds then decides on them exactly as on the whole universe (every row sharing a key
      // with a best customer is among them, so "a key on two rows matches none" still holds).
      const mapping = mapEntityColumns("accounts", src.columns).filter((m) =>
        ["id", "domain", "name"].includes(m.field),
      );
      const keyCols = mapping.map((m) => m.column);
      const col = (f: string) => mapping.find((m) => m.field === f)?.column;
      const sk = o.seeds.rows.map((r) => accountKeys(o.seeds, r));
      const sets = {
        domain: new Set(sk.map((k) => k.domain).filter((x): x is string => x !== null)),
        name: new Set(sk.map((k) => k.name).filter((x): x is string => x !== null)),
        id: new Set(sk.map((k) => k.id).filter((x): x is string => x !== null)),
      };
      await duck.conn.run("CREATE TEMP TABLE __icp_sk (kind VARCHAR, key VARCHAR)");
      const app0 = await duck.conn.createAppender("__icp_sk");
      for (const [kind, set] of Object.entries(sets))
        for (const v of set) {
          app0.appendVarchar(kind);
          app0.appendVarchar(v);
          app0.endRow();
        }
      app0.closeSync();
      const keysOf = (kind: string) => `(SELECT key FROM __icp_sk WHERE kind = '${kind}')`;
      const conds: string[] = [];
      const dc = col("domain");
      if (dc && sets.domain.size) conds.push(domainInSql(quoteIdent(dc), keysOf("domain")));
      const nc = col("name");
      if (nc && sets.name.size) conds.push(nameMatchSql(quoteIdent(nc), "__icp_sk", "name"));
      const ic = col("id");
      if (ic && sets.id.size) conds.push(`trim(${quoteIdent(ic)}) IN ${keysOf("id")}`);
      const keyRows: Record_[] = [];
      const position: number[] = [];
      if (keyCols.length && conds.length) {
        const res = await duck.conn.runAndReadAll(
          `SELECT file_row_number, ${keyCols.map(quoteIdent).join(", ")} FROM read_parquet(${quoteLiteral(pq)}, file_row_number = true) WHERE ${conds.map((c) => `(${c})`).join(" OR ")}`,
        );
        for (const r of res.getRowsJS()) {
          const row: Record_ = {};
          keyCols.forEach((c, k) => {
            row[c] = (r[k + 1] ?? null) as RawValue;
          });
          keyRows.push(row);
          position.push(Number(r[0]));
        }
      }
      const keys: LoadedTable = {
        file: o.universe,
        entity: "accounts",
        columns: keyCols,
        mapping,
        rows: keyRows,
        rejects: [],
      };
      const found = matchSeeds(o.seeds, keys);
      const match = found.match;
      const inUniverse = new Set([...found.inUniverse].map((i) => position[i] as number));
      const names = new Map<number, RawValue>();
      const labelCol = col("name") ?? col("domain");
      for (const i of found.inUniverse)
        names.set(position[i] as number, labelCol ? (keyRows[i]?.[labelCol] ?? null) : null);
      // best customers outside the universe carry their own attributes: the row-based path
      if (match.ownRows > 0) return { ownRows: true };
      const U = examples.n;
      const y = new Uint8Array(U);
      for (const i of inUniverse) y[i] = 1;
      const labelOf = (r: number) => {
        const v = names.get(r);
        return v === null || v === undefined || String(v).trim() === "" ? "a best customer" : String(v);
      };
      const top = o.top ?? U;
      const result = rankLookalikes(examples, y, U, labelOf, match, inUniverse.size, {
        asOf: o.asOf,
        ...(o.examine ? { examine: o.examine } : {}),
        ...(o.exclude ? { exclude: o.exclude } : {}),
        explain: Math.min(top, 100_000),
      });
      let written = 0;
      if (o.output) {
        const clash = ADDED.filter((c) => src.columns.includes(c));
        if (clash.length)
          throw new InputError(
            `${o.universe} already has column(s) ${clash.join(", ")}, which lookalike adds`,
            {
              hint: "rename them, or rank a copy without them",
            },
          );
        // the scores in the universe's row order, joined back by position
        await duck.conn.run(
          "CREATE TEMP TABLE __icp_look (icp_similarity DOUBLE, icp_rank INTEGER, icp_seed BOOLEAN, icp_lookalike_reasons VARCHAR)",
        );
        const byRow = new Array<{ s: number; rank: number; seed: boolean; reasons: string }>(U);
        result.ranked.forEach((x, i) => {
          byRow[x.row] = {
            s: Math.round(x.similarity * 10) / 10,
            rank: i + 1,
            seed: x.seed,
            reasons: x.reasons,
          };
        });
        const app = await duck.conn.createAppender("__icp_look");
        for (let r = 0; r < U; r++) {
          const x = byRow[r] ?? { s: 0, rank: U, seed: false, reasons: "" };
          app.appendDouble(x.s);
          app.appendInteger(x.rank);
          app.appendBoolean(x.seed);
          if (x.reasons) app.appendVarchar(x.reasons);
          else app.appendNull();
          app.endRow();
        }
        app.closeSync();
        const fmt = o.outputFormat ?? "csv";
        const all = [...src.columns, ...ADDED];
        const proj = all.map((c) =>
          fmt === "csv" && (src.columns.includes(c) || c === "icp_lookalike_reasons")
            ? `${neutraliseSql(quoteIdent(c))} AS ${quoteIdent(c)}`
            : quoteIdent(c),
        );
        const opts =
          fmt === "csv"
            ? "FORMAT csv, HEADER true"
            : fmt === "parquet"
              ? "FORMAT parquet"
              : fmt === "json"
                ? "FORMAT json, ARRAY true"
                : "FORMAT json";
        const copy = await duck.conn.runAndReadAll(
          `COPY (SELECT ${proj.join(", ")} FROM (SELECT * FROM ${src.sql} POSITIONAL JOIN __icp_look) WHERE icp_rank <= ${Number(top)} ORDER BY icp_rank) TO ${quoteLiteral(o.output)} (${opts})`,
        );
        written = Number(copy.getRows()[0]?.[0] ?? 0);
      }
      // the names of the first 20, for the terminal summary
      const shown = new Map<number, string>();
      const first = result.ranked.slice(0, 20).map((x) => x.row);
      if (labelCol && first.length) {
        const res = await duck.conn.runAndReadAll(
          `SELECT file_row_number, ${quoteIdent(labelCol)} FROM read_parquet(${quoteLiteral(pq)}, file_row_number = true) WHERE file_row_number IN (${first.map((r) => Number(r)).join(", ")})`,
        );
        for (const r of res.getRowsJS())
          shown.set(Number(r[0]), r[1] === null || r[1] === undefined ? "" : String(r[1]));
      }
      return { result, columns: src.columns, rejects, written, names: shown };
    }
  } finally {
    duck.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Scoring inside PostgreSQL: the compiled SQL (postgres dialect) runs where the table lives, and
 * the result becomes a table or a view beside it, stamped with the profile version. Normalisers
 * run once per distinct raw value, in the same JavaScript every engine calls, and their results
 * are stored in a lookup table (`icp_normalised`) the SQL joins — so no value's meaning can differ
 * between engines.
 */
import pg from "pg";
import { NORMALISERS, udfName } from "../data/normalise/registry.js";
import { InputError } from "../io/formats.js";
import type { IrProgram, RowResult } from "../ir/types.js";
import type { FunnelGroup } from "../score/funnel.js";
import { groupsFromCodes } from "../score/funnel-codes.js";
import { compileSql, NORMALISED_COLUMNS, NORMALISED_TABLE, rowResultOf } from "../sql/compile.js";
import { quoteIdent, quoteLiteral } from "../sql/escape.js";
import { type RawValue, storedText } from "./values.js";

/** A table name as given (`table` or `schema.table`), quoted part by part. */
export interface RelationName {
  schema: string | null;
  name: string;
  sql: string;
}

export function relationName(given: string): RelationName {
  const parts = given.split(".");
  if (parts.length > 2 || parts.some((p) => p.length === 0))
    throw new InputError(`table name ${JSON.stringify(given)} is not "table" or "schema.table"`, {
      hint: "a name holding a dot cannot be given here; rename it or create a view",
    });
  const schema = parts.length === 2 ? parts[0]! : null;
  const name = parts[parts.length - 1]!;
  return { schema, name, sql: schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name) };
}

export interface PgScoreArgs {
  irsFor: (columns: string[]) => IrProgram[];
  /** Relation scored: a table or a view. */
  table: string;
  /** Relation written (replaced if it exists). */
  into: string;
  /** Write a view instead of a table (scores stay current as rows change; normalised values do not). */
  view?: boolean;
  /** Column giving the input order (ties, capacity tiers). */
  key?: string;
  keys?: string[];
}

export interface PgScoreResult {
  columns: string[];
  irs: IrProgram[];
  groups: FunnelGroup[][];
  rowsOut: number;
  /** Distinct raw values normalised into the lookup table. */
  normalisedValues: number;
  relation: string;
}

export class PostgresEngine {
  private tableCounter = 0;
  private constructor(readonly client: pg.Client) {}

  static async connect(url: string): Promise<PostgresEngine> {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
    } catch (e) {
      throw new InputError(`cannot connect to PostgreSQL at ${redact(url)}: ${(e as Error).message}`, {
        hint: "check the URL (postgres://user:password@host:port/database) and that the server runs",
      });
    }
    // Literals are quoted for standard strings (backslash is an ordinary character).
    await client.query("SET standard_conforming_strings = on");
    return new PostgresEngine(client);
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  /** Column names of a table or view, in order; a clear error when it does not exist. */
  async columnsOf(rel: RelationName): Promise<string[]> {
    const r = await this.client.query<{ attname: string }>(
      "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
      [rel.sql],
    );
    if (r.rows.length === 0) {
      const exists = await this.client.query("SELECT to_regclass($1) IS NOT NULL AS ok", [rel.sql]);
      if (!exists.rows[0]?.ok)
        throw new InputError(`no table or view ${rel.sql} in the database`, {
          hint: "name it as table or schema.table (the search_path applies to a bare name)",
        });
    }
    return r.rows.map((x) => x.attname);
  }

  /**
   * Fill the lookup table with every distinct raw value of the normalised columns the profiles
   * read. Returns the relation's SQL name and how many values were written.
   */
  async fillNormalised(
    irs: readonly IrProgram[],
    source: string,
    schema: string | null,
  ): Promise<{ table: string; values: number }> {
    const table = schema
      ? `${schema === "pg_temp" ? schema : quoteIdent(schema)}.${quoteIdent(NORMALISED_TABLE)}`
      : quoteIdent(NORMALISED_TABLE);
    const { fn, raw, value } = NORMALISED_COLUMNS;
    await this.client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (${quoteIdent(fn)} text NOT NULL, ${quoteIdent(raw)} text NOT NULL, ${quoteIdent(value)} text, PRIMARY KEY (${quoteIdent(fn)}, ${quoteIdent(raw)}))`,
    );
    let values = 0;
    const done = new Set<string>();
    for (const ir of irs) {
      const ctx = { asOf: ir.asOf, ...(ir.dayOrder ? { dayOrder: ir.dayOrder } : {}) };
      for (const c of ir.criteria) {
        if (c.normalize === null || c.column === null) continue;
        const name = udfName(c.normalize, ctx);
        const key = `${name}\u0000${c.column}`;
        if (done.has(key)) continue;
        done.add(key);
        const f = NORMALISERS[c.normalize].make(ctx);
        const col = quoteIdent(c.column);
        const distinct = await this.client.query<{ v: string }>(
          `SELECT DISTINCT CAST(${col} AS text) AS v FROM ${source} WHERE ${col} IS NOT NULL`,
        );
        const raws = distinct.rows.map((r) => r.v);
        for (let i = 0; i < raws.length; i += 5000) {
          const chunk = raws.slice(i, i + 5000);
          await this.client.query(
            `INSERT INTO ${table} SELECT $1, r, v FROM unnest($2::text[], $3::text[]) AS t(r, v) ON CONFLICT (${quoteIdent(fn)}, ${quoteIdent(raw)}) DO UPDATE SET ${quoteIdent(value)} = EXCLUDED.${quoteIdent(value)}`,
            [name, chunk, chunk.map((r) => f(r))],
          );
        }
        values += raws.length;
      }
    }
    return { table, values };
  }

  /**
   * Score in-memory rows (tests, small batches): loaded into a temporary text table, values as
   * parameters, normalised values in a temporary lookup table. Results in input order.
   */
  async scoreRows(
    irs: readonly IrProgram[],
    columns: readonly string[],
    rows: ReadonlyArray<Record<string, RawValue>>,
  ): Promise<RowResult[][]> {
    const table = `pg_temp.${quoteIdent(`__icp_rows_${++this.tableCounter}`)}`;
    const c = this.client;
    await c.query(
      `CREATE TABLE ${table} (${["__icp_row bigint", ...columns.map((x) => `${quoteIdent(x)} text`)].join(", ")})`,
    );
    try {
      const arrays = columns.map((col) => rows.map((r) => storedText(r[col])));
      const casts = ["$1::bigint[]", ...columns.map((_, i) => `$${i + 2}::text[]`)];
      await c.query(`INSERT INTO ${table} SELECT * FROM unnest(${casts.join(", ")})`, [
        rows.map((_, i) => i),
        ...arrays,
      ]);
      const normalised = await this.fillNormalised(irs, table, "pg_temp");
      const out: RowResult[][] = [];
      for (const ir of irs) {
        const { sql, params } = compileSql([ir], {
          dialect: "postgres",
          source: table,
          columns: ["__icp_row"],
          rowColumn: "__icp_row",
          ordered: true,
          normalisedTable: normalised.table,
        });
        const res = await c.query(sql, params);
        out.push(res.rows.map(rowResultOf));
      }
      return out;
    } finally {
      await c.query(`DROP TABLE IF EXISTS ${table}`);
      await c.query(`DROP TABLE IF EXISTS pg_temp.${quoteIdent(NORMALISED_TABLE)}`);
    }
  }

  /** Score `table` into `into` (replacing it in one transaction), then count the funnel there. */
  async scoreInto(args: PgScoreArgs): Promise<PgScoreResult> {
    const source = relationName(args.table);
    const target = relationName(args.into);
    if (source.sql === target.sql)
      throw new InputError(`--into names the scored table itself (${target.sql})`, {
        hint: "write the scores to another table or view, e.g. scored_accounts",
      });
    const columns = await this.columnsOf(source);
    const irs = args.irsFor(columns);
    const capacity = irs.some((ir) => ir.capacity);
    if (capacity && !args.key)
      throw new InputError("capacity tiers rank rows, and a table has no input order: pass --key <column>", {
        hint: "name a column that orders the rows (an id or a created-at column); ties go to the smaller key",
      });
    if (args.key && !columns.includes(args.key))
      throw new InputError(`--key ${JSON.stringify(args.key)} is not a column of ${source.sql}`, {
        hint: `columns: ${columns.join(", ")}`,
      });
    const keysOpt = args.keys ? { keys: args.keys } : {};
    const probe = compileSql(irs, {
      dialect: "postgres",
      mode: "inline",
      source: source.sql,
      columns: [],
      // Only the output column names are needed here; the real key comes with the real query.
      rowColumn: args.key ?? "row",
      ...keysOpt,
    });
    const clash = probe.outputColumns.filter((c) => columns.includes(c));
    if (clash.length)
      throw new InputError(`${source.sql} already has column(s) ${clash.join(", ")}, which scoring adds`, {
        hint: "score the unscored table, or a view without those columns",
      });

    const normalised = await this.fillNormalised(irs, source.sql, target.schema ?? source.schema);
    const compiled = compileSql(irs, {
      dialect: "postgres",
      mode: "inline",
      source: source.sql,
      columns,
      normalisedTable: normalised.table,
      ...(args.key ? { rowColumn: args.key } : {}),
      ...keysOpt,
    });
    const ir0 = irs[0]!;
    const stamp = irs
      .map((ir) => `${ir.profile.name} v${ir.profile.version} (${ir.profile.hash})`)
      .join(", ");
    const comment = `icpkit score: ${stamp}; as of ${ir0.asOf}; from ${source.sql}`;
    const staging = relationName(
      `${target.schema ? `${target.schema}.` : ""}${target.name.slice(0, 40)}__icp_new`,
    );
    const c = this.client;
    await c.query("BEGIN");
    try {
      const existing = await c.query<{ kind: string }>(
        "SELECT c.relkind AS kind FROM pg_class c WHERE c.oid = to_regclass($1)",
        [target.sql],
      );
      const kind = existing.rows[0]?.kind;
      if (kind !== undefined && kind !== "r" && kind !== "v")
        throw new InputError(`${target.sql} exists and is neither a table nor a view; not replacing it`);
      const drop =
        kind === "v" ? `DROP VIEW ${target.sql}` : kind === "r" ? `DROP TABLE ${target.sql}` : null;
      if (args.view) {
        if (drop) await c.query(drop);
        await c.query(`CREATE VIEW ${target.sql} AS\n${compiled.sql}`);
        await c.query(`COMMENT ON VIEW ${target.sql} IS ${quoteLiteral(comment)}`);
      } else {
        // Write, then swap: the previous table stays until the new one is complete.
        await c.query(`DROP TABLE IF EXISTS ${staging.sql}`);
        await c.query(`CREATE TABLE ${staging.sql} AS\n${compiled.sql}`);
        if (drop) await c.query(drop);
        await c.query(`ALTER TABLE ${staging.sql} RENAME TO ${quoteIdent(target.name)}`);
        await c.query(`COMMENT ON TABLE ${target.sql} IS ${quoteLiteral(comment)}`);
      }
      await c.query("COMMIT");
    } catch (e) {
      await c.query("ROLLBACK");
      throw e;
    }

    // Funnel: distinct outcome codes over the written relation (with capacity tiers as written).
    const tierName = (p: number) =>
      irs.length === 1 ? "icp_tier" : `icp_${args.keys?.[p] ?? `p${p + 1}`}_tier`;
    const tierCols = irs.map((ir, p) => (ir.capacity ? tierName(p) : null));
    const carried = tierCols.filter((t): t is string => t !== null);
    const codes = compileSql(irs, {
      dialect: "postgres",
      mode: "inline",
      source: target.sql,
      columns: carried,
      stage: "codes",
      normalisedTable: normalised.table,
    });
    const groupCols = [...carried, ...codes.outputColumns].map(quoteIdent).join(", ");
    const g = await c.query(
      `SELECT ${groupCols}, count(*) AS n FROM (${codes.sql}) AS __icp_c GROUP BY ${groupCols}`,
    );
    const groups = groupsFromCodes(irs, g.rows as Array<Record<string, unknown>>, tierCols);
    const rowsOut = groups[0]!.reduce((a, x) => a + x.count, 0);
    return { columns, irs, groups, rowsOut, normalisedValues: normalised.values, relation: target.sql };
  }
}

/** A connection URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

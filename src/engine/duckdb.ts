/**
 * The set-at-a-time engine: compiled SQL run inside DuckDB (@duckdb/node-api). Reads CSV, Parquet,
 * JSON and NDJSON files directly; writes CSV (formulas neutralised), Parquet, JSON or NDJSON.
 */
import { type DuckDBConnection, DuckDBInstance, DuckDBScalarFunction, VARCHAR } from "@duckdb/node-api";
import { dictionaryName, NORMALISERS, type Normaliser, udfName } from "../data/normalise/registry.js";
import { neutralise } from "../io/csv-cell.js";
import { type CsvDialect, csvDialect, linesOfOffsets } from "../io/csv-dialect.js";
import { InputError } from "../io/formats.js";
import { unwrapJson } from "../io/prepare.js";
import type { ReadOptions, Reject } from "../io/read.js";
import type { IrProgram, RowResult } from "../ir/types.js";
import { countsOfGroups, type FunnelCounts } from "../score/funnel.js";
import { groupsFromCodes } from "../score/funnel-codes.js";
import { compileSql, funnelSequences, rowResultOf, sequenceNames } from "../sql/compile.js";
import { quoteIdent, quoteLiteral } from "../sql/escape.js";
import { NUMBER_PATTERN, type RawValue, storedText } from "./values.js";

export type FileFormat = "csv" | "parquet" | "json" | "ndjson";

/** An input as DuckDB reads it. */
export interface Source {
  sql: string;
  columns: string[];
  dialect?: Omit<CsvDialect, "cleanup">;
  /** What was done to read a file that is not plain (an API page flattened …); CSV's are in `dialect`. */
  notes?: string[];
  /** Records DuckDB could not read (after a scan). */
  rejects(): Promise<Reject[]>;
  /** Remove temporary files (a transcoded copy). */
  close(): void;
}

export interface DuckDbOptions {
  /** A database file to open (created if missing); default in memory. */
  path?: string;
  threads?: number;
  /** DuckDB's memory limit, e.g. "700MB" (spills to disk beyond it). */
  memoryLimit?: string;
}

export class DuckDbEngine {
  private tableCounter = 0;
  private readonly functions = new Set<string>();
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
  ) {}

  static async open(opts: DuckDbOptions = {}): Promise<DuckDbEngine> {
    const config: Record<string, string> = {};
    if (opts.threads) config["threads"] = String(opts.threads);
    if (opts.memoryLimit) config["memory_limit"] = opts.memoryLimit;
    const instance = await DuckDBInstance.create(opts.path ?? ":memory:", config);
    const conn = await instance.connect();
    await conn.run("SET preserve_insertion_order = true");
    return new DuckDbEngine(instance, conn);
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }

  /** Another connection to the same database: a long streamed read that the shared connection's other work cannot cut short. */
  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /**
   * Register the normalisers the IRs use: each as a scalar function calling the very JavaScript
   * function the row engines call, plus, for dictionary normalisers, a macro looking up the common
   * spellings directly (their values computed by that same function), so most rows skip the call.
   */
  async prepare(irs: readonly IrProgram[]): Promise<void> {
    for (const ir of irs) {
      const ctx = { asOf: ir.asOf, ...(ir.dayOrder ? { dayOrder: ir.dayOrder } : {}) };
      for (const c of ir.criteria) {
        if (c.normalize === null || c.column === null) continue;
        const info = NORMALISERS[c.normalize];
        const fn = udfName(c.normalize, ctx);
        if (!this.functions.has(fn)) {
          this.functions.add(fn);
          this.conn.registerScalarFunction(scalarFunction(fn, info.make(ctx)));
        }
        const dict = dictionaryName(c.normalize);
        if (info.spellings && !this.functions.has(dict)) {
          this.functions.add(dict);
          // A spelling's position comes from a cast to an ENUM of the spellings (a hash lookup), and
          // indexes the list of their values: 50 ms per million rows where a MAP literal, searched
          // key by key, took 380 ms.
          const f = info.make(ctx);
          const spellings = [...new Set(info.spellings())];
          const values = spellings.map((sp) => {
            const v = f(sp);
            return v === null ? "NULL" : quoteLiteral(v);
          });
          const keys = spellings.map(quoteLiteral).join(", ");
          await this.conn.run(
            spellings.length
              ? `CREATE OR REPLACE TEMP MACRO ${dict}(v) AS ([${values.join(", ")}])[enum_code(TRY_CAST(v AS ENUM(${keys}))) + 1]`
              : `CREATE OR REPLACE TEMP MACRO ${dict}(v) AS CAST(NULL AS VARCHAR)`,
          );
        }
      }
    }
  }

  /**
   * Sequences counting a run's funnel (`SqlOptions.counters`): created here, stepped by the write
   * query as each row goes out, read after it and dropped (also when the write fails). Every written row must be counted once
   * per profile, and the rows removed by the filters must be the rows disqualified.
   */
  private async funnelCounters(irs: readonly IrProgram[]): Promise<{
    prefix: string;
    read: (rowsOut: number) => Promise<FunnelCounts[]>;
    drop: () => Promise<void>;
  }> {
    const prefix = `__icp_c${++this.tableCounter}_`;
    const seqs = funnelSequences(irs, prefix);
    const names = seqs.flatMap(sequenceNames);
    await this.conn.run(names.map((n) => `CREATE TEMP SEQUENCE ${quoteIdent(n)};`).join(" "));
    const read = async (rowsOut: number): Promise<FunnelCounts[]> => {
      const r = await this.conn.runAndReadAll(
        `SELECT sequence_name AS name, last_value AS n FROM duckdb_sequences() WHERE temporary AND starts_with(sequence_name, ${quoteLiteral(prefix)})`,
      );
      const value = new Map(r.getRowObjectsJS().map((o) => [String(o["name"]), Number(o["n"] ?? 0)]));
      const n = (name: string) => value.get(name) ?? 0;
      return irs.map((ir, p) => {
        const s = seqs[p]!;
        const c: FunnelCounts = {
          rowsIn: 0,
          failed: s.failed.map(n),
          removed: s.removed.map(n),
          unknown: s.unknown.map(n),
          disqualified: n(s.disqualified),
          insufficientData: n(s.insufficient),
          tiers: s.tiers.map(n),
          untiered: n(s.untiered),
        };
        c.rowsIn = c.disqualified + c.insufficientData + c.untiered + c.tiers.reduce((a, x) => a + x, 0);
        const removed = c.removed.reduce((a, x) => a + x, 0);
        if (c.rowsIn !== rowsOut || removed !== c.disqualified)
          throw new Error(
            `internal error: ${ir.profile.name}: the funnel counted ${c.rowsIn} rows (${removed} removed by filters, ${c.disqualified} disqualified), the output has ${rowsOut}`,
          );
        return c;
      });
    };
    const drop = async () => {
      await this.conn.run(names.map((n) => `DROP SEQUENCE IF EXISTS ${quoteIdent(n)};`).join(" "));
    };
    return { prefix, read, drop };
  }

  /** Run a statement while polling DuckDB's progress for it. */
  private async tracked<T>(
    stage: string,
    run: Promise<T>,
    onProgress?: (p: { fraction: number; stage: string }) => void,
  ): Promise<T> {
    if (!onProgress) return run;
    const timer = setInterval(() => {
      const p = this.conn.progress;
      if (p.percentage >= 0) onProgress({ fraction: Math.min(1, p.percentage / 100), stage });
    }, 200);
    try {
      return await run;
    } finally {
      clearInterval(timer);
      onProgress({ fraction: 1, stage });
    }
  }

  /** SQL text of a relation reading a Parquet, JSON or NDJSON file (CSV goes through `source`). */
  relation(path: string, format: Exclude<FileFormat, "csv">): string {
    const p = quoteLiteral(path);
    switch (format) {
      case "parquet":
        return `read_parquet(${p})`;
      case "json":
        return `read_json(${p}, format = 'array')`;
      case "ndjson":
        return `read_json(${p}, format = 'newline_delimited')`;
    }
  }

  /**
   * The input as a relation of text columns, with its column names. A CSV file is described once
   * (encoding, delimiter, line ends, header — the same description the JS reader uses) and read
   * with those options fixed; records whose cell count differs from the header's, or that run
   * into an unterminated quote, go to a rejects table instead of the output.
   */
  async source(path: string, format: FileFormat, opts: ReadOptions = {}): Promise<Source> {
    if (format !== "csv") {
      const j = format === "json" ? unwrapJson(path) : null;
      if (j?.format === "csv") {
        try {
          const s = await this.source(j.path, "csv", {});
          return {
            ...s,
            notes: j.notes,
            ...(s.dialect
              ? { dialect: { ...s.dialect, original: path, notes: [...j.notes, ...s.dialect.notes] } }
              : {}),
            close: () => {
              s.close();
              j.cleanup();
            },
          };
        } catch (e) {
          j.cleanup();
          throw e;
        }
      }
      let t: { sql: string; columns: string[] };
      try {
        t = await this.textRelation(this.relation(path, format));
      } catch (e) {
        // a file that is not what its format says (PNG bytes sent as Parquet, broken JSON) is the
        // input's fault, said as such — never an internal error
        throw new InputError(`not a readable ${format} file: ${(e as Error).message.split("\n")[0]}`, {
          file: path,
          hint: format === "parquet" ? "check the file, or send it as CSV" : "check the file's JSON",
        });
      }
      return { ...t, rejects: async () => [], close: () => {} };
    }
    const d = await csvDialect(path, opts);
    const id = ++this.tableCounter;
    const rejects = `__icp_rejects_${id}`;
    const cols = d.columns.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(", ");
    const opt = (k: string, v: string) => `${k} = ${quoteLiteral(v)}`;
    const sql = `read_csv(${quoteLiteral(d.path)}, auto_detect = false, header = true, ${opt("delim", d.delimiter)}, ${opt("quote", '"')}, ${opt("escape", '"')}, ${opt("new_line", d.newline === "\r\n" ? "\\r\\n" : d.newline === "\r" ? "\\r" : "\\n")}, columns = {${cols}}, store_rejects = true, ${opt("rejects_table", rejects)}, ${opt("rejects_scan", `__icp_rejects_scan_${id}`)})`;
    const conn = this.conn;
    const { cleanup, ...dialect } = d;
    return {
      sql,
      columns: d.columns,
      dialect,
      async rejects() {
        const exists = await conn.runAndReadAll(
          `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ${quoteLiteral(rejects)}`,
        );
        if (Number(exists.getRowObjectsJS()[0]?.["n"] ?? 0) === 0) return [...d.dropped];
        const r = await conn.runAndReadAll(
          `SELECT min(line_byte_position) AS pos, any_value(csv_line) AS raw, string_agg(DISTINCT error_type, '; ') AS reason FROM ${quoteIdent(rejects)} GROUP BY line ORDER BY line`,
        );
        const rows = r.getRowObjectsJS();
        const lines = await linesOfOffsets(
          d.path,
          rows.map((o) => Number(o["pos"])),
        );
        return [
          ...rows.map((o, i) => ({
            line: (lines[i] ?? 0) + d.lineOffset,
            reason: describeReject(String(o["reason"] ?? ""), d.columns.length),
            raw: String(o["raw"] ?? "").replace(/(\r\n|\n|\r)$/, ""),
          })),
          ...d.dropped,
        ];
      },
      close: cleanup,
    };
  }

  /** Column names and DuckDB types of a relation. */
  async describe(relation: string): Promise<Array<{ name: string; type: string }>> {
    const r = await this.conn.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`);
    return r
      .getRowObjectsJS()
      .map((o) => ({ name: String(o["column_name"]), type: String(o["column_type"]) }));
  }

  /**
   * A relation whose columns are all text, as the compiled SQL expects: lists joined with ";",
   * other types cast to VARCHAR. Optionally numbered in input order.
   */
  async textRelation(relation: string): Promise<{ sql: string; columns: string[] }> {
    const cols = await this.describe(relation);
    const proj = cols.map(({ name, type }) => {
      const q = quoteIdent(name);
      if (type === "VARCHAR") return q;
      if (type.endsWith("[]")) return `array_to_string(${q}, ';') AS ${q}`;
      return `CAST(${q} AS VARCHAR) AS ${q}`;
    });
    const allText = cols.every((c) => c.type === "VARCHAR");
    return {
      sql: allText ? relation : `(SELECT ${proj.join(", ")} FROM ${relation})`,
      columns: cols.map((c) => c.name),
    };
  }

  /** Score in-memory rows (tests, small batches): loaded as a text table, scored with parameters. */
  async scoreRows(
    irs: readonly IrProgram[],
    columns: readonly string[],
    rows: ReadonlyArray<Record<string, RawValue>>,
  ): Promise<RowResult[][]> {
    const table = `__icp_rows_${++this.tableCounter}`;
    await this.conn.run(
      `CREATE TEMP TABLE ${quoteIdent(table)} (${["__icp_row BIGINT", ...columns.map((c) => `${quoteIdent(c)} VARCHAR`)].join(", ")})`,
    );
    try {
      const app = await this.conn.createAppender(table);
      rows.forEach((row, i) => {
        app.appendBigInt(BigInt(i));
        for (const c of columns) {
          const v = storedText(row[c]);
          if (v === null) app.appendNull();
          else app.appendVarchar(v);
        }
        app.endRow();
      });
      app.closeSync();
      await this.prepare(irs);
      const out: RowResult[][] = [];
      for (const ir of irs) {
        const { sql, params } = compileSql([ir], {
          source: quoteIdent(table),
          columns: ["__icp_row"],
          rowColumn: "__icp_row",
          ordered: true,
        });
        const res = await this.conn.runAndReadAll(sql, params as never);
        out.push(res.getRowObjectsJS().map(rowResultOf));
      }
      return out;
    } finally {
      await this.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    }
  }

  /**
   * Score a file into another file, returning the funnel counts per profile. Without capacity
   * tiers one streaming query scores and writes, and the funnel is counted as the rows go out
   * (in sequences the query steps, `SqlOptions.counters`). Capacity tiers need ranks
   * first: the codes (8 bytes a row) go to a temp table, are ranked and counted there, and the
   * input is joined to them by position.
   */
  async scoreFile(args: {
    irsFor: (columns: string[]) => IrProgram[];
    input: string;
    inputFormat: FileFormat;
    output: string;
    outputFormat: FileFormat;
    keys?: string[];
    read?: ReadOptions;
    /** Polled from DuckDB's query progress while each statement runs. */
    onProgress?: (p: { fraction: number; stage: string }) => void;
  }): Promise<{
    columns: string[];
    irs: IrProgram[];
    counts: FunnelCounts[];
    rowsOut: number;
    rejects: Reject[];
    dialect?: Omit<CsvDialect, "cleanup">;
  }> {
    const timing = process.env.ICP_TIMING
      ? (label: string, t0: number) =>
          process.stderr.write(
            `[timing] ${label} ${((performance.now() - t0) / 1000).toFixed(2)} s (ends ${(performance.now() / 1000).toFixed(2)} s after start)\n`,
          )
      : () => {};
    // A CSV whose first megabyte is UTF-8 is read as UTF-8 without a pass of our own over the
    // rest: DuckDB validates every byte and rejects records that are not UTF-8. If it rejected
    // any, the file is described again, whole (so it is transcoded from Windows-1252, as a file
    // found not to be UTF-8 up front is), and scored again.
    const once = async (read: ReadOptions) => {
      const t0 = performance.now();
      const text = await this.source(args.input, args.inputFormat, read);
      timing("describe the input", t0);
      try {
        return await this.scoreSource(text, args, timing);
      } finally {
        text.close();
      }
    };
    const read = args.read ?? {};
    const first = await once({ ...read, utf8FromSample: true });
    if (first.dialect?.encodingSource !== "utf-8 sample") return first;
    if (first.rejects.some((r) => r.reason === NOT_IN_ENCODING)) return once(read);
    return { ...first, dialect: { ...first.dialect, encodingSource: "valid utf-8" } };
  }

  private async scoreSource(
    text: Source,
    args: Parameters<DuckDbEngine["scoreFile"]>[0],
    timing: (label: string, t0: number) => void,
  ): ReturnType<DuckDbEngine["scoreFile"]> {
    let t0 = performance.now();
    const irs = args.irsFor(text.columns);
    await this.prepare(irs);
    timing("prepare", t0);
    const capacity = irs.some((ir) => ir.capacity);
    const keysOpt = args.keys ? { keys: args.keys } : {};

    t0 = performance.now();
    const tierCols = irs.map((ir, p) => (ir.capacity ? `__icp_t${p}` : null));
    let keysRel = "";
    let counts: FunnelCounts[] = [];
    if (capacity) {
      // Packed outcomes in a temp table, ranked there.
      const codes = compileSql(irs, { source: text.sql, columns: [], mode: "inline", stage: "codes" });
      await this.tracked(
        "criteria",
        this.conn.run(`CREATE OR REPLACE TEMP TABLE __icp_keys AS ${codes.sql}`),
        args.onProgress,
      );
      timing("pass 1 (criteria)", t0);
      // Rank the small table, keep one tier column per profile, in input order.
      t0 = performance.now();
      const ranked = compileSql(irs, {
        source: "(SELECT *, rowid AS __icp_row FROM __icp_keys)",
        columns: ["__icp_row"],
        mode: "inline",
        stage: "decode",
        rowColumn: "__icp_row",
        ordered: true,
        ...keysOpt,
      });
      const tierOf = (p: number) =>
        irs.length === 1 ? "icp_tier" : `icp_${args.keys?.[p] ?? `p${p + 1}`}_tier`;
      const proj = tierCols.flatMap((t, p) => (t ? [`${quoteIdent(tierOf(p))} AS ${quoteIdent(t)}`] : []));
      await this.conn.run(
        `CREATE OR REPLACE TEMP TABLE __icp_tiers AS SELECT ${proj.join(", ")} FROM (${ranked.sql})`,
      );
      keysRel = "(SELECT * FROM __icp_keys POSITIONAL JOIN __icp_tiers)";
      timing("ranking", t0);

      // Funnel groups: distinct outcome codes and capacity tiers with counts, decoded here.
      t0 = performance.now();
      const groupCols = [...codes.outputColumns, ...tierCols.filter((t): t is string => t !== null)];
      const g = await this.conn.runAndReadAll(
        `SELECT ${groupCols.map(quoteIdent).join(", ")}, count(*) AS n FROM ${keysRel} GROUP BY ALL`,
      );
      const groups = groupsFromCodes(irs, g.getRowObjectsJS(), tierCols);
      counts = irs.map((ir, p) => countsOfGroups(ir, groups[p]!));
      timing("funnel", t0);
    }

    // Output: without capacity tiers one streaming query scores, writes and tallies the funnel;
    // with them, the input is joined by position with its codes and ranks.
    t0 = performance.now();
    const counters = capacity ? null : await this.funnelCounters(irs);
    const compiled = capacity
      ? compileSql(irs, {
          source: `(SELECT * FROM ${text.sql} POSITIONAL JOIN ${keysRel})`,
          columns: text.columns,
          mode: "inline",
          stage: "decode",
          tierColumns: tierCols,
          ...keysOpt,
        })
      : compileSql(irs, {
          source: text.sql,
          columns: text.columns,
          mode: "inline",
          counters: counters!.prefix,
          ...keysOpt,
        });
    let select = compiled.sql;
    if (args.outputFormat === "csv") {
      const all = [...text.columns, ...compiled.outputColumns];
      // Scores are numbers; the profile's own words are checked here, once, not on every row.
      const safe = new Set(compiled.outputColumns.filter((c) => c.endsWith("_score")));
      for (const [c, texts] of Object.entries(compiled.profileTexts ?? {}))
        if (texts.every((t) => neutralise(t) === t)) safe.add(c);
      const proj = all.map((c) =>
        safe.has(c) ? quoteIdent(c) : `${neutraliseSql(quoteIdent(c))} AS ${quoteIdent(c)}`,
      );
      select = `SELECT ${proj.join(", ")} FROM (${compiled.sql})`;
    }
    const opts =
      args.outputFormat === "csv"
        ? "FORMAT csv, HEADER true"
        : args.outputFormat === "parquet"
          ? "FORMAT parquet"
          : args.outputFormat === "json"
            ? "FORMAT json, ARRAY true"
            : "FORMAT json";
    const target = args.output === "-" ? "/dev/stdout" : args.output;
    let rowsOut: number;
    try {
      const copy = await this.tracked(
        "writing",
        this.conn.runAndReadAll(`COPY (${select}) TO ${quoteLiteral(target)} (${opts})`),
        args.onProgress,
      );
      rowsOut = Number(copy.getRows()[0]?.[0] ?? 0);
      timing("write", t0);
      t0 = performance.now();
      if (counters) counts = await counters.read(rowsOut);
    } finally {
      // temporary sequences: a failed write keeps its own error
      await counters?.drop().catch(() => undefined);
    }
    if (capacity) await this.conn.run("DROP TABLE IF EXISTS __icp_keys; DROP TABLE IF EXISTS __icp_tiers");
    const rejects = await text.rejects();
    timing("funnel and rejects", t0);
    return {
      columns: text.columns,
      irs,
      counts,
      rowsOut,
      rejects,
      ...(text.dialect ? { dialect: text.dialect } : {}),
    };
  }
}

/** Same rule as io/csv-cell.ts `neutralise`, in SQL. */
export function neutraliseSql(col: string): string {
  // First characters: = 61, @ 64, tab 9, CR 13, + 43, - 45 (the last two only when not a plain number).
  // Most cells start with a letter or a digit: string comparisons only (on DuckDB's inlined 4-byte
  // prefix, no NOT, so rows are selected on them directly) reject them before anything is decoded.
  const first = `ascii(${col})`;
  const detail = `(${first} = 61 OR ${first} = 64 OR ${first} = 9 OR ${first} = 13 OR ((${first} = 43 OR ${first} = 45) AND NOT regexp_matches(${col}, ${quoteLiteral(NUMBER_PATTERN)})))`;
  return `CASE WHEN ${col} < 'A' AND (${col} < '0' OR ${col} >= ':') AND ${detail} THEN '''' || ${col} ELSE ${col} END`;
}

/** A VARCHAR → VARCHAR scalar function over a normaliser (DuckDB passes NULL through without calling it). */
function scalarFunction(name: string, f: Normaliser): DuckDBScalarFunction {
  return DuckDBScalarFunction.create({
    name,
    returnType: VARCHAR,
    parameterTypes: [VARCHAR],
    mainFunction: (_info, input, output) => {
      const v = input.getColumnVector(0);
      for (let i = 0; i < input.rowCount; i++) {
        const x = v.getItem(i);
        output.setItem(i, x === null ? null : f(x as string));
      }
      output.flush();
    },
  });
}

const NOT_IN_ENCODING = "bytes that are not valid in the file's encoding";

/** DuckDB's reject error types in the words the JS reader uses. */
function describeReject(types: string, columns: number): string {
  const t = types.toUpperCase();
  if (t.includes("UNQUOTED VALUE") || t.includes("UNTERMINATED")) return "an unterminated or misplaced quote";
  if (t.includes("TOO MANY COLUMNS")) return `more cells than the header's ${columns}`;
  if (t.includes("MISSING COLUMNS")) return `fewer cells than the header's ${columns}`;
  if (t.includes("INVALID UNICODE") || t.includes("INVALID ENCODING")) return NOT_IN_ENCODING;
  if (t.includes("LINE SIZE")) return "a record longer than the reader's line limit";
  return types.toLowerCase();
}

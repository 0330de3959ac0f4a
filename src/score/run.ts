/**
 * Score a file end to end with one engine: read, score, write, and count the funnel. The faces
 * (CLI, HTTP) call this; it knows nothing of them.
 */

import { existsSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { DayOrder } from "../data/normalise/dates.js";
import { compileJs } from "../engine/compile-js.js";
import { DuckDbEngine } from "../engine/duckdb.js";
import { assignCapacityTiers, evaluateCriterion, interpretRow, type Row } from "../engine/interpreter.js";
import type { CsvDialect } from "../io/csv-dialect.js";
import { type FileFormat, InputError } from "../io/formats.js";
import { openTable, type ReadOptions, type Record_, type Reject, stdinToTemp } from "../io/read.js";
import { type Cell, createRowWriter } from "../io/write.js";
import { lower } from "../ir/lower.js";
import type { IrProgram, Outcome, RowResult } from "../ir/types.js";
import type { Profile } from "../profile/model.js";
import { outputColumns, profileKeys, resultCells } from "./combine.js";
import { buildFunnel, type Funnel, FunnelCounter, funnelOfCounts } from "./funnel.js";

export type EngineName = "js" | "interpreter" | "duckdb";

/** Measured: 10M rows (3.2 GB) score with a 633 MB peak under this limit, 4 GB without one. */
export const DEFAULT_MEMORY_LIMIT = "1GB";

export interface ScoreFileOptions {
  input: string;
  inputFormat: FileFormat;
  /** Output path, or "-" for stdout. */
  output: string;
  outputFormat: FileFormat;
  profiles: readonly Profile[];
  asOf: string;
  engine: EngineName;
  /** DuckDB settings for the duckdb engine. */
  threads?: number;
  /** DuckDB's memory limit (default 1GB: without it, DuckDB's order-preserving writer may hold GBs). */
  memoryLimit?: string;
  /** `--map column=field`: read `field` from `column` first. */
  columnMap?: Readonly<Record<string, string>>;
  /** Apply the fields' normalisers (default true). */
  normalize?: boolean;
  /** How normalised dates read 01/02/2024. */
  dayOrder?: DayOrder;
  /** How to read a CSV input (encoding, delimiter); detected when not given. */
  read?: ReadOptions;
  /** Progress: rows done (row-at-a-time engines, every 10,000 rows) or the share done (duckdb). */
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  rows?: number;
  /** 0..1, when the engine knows the total. */
  fraction?: number;
  stage?: string;
}

export interface ScoreFileResult {
  engine: EngineName | "postgres";
  asOf: string;
  /** Records read: rowsOut + rowsRejected. */
  rowsIn: number;
  rowsOut: number;
  /** Records that could not be read (line, reason, text), in input order. */
  rejects: Reject[];
  /** For CSV input: the encoding, delimiter and line ends read. */
  dialect?: Omit<CsvDialect, "cleanup">;
  columns: string[];
  /** Fields a profile tests that the input has no column for (their criteria are unknown on every row). */
  missingFields: Array<{ profile: string; field: string; tried: string[] }>;
  /** Per field tested: the column read and its normaliser (first profile that tests it). */
  mapping: FieldMapping[];
  funnels: Funnel[];
  warnings: string[];
}

export interface FieldMapping {
  field: string;
  column: string | null;
  normalize: string | null;
}

function mappingOf(irs: readonly IrProgram[]): FieldMapping[] {
  const seen = new Map<string, FieldMapping>();
  for (const ir of irs)
    for (const c of ir.criteria)
      if (!seen.has(c.field)) seen.set(c.field, { field: c.field, column: c.column, normalize: c.normalize });
  return [...seen.values()];
}

/** A profile whose fields read the given columns first (`--map column=field`). */
export function mapColumns(profile: Profile, map: Readonly<Record<string, string>>): Profile {
  const fields = new Map(profile.fields);
  for (const [column, field] of Object.entries(map)) {
    const f = fields.get(field);
    if (!f) continue;
    fields.set(field, { ...f, columns: [column, ...f.columns.filter((c) => c !== column)] });
  }
  return {
    ...profile,
    fields,
    criteria: profile.criteria.map((c) => ({ ...c, field: fields.get(c.field.name) ?? c.field })),
  };
}

function missingFields(
  profiles: readonly Profile[],
  irs: readonly IrProgram[],
): ScoreFileResult["missingFields"] {
  const out: ScoreFileResult["missingFields"] = [];
  irs.forEach((ir, p) => {
    const seen = new Set<string>();
    for (const c of ir.criteria) {
      if (c.column !== null || seen.has(c.field)) continue;
      seen.add(c.field);
      out.push({
        profile: ir.profile.name,
        field: c.field,
        tried: profiles[p]!.fields.get(c.field)?.columns ?? [c.field],
      });
    }
  });
  return out;
}

function lowerAll(
  profiles: readonly Profile[],
  opts: Pick<ScoreFileOptions, "asOf" | "normalize" | "dayOrder">,
): (columns: readonly string[]) => IrProgram[] {
  return (columns) =>
    profiles.map((p) =>
      lower(p, {
        asOf: opts.asOf,
        columns,
        ...(opts.normalize === false ? { normalize: false } : {}),
        ...(opts.dayOrder ? { dayOrder: opts.dayOrder } : {}),
      }),
    );
}

export interface ScoreTableOptions
  extends Pick<ScoreFileOptions, "profiles" | "asOf" | "columnMap" | "normalize" | "dayOrder"> {
  /** postgres://… connection URL. */
  url: string;
  table: string;
  into: string;
  view?: boolean;
  key?: string;
}

/** Score a PostgreSQL table or view in the database, into a table or view beside it. */
export async function scoreTable(
  opts: ScoreTableOptions,
): Promise<ScoreFileResult & { relation: string; normalisedValues: number }> {
  if (opts.profiles.length === 0) throw new InputError("no profile given", { hint: "pass --profile p.yaml" });
  const profiles = opts.columnMap ? opts.profiles.map((p) => mapColumns(p, opts.columnMap!)) : opts.profiles;
  const irsFor = lowerAll(profiles, opts);
  const irs0 = irsFor([]);
  // Loaded only here: the Postgres client is not needed to score files.
  const { PostgresEngine } = await import("../engine/postgres.js");
  const db = await PostgresEngine.connect(opts.url);
  try {
    const r = await db.scoreInto({
      irsFor: (cols) => irsFor(cols),
      table: opts.table,
      into: opts.into,
      ...(opts.view ? { view: true } : {}),
      ...(opts.key ? { key: opts.key } : {}),
      ...(irs0.length > 1 ? { keys: profileKeys(irs0) } : {}),
    });
    return {
      engine: "postgres",
      asOf: opts.asOf,
      rowsIn: r.rowsOut,
      rowsOut: r.rowsOut,
      rejects: [],
      columns: r.columns,
      missingFields: missingFields(profiles, r.irs),
      mapping: mappingOf(r.irs),
      funnels: r.irs.map((ir, p) => buildFunnel(ir, r.groups[p]!)),
      warnings: [],
      relation: r.relation,
      normalisedValues: r.normalisedValues,
    };
  } finally {
    await db.close();
  }
}

/**
 * Score a file into another. A run that fails leaves no output behind: a partial or empty file
 * would pass for a result (a file that was there before is left as the failed run left it only
 * when it still has content).
 */
export async function scoreFile(opts: ScoreFileOptions): Promise<ScoreFileResult> {
  const existed = opts.output !== "-" && existsSync(opts.output);
  try {
    return await scoreFileOnce(opts);
  } catch (e) {
    if (opts.output !== "-" && existsSync(opts.output) && (!existed || statSync(opts.output).size === 0))
      rmSync(opts.output, { force: true });
    throw e;
  }
}

async function scoreFileOnce(opts: ScoreFileOptions): Promise<ScoreFileResult> {
  if (opts.profiles.length === 0) throw new InputError("no profile given", { hint: "pass --profile p.yaml" });
  const profiles = opts.columnMap ? opts.profiles.map((p) => mapColumns(p, opts.columnMap!)) : opts.profiles;
  const irsFor = lowerAll(profiles, opts);
  if (opts.engine === "duckdb") {
    const duck = await DuckDbEngine.open({
      ...(opts.threads ? { threads: opts.threads } : {}),
      memoryLimit: opts.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
    });
    const stdinCopy = opts.input === "-" ? await stdinToTemp() : null;
    try {
      const irs0 = irsFor([]);
      const r = await duck.scoreFile({
        irsFor: (cols) => irsFor(cols),
        input: stdinCopy ?? opts.input,
        inputFormat: opts.inputFormat,
        output: opts.output,
        outputFormat: opts.outputFormat,
        ...(opts.read ? { read: opts.read } : {}),
        ...(irs0.length > 1 ? { keys: profileKeys(irs0) } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
      const funnels = r.irs.map((ir, p) => funnelOfCounts(ir, r.counts[p]!));
      return {
        engine: "duckdb",
        asOf: opts.asOf,
        rowsIn: r.rowsOut + r.rejects.length,
        rowsOut: r.rowsOut,
        rejects: r.rejects,
        ...(r.dialect ? { dialect: r.dialect } : {}),
        columns: r.columns,
        missingFields: missingFields(profiles, r.irs),
        mapping: mappingOf(r.irs),
        funnels,
        warnings: [],
      };
    } catch (e) {
      throw duckError(e, opts.input);
    } finally {
      duck.close();
      if (stdinCopy) rmSync(dirname(stdinCopy), { recursive: true, force: true });
    }
  }

  const table = await openTable(opts.input, opts.inputFormat, opts.read ?? {});
  const irs = irsFor(table.columns);
  const scorers =
    opts.engine === "interpreter"
      ? irs.map((ir) => (row: Row) => interpretRow(ir, row))
      : irs.map((ir) => {
          const c = compileJs(ir);
          return (row: Row) => c.score(row);
        });
  const filterIdx = irs.map((ir) => ir.criteria.filter((c) => c.role !== "signal"));
  const counters = irs.map(() => new FunnelCounter());
  const columns = [...table.columns, ...outputColumns(irs)];
  const writer = await createRowWriter(opts.output, opts.outputFormat, columns);
  const capacity = irs.some((ir) => ir.capacity);
  let n = 0;
  const filterOutcomes = (ir: IrProgram, p: number, row: Row): Outcome[] =>
    filterIdx[p]!.map((c) => outcomeOf(ir, c.index, row));
  const emit = async (row: Record_, results: RowResult[]) => {
    const cells: Cell[] = table.columns.map((c) => {
      const v = row[c];
      return v === null || v === undefined
        ? null
        : typeof v === "string"
          ? v
          : Array.isArray(v)
            ? v.join(";")
            : String(v);
    });
    await writer.write([...cells, ...resultCells(irs, results)]);
  };
  if (!capacity) {
    for await (const row of table.rows) {
      const results = scorers.map((s) => s(row));
      results.forEach((r, p) => {
        counters[p]!.add(r.state, r.tier, filterOutcomes(irs[p]!, p, row));
      });
      await emit(row, results);
      if (++n % 10_000 === 0) opts.onProgress?.({ rows: n });
    }
  } else {
    // Capacity tiers rank every row first: hold the rows, then assign tiers, then write.
    const rows: Record_[] = [];
    const all: RowResult[][] = [];
    for await (const row of table.rows) {
      rows.push(row);
      all.push(scorers.map((s) => s(row)));
      if (++n % 10_000 === 0) opts.onProgress?.({ rows: n });
    }
    irs.forEach((ir, p) => {
      if (!ir.capacity) return;
      const tiers = assignCapacityTiers(
        ir,
        all.map((rs) => rs[p]!.tenths),
      );
      all.forEach((rs, i) => {
        rs[p] = { ...rs[p]!, tier: tiers[i] ?? null };
      });
    });
    for (let i = 0; i < rows.length; i++) {
      const results = all[i]!;
      results.forEach((r, p) => {
        counters[p]!.add(r.state, r.tier, filterOutcomes(irs[p]!, p, rows[i]!));
      });
      await emit(rows[i]!, results);
    }
  }
  await writer.end();
  opts.onProgress?.({ rows: n });
  return {
    engine: opts.engine,
    asOf: opts.asOf,
    rowsIn: n + table.rejects.length,
    rowsOut: n,
    rejects: table.rejects,
    ...(table.dialect ? { dialect: table.dialect } : {}),
    columns: table.columns,
    missingFields: missingFields(profiles, irs),
    mapping: mappingOf(irs),
    funnels: irs.map((ir, p) => buildFunnel(ir, counters[p]!.groups())),
    warnings: [],
  };
}

function outcomeOf(ir: IrProgram, index: number, row: Row): Outcome {
  return evaluateCriterion(ir, ir.criteria[index]!, row);
}

function duckError(e: unknown, file: string): Error {
  if (e instanceof InputError) return e;
  const msg = (e as Error).message ?? String(e);
  // DuckDB: "CSV Error on Line: 12" / "Original Line: …"; keep its first two sentences, not its SQL.
  const line = /Error on Line: (\d+)/.exec(msg)?.[1];
  const lines = msg
    .split("\n")
    .filter((l) => l.trim() !== "" && !/^(LINE \d+:|Possible fixes|\*|\s+\^)/.test(l));
  const text = lines
    .slice(0, 2)
    .map((l) => l.trim().replace(/\.$/, ""))
    .join(": ")
    .replace(/^[A-Za-z ]+Error: /, "");
  return new InputError(text, {
    file,
    ...(line ? { line: Number(line) } : {}),
    hint: "check the file's delimiter, quoting and encoding (`--delimiter`, `--encoding`)",
  });
}

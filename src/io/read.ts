/**
 * Readers for the row-at-a-time engines: CSV (streamed), JSON arrays, NDJSON and Parquet (through
 * DuckDB). Each yields the header and then plain row objects.
 */
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Papa from "papaparse";
import { DuckDbEngine } from "../engine/duckdb.js";
import type { RawValue } from "../engine/values.js";
import { type CsvDialect, csvDialect, type Encoding, readLines } from "./csv-dialect.js";
import { type FileFormat, InputError } from "./formats.js";
import { unwrapJson } from "./prepare.js";

export type Record_ = Record<string, RawValue>;

/** An input row that could not be read as a record: kept, with where and why. */
export interface Reject {
  /** 1-based physical line where the record starts (0 when the format has no lines). */
  line: number;
  reason: string;
  /** The record's text as in the file (CSV: its physical lines joined with "\n"). */
  raw: string;
}

export interface Table {
  columns: string[];
  rows: AsyncIterable<Record_>;
  /** Filled while `rows` is consumed. */
  rejects: Reject[];
  /** Set for CSV input: encoding, delimiter, line ends, header as written. */
  dialect?: Omit<CsvDialect, "cleanup">;
  /** What was done to read a file that is not plain (an API page flattened …); CSV's are in `dialect`. */
  notes?: string[];
}

export interface ReadOptions {
  encoding?: Encoding;
  delimiter?: string;
  /** See `DialectOptions.utf8FromSample` (DuckDB only: the JS reader decodes the bytes itself). */
  utf8FromSample?: boolean;
  /** The workbook sheet to read (name or 1-based number). */
  sheet?: string;
}

/** Standard input copied to a temporary file (removed with its directory by the caller). */
export async function stdinToTemp(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "icpkit-stdin-"));
  const p = join(dir, "stdin");
  await pipeline(process.stdin, createWriteStream(p));
  return p;
}

function endsWithLineEnd(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0] === 10 || b[0] === 13;
  } finally {
    closeSync(fd);
  }
}

/** Count the line ends in a cell (CRLF once). */
function lineEnds(s: string): number {
  // most cells hold no line end: two native searches settle them
  if (!s.includes("\n") && !s.includes("\r")) return 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && s.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/**
 * CSV, streamed. A record whose cell count differs from the header's, or that runs into an
 * unterminated quote, is rejected (line, reason, text) — never padded or cut. Blank lines are skipped.
 */
async function readCsv(path: string, opts: ReadOptions, keep?: KeepColumns): Promise<Table> {
  const file = path === "-" ? await stdinToTemp() : path;
  const dialect = await csvDialect(file, opts);
  if (path === "-") dialect.original = "-";
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    delimiter: dialect.delimiter,
    newline: dialect.newline,
    quoteChar: '"',
  }) as unknown as NodeJS.WritableStream;
  // decoded as a stream: a character split between two chunks is joined, never replaced by U+FFFD
  createReadStream(dialect.path, { encoding: "utf8" }).pipe(parser);
  const it = (parser as unknown as AsyncIterable<string[]>)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) {
    dialect.cleanup();
    throw new InputError("the file is empty: no header row", { file: path, line: 1 });
  }
  const columns = dialect.columns;
  // the columns whose cells become properties of the rows (every cell is still read and counted)
  const kept = keep ? new Set(keep(columns)) : null;
  const keptAt = columns.flatMap((c, i) => (kept === null || kept.has(c) ? [i] : []));
  let line = 1 + lineEnds(first.value.join(""));
  const rejects: Reject[] = [];
  /** Rejected records before their text is read back: reason and the lines they span. */
  const found: Array<{ reason: string; from: number; count: number }> = [];
  async function* rows(): AsyncGenerator<Record_> {
    // One record is held back: an unterminated quote swallows the rest of the file into the last
    // record, which can then look whole; its text (an odd number of quotes) gives it away.
    let held: { row: Record_; from: number; count: number; suspect: boolean } | null = null;
    const maybeBlank: Array<{ from: number; count: number }> = [];
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        const cells = r.value;
        const start = line + 1;
        let ends = 0;
        for (const c of cells) ends += lineEnds(c);
        line = start + ends;
        if (cells.length === 1 && cells[0] === "" && columns.length > 1) {
          // A blank line, or a record of one empty quoted cell (""): decided from its text below.
          maybeBlank.push({ from: start, count: line - start + 1 });
          continue;
        }
        // Extra cells that are all empty (a trailing delimiter) hold no data: dropped, as DuckDB does.
        if (cells.length > columns.length && cells.slice(columns.length).every((c) => c === "")) {
          cells.length = columns.length;
        }
        if (cells.length !== columns.length) {
          const last = cells[cells.length - 1] ?? "";
          const unterminated = lineEnds(last) > 0;
          found.push({
            from: start,
            count: line - start + 1,
            reason: unterminated
              ? "an unterminated or misplaced quote"
              : cells.length > columns.length
                ? `more cells than the header's ${columns.length}`
                : `fewer cells than the header's ${columns.length}`,
          });
          continue;
        }
        const row: Record_ = {};
        for (const i of keptAt) row[columns[i]!] = cells[i] ?? null;
        if (held) yield held.row;
        held = {
          row,
          from: start,
          count: line - start + 1,
          suspect: lineEnds(cells[cells.length - 1] ?? "") > 0,
        };
      }
      // Only a last record that ends in a line end, or a file without a final line end, can hide
      // an unterminated quote: only then is its text read back (an odd number of quotes).
      if (held && (held.suspect || !endsWithLineEnd(dialect.path))) {
        const [text = ""] = await readLines(dialect.path, [held]);
        if (((text.match(/"/g) ?? []).length & 1) === 1) {
          found.push({ from: held.from, count: held.count, reason: "an unterminated or misplaced quote" });
          held = null;
        }
      }
      if (held) yield held.row;
      const blankTexts = await readLines(dialect.path, maybeBlank);
      blankTexts.forEach((t, i) => {
        if (t !== "")
          found.push({ ...maybeBlank[i]!, reason: `fewer cells than the header's ${columns.length}` });
      });
      // The text of rejected records, read back from the file by line.
      found.sort((a, b) => a.from - b.from);
      const texts = await readLines(dialect.path, found);
      found.forEach((f, i) => {
        rejects.push({ line: f.from + dialect.lineOffset, reason: f.reason, raw: texts[i] ?? "" });
      });
      rejects.push(...dialect.dropped);
    } finally {
      dialect.cleanup();
      if (path === "-") rmSync(join(file, ".."), { recursive: true, force: true });
    }
  }
  const { cleanup: _c, ...described } = dialect;
  return { columns: keptAt.map((i) => columns[i] as string), rows: rows(), rejects, dialect: described };
}

function inputStream(path: string): Readable {
  if (path === "-") return process.stdin;
  if (!existsSync(path)) throw new InputError("file not found", { file: path, hint: "check the path" });
  return createReadStream(path);
}

function columnsOf(records: readonly Record_[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

async function* fromArray(records: readonly Record_[]): AsyncGenerator<Record_> {
  yield* records;
}

async function readJson(path: string): Promise<Table> {
  if (path !== "-") {
    const j = unwrapJson(path);
    if (j.format === "csv") {
      try {
        const t = await readCsv(j.path, {});
        const records: Record_[] = [];
        for await (const r of t.rows) records.push(r);
        const dialect = t.dialect
          ? { dialect: { ...t.dialect, original: path, notes: [...j.notes, ...t.dialect.notes] } }
          : {};
        return {
          columns: t.columns,
          rows: fromArray(records),
          rejects: t.rejects,
          notes: j.notes,
          ...dialect,
        };
      } finally {
        j.cleanup();
      }
    }
  }
  const text = path === "-" ? await readAll(process.stdin) : readFileSync(path, "utf8");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, {
      file: path,
      hint: "a JSON input is an array of objects; use .ndjson for one object per line",
    });
  }
  if (!Array.isArray(data)) throw new InputError("expected an array of objects", { file: path });
  data.forEach((r, i) => {
    if (r === null || typeof r !== "object" || Array.isArray(r)) {
      throw new InputError(`element ${i} is not an object`, {
        file: path,
        hint: 'each element is one record: {"name": …}',
      });
    }
  });
  const records = data as Record_[];
  return { columns: columnsOf(records), rows: fromArray(records), rejects: [] };
}

/** NDJSON: one object per line; a line that is not a JSON object is rejected (line, reason, text). */
async function readNdjson(path: string): Promise<Table> {
  const records: Record_[] = [];
  const rejects: Reject[] = [];
  const rl = createInterface({ input: inputStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const l of rl) {
    line++;
    if (l.trim() === "") continue;
    let r: unknown;
    try {
      r = JSON.parse(l);
    } catch (e) {
      rejects.push({ line, reason: `not valid JSON: ${(e as Error).message}`, raw: l });
      continue;
    }
    if (r === null || typeof r !== "object" || Array.isArray(r)) {
      rejects.push({ line, reason: "expected one JSON object per line", raw: l });
      continue;
    }
    records.push(r as Record_);
  }
  return { columns: columnsOf(records), rows: fromArray(records), rejects };
}

async function readParquet(path: string): Promise<Table> {
  if (!existsSync(path)) throw new InputError("file not found", { file: path });
  const duck = await DuckDbEngine.open({ threads: 1 });
  try {
    const rel = await duck.textRelation(duck.relation(path, "parquet")).catch((e: Error) => {
      throw new InputError(`not a readable Parquet file: ${e.message.split("\n")[0]}`, {
        file: path,
        hint: "check the file, or send it as CSV",
      });
    });
    const r = await duck.conn.runAndReadAll(`SELECT * FROM ${rel.sql}`);
    const records = r.getRowObjectsJS() as Record_[];
    return { columns: rel.columns, rows: fromArray(records), rejects: [] };
  } finally {
    duck.close();
  }
}

/** A table whose rows keep only some columns. */
function keepOnly(t: Table, keep: KeepColumns): Table {
  const set = new Set(keep(t.columns));
  const columns = t.columns.filter((c) => set.has(c));
  async function* rows(): AsyncGenerator<Record_> {
    for await (const r of t.rows) {
      const out: Record_ = {};
      for (const c of columns) if (c in r) out[c] = r[c];
      yield out;
    }
  }
  return { ...t, columns, rows: rows() };
}

async function readAll(s: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Picks, from a header, the columns a reader keeps in its rows. */
export type KeepColumns = (columns: readonly string[]) => readonly string[];

export async function openTable(
  path: string,
  format: FileFormat,
  opts: ReadOptions = {},
  keep?: KeepColumns,
): Promise<Table> {
  if (keep && format !== "csv") return keepOnly(await openTable(path, format, opts), keep);
  switch (format) {
    case "csv":
      return readCsv(path, opts, keep);
    case "json":
      return readJson(path);
    case "ndjson":
      return readNdjson(path);
    case "parquet":
      return readParquet(path);
  }
}

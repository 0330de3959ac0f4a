/**
 * Readers for the row-at-a-time engines: CSV (streamed), JSON arrays, NDJSON and Parquet (through
 * DuckDB). Each yields the header and then plain row objects.
 */
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import Papa from "papaparse";
import { DuckDbEngine } from "../engine/duckdb.js";
import type { RawValue } from "../engine/values.js";
import { type FileFormat, InputError } from "./formats.js";

export type Record_ = Record<string, RawValue>;

export interface Table {
  columns: string[];
  rows: AsyncIterable<Record_>;
  /** Rows whose cell count differed from the header's (kept: short rows padded, long rows' extra cells dropped). */
  warnings: { raggedRows: number; firstRaggedLine?: number };
}

/** Blank header names become column_N; repeated names get _2, _3 … */
export function uniqueHeader(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    let name = h.replace(/^\uFEFF/, "").trim();
    if (name === "") name = `column_${i + 1}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return n === 0 ? name : `${name}_${n + 1}`;
  });
}

/** The header of a CSV file, named as every engine names it (see `uniqueHeader`). */
export function readCsvHeader(path: string): string[] {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(1 << 20);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first = Papa.parse<string[]>(buf.subarray(0, n).toString("utf8"), { preview: 1 }).data[0] ?? [];
    return uniqueHeader(first);
  } finally {
    closeSync(fd);
  }
}

function inputStream(path: string): Readable {
  if (path === "-") return process.stdin;
  if (!existsSync(path)) throw new InputError("file not found", { file: path, hint: "check the path" });
  return createReadStream(path);
}

async function readCsv(path: string): Promise<Table> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    skipEmptyLines: true,
  }) as unknown as NodeJS.WritableStream;
  inputStream(path).pipe(parser);
  const it = (parser as unknown as AsyncIterable<string[]>)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw new InputError("the file is empty: no header row", { file: path, line: 1 });
  const columns = uniqueHeader(first.value);
  const warnings: Table["warnings"] = { raggedRows: 0 };
  async function* rows(): AsyncGenerator<Record_> {
    let line = 1;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      line++;
      const cells = r.value;
      if (cells.length !== columns.length) {
        warnings.raggedRows++;
        warnings.firstRaggedLine ??= line;
      }
      const row: Record_ = {};
      for (let i = 0; i < columns.length; i++) row[columns[i]!] = cells[i] ?? null;
      yield row;
    }
  }
  return { columns, rows: rows(), warnings };
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
  return { columns: columnsOf(records), rows: fromArray(records), warnings: { raggedRows: 0 } };
}

async function readNdjson(path: string): Promise<Table> {
  const records: Record_[] = [];
  const rl = createInterface({ input: inputStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const l of rl) {
    line++;
    if (l.trim() === "") continue;
    let r: unknown;
    try {
      r = JSON.parse(l);
    } catch (e) {
      throw new InputError(`not valid JSON: ${(e as Error).message}`, { file: path, line });
    }
    if (r === null || typeof r !== "object" || Array.isArray(r))
      throw new InputError("expected one JSON object per line", { file: path, line });
    records.push(r as Record_);
  }
  return { columns: columnsOf(records), rows: fromArray(records), warnings: { raggedRows: 0 } };
}

async function readParquet(path: string): Promise<Table> {
  if (!existsSync(path)) throw new InputError("file not found", { file: path });
  const duck = await DuckDbEngine.open({ threads: 1 });
  try {
    const rel = await duck.textRelation(duck.relation(path, "parquet"));
    const r = await duck.conn.runAndReadAll(`SELECT * FROM ${rel.sql}`);
    const records = r.getRowObjectsJS() as Record_[];
    return { columns: rel.columns, rows: fromArray(records), warnings: { raggedRows: 0 } };
  } finally {
    duck.close();
  }
}

async function readAll(s: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

export async function openTable(path: string, format: FileFormat): Promise<Table> {
  switch (format) {
    case "csv":
      return readCsv(path);
    case "json":
      return readJson(path);
    case "ndjson":
      return readNdjson(path);
    case "parquet":
      return readParquet(path);
  }
}

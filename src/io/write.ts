/** Writers for the row-at-a-time engines: CSV (formulas neutralised), JSON, NDJSON, Parquet (via DuckDB). */

import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { DuckDbEngine } from "../engine/duckdb.js";
import { quoteLiteral } from "../sql/escape.js";
import { csvLine } from "./csv-cell.js";
import type { FileFormat } from "./formats.js";
import type { Reject } from "./read.js";

export type Cell = string | number | null;

export interface RowWriter {
  write(cells: readonly Cell[]): Promise<void>;
  end(): Promise<void>;
}

function sink(path: string): Writable {
  return path === "-" ? process.stdout : createWriteStream(path);
}

/** Buffered line writer with back-pressure. */
class LineSink {
  private buf: string[] = [];
  private size = 0;
  constructor(private readonly out: Writable) {}
  async push(line: string): Promise<void> {
    this.buf.push(line);
    this.size += line.length;
    if (this.size > 1 << 16) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join("");
    this.buf = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((r) => this.out.once("drain", r));
  }
  async close(): Promise<void> {
    await this.flush();
    if (this.out === process.stdout) return;
    await new Promise<void>((resolve, reject) => {
      this.out.once("error", reject);
      this.out.end(resolve);
    });
  }
}

const asText = (c: Cell) => (c === null ? null : typeof c === "number" ? c.toFixed(1) : c);

export async function createRowWriter(
  path: string,
  format: FileFormat,
  columns: readonly string[],
): Promise<RowWriter> {
  if (format === "parquet") return parquetWriter(path, columns);
  const s = new LineSink(sink(path));
  if (format === "csv") {
    await s.push(`${csvLine(columns)}\n`);
    return {
      write: (cells) => s.push(`${csvLine(cells.map(asText))}\n`),
      end: () => s.close(),
    };
  }
  const obj = (cells: readonly Cell[]) => {
    const o: Record<string, Cell> = {};
    columns.forEach((c, i) => {
      o[c] = cells[i] ?? null;
    });
    return JSON.stringify(o);
  };
  if (format === "ndjson") {
    return { write: (cells) => s.push(`${obj(cells)}\n`), end: () => s.close() };
  }
  let first = true;
  await s.push("[");
  return {
    write: (cells) => {
      const line = `${first ? "\n" : ",\n"}${obj(cells)}`;
      first = false;
      return s.push(line);
    },
    end: async () => {
      await s.push(first ? "]\n" : "\n]\n");
      await s.close();
    },
  };
}

async function parquetWriter(path: string, columns: readonly string[]): Promise<RowWriter> {
  const dir = mkdtempSync(join(tmpdir(), "icp-"));
  const tmp = join(dir, "rows.ndjson");
  const inner = await createRowWriter(tmp, "ndjson", columns);
  return {
    write: (cells) => inner.write(cells),
    end: async () => {
      await inner.end();
      const duck = await DuckDbEngine.open();
      try {
        await duck.conn.run(
          `COPY (SELECT * FROM read_json(${quoteLiteral(tmp)}, format = 'newline_delimited')) TO ${quoteLiteral(path)} (FORMAT parquet)`,
        );
      } finally {
        duck.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Write rejected records as CSV: line, reason, raw text (cells neutralised like every export). */
export async function writeRejects(path: string, rejects: readonly Reject[]): Promise<void> {
  const w = await createRowWriter(path, "csv", ["line", "reason", "raw"]);
  for (const r of rejects) await w.write([String(r.line), r.reason, r.raw]);
  await w.end();
}

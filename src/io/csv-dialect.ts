/**
 * What a CSV file is before anyone parses it: its encoding (UTF-8 with or without BOM, UTF-16 with
 * BOM, else Windows-1252 — or as told), delimiter (`,` `;` tab `|`), line ends (CRLF, LF, CR) and
 * header. Both engines read a file through this one description, so they see the same table.
 * Files that are not UTF-8 are transcoded once to a temporary UTF-8 file.
 */

import { isUtf8 } from "node:buffer";
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import Papa from "papaparse";
import { InputError } from "./formats.js";

export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252" | "latin1";
export const ENCODINGS: readonly Encoding[] = ["utf-8", "utf-16le", "utf-16be", "windows-1252", "latin1"];

export interface CsvDialect {
  /** The file both engines read (a UTF-8 copy when the original is not UTF-8). */
  path: string;
  original: string;
  encoding: Encoding;
  /** How the encoding was decided. */
  encodingSource: "bom" | "valid utf-8" | "not utf-8" | "given" | "utf-8 sample";
  bom: boolean;
  delimiter: string;
  newline: "\r\n" | "\n" | "\r";
  /** Header names as every engine names them (blank → column_N, repeats → name_2). */
  columns: string[];
  /** Header names as written. */
  rawHeader: string[];
  /** Remove the temporary copy, if any. */
  cleanup(): void;
}

/** Blank header names become column_N; repeated names get _2, _3 … */
export function uniqueHeader(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set(raw.map((h) => h.replace(/^\uFEFF/, "").trim()));
  return raw.map((h, i) => {
    let name = h.replace(/^\uFEFF/, "").trim();
    if (name === "") name = `column_${i + 1}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n === 0) return name;
    let k = n + 1;
    while (taken.has(`${name}_${k}`)) k++;
    const out = `${name}_${k}`;
    taken.add(out);
    return out;
  });
}

/** Windows-1252 bytes 0x80–0x9F (the rest of the code page is Latin-1). */
const CP1252_HIGH = [
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0xfffd, 0x017d, 0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
];

export function decodeSingleByte(buf: Buffer, encoding: "windows-1252" | "latin1"): string {
  if (encoding === "latin1") return buf.toString("latin1");
  let out = "";
  const CHUNK = 8192;
  for (let i = 0; i < buf.length; i += CHUNK) {
    const codes: number[] = [];
    const end = Math.min(buf.length, i + CHUNK);
    for (let j = i; j < end; j++) {
      const b = buf[j] ?? 0;
      codes.push(b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? 0xfffd) : b);
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

const SAMPLE = 1 << 20;

function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Where a block's bytes end before a character the block boundary splits (up to 3 bytes back). */
function completeUtf8End(buf: Buffer, end: number): number {
  for (let k = 1; k <= 3 && k <= end; k++) {
    const b = buf[end - k] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    if (b >= 0xc0) return end - k; // a lead byte: its sequence may be incomplete
    break;
  }
  return end;
}

/**
 * Whether the whole file is valid UTF-8: read in 8 MB blocks into one buffer (a block ends before
 * a character split by the block boundary; those bytes start the next block).
 */
async function fileIsUtf8(path: string): Promise<boolean> {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(8 << 20);
    let held = 0;
    for (;;) {
      const got = readSync(fd, buf, held, buf.length - held, null);
      const end = held + got;
      if (got === 0) return held === 0 || isUtf8(buf.subarray(0, held));
      // Hold back a trailing incomplete sequence for the next block.
      const cut = completeUtf8End(buf, end);
      if (!isUtf8(buf.subarray(0, cut))) return false;
      buf.copy(buf, 0, cut, end);
      held = end - cut;
    }
  } finally {
    closeSync(fd);
  }
}

function decoderFor(encoding: Encoding): (b: Buffer) => string {
  switch (encoding) {
    case "utf-8":
      return (b) => b.toString("utf8");
    case "utf-16le":
      return (b) => b.toString("utf16le");
    case "utf-16be":
      return (b) => {
        const c = Buffer.from(b);
        c.swap16();
        return c.toString("utf16le");
      };
    case "windows-1252":
    case "latin1":
      return (b) => decodeSingleByte(b, encoding);
  }
}

async function transcode(path: string, encoding: Encoding, skip: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "icpkit-"));
  const out = join(dir, "input.utf8.csv");
  const decode = decoderFor(encoding);
  const width = encoding.startsWith("utf-16") ? 2 : 1;
  let pending = Buffer.alloc(0);
  await pipeline(
    createReadStream(path, { start: skip }),
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        const buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        const usable = buf.length - (buf.length % width);
        pending = Buffer.from(buf.subarray(usable));
        cb(null, Buffer.from(decode(buf.subarray(0, usable)), "utf8"));
      },
      flush(cb) {
        cb(null, pending.length ? Buffer.from(decode(pending), "utf8") : undefined);
      },
    }),
    createWriteStream(out),
  );
  return out;
}

export interface DialectOptions {
  encoding?: Encoding;
  delimiter?: string;
  /**
   * When the first megabyte is valid UTF-8, take the file as UTF-8 without reading the rest
   * (`encodingSource: "utf-8 sample"`): for a reader that validates every byte itself and reports
   * the records that are not UTF-8 (DuckDB), so that the caller can describe the file again, whole.
   */
  utf8FromSample?: boolean;
}

/** Describe a CSV file (and transcode it when it is not UTF-8). */
export async function csvDialect(path: string, opts: DialectOptions = {}): Promise<CsvDialect> {
  let head: Buffer;
  try {
    head = readHead(path, SAMPLE);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT" ? "file not found" : `cannot read the file (${code ?? (e as Error).message})`,
      {
        file: path,
        hint: code === "ENOENT" ? "check the path" : undefined,
      },
    );
  }
  let encoding: Encoding;
  let source: CsvDialect["encodingSource"];
  let bomLength = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    encoding = "utf-8";
    source = "bom";
    bomLength = 3;
  } else if (head[0] === 0xff && head[1] === 0xfe) {
    encoding = "utf-16le";
    source = "bom";
    bomLength = 2;
  } else if (head[0] === 0xfe && head[1] === 0xff) {
    encoding = "utf-16be";
    source = "bom";
    bomLength = 2;
  } else {
    encoding = "utf-8";
    source = "valid utf-8";
  }
  if (opts.encoding) {
    encoding = opts.encoding;
    source = "given";
  } else if (source !== "bom") {
    const whole = head.length < SAMPLE;
    const sampleOk = isUtf8(whole ? head : head.subarray(0, completeUtf8End(head, head.length)));
    if (sampleOk && !whole && opts.utf8FromSample) source = "utf-8 sample";
    else if (!sampleOk || (!whole && !(await fileIsUtf8(path)))) {
      encoding = "windows-1252";
      source = "not utf-8";
    }
  }
  const needsCopy = encoding !== "utf-8";
  const readPath = needsCopy ? await transcode(path, encoding, bomLength) : path;
  const cleanup = needsCopy ? () => rmSync(join(readPath, ".."), { recursive: true, force: true }) : () => {};
  const text = (needsCopy ? readHead(readPath, SAMPLE) : head).toString("utf8").replace(/^\uFEFF/, "");
  if (text.trim() === "") {
    cleanup();
    throw new InputError("the file is empty: no header row", { file: path, line: 1 });
  }
  const newline = detectNewline(text);
  const delimiter = opts.delimiter ?? detectDelimiter(text, newline);
  const first = Papa.parse<string[]>(text, { preview: 1, delimiter, newline }).data[0] ?? [];
  return {
    path: readPath,
    original: path,
    encoding,
    encodingSource: source,
    bom: bomLength > 0,
    delimiter,
    newline,
    columns: uniqueHeader(first),
    rawHeader: first,
    cleanup,
  };
}

/** The first line end outside quotes. */
function detectNewline(text: string): CsvDialect["newline"] {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === "\r") return text[i + 1] === "\n" ? "\r\n" : "\r";
    else if (!inQuotes && c === "\n") return "\n";
  }
  return "\n";
}

const DELIMITERS = [",", ";", "\t", "|"];

/**
 * The delimiter that splits the first lines into the most equal, largest number of cells (quotes
 * respected); ties go to the order `,` `;` tab `|`.
 */
function detectDelimiter(text: string, newline: CsvDialect["newline"]): string {
  let best = ",";
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const rows = Papa.parse<string[]>(text, { preview: 20, delimiter: d, newline }).data.filter(
      (r) => !(r.length === 1 && r[0] === ""),
    );
    if (rows.length === 0) continue;
    const n = rows[0]?.length ?? 0;
    if (n < 2) continue;
    const consistent = rows.filter((r) => r.length === n).length / rows.length;
    const score = consistent * 1000 + n;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/**
 * Physical line numbers (1-based) of byte offsets in a file, as an editor counts lines: a line
 * ends at CRLF, LF or a lone CR. Used to report rejected records at the line an editor shows.
 */
export async function linesOfOffsets(path: string, offsets: readonly number[]): Promise<number[]> {
  if (offsets.length === 0) return [];
  const order = offsets.map((o, i) => [o, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(offsets.length).fill(1);
  let line = 1;
  let pos = 0;
  let k = 0;
  let prevCr = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    for (let i = 0; i < buf.length; i++, pos++) {
      const b = buf[i];
      // A CR ends a line unless an LF follows (then the LF does).
      if (prevCr && b !== 10) line++;
      while (k < order.length && (order[k]?.[0] ?? 0) <= pos) {
        out[order[k]![1]] = line;
        k++;
      }
      if (b === 10) line++;
      prevCr = b === 13;
    }
    if (k >= order.length) break;
  }
  while (k < order.length) {
    out[order[k]![1]] = line;
    k++;
  }
  return out;
}

/** The text of physical lines [from, from + count) of a file (1-based, editor line ends), joined with "\n". */
export async function readLines(
  path: string,
  wanted: ReadonlyArray<{ from: number; count: number }>,
): Promise<string[]> {
  const out = wanted.map(() => [] as string[]);
  if (wanted.length === 0) return [];
  const maxLine = Math.max(...wanted.map((w) => w.from + w.count - 1));
  let line = 1;
  let rest = "";
  const take = (text: string) => {
    wanted.forEach((w, i) => {
      if (line >= w.from && line < w.from + w.count) out[i]!.push(text);
    });
  };
  outer: for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    // Keep a trailing CR back: its LF may start the next chunk.
    const cut = text.endsWith("\r") ? text.length - 1 : text.length;
    const parts = text.slice(0, cut).split(/\r\n|\n|\r/);
    rest = (parts.pop() ?? "") + text.slice(cut);
    for (const p of parts) {
      take(p);
      line++;
      if (line > maxLine) break outer;
    }
  }
  if (line <= maxLine && rest !== "")
    for (const p of rest.split(/\r\n|\n|\r/)) {
      take(p);
      line++;
    }
  return out.map((ls) => ls.join("\n"));
}

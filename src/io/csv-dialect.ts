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
  fstatSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import Papa from "papaparse";
import { headLayout, trailLayout } from "./csv-layout.js";
import { InputError } from "./formats.js";
import { readHead, unwrapText } from "./prepare.js";

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
  /** What was done to read the file: decompressed, a workbook's sheet, a report's title skipped … */
  notes: string[];
  /** Physical lines of the original before the header (a report's title): added to reported lines. */
  lineOffset: number;
  /** Records after the table that are not data (a total row, a footer): reported, never read. */
  dropped: DroppedRecord[];
  /** Remove the temporary copy, if any. */
  cleanup(): void;
}

/**
 * Blank header names become column_N; a name that repeats another — exactly or by case only, as
 * SQL engines compare column names — gets _2, _3 …
 */
export function uniqueHeader(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set(
    raw.map((h) =>
      h
        .replace(/^\uFEFF/, "")
        .trim()
        .toLowerCase(),
    ),
  );
  return raw.map((h, i) => {
    let name = h.replace(/^\uFEFF/, "").trim();
    if (name === "") name = `column_${i + 1}`;
    const key = name.toLowerCase();
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n === 0) return name;
    let k = n + 1;
    while (taken.has(`${key}_${k}`)) k++;
    const out = `${name}_${k}`;
    taken.add(`${key}_${k}`);
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

/**
 * Windows-1252 with UTF-8 cells mixed in, as files edited by several tools are ("BOGOTÃ" where the
 * byte pair C3 81 is UTF-8 for "Á" inside a Latin-1 export): a valid UTF-8 sequence of two to four
 * bytes is read as UTF-8, every other byte as Windows-1252. In a real single-byte text such a pair
 * ("Ã" then a symbol) is almost never meant. Returns the text and how many sequences were UTF-8.
 */
export function decodeCp1252Mixed(buf: Buffer): { text: string; utf8: number } {
  let out = "";
  let utf8 = 0;
  let from = 0;
  const flush = (to: number) => {
    if (to > from) out += decodeSingleByte(buf.subarray(from, to), "windows-1252");
  };
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] ?? 0;
    if (b < 0xc2 || b > 0xf4) continue;
    const len = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    if (i + len > buf.length) continue;
    let ok = true;
    for (let k = 1; k < len; k++) if (((buf[i + k] ?? 0) & 0xc0) !== 0x80) ok = false;
    if (!ok || !isUtf8(buf.subarray(i, i + len))) continue;
    flush(i);
    out += buf.subarray(i, i + len).toString("utf8");
    utf8++;
    i += len - 1;
    from = i + 1;
  }
  flush(buf.length);
  return { text: out, utf8 };
}

async function transcode(
  path: string,
  encoding: Encoding,
  skip: number,
  mixed = false,
): Promise<{ path: string; utf8: number }> {
  const dir = mkdtempSync(join(tmpdir(), "icpkit-"));
  const out = join(dir, "input.utf8.csv");
  const decode = decoderFor(encoding);
  const width = encoding.startsWith("utf-16") ? 2 : 1;
  let pending = Buffer.alloc(0);
  let utf8 = 0;
  const run = (b: Buffer): string => {
    if (!mixed) return decode(b);
    const r = decodeCp1252Mixed(b);
    utf8 += r.utf8;
    return r.text;
  };
  await pipeline(
    createReadStream(path, { start: skip }),
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        const buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        // mixed: a UTF-8 sequence the chunk boundary splits waits for the next chunk
        const usable = mixed ? completeUtf8End(buf, buf.length) : buf.length - (buf.length % width);
        pending = Buffer.from(buf.subarray(usable));
        cb(null, Buffer.from(run(buf.subarray(0, usable)), "utf8"));
      },
      flush(cb) {
        cb(null, pending.length ? Buffer.from(run(pending), "utf8") : undefined);
      },
    }),
    createWriteStream(out),
  );
  return { path: out, utf8 };
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
  /** The workbook sheet to read (name or 1-based number). */
  sheet?: string;
}

/** A record kept out of the table, with where and why (the shape of a reader's reject). */
export interface DroppedRecord {
  line: number;
  reason: string;
  raw: string;
}

/** Describe a CSV file (and transcode it when it is not UTF-8). */
export async function csvDialect(path: string, opts: DialectOptions = {}): Promise<CsvDialect> {
  try {
    readHead(path, 1);
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
  const unwrapped = await unwrapText(path, {
    ...(opts.sheet ? { sheet: opts.sheet } : {}),
    utf16: opts.encoding?.startsWith("utf-16") ?? false,
  });
  const cleanups: Array<() => void> = [unwrapped.cleanup];
  const cleanup = () => {
    for (const c of cleanups.splice(0).reverse()) c();
  };
  try {
    const d = await describe(unwrapped.path, path, opts, cleanups);
    return { ...d, notes: [...unwrapped.notes, ...d.notes], cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

async function describe(
  src: string,
  shown: string,
  opts: DialectOptions,
  cleanups: Array<() => void>,
): Promise<Omit<CsvDialect, "cleanup">> {
  const head = readHead(src, SAMPLE);
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
    else if (!sampleOk || (!whole && !(await fileIsUtf8(src)))) {
      encoding = "windows-1252";
      source = "not utf-8";
    }
  }
  const needsCopy = encoding !== "utf-8";
  const copied = needsCopy ? await transcode(src, encoding, bomLength, source === "not utf-8") : null;
  let readPath = copied?.path ?? src;
  if (needsCopy) cleanups.push(() => rmSync(join(readPath, ".."), { recursive: true, force: true }));
  // the UTF-8 bytes both engines read, and where the text starts after a byte-order mark
  const headBytes = needsCopy ? readHead(readPath, SAMPLE) : head;
  const skipBytes = needsCopy ? 0 : bomLength;
  const text = headBytes.subarray(skipBytes).toString("utf8");
  if (text.trim() === "") throw new InputError("the file is empty: no header row", { file: shown, line: 1 });
  const delimiter = opts.delimiter ?? detectDelimiter(text, detectNewline(text));
  // Report layouts: title lines before the header, a total row and a footer after the records,
  // a header whose line end differs from the records'. The table is copied without them.
  const layout = headLayout(text, delimiter);
  const headerText = text.slice(layout.headerStart, layout.headerTextEnd);
  const headerCells = Papa.parse<string[]>(headerText, { delimiter, newline: "\n" }).data[0] ?? [];
  const size = statSync(readPath).size;
  const tailStart = Math.max(0, size - TAIL);
  const tailBuf = readTail(readPath, tailStart);
  // the tail starts at a character boundary
  let cut = 0;
  while (cut < tailBuf.length && ((tailBuf[cut] ?? 0) & 0xc0) === 0x80) cut++;
  const tailText = tailBuf.subarray(cut).toString("utf8");
  const tailByte = tailStart + cut;
  const trail = trailLayout(tailText, delimiter, headerCells.length, layout.title).filter(
    (t) =>
      tailByte + Buffer.byteLength(tailText.slice(0, t.start)) >=
      skipBytes + Buffer.byteLength(text.slice(0, layout.headerEnd)),
  );
  const notes: string[] = [];
  if (copied && copied.utf8 > 0)
    notes.push(
      `encoding: Windows-1252 with ${copied.utf8} UTF-8 character${copied.utf8 === 1 ? "" : "s"} mixed in (read as UTF-8)`,
    );
  let lineOffset = 0;
  const dropped: DroppedRecord[] = [];
  const mixed = layout.headerLineEnd !== "" && layout.headerLineEnd !== layout.recordLineEnd;
  if (layout.title.length > 0 || trail.length > 0 || mixed) {
    const from = skipBytes + Buffer.byteLength(text.slice(0, layout.headerEnd));
    const trailBytes = trail.map((t) => tailByte + Buffer.byteLength(tailText.slice(0, t.start)));
    const to = trailBytes.length ? Math.min(...trailBytes) : size;
    const trailLines = await linesOfOffsets(readPath, trailBytes);
    trail.forEach((t, i) => {
      dropped.push({ line: trailLines[i] ?? 0, reason: t.reason, raw: t.text });
    });
    const dir = mkdtempSync(join(tmpdir(), "icpkit-layout-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, "table.csv");
    const ws = createWriteStream(out);
    ws.write(`${headerText}${layout.recordLineEnd}`);
    if (to > from) await pipeline(createReadStream(readPath, { start: from, end: to - 1 }), ws);
    else await new Promise<void>((resolve) => ws.end(resolve));
    readPath = out;
    lineOffset = layout.titleLines;
    if (layout.title.length > 0) {
      const shownTitle = layout.title.filter((t) => t.trim() !== "");
      notes.push(
        `report layout: ${layout.titleLines} line${layout.titleLines === 1 ? "" : "s"} before the header skipped${shownTitle.length ? ` (title: ${shownTitle.map((t) => JSON.stringify(t.length > 60 ? `${t.slice(0, 59)}…` : t)).join(", ")})` : ""}`,
      );
    }
    const totals = trail.filter((t) => !t.reason.startsWith("a report footer")).length;
    const footer = trail.length - totals;
    if (totals)
      notes.push(
        `report layout: ${totals} total row${totals === 1 ? "" : "s"} at the end, not read as records (reported as rejected)`,
      );
    if (footer)
      notes.push(
        `report layout: a footer of ${footer} line${footer === 1 ? "" : "s"} after the records, not read (reported as rejected)`,
      );
    if (mixed)
      notes.push(
        `line ends: the header ends in ${lineEndName(layout.headerLineEnd)}, the records in ${lineEndName(layout.recordLineEnd)}; read as ${lineEndName(layout.recordLineEnd)}`,
      );
  }
  const collisions = headerCollisions(headerCells);
  if (collisions.length) notes.push(...collisions);
  return {
    path: readPath,
    original: shown,
    encoding,
    encodingSource: source,
    bom: bomLength > 0,
    delimiter,
    newline: layout.recordLineEnd,
    columns: uniqueHeader(headerCells),
    rawHeader: headerCells,
    notes,
    lineOffset,
    dropped,
  };
}

const TAIL = 64 * 1024;

function readTail(path: string, start: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.max(0, size - start));
    readSync(fd, buf, 0, buf.length, start);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** A line end by its name: CRLF, CR or LF. */
export function lineEndName(e: string): string {
  return e === "\r\n" ? "CRLF" : e === "\r" ? "CR" : "LF";
}

/** Header names that collide (exactly or by case only): both kept, under distinct names, and said. */
export function headerCollisions(raw: readonly string[]): string[] {
  const names = uniqueHeader(raw);
  const byKey = new Map<string, number[]>();
  raw.forEach((h, i) => {
    const k = h
      .replace(/^\uFEFF/, "")
      .trim()
      .toLowerCase();
    if (k === "") return;
    byKey.set(k, [...(byKey.get(k) ?? []), i]);
  });
  const out: string[] = [];
  for (const idx of byKey.values()) {
    if (idx.length < 2) continue;
    const written = idx.map((i) => JSON.stringify(raw[i]!.trim()));
    const exact = new Set(idx.map((i) => raw[i]!.trim())).size === 1;
    out.push(
      `header: ${written.join(" and ")} (columns ${idx.map((i) => i + 1).join(", ")}) ${exact ? "repeat" : "differ only in case"}; kept as ${idx.map((i) => JSON.stringify(names[i])).join(", ")}`,
    );
  }
  return out;
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

/**
 * What a file is before it is a table. CRMs export more than plain CSV: gzip-compressed CSV,
 * Excel workbooks, API pages of JSON (HubSpot `results[].properties`, Salesforce `records`). Each is
 * turned once into a plain UTF-8 CSV file that both engines read, so every engine sees the same
 * table. What was done is said in `notes`.
 */
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { csvCell as csvCellOf } from "./csv-cell.js";
import { InputError } from "./formats.js";

export interface Unwrapped {
  /** The file to read next (the original, or a temporary copy). */
  path: string;
  notes: string[];
  /** Set when the file came from a workbook: its cells are exact, not text to guess from. */
  workbook?: { sheet: string; sheets: string[] };
  cleanup(): void;
}

/** The first `n` bytes of a file (fewer when it is shorter). */
export function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

function tempFile(name: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "icpkit-in-"));
  return { path: join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The kind of bytes a file starts with, when they are not text. */
export function binaryKind(b: Buffer): "gzip" | "zip" | "ole2" | "parquet" | "pdf" | null {
  if (b[0] === 0x1f && b[1] === 0x8b) return "gzip";
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return "zip";
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return "ole2";
  if (b.subarray(0, 4).toString("latin1") === "PAR1") return "parquet";
  if (b.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  return null;
}

export interface UnwrapOptions {
  /** The workbook sheet to read: its name or 1-based number (default: the first visible sheet). */
  sheet?: string;
  /** The text is UTF-16 (given by the user): NUL bytes are expected. */
  utf16?: boolean;
}

/**
 * A delimited-text file from whatever the user gave: gzip is decompressed, an .xlsx workbook's
 * sheet is written as CSV; an .xls workbook, a PDF or a Parquet file named like text is refused
 * with what to do instead.
 */
export async function unwrapText(path: string, opts: UnwrapOptions = {}): Promise<Unwrapped> {
  const notes: string[] = [];
  const removers: Array<() => void> = [];
  const cleanup = () => {
    for (const r of removers.splice(0)) r();
  };
  let current = path;
  try {
    for (let depth = 0; depth < 3; depth++) {
      const start = readHead(current, 8192);
      const kind = binaryKind(start);
      if (kind === null) {
        // NUL bytes: an image, an archive, a database file — not text (UTF-16 has a byte-order mark,
        // or is named with --encoding)
        const bom = (start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff);
        if (!bom && !opts.utf16 && start.includes(0))
          throw new InputError("a binary file, not a table", {
            file: path,
            hint: "export the data as CSV or Excel (.xlsx); a UTF-16 text without a byte-order mark needs --encoding utf-16le",
          });
        return { path: current, notes, cleanup };
      }
      if (kind === "gzip") {
        const t = tempFile("input.unzipped");
        removers.push(t.remove);
        try {
          await pipeline(createReadStream(current), createGunzip(), createWriteStream(t.path));
        } catch (e) {
          throw new InputError(`a gzip file that cannot be decompressed (${(e as Error).message})`, {
            file: path,
            hint: "the download may be cut short: download it again",
          });
        }
        notes.push("gzip: decompressed");
        current = t.path;
        continue;
      }
      if (kind === "zip") {
        const t = tempFile("sheet.csv");
        removers.push(t.remove);
        const { sheet, sheets, rows } = await xlsxToCsv(current, t.path, opts.sheet, path);
        notes.push(
          `Excel workbook: sheet ${JSON.stringify(sheet)}${sheets.length > 1 ? ` (of ${sheets.map((s) => JSON.stringify(s)).join(", ")}; choose with --sheet)` : ""}, ${rows} rows`,
        );
        return { path: t.path, notes, workbook: { sheet, sheets }, cleanup };
      }
      const what =
        kind === "ole2"
          ? {
              msg: "an Excel 97–2003 workbook (.xls), which is not read",
              hint: "open it in Excel or LibreOffice and save as .xlsx or CSV (UTF-8)",
            }
          : kind === "parquet"
            ? { msg: "a Parquet file, read as text", hint: "name it .parquet or pass --input-format parquet" }
            : { msg: "a PDF, not a table", hint: "export the report as CSV or Excel instead" };
      throw new InputError(what.msg, { file: path, hint: what.hint });
    }
    return { path: current, notes, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

/** A cell of a workbook as the text a CSV export would hold: numbers in full, dates as ISO. */
export function workbookCellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return "";
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
  }
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o["richText"]))
      return (o["richText"] as Array<{ text?: unknown }>).map((r) => String(r.text ?? "")).join("");
    if ("result" in o) return workbookCellText(o["result"]);
    if ("error" in o) return String(o["error"]);
    if ("text" in o) return workbookCellText(o["text"]);
    if ("hyperlink" in o) return String(o["hyperlink"]);
    if ("sharedFormula" in o || "formula" in o) return "";
  }
  return String(v);
}

/** A cell of the converted file: quoted as needed, never altered (formulas are data here, not an export). */
const csvCell = (s: string): string => csvCellOf(s, false);

async function xlsxToCsv(
  file: string,
  out: string,
  wanted: string | undefined,
  shown: string,
): Promise<{ sheet: string; sheets: string[]; rows: number }> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new InputError(`not a readable .xlsx workbook (${(e as Error).message})`, {
      file: shown,
      hint: "a .zip that is not a workbook, or a damaged file: open it in Excel and save it again",
    });
  }
  const sheets = wb.worksheets.map((w) => w.name);
  let ws = wb.worksheets.find((w) => w.state === "visible") ?? wb.worksheets[0];
  if (wanted !== undefined) {
    const byNumber = /^\d+$/.test(wanted) ? wb.worksheets[Number(wanted) - 1] : undefined;
    ws = wb.worksheets.find((w) => w.name === wanted) ?? byNumber;
    if (!ws)
      throw new InputError(`no sheet ${JSON.stringify(wanted)} in the workbook`, {
        file: shown,
        field: "--sheet",
        hint: `its sheets: ${sheets.map((s) => JSON.stringify(s)).join(", ")}`,
      });
  }
  if (!ws) throw new InputError("the workbook has no sheets", { file: shown });
  const width = ws.columnCount;
  const lines: string[] = [];
  let last = 0;
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    // rows the sheet skips are blank lines, as a CSV export writes them
    while (last < n - 1) {
      lines.push("");
      last++;
    }
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(csvCell(workbookCellText(row.getCell(c).value)));
    lines.push(cells.every((c) => c === "") ? "" : cells.join(","));
    last = n;
  });
  const stream = createWriteStream(out);
  await new Promise<void>((resolve, reject) => {
    stream.on("error", reject);
    stream.end(lines.length ? `${lines.join("\r\n")}\r\n` : "", () => resolve());
  });
  return { sheet: ws.name, sheets, rows: lines.length };
}

/**
 * A JSON file flattened to CSV when it is an API page rather than an array of flat records (as
 * text, so that every engine reads the same cells).
 */
export interface UnwrappedJson {
  path: string;
  format: "json" | "csv";
  notes: string[];
  cleanup(): void;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Nested objects become dotted columns ("Account.Name"); lists become text joined with ";". */
function flatten(o: { [k: string]: Json }, prefix: string, out: Record<string, Json>): void {
  for (const [k, v] of Object.entries(o)) {
    if (k === "attributes" && v !== null && typeof v === "object" && !Array.isArray(v) && "type" in v)
      continue;
    const name = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v, name, out);
    else if (Array.isArray(v))
      out[name] = v
        .map((x) => (x !== null && typeof x === "object" ? JSON.stringify(x) : String(x)))
        .join(";");
    else out[name] = v;
  }
}

/** A HubSpot object ({id, properties: {…}, …}) or a Salesforce record ({attributes: {type}, …}) as one flat row. */
function flatRecord(r: { [k: string]: Json }): Record<string, Json> {
  const out: Record<string, Json> = {};
  const props = r["properties"];
  if (props !== null && typeof props === "object" && !Array.isArray(props)) {
    // HubSpot: the properties are the record; the object's id is hs_object_id's twin
    for (const [k, v] of Object.entries(r))
      if (k !== "properties" && k !== "associations" && typeof v !== "object") out[k] = v;
    flatten(props, "", out);
    // the object's id is its HubSpot record id (what an import matches on)
    if (out["hs_object_id"] === undefined && r["id"] !== undefined && typeof r["id"] !== "object")
      out["hs_object_id"] = r["id"];
    return out;
  }
  flatten(r, "", out);
  return out;
}

const isObject = (v: unknown): v is { [k: string]: Json } =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * JSON as the CRMs' APIs return it, read as records: HubSpot's `{"results": [{id, properties}]}`
 * (or a list of such objects) and Salesforce's `{"records": [{attributes, Id, …}]}`. A plain array
 * of flat objects is left as it is.
 */
export function unwrapJson(path: string): UnwrappedJson {
  const none = { path, format: "json" as const, notes: [], cleanup: () => {} };
  const start = readHead(path, 4096)
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (!start.startsWith("{") && !/^\[\s*\{[\s\S]*?"(properties|attributes)"\s*:\s*\{/.test(start))
    return none;
  let data: Json;
  try {
    data = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, "")) as Json;
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file: path });
  }
  let records: Json[];
  let shape: string;
  if (Array.isArray(data)) {
    records = data;
    shape = "a list of API objects";
  } else if (isObject(data) && Array.isArray(data["results"])) {
    records = data["results"];
    shape = 'a HubSpot API page ("results")';
  } else if (isObject(data) && Array.isArray(data["records"])) {
    records = data["records"];
    shape = 'a Salesforce API result ("records")';
  } else if (isObject(data) && Array.isArray(data["data"])) {
    records = data["data"];
    shape = 'an API page ("data")';
  } else {
    const keys = isObject(data) ? Object.keys(data).slice(0, 6).join(", ") : typeof data;
    throw new InputError(
      `expected an array of objects, or an API page with "results" or "records"; found an object with ${keys}`,
      {
        file: path,
        hint: "a JSON input is an array of records; use .ndjson for one object per line",
      },
    );
  }
  const rows = records.map((r, i) => {
    if (!isObject(r))
      throw new InputError(`element ${i} of the records is not an object`, {
        file: path,
        hint: 'each element is one record: {"name": …}',
      });
    return flatRecord(r);
  });
  const t = tempFile("records.csv");
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: Json | undefined) =>
    csvCell(v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));
  const lines = [
    columns.map((c) => csvCell(c)).join(","),
    ...rows.map((r) => columns.map((c) => cell(r[c])).join(",")),
  ];
  writeFileSync(t.path, `${lines.join("\n")}\n`);
  return {
    path: t.path,
    format: "csv",
    notes: [`JSON: ${shape}, ${rows.length} records flattened (nested fields as "parent.child")`],
    cleanup: t.remove,
  };
}

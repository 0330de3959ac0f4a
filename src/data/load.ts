/**
 * Load a whole table (accounts, deals, subscriptions, contacts or events) into memory with its
 * detected entity, its column mapping (overridable) and its rejects. The commands that join tables
 * (link, dedupe, validate, discover) start here.
 */

import type { CsvDialect } from "../io/csv-dialect.js";
import { formatOf, InputError } from "../io/formats.js";
import { type KeepColumns, openTable, type ReadOptions, type Record_, type Reject } from "../io/read.js";
import type { DealReadOptions } from "./deals.js";
import { detectEntity, type Entity, type MappedField, mapEntityColumns } from "./entities.js";

export interface LoadedTable {
  file: string;
  entity: Entity;
  columns: string[];
  mapping: MappedField[];
  rows: Record_[];
  rejects: Reject[];
  dialect?: Omit<CsvDialect, "cleanup">;
  /** For a deals table: how outcomes and amounts are read (stage map, exchange rates). */
  dealRead?: DealReadOptions;
}

export interface LoadOptions {
  entity?: Entity;
  /** field → column, overriding the detected mapping (`--map column=field` on the CLI). */
  map?: Readonly<Record<string, string>>;
  format?: string;
  read?: ReadOptions;
  /** Keep only these columns in the rows (chosen from the header), to save memory on wide tables. */
  keep?: KeepColumns;
  /** For a deals table: `--stage-map` and `--fx`. */
  dealRead?: DealReadOptions;
}

export async function loadTable(file: string, opts: LoadOptions = {}): Promise<LoadedTable> {
  const table = await openTable(file, formatOf(file, opts.format), opts.read ?? {}, opts.keep);
  const entity = opts.entity ?? detectEntity(table.columns).entity;
  let mapping = mapEntityColumns(entity, table.columns);
  for (const [field, column] of Object.entries(opts.map ?? {})) {
    if (!table.columns.includes(column))
      throw new InputError(`no column ${JSON.stringify(column)} to map to ${field}`, {
        file,
        hint: `columns are ${table.columns.map((c) => JSON.stringify(c)).join(", ")}`,
      });
    mapping = mapping.filter((m) => m.field !== field && m.column !== column);
    const known = mapEntityColumns(entity, [column]).find((m) => m.field === field);
    mapping.push(known ?? { field, kind: "text", column });
  }
  const rows: Record_[] = [];
  for await (const r of table.rows) rows.push(r);
  return {
    file,
    entity,
    columns: table.columns,
    mapping,
    rows,
    rejects: table.rejects,
    ...(table.dialect ? { dialect: table.dialect } : {}),
    ...(opts.dealRead ? { dealRead: opts.dealRead } : {}),
  };
}

/** The column mapped to a field, if any. */
export function columnOf(t: Pick<LoadedTable, "mapping">, field: string): string | undefined {
  return t.mapping.find((m) => m.field === field)?.column;
}

/** Parse `col=field` pairs (from `--map`) into field → column. */
export function parseMapPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.lastIndexOf("=");
    if (i <= 0 || i === p.length - 1)
      throw new InputError(`--map expects column=field, received ${JSON.stringify(p)}`);
    out[p.slice(i + 1).trim()] = p.slice(0, i).trim();
  }
  return out;
}

/**
 * An input with its derived columns: the accounts file read whole, the related tables (events,
 * job postings, contacts) linked to it, the derived fields the profiles read computed, and the
 * result written as a temporary CSV every engine then scores as it would any file. Rejected
 * account rows are carried over so that rows in = rows out + rows rejected still holds.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DerivedColumns, deriveColumns, loadRelated } from "../data/derive.js";
import { type LoadedTable, loadTable } from "../data/load.js";
import type { DayOrder } from "../data/normalise/dates.js";
import { csvLine } from "../io/csv-cell.js";
import type { FileFormat } from "../io/formats.js";
import type { ReadOptions, Reject } from "../io/read.js";
import type { Profile } from "../profile/model.js";
import type { RelatedFiles } from "./related-files.js";

export interface DerivedInput {
  path: string;
  rejects: Reject[];
  derived: DerivedColumns;
  cleanup(): void;
}

export async function withDerivedColumns(
  input: string,
  format: FileFormat,
  read: ReadOptions,
  profiles: readonly Profile[],
  related: RelatedFiles,
  opts: { asOf: string; dayOrder?: DayOrder },
): Promise<DerivedInput> {
  const accounts = await loadTable(input, { entity: "accounts", format, read });
  const derived = deriveColumns(profiles, accounts, await loadRelated(related), opts);
  const dir = mkdtempSync(join(tmpdir(), "icp-derived-"));
  const path = join(dir, "accounts.csv");
  writeWithColumns(accounts, derived, path);
  return {
    path,
    rejects: accounts.rejects,
    derived,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Write a table and its derived columns as one CSV (values as they are: an internal file). */
export function writeWithColumns(table: LoadedTable, derived: DerivedColumns, path: string): void {
  const lines: string[] = [csvLine([...table.columns, ...derived.columns], false)];
  table.rows.forEach((row, i) => {
    const cells = table.columns.map((c) => {
      const v = row[c];
      return v === null || v === undefined ? null : String(v);
    });
    lines.push(csvLine([...cells, ...(derived.values[i] ?? [])], false));
  });
  writeFileSync(path, `${lines.join("\n")}\n`);
}

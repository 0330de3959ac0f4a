import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { formatOf } from "../io/formats.js";
import { openTable, type Record_ } from "../io/read.js";
import { lower } from "../ir/lower.js";
import type { DialectName } from "../sql/dialect.js";
import { exportDbt } from "../warehouse/dbt.js";
import { fail, loadProfiles, resolveAsOf } from "./io.js";

interface ExportDbtOpts {
  profile: string;
  source: string;
  output: string;
  dialect: DialectName;
  sample?: string;
  columns?: string;
  model?: string;
  key?: string;
  asOf?: string;
}

export async function commandExportDbt(opts: ExportDbtOpts): Promise<void> {
  const [profile] = loadProfiles([opts.profile]);
  const { asOf, note } = resolveAsOf(opts.asOf);
  let columns = opts.columns?.split(",").map((c) => c.trim());
  const sample: Record_[] = [];
  if (opts.sample) {
    const table = await openTable(opts.sample, formatOf(opts.sample));
    columns ??= table.columns;
    for await (const row of table.rows) sample.push(row);
  }
  const ir = lower(profile!, { asOf, ...(columns ? { columns } : {}) });
  let out: ReturnType<typeof exportDbt>;
  try {
    out = exportDbt(
      ir,
      {
        dialect: opts.dialect,
        source: opts.source,
        ...(opts.model ? { model: opts.model } : {}),
        ...(opts.key ? { key: opts.key } : {}),
        ...(opts.sample ? { sample } : {}),
      },
      columns,
    );
  } catch (e) {
    fail((e as Error).message);
  }
  for (const f of out.files) {
    const path = join(opts.output, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
  const err = process.stderr;
  err.write(`icp export dbt: ${note}; ${opts.dialect}; model ${out.model}\n`);
  err.write(
    `seed ${out.seedRows.toLocaleString("en-US")} normalised values${opts.sample ? ` (dictionaries + ${sample.length.toLocaleString("en-US")} sample rows)` : " (dictionaries only: pass --sample data.csv to add your spellings)"}\n`,
  );
  if (out.seedSkipped.length)
    err.write(
      `warning: ${out.seedSkipped.length} raw value(s) starting with = + - @ left out of the seed (they read as unknown): ${out.seedSkipped
        .slice(0, 5)
        .map((v) => JSON.stringify(v))
        .join(", ")}\n`,
    );
  for (const f of out.files) err.write(`wrote ${join(opts.output, f.path)}\n`);
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import cliProgress from "cli-progress";
import type { DayOrder } from "../data/normalise/dates.js";
import { type Encoding, lineEndName } from "../io/csv-dialect.js";
import { formatOf } from "../io/formats.js";
import { writeRejects } from "../io/write.js";
import { derivedFieldsOf } from "../profile/derived.js";
import { type CrmTarget, writeCrmImport } from "../score/crm-export.js";
import { renderFunnel } from "../score/funnel.js";
import { hasRelated } from "../score/related-files.js";
import { type EngineName, type Progress, type ScoreFileResult, scoreFile, scoreTable } from "../score/run.js";
import { fail, loadProfiles, resolveAsOf } from "./io.js";

interface ScoreOpts {
  for?: CrmTarget;
  profile: string[];
  output: string;
  inputFormat?: string;
  outputFormat?: string;
  engine?: EngineName;
  asOf?: string;
  json?: boolean;
  progress?: boolean;
  threads?: number;
  memoryLimit?: string;
  encoding?: Encoding;
  sheet?: string;
  delimiter?: string;
  rejects?: string;
  map?: string[];
  normalize?: boolean;
  dayOrder?: DayOrder;
  db?: string;
  table?: string;
  into?: string;
  view?: boolean;
  key?: string;
  events?: string[];
  jobs?: string[];
  contacts?: string;
}

/** `--map col=field` pairs → { column: field }. */
export function parseColumnMap(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.lastIndexOf("=");
    if (i <= 0 || i === p.length - 1) fail(`--map expects column=field, received ${JSON.stringify(p)}`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

/** The rejects file for an output: beside it, or as given. */
export function rejectsPath(output: string, given?: string): string {
  if (given) return given;
  return output === "-"
    ? "rejects.csv"
    : `${output.replace(/\.(csv|parquet|json|ndjson)$/i, "")}.rejects.csv`;
}

export async function commandScore(file: string | undefined, opts: ScoreOpts): Promise<void> {
  const profiles = loadProfiles(opts.profile);
  const columnMap = parseColumnMap(opts.map);
  for (const field of Object.values(columnMap ?? {})) {
    if (!profiles.some((p) => p.fields.has(field)))
      fail(
        `--map names field \`${field}\`, which no profile declares (use a standard field, or declare it under \`fields:\`)`,
      );
  }
  const { asOf, note } = resolveAsOf(opts.asOf);
  if (opts.db) {
    if (file !== undefined) fail("give a file or --db with --table, not both");
    if (!opts.table || !opts.into)
      fail("--db needs --table <table to score> and --into <table or view to write>");
    const started = performance.now();
    const result = await scoreTable({
      url: opts.db,
      table: opts.table,
      into: opts.into,
      profiles,
      asOf,
      ...(opts.view ? { view: true } : {}),
      ...(opts.key ? { key: opts.key } : {}),
      ...(columnMap ? { columnMap } : {}),
      ...(opts.normalize === false ? { normalize: false } : {}),
      ...(opts.dayOrder ? { dayOrder: opts.dayOrder } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ ...result, seconds: Number(seconds.toFixed(3)) }, null, 2)}\n`,
      );
      return;
    }
    process.stderr.write(
      `icp score: ${note}; engine postgres; ${result.rowsIn.toLocaleString("en-US")} rows in ${seconds.toFixed(2)} s\n`,
    );
    printSummary(result);
    process.stderr.write(
      `normalised ${result.normalisedValues.toLocaleString("en-US")} distinct raw values into icp_normalised\nwrote ${opts.view ? "view" : "table"} ${result.relation}\n`,
    );
    return;
  }
  if (file === undefined) fail("give a file to score (or - for stdin), or --db with --table and --into");
  if (opts.for && opts.output === "-")
    fail(`--for ${opts.for} writes an import file: name it with -o (e.g. -o ${opts.for}-import.csv)`);
  if (opts.for && profiles.length !== 1)
    fail(`--for ${opts.for} writes one profile's scores: pass one profile`);
  // with --for, the scored table goes to a temporary CSV and the import file is written from it
  const crmDir = opts.for ? mkdtempSync(join(tmpdir(), "icpkit-crm-")) : null;
  const scoredOutput = crmDir ? join(crmDir, "scored.csv") : opts.output;
  try {
    await scoreCommand(
      file,
      { ...opts, output: scoredOutput, ...(crmDir ? { outputFormat: "csv" } : {}) },
      profiles,
      columnMap,
      asOf,
      note,
      crmDir ? opts.output : null,
    );
  } finally {
    if (crmDir) rmSync(crmDir, { recursive: true, force: true });
  }
}

async function scoreCommand(
  file: string,
  opts: ScoreOpts,
  profiles: ReturnType<typeof loadProfiles>,
  columnMap: ReturnType<typeof parseColumnMap>,
  asOf: string,
  note: string,
  crmOutput: string | null,
): Promise<void> {
  if (opts.json && opts.output === "-")
    fail("--json prints the summary on stdout: write the scored rows to a file with -o");
  const engine: EngineName = opts.engine ?? (file === "-" ? "js" : "duckdb");
  const showBar = opts.progress || process.stderr.isTTY;
  // duckdb reports the share done per stage; the row-at-a-time engines count rows.
  const format =
    engine === "duckdb"
      ? "{stage} [{bar}] {percentage}% | {duration}s"
      : "scoring {value} rows | {duration}s";
  const bar = showBar
    ? new cliProgress.SingleBar(
        {
          format,
          stream: process.stderr,
          fps: 5,
          noTTYOutput: !!opts.progress,
          notTTYSchedule: 2000,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(engine === "duckdb" ? 100 : 0, 0, { stage: "reading " });
  const onProgress = (p: Progress) => {
    if (p.fraction !== undefined)
      bar?.update(Math.round(p.fraction * 100), { stage: (p.stage ?? "").padEnd(8) });
    else if (p.rows !== undefined) bar?.update(p.rows);
  };
  const started = performance.now();
  // Related tables: the derived fields the profiles read are computed and added to the input first.
  const related = {
    ...(opts.events ? { events: opts.events } : {}),
    ...(opts.jobs ? { jobs: opts.jobs } : {}),
    ...(opts.contacts ? { contacts: opts.contacts } : {}),
  };
  const read = {
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
    ...(opts.sheet ? { sheet: opts.sheet } : {}),
    ...(opts.delimiter ? { delimiter: opts.delimiter === "tab" ? "\t" : opts.delimiter } : {}),
  };
  if (hasRelated(related) && file === "-")
    fail("--events, --jobs and --contacts need the accounts as a file, not stdin");
  const reads = derivedFieldsOf(profiles).length > 0;
  if (hasRelated(related) && !reads)
    process.stderr.write(
      "warning: no criterion reads an events.*, hiring.* or committee.* field; --events, --jobs and --contacts are not used\n",
    );
  const derivedInput =
    hasRelated(related) && reads
      ? await (await import("../score/related-input.js")).withDerivedColumns(
          file,
          formatOf(file, opts.inputFormat),
          read,
          profiles,
          related,
          {
            asOf,
            ...(opts.dayOrder ? { dayOrder: opts.dayOrder } : {}),
          },
        )
      : null;
  const scored = await scoreFile({
    input: derivedInput?.path ?? file,
    inputFormat: derivedInput ? "csv" : formatOf(file, opts.inputFormat),
    output: opts.output,
    outputFormat: formatOf(opts.output === "-" ? "out.csv" : opts.output, opts.outputFormat),
    profiles,
    asOf,
    engine,
    ...(opts.threads ? { threads: opts.threads } : {}),
    ...(opts.memoryLimit ? { memoryLimit: opts.memoryLimit } : {}),
    ...(bar ? { onProgress } : {}),
    read: derivedInput ? {} : read,
    ...(columnMap ? { columnMap } : {}),
    ...(opts.normalize === false ? { normalize: false } : {}),
    ...(opts.dayOrder ? { dayOrder: opts.dayOrder } : {}),
  }).finally(() => {
    bar?.stop();
    derivedInput?.cleanup();
  });
  // Account rows the loader rejected never reached the engine: count them in.
  const result: ScoreFileResult = derivedInput
    ? {
        ...scored,
        rowsIn: scored.rowsIn + derivedInput.rejects.length,
        rejects: [...derivedInput.rejects, ...scored.rejects],
      }
    : scored;
  if (derivedInput) {
    for (const l of derivedInput.derived.links)
      process.stderr.write(
        `linked ${l.table}: ${l.report.linked.toLocaleString("en-US")} of ${l.report.rows.toLocaleString("en-US")} rows (id ${l.report.by.id}, domain ${l.report.by.domain}, name ${l.report.by.name})${l.report.reasons[0] ? `; not linked: ${l.report.reasons[0].count} × ${l.report.reasons[0].reason}` : ""}\n`,
      );
    if (derivedInput.derived.undated)
      process.stderr.write(
        `warning: ${derivedInput.derived.undated} event rows have no readable date and were not counted\n`,
      );
    if (derivedInput.derived.columns.length)
      process.stderr.write(`derived: ${derivedInput.derived.columns.join(", ")}\n`);
  }
  let rejectsFile: string | null = null;
  if (result.rejects.length > 0) {
    rejectsFile = rejectsPath(crmOutput ?? opts.output, opts.rejects);
    await writeRejects(rejectsFile, result.rejects);
  }
  const seconds = (performance.now() - started) / 1000;
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ ...result, rowsRejected: result.rejects.length, rejects: undefined, rejectsFile, seconds: Number(seconds.toFixed(3)), output: opts.output }, null, 2)}\n`,
    );
    return;
  }
  const err = process.stderr;
  err.write(
    `icp score: ${note}; engine ${result.engine}; ${result.rowsIn.toLocaleString("en-US")} rows in ${seconds.toFixed(2)} s\n`,
  );
  if (result.dialect) {
    const d = result.dialect;
    const nl = lineEndName(d.newline);
    const delim = d.delimiter === "\t" ? "tab" : d.delimiter;
    err.write(
      `read: ${d.encoding}${d.bom ? " with BOM" : ""} (${d.encodingSource}), delimiter ${JSON.stringify(delim)}, ${nl} line ends\n`,
    );
    for (const n of d.notes) err.write(`note: ${n}\n`);
  }
  printSummary(result, rejectsFile);
  if (crmOutput && opts.for) {
    const r = await writeCrmImport(opts.output, crmOutput, opts.for, asOf);
    err.write(
      `wrote ${crmOutput}: ${r.rows.toLocaleString("en-US")} rows for the ${opts.for === "hubspot" ? "HubSpot" : "Salesforce"} importer, matched by ${JSON.stringify(r.identifier)}${r.skipped.length ? `; ${r.skipped.length} row${r.skipped.length === 1 ? "" : "s"} left out (${r.skipped[0]?.reason}${r.skipped.length > 1 ? " …" : ""})` : ""}\n  see docs/crm-import.md for the import steps\n`,
    );
    return;
  }
  if (opts.output !== "-") err.write(`wrote ${opts.output}\n`);
}

/** Mapping, row accounting, warnings and funnels, on stderr. */
function printSummary(result: ScoreFileResult, rejectsFile: string | null = null): void {
  const err = process.stderr;
  err.write(
    `mapping: ${result.mapping.map((m) => `${m.field} ← ${m.column === null ? "(no column)" : JSON.stringify(m.column)}${m.normalize ? ` [${m.normalize}]` : ""}`).join(", ")}\n`,
  );
  err.write(
    `rows: ${result.rowsIn.toLocaleString("en-US")} in = ${result.rowsOut.toLocaleString("en-US")} out + ${result.rejects.length.toLocaleString("en-US")} rejected${rejectsFile ? ` (see ${rejectsFile})` : ""}\n`,
  );
  for (const m of result.missingFields) {
    err.write(
      `warning: ${m.profile}: no column for field \`${m.field}\` (tried ${m.tried.join(", ")}); its criteria are unknown on every row\n`,
    );
  }
  for (const w of result.warnings) err.write(`warning: ${w}\n`);
  for (const f of result.funnels) err.write(`${renderFunnel(f)}\n`);
}

import cliProgress from "cli-progress";
import type { DayOrder } from "../data/normalise/dates.js";
import type { Encoding } from "../io/csv-dialect.js";
import { formatOf } from "../io/formats.js";
import { writeRejects } from "../io/write.js";
import { renderFunnel } from "../score/funnel.js";
import { type EngineName, type Progress, type ScoreFileResult, scoreFile, scoreTable } from "../score/run.js";
import { fail, loadProfiles, resolveAsOf } from "./io.js";

interface ScoreOpts {
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
  const result = await scoreFile({
    input: file,
    inputFormat: formatOf(file, opts.inputFormat),
    output: opts.output,
    outputFormat: formatOf(opts.output === "-" ? "out.csv" : opts.output, opts.outputFormat),
    profiles,
    asOf,
    engine,
    ...(opts.threads ? { threads: opts.threads } : {}),
    ...(opts.memoryLimit ? { memoryLimit: opts.memoryLimit } : {}),
    ...(bar ? { onProgress } : {}),
    read: {
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
      ...(opts.delimiter ? { delimiter: opts.delimiter === "tab" ? "\t" : opts.delimiter } : {}),
    },
    ...(columnMap ? { columnMap } : {}),
    ...(opts.normalize === false ? { normalize: false } : {}),
    ...(opts.dayOrder ? { dayOrder: opts.dayOrder } : {}),
  }).finally(() => bar?.stop());
  let rejectsFile: string | null = null;
  if (result.rejects.length > 0) {
    rejectsFile = rejectsPath(opts.output, opts.rejects);
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
    const nl = d.newline === "\r\n" ? "CRLF" : d.newline === "\r" ? "CR" : "LF";
    const delim = d.delimiter === "\t" ? "tab" : d.delimiter;
    err.write(
      `read: ${d.encoding}${d.bom ? " with BOM" : ""} (${d.encodingSource}), delimiter ${JSON.stringify(delim)}, ${nl} line ends\n`,
    );
  }
  printSummary(result, rejectsFile);
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

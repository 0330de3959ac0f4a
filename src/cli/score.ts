import cliProgress from "cli-progress";
import { formatOf } from "../io/formats.js";
import { renderFunnel } from "../score/funnel.js";
import { type EngineName, type Progress, scoreFile } from "../score/run.js";
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
}

export async function commandScore(file: string, opts: ScoreOpts): Promise<void> {
  const profiles = loadProfiles(opts.profile);
  const { asOf, note } = resolveAsOf(opts.asOf);
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
  }).finally(() => bar?.stop());
  const seconds = (performance.now() - started) / 1000;
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ ...result, seconds: Number(seconds.toFixed(3)), output: opts.output }, null, 2)}\n`,
    );
    return;
  }
  const err = process.stderr;
  err.write(
    `icp score: ${note}; engine ${result.engine}; ${result.rowsIn.toLocaleString("en-US")} rows in ${seconds.toFixed(2)} s\n`,
  );
  for (const m of result.missingFields) {
    err.write(
      `warning: ${m.profile}: no column for field \`${m.field}\` (tried ${m.tried.join(", ")}); its criteria are unknown on every row\n`,
    );
  }
  for (const w of result.warnings) err.write(`warning: ${w}\n`);
  for (const f of result.funnels) err.write(`${renderFunnel(f)}\n`);
  if (opts.output !== "-") err.write(`wrote ${opts.output}\n`);
}

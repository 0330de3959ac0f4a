/**
 * npm run bench — end-to-end scoring speed and memory, side by side with a hand-written DuckDB
 * query doing the same scoring on the same file (bench/handwritten.sql).
 *
 * Data: the project's own generator (`icp generate companies`), whose industry, country, size and
 * tech distributions follow ../shared/data (see src/generate/distributions.ts); 30 columns.
 * Each run is a separate process measured with /usr/bin/time (wall time, peak RSS).
 *
 *   npm run bench                      # 1M and 10M rows
 *   BENCH_SIZES=1000000 npm run bench  # only 1M
 *   BENCH_REPEAT=3                     # runs per measurement (min and median reported)
 */
import { execFileSync } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { writeRows } from "../src/cli/generate.js";
import { CompanyGenerator } from "../src/generate/companies.js";
import { ROOT, type Run, stats, timed } from "./timed.js";

const DATA = join(ROOT, "bench/data");
const RESULTS = join(ROOT, "bench/results");
const SIZES = (process.env.BENCH_SIZES ?? "1000000,10000000").split(",").map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const AS_OF = "2026-11-23";
const PROFILE = "examples/b2b-saas.yaml";

async function ensureData(rows: number): Promise<string> {
  const file = join(DATA, `companies-${rows}.csv`);
  if (existsSync(file)) return file;
  mkdirSync(DATA, { recursive: true });
  process.stderr.write(`generating ${rows.toLocaleString("en-US")} rows → ${file}\n`);
  await writeRows(createWriteStream(file), new CompanyGenerator({ rows, seed: 2026 }), rows);
  return file;
}

function firstAndLastIds(file: string): string {
  const head = execFileSync("head", ["-c", "200000", file], { encoding: "utf8" })
    .split("\n")[1]
    ?.split(",")[0];
  const tail = execFileSync("tail", ["-n", "1", file], { encoding: "utf8" }).split(",")[0];
  return `${head}…${tail}`;
}

const handwrittenSql = readFileSync(join(ROOT, "bench/handwritten.sql"), "utf8");
const results: Array<Record<string, unknown>> = [];
mkdirSync(RESULTS, { recursive: true });
execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });

for (const rows of SIZES) {
  const input = await ensureData(rows);
  const size = statSync(input).size;
  const out = join(DATA, `scored-${rows}.csv`);
  const hwOut = join(DATA, `handwritten-${rows}.csv`);
  const sqlFile = join(DATA, `handwritten-${rows}.sql`);
  writeFileSync(
    sqlFile,
    handwrittenSql
      .replaceAll("{{input}}", input)
      .replaceAll("{{output}}", hwOut)
      .replaceAll("{{as_of_year}}", AS_OF.slice(0, 4)),
  );
  const icpScore = (output: string, engine: string) =>
    timed(process.execPath, [
      "dist/bin/main.js",
      "score",
      input,
      "-p",
      PROFILE,
      "-o",
      output,
      "--as-of",
      AS_OF,
      "--engine",
      engine,
    ]);
  const reps = rows >= 5_000_000 ? 1 : REPEAT;
  const hw: Run[] = [];
  const icpRuns: Run[] = [];
  for (let i = 0; i < reps; i++) {
    hw.push(timed(process.execPath, [join(ROOT, "bench/run-sql.mjs"), sqlFile]));
    icpRuns.push(icpScore(out, "duckdb"));
  }
  const jsRuns: Run[] = [];
  if (rows <= 1_000_000) {
    jsRuns.push(icpScore(`${out}.js.csv`, "js"));
  }
  const order =
    firstAndLastIds(input) === firstAndLastIds(out) ? "kept" : `CHANGED (${firstAndLastIds(out)})`;
  const h = stats(hw);
  const c = stats(icpRuns);
  const j = jsRuns.length ? stats(jsRuns) : null;
  results.push({
    rows,
    inputMB: Math.round(size / 1e6),
    handwritten: h,
    icpDuckdb: c,
    icpJs: j,
    ratioMin: Number((c.min / h.min).toFixed(2)),
    ratioMedian: Number((c.median / h.median).toFixed(2)),
    outputOrder: order,
  });
  rmSync(hwOut, { force: true });
  rmSync(`${out}.js.csv`, { force: true });
}

const machine = `${execFileSync("nproc", { encoding: "utf8" }).trim()} cores, node ${process.version}`;
const stamp = new Date().toISOString();
writeFileSync(
  join(RESULTS, "score.json"),
  `${JSON.stringify({ stamp, machine, profile: PROFILE, results }, null, 2)}\n`,
);

const pad = (s: unknown, n: number) => String(s).padStart(n);
console.log(
  `\nicp score vs hand-written DuckDB SQL (${machine}; data: icpkit's generator, 30 columns; profile ${PROFILE})`,
);
console.log("rows        input MB   hand-written s   icp duckdb s   ratio   icp peak MiB   icp js s   order");
for (const r of results) {
  const h = r["handwritten"] as ReturnType<typeof stats>;
  const c = r["icpDuckdb"] as ReturnType<typeof stats>;
  const j = r["icpJs"] as ReturnType<typeof stats> | null;
  console.log(
    `${pad((r["rows"] as number).toLocaleString("en-US"), 10)}  ${pad(r["inputMB"], 8)}   ${pad(h.min.toFixed(2), 14)}   ${pad(c.min.toFixed(2), 12)}   ${pad(`${(r["ratioMin"] as number).toFixed(2)}×`, 5)}   ${pad(c.peakMiB.toFixed(0), 12)}   ${pad(j ? j.min.toFixed(2) : "—", 8)}   ${r["outputOrder"]}`,
  );
}
console.log(`\n(min of ${REPEAT} runs for ≤ 1M rows, 1 run above; results in bench/results/score.json)`);

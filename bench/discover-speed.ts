/**
 * npm run bench:discover-speed — discovery speed and memory: `icp discover` (the bundled command
 * line) on generated accounts with a planted ICP (bench/plant.yaml: industry, an employee range,
 * one technology), 34 columns of which 26 can hold attributes, one outcome column.
 *
 *   npm run bench:discover-speed                          # 100,000 and 1,000,000 accounts
 *   BENCH_DISCOVER_SIZES=1000000 BENCH_REPEAT=5 npm run bench:discover-speed
 *
 * Target (issue 4): 1M deals × 30 attributes in ≤ 10 s. Results in bench/results/discover-speed.json.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, type Run, stats, timed } from "./timed.js";

const DATA = join(ROOT, "bench/data");
const RESULTS = join(ROOT, "bench/results");
const SIZES = (process.env.BENCH_DISCOVER_SIZES ?? "100000,1000000").split(",").map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const CLI = "dist/bin/main.js";

mkdirSync(DATA, { recursive: true });
mkdirSync(RESULTS, { recursive: true });
execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });

const results: Array<Record<string, unknown>> = [];
for (const rows of SIZES) {
  const input = join(DATA, `discover-${rows}.csv`);
  if (!existsSync(input)) {
    process.stderr.write(`generating ${rows.toLocaleString("en-US")} planted accounts → ${input}\n`);
    execFileSync(
      process.execPath,
      [
        CLI,
        "generate",
        "companies",
        "--rows",
        String(rows),
        "--seed",
        "4",
        "--plant",
        "bench/plant.yaml",
        "-o",
        input,
      ],
      { cwd: ROOT, stdio: "inherit" },
    );
  }
  const draft = join(DATA, `discover-${rows}.yaml`);
  const args = [
    CLI,
    "discover",
    input,
    "--outcome",
    "outcome",
    "--exclude",
    "closed_at",
    "--exclude",
    "deal_amount",
    "--as-of",
    "2026-06-30",
    "-o",
    draft,
  ];
  const runs: Run[] = [];
  for (let k = 0; k < REPEAT; k++) runs.push(timed(process.execPath, args));
  const kept = /^criteria:/m.test(readFileSync(draft, "utf8"))
    ? [...readFileSync(draft, "utf8").matchAll(/^\s+field: (\S+)/gm)].map((m) => m[1])
    : [];
  results.push({ rows, ...stats(runs), runs, criteriaFields: [...new Set(kept)] });
}

const file = join(RESULTS, "discover-speed.json");
writeFileSync(
  file,
  `${JSON.stringify({ measured: new Date().toISOString(), node: process.version, repeat: REPEAT, results }, null, 2)}\n`,
);
console.log("| accounts | min s | median s | peak MiB | draft criteria on |");
console.log("|--:|--:|--:|--:|---|");
for (const r of results)
  console.log(
    `| ${Number(r.rows).toLocaleString("en-US")} | ${Number(r.min).toFixed(2)} | ${Number(r.median).toFixed(2)} | ${Number(r.peakMiB).toFixed(0)} | ${(r.criteriaFields as string[]).join(", ")} |`,
  );
console.log(`results written to ${file}`);

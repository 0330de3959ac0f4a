/**
 * npm run bench:lookalike — `icp enrich` and `icp lookalike` (the bundled command line) on a
 * generated universe of companies, against a baseline in the same run: `icp score` of the same
 * file with a one-criterion profile (DuckDB reading and writing every row once). The three are
 * interleaved and repeated, so the machine's drift hits them alike.
 *
 *   npm run bench:lookalike                    # 1,000,000 companies
 *   BENCH_LOOKALIKE_ROWS=200000 BENCH_REPEAT=3 npm run bench:lookalike
 *
 * 12 best customers (software companies on Salesforce, as domains); 5,000 leads with only a work
 * e-mail or a company name. Results in bench/results/lookalike.json.
 */
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ROOT, type Run, stats, timed } from "./timed.js";

const DATA = join(ROOT, "bench/data");
const RESULTS = join(ROOT, "bench/results");
const ROWS = Number(process.env.BENCH_LOOKALIKE_ROWS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const CLI = "dist/bin/main.js";

mkdirSync(DATA, { recursive: true });
mkdirSync(RESULTS, { recursive: true });
execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });

const universe = join(DATA, `companies-${ROWS}.csv`);
if (!existsSync(universe))
  execFileSync(
    process.execPath,
    [CLI, "generate", "companies", "--rows", String(ROWS), "--seed", "9", "-o", universe],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
// best customers and leads, from the first rows of the universe (a simple CSV split is enough for
// the columns used: the generator quotes only free-text cells)
const header: string[] = [];
const best: string[] = [];
const leads: string[] = [];
const rl = createInterface({ input: createReadStream(universe) });
for await (const line of rl) {
  if (!header.length) {
    header.push(...line.split(","));
    continue;
  }
  const cells = line.split(",");
  const at = (c: string) => cells[header.indexOf(c)] ?? "";
  if (best.length < 12 && at("industry") === "computer software" && /Salesforce/.test(line))
    best.push(at("domain"));
  if (leads.length < 5000 && leads.length % 2 === 0) leads.push(`someone@${at("domain")},`);
  else if (leads.length < 5000) leads.push(`someone@gmail.com,${at("name")}`);
  if (best.length >= 12 && leads.length >= 5000) break;
}
rl.close();
const bestFile = join(DATA, "lookalike-best.csv");
const leadsFile = join(DATA, "enrich-leads.csv");
const profile = join(DATA, "one-criterion.yaml");
writeFileSync(bestFile, `domain\n${best.join("\n")}\n`);
writeFileSync(leadsFile, `Email,Company\n${leads.join("\n")}\n`);
writeFileSync(
  profile,
  "name: baseline\ncriteria:\n  - { label: software, field: industry, in: [computer software], weight: 1 }\n",
);

const jobs: Record<string, string[]> = {
  baseline_score: [
    CLI,
    "score",
    universe,
    "-p",
    profile,
    "-o",
    join(DATA, "baseline-scored.csv"),
    "--as-of",
    "2026-11-23",
  ],
  lookalike: [
    CLI,
    "lookalike",
    "--seeds",
    bestFile,
    "--universe",
    universe,
    "--top",
    "1000",
    "-o",
    join(DATA, "lookalikes.csv"),
    "--as-of",
    "2026-11-23",
  ],
  enrich: [CLI, "enrich", leadsFile, "--from", universe, "-o", join(DATA, "enriched.csv")],
};
const runs: Record<string, Run[]> = { baseline_score: [], lookalike: [], enrich: [] };
for (let r = 0; r < REPEAT; r++)
  for (const [name, args] of Object.entries(jobs)) {
    const t = timed(process.execPath, args);
    (runs[name] as Run[]).push(t);
    process.stderr.write(`${name} run ${r + 1}: ${t.seconds.toFixed(1)} s, ${t.peakMiB.toFixed(0)} MiB\n`);
  }
const summary = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, stats(v)]));
const base = summary.baseline_score?.median ?? Number.NaN;
const out = {
  date: new Date().toISOString().slice(0, 10),
  rows: ROWS,
  repeat: REPEAT,
  summary,
  ratioToBaseline: {
    lookalike: (summary.lookalike?.median ?? Number.NaN) / base,
    enrich: (summary.enrich?.median ?? Number.NaN) / base,
  },
};
writeFileSync(join(RESULTS, "lookalike.json"), `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));

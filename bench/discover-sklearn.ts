/**
 * npm run bench:discover — the learned scorecard's held-out AUC next to scikit-learn's
 * LogisticRegression and HistGradientBoostingClassifier on the same split of the same data, and
 * discovery's time on a large file.
 *
 * Data: the project's generator with a planted pattern (industry, employee range, one technology;
 * see PLANT below) — not real outcomes, which no public data set has at this size.
 * scikit-learn comes from Debian (`apt-get install python3-sklearn`, done here when missing) and runs
 * under /usr/bin/python3, which sees Debian's packages.
 *
 *   npm run bench:discover                     # 20,000 rows, seeds 1–3
 *   BENCH_DISCOVER_ROWS=50000 npm run bench:discover
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const DATA = join(ROOT, "bench/data");
const RESULTS = join(ROOT, "bench/results");
const ROWS = Number(process.env.BENCH_DISCOVER_ROWS ?? 20_000);
const SEEDS = (process.env.BENCH_DISCOVER_SEEDS ?? "1,2,3").split(",").map(Number);
const PLANT = `name: planted
criteria:
  - { label: software, field: industry, in: [computer software, internet], weight: 1.5 }
  - { label: mid-size, field: employees, range: { min: 50, max: 1000 }, weight: 1 }
  - { label: salesforce, field: tech, any: [salesforce], weight: 1 }
`;

function icp(args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
}

function ensureSklearn(): void {
  const ok = spawnSync("/usr/bin/python3", ["-c", "import sklearn"]).status === 0;
  if (ok) return;
  console.log("installing Debian's python3-sklearn …");
  const apt = ["apt-get", "install", "-y", "-qq", "python3-sklearn"];
  const [cmd, ...args] = process.getuid?.() === 0 ? apt : ["sudo", ...apt];
  execFileSync(cmd as string, args, { stdio: "inherit" });
}

mkdirSync(DATA, { recursive: true });
mkdirSync(RESULTS, { recursive: true });
ensureSklearn();
const plant = join(DATA, "plant.yaml");
writeFileSync(plant, PLANT);
const rows: { seed: number; scorecard: number; folds: string; lr: number; hgb: number; seconds: number }[] =
  [];
for (const seed of SEEDS) {
  const file = join(DATA, `discover-${ROWS}-${seed}.csv`);
  if (!existsSync(file))
    icp([
      "generate",
      "companies",
      "--rows",
      String(ROWS),
      "--seed",
      String(seed),
      "--plant",
      plant,
      "-o",
      file,
    ]);
  const t0 = process.hrtime.bigint();
  const out = JSON.parse(
    icp([
      "discover",
      file,
      "--outcome",
      "outcome",
      "--date",
      "closed_at",
      "--exclude",
      "deal_amount",
      "--as-of",
      "2026-06-30",
      "--validate-model",
      "--json",
    ]),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const sk = JSON.parse(
    execFileSync(
      "/usr/bin/python3",
      [join(ROOT, "bench/sklearn_auc.py"), file, "outcome", "closed_at", "deal_amount"],
      {
        encoding: "utf8",
      },
    ),
  );
  rows.push({
    seed,
    scorecard: out.validation.test.auc,
    folds: `${out.validation.foldMean.toFixed(3)} ± ${out.validation.foldSd.toFixed(3)}`,
    lr: sk.logistic_regression,
    hgb: sk.hist_gradient_boosting,
    seconds,
  });
}
const result = {
  rows: ROWS,
  generatedBy: "icp generate companies --plant (planted pattern)",
  at: new Date().toISOString(),
  runs: rows,
};
writeFileSync(join(RESULTS, "discover-sklearn.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `\n${ROWS.toLocaleString("en-US")} generated accounts with a planted pattern; time split 70/30 by outcome date\n`,
);
console.log(
  "seed  scorecard AUC  5-fold AUC       sklearn LR  sklearn HGB  gap to best  discover+validate s",
);
for (const r of rows) {
  const best = Math.max(r.lr, r.hgb);
  console.log(
    `${String(r.seed).padEnd(4)}  ${r.scorecard.toFixed(4).padStart(13)}  ${r.folds.padEnd(15)}  ${r.lr.toFixed(4).padStart(10)}  ${r.hgb.toFixed(4).padStart(11)}  ${(r.scorecard - best).toFixed(4).padStart(11)}  ${r.seconds.toFixed(1).padStart(19)}`,
  );
}

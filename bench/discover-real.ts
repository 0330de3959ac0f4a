/**
 * npm run bench:discover-real — discovery on real data: UCI Bank Marketing
 * (../shared/data/bank-marketing; read its NOTES.md), the public lead-scoring benchmark with real
 * placeholders ("unknown"), a sentinel (pdays = 999), a leaky column (`duration`) and strong drift.
 *
 * Chronological 70/30 split by row order (the file is in date order). `icp discover` runs on the
 * training part only (with `--exclude duration`, as the data's authors advise); the written scorecard
 * file and the draft profile are then scored by `icp score` on the test part, and their AUC and
 * top-10% lift are printed beside scikit-learn's logistic regression and gradient boosting on the
 * same split (bench/bank_reference.py, Debian's python3-sklearn; installed here when missing).
 * A second run without `--exclude duration` checks that `duration` is named a leakage suspect, and
 * the report is checked for `unknown` and pdays 999 read as missing.
 *
 * Goals (issue 18): scorecard file ≥ the best reference; draft within 0.03 of the scorecard.
 * Results: bench/results/discover-real.json.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { auc } from "../src/stats/auc.js";

const ROOT = join(import.meta.dirname, "..");
const SOURCE = join(ROOT, "../shared/data/bank-marketing/bank-additional-full.csv");
const DATA = join(ROOT, "bench/data/bank");
const RESULTS = join(ROOT, "bench/results");
const CLI = join(ROOT, "dist/bin/main.js");
const AS_OF = "2026-12-01";

if (!existsSync(SOURCE)) {
  console.log(`skipped: ${SOURCE} is absent (the shared data sets are not in a fresh clone)`);
  process.exit(0);
}
mkdirSync(DATA, { recursive: true });
mkdirSync(RESULTS, { recursive: true });
execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });

// the split: the first 70% of records by row order, the rest; the header and the `;` kept
const lines = readFileSync(SOURCE, "utf8")
  .split(/\r?\n/)
  .filter((l) => l !== "");
const header = lines[0] as string;
const body = lines.slice(1);
const cut = Math.floor(0.7 * body.length);
const train = join(DATA, "train.csv");
const test = join(DATA, "test.csv");
writeFileSync(train, `${[header, ...body.slice(0, cut)].join("\n")}\n`);
writeFileSync(test, `${[header, ...body.slice(cut)].join("\n")}\n`);

function icp(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`icp ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

/** AUC and top-10% lift of a profile's scores on the test part (rows not scored rank last). */
function evaluate(profile: string): { auc: number; lift10: number; states: Record<string, number> } {
  const out = join(DATA, "scored.csv");
  icp(["score", test, "-p", profile, "-o", out, "--as-of", AS_OF]);
  const rows = Papa.parse<Record<string, string>>(readFileSync(out, "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const s = rows.map((r) => (r.icp_state === "scored" ? Number(r.icp_score) : -1));
  const y = rows.map((r) => (r.y === "yes" ? 1 : 0));
  const states: Record<string, number> = {};
  for (const r of rows) states[r.icp_state ?? ""] = (states[r.icp_state ?? ""] ?? 0) + 1;
  // top 10% by score, ties broken by row order (as a sorted export would)
  const order = s.map((_, i) => i).sort((a, b) => (s[b] as number) - (s[a] as number) || a - b);
  const k = Math.round(0.1 * rows.length);
  const top = order.slice(0, k).reduce((t, i) => t + (y[i] as number), 0) / k;
  const base = y.reduce((t: number, v) => t + v, 0) / y.length;
  return { auc: auc(s, y), lift10: top / base, states };
}

const draft = join(DATA, "draft.yaml");
const scorecard = join(DATA, "scorecard.yaml");
const t0 = performance.now();
const report = JSON.parse(
  icp([
    "discover",
    train,
    "--outcome",
    "y",
    "--exclude",
    "duration",
    "--as-of",
    AS_OF,
    "-o",
    draft,
    "--scorecard",
    scorecard,
    "--json",
  ]),
) as {
  columns: { column: string; missing: { value: string; why: string }[] }[];
  validation: { test: { auc: number | null } };
};
const seconds = (performance.now() - t0) / 1000;
const sc = evaluate(scorecard);
const dr = evaluate(draft);

// the leaky column, when not excluded, is named
const leaky = JSON.parse(icp(["discover", train, "--outcome", "y", "--as-of", AS_OF, "--json"])) as {
  analysis: { leakage?: { column: string; reason: string }[] };
};
const durationFlagged = (leaky.analysis.leakage ?? []).some((l) => l.column === "duration");
const missingRead = report.columns.flatMap((c) => c.missing.map((m) => `${c.column}=${m.value} (${m.why})`));

// scikit-learn on the same split
let reference: {
  logistic_regression: { auc: number; lift10: number };
  gradient_boosting: { auc: number; lift10: number };
} | null = null;
if (spawnSync("/usr/bin/python3", ["-c", "import sklearn, pandas"]).status !== 0 && process.getuid?.() === 0)
  spawnSync("apt-get", ["install", "-y", "-qq", "python3-sklearn", "python3-pandas"], { stdio: "inherit" });
const py = spawnSync("/usr/bin/python3", [join(ROOT, "bench/bank_reference.py"), train, test], {
  encoding: "utf8",
});
if (py.status === 0) reference = JSON.parse(py.stdout);
else console.log(`scikit-learn reference not run: ${py.stderr.trim().split("\n").pop()}`);
const notes = { logistic_regression: 0.688, gradient_boosting: 0.656 };
const bestRef = reference
  ? Math.max(reference.logistic_regression.auc, reference.gradient_boosting.auc)
  : Math.max(notes.logistic_regression, notes.gradient_boosting);

const f = (x: number) => x.toFixed(3);
console.log(
  `\nbank-marketing, chronological 70/30 split: train ${cut.toLocaleString("en-US")} rows, test ${(body.length - cut).toLocaleString("en-US")}; discover ${seconds.toFixed(1)} s\n`,
);
console.log("| model | test AUC | top-10% lift |");
console.log("|---|--:|--:|");
console.log(`| icp scorecard file (icp score) | ${f(sc.auc)} | ${sc.lift10.toFixed(2)}× |`);
console.log(`| icp draft profile (icp score) | ${f(dr.auc)} | ${dr.lift10.toFixed(2)}× |`);
if (reference) {
  console.log(
    `| scikit-learn logistic regression | ${f(reference.logistic_regression.auc)} | ${reference.logistic_regression.lift10.toFixed(2)}× |`,
  );
  console.log(
    `| scikit-learn gradient boosting | ${f(reference.gradient_boosting.auc)} | ${reference.gradient_boosting.lift10.toFixed(2)}× |`,
  );
}
console.log(
  `| NOTES.md reference: logistic regression / gradient boosting | ${f(notes.logistic_regression)} / ${f(notes.gradient_boosting)} | |`,
);
console.log(`\nscorecard ≥ best reference (${f(bestRef)}): ${sc.auc >= bestRef ? "yes" : "NO"}`);
console.log(
  `draft within 0.03 of the scorecard: ${sc.auc - dr.auc <= 0.03 ? "yes" : "NO"} (gap ${f(sc.auc - dr.auc)})`,
);
console.log(`duration named a leakage suspect when not excluded: ${durationFlagged ? "yes" : "NO"}`);
console.log(`read as missing: ${missingRead.join(", ")}`);
console.log(`test-part states, scorecard: ${JSON.stringify(sc.states)}; draft: ${JSON.stringify(dr.states)}`);

writeFileSync(
  join(RESULTS, "discover-real.json"),
  `${JSON.stringify(
    {
      data: "bank-marketing (UCI), chronological 70/30 by row order, duration excluded",
      date: new Date().toISOString().slice(0, 10),
      seconds,
      scorecard: sc,
      draft: dr,
      printedHoldoutAuc: report.validation.test.auc,
      reference,
      notesReference: notes,
      goals: {
        scorecardAtLeastBestReference: sc.auc >= bestRef,
        draftWithin003: sc.auc - dr.auc <= 0.03,
        durationFlagged,
      },
      readAsMissing: missingRead,
    },
    null,
    2,
  )}\n`,
);

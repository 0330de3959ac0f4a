/**
 * npm run bench:discover-real — discovery on real data, as a user would feed it, against
 * scikit-learn on the same files.
 *
 * - UCI Bank Marketing (../shared/data/bank-marketing; read its NOTES.md), the public lead-scoring
 *   benchmark with real placeholders ("unknown"), a sentinel (pdays = 999), a leaky column
 *   (`duration`) and strong drift: chronological 70/30 split by row order, `--exclude duration` as
 *   the data's authors advise. Goals (issue 18): the scorecard file ≥ the best reference; the draft
 *   within 0.03 of the scorecard; `duration` named a leakage suspect when not excluded; `unknown` and
 *   pdays 999 read as missing.
 * - YC companies (status Active vs the rest) and RavenStack accounts (churned): a seeded shuffle
 *   split 70/30, run exactly as given (no column excluded), to see how the same method does on
 *   company lists it was not tuned on.
 *
 * For each: `icp discover` on the training part; the written scorecard and the draft scored by
 * `icp score` on the test part; scikit-learn's logistic regression and gradient boosting on the same
 * two files (bench/real_reference.py, Debian's python3-sklearn; installed here when missing).
 * Results: bench/results/discover-real.json.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { auc } from "../src/stats/auc.js";

const ROOT = join(import.meta.dirname, "..");
const SHARED = join(ROOT, "../shared/data");
const DATA = join(ROOT, "bench/data/real");
const RESULTS = join(ROOT, "bench/results");
const CLI = join(ROOT, "dist/bin/main.js");

interface Case {
  name: string;
  file: string;
  /** `--outcome` as icp takes it, and how a test row's outcome is read. */
  outcome: string;
  column: string;
  positive: string;
  exclude: string[];
  split: "rows" | "shuffle";
  asOf: string;
}

const CASES: Case[] = [
  {
    name: "bank-marketing",
    file: "bank-marketing/bank-additional-full.csv",
    outcome: "y",
    column: "y",
    positive: "yes",
    exclude: ["duration"],
    split: "rows",
    asOf: "2026-12-01",
  },
  {
    name: "yc-companies (status Active)",
    file: "yc-companies/yc_companies_ycradar_snapshot.csv",
    outcome: "status=Active",
    column: "status",
    positive: "active",
    exclude: [],
    split: "shuffle",
    asOf: "2026-12-01",
  },
  {
    name: "ravenstack (churned)",
    file: "ravenstack-saas/ravenstack_accounts.csv",
    outcome: "churn_flag",
    column: "churn_flag",
    positive: "true",
    exclude: [],
    split: "shuffle",
    asOf: "2024-12-31",
  },
];

if (!existsSync(SHARED)) {
  console.log(`skipped: ${SHARED} is absent (the shared data sets are not in a fresh clone)`);
  process.exit(0);
}
mkdirSync(DATA, { recursive: true });
mkdirSync(RESULTS, { recursive: true });
execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
if (spawnSync("/usr/bin/python3", ["-c", "import sklearn, pandas"]).status !== 0 && process.getuid?.() === 0)
  spawnSync("apt-get", ["install", "-y", "-qq", "python3-sklearn", "python3-pandas"], { stdio: "inherit" });

function icp(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`icp ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

/** A seeded shuffle (mulberry32), so the split is the same on every run. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

interface Figures {
  auc: number;
  lift10: number;
}

/** AUC and top-10% lift of a profile's scores on the test part (rows not scored rank last). */
function evaluate(c: Case, test: string, profile: string): Figures {
  const out = join(DATA, "scored.csv");
  icp(["score", test, "-p", profile, "-o", out, "--as-of", c.asOf]);
  const rows = Papa.parse<Record<string, string>>(readFileSync(out, "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const s = rows.map((r) => (r.icp_state === "scored" ? Number(r.icp_score) : -1));
  const y = rows.map((r) => ((r[c.column] ?? "").trim().toLowerCase() === c.positive ? 1 : 0));
  // top 10% by score, ties broken by row order (as a sorted export would)
  const order = s.map((_, i) => i).sort((a, b) => (s[b] as number) - (s[a] as number) || a - b);
  const k = Math.round(0.1 * rows.length);
  const top = order.slice(0, k).reduce((t, i) => t + (y[i] as number), 0) / k;
  const base = y.reduce((t: number, v) => t + v, 0) / y.length;
  return { auc: auc(s, y), lift10: top / base };
}

const f = (x: number) => x.toFixed(3);
const results: Record<string, unknown>[] = [];
const table: string[] = [
  "| data | split | scorecard file | draft | sklearn LR | sklearn GB | scorecard − best ref | draft − scorecard |",
  "|---|---|--:|--:|--:|--:|--:|--:|",
];
for (const c of CASES) {
  const source = join(SHARED, c.file);
  if (!existsSync(source)) {
    console.log(`${c.name}: ${source} absent, skipped`);
    continue;
  }
  const text = readFileSync(source, "utf8");
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
  const delimiter = parsed.meta.delimiter;
  const [header, ...body] = parsed.data as string[][];
  const ordered = c.split === "rows" ? body : shuffled(body, 20261207);
  const cut = Math.floor(0.7 * ordered.length);
  const slug = c.name.replace(/\W+/g, "-");
  const train = join(DATA, `${slug}-train.csv`);
  const test = join(DATA, `${slug}-test.csv`);
  const write = (file: string, rows: string[][]) =>
    writeFileSync(file, `${Papa.unparse([header as string[], ...rows], { delimiter, newline: "\n" })}\n`);
  write(train, ordered.slice(0, cut));
  write(test, ordered.slice(cut));
  const draft = join(DATA, `${slug}-draft.yaml`);
  const scorecard = join(DATA, `${slug}-scorecard.yaml`);
  const t0 = performance.now();
  const report = JSON.parse(
    icp([
      "discover",
      train,
      "--outcome",
      c.outcome,
      ...c.exclude.flatMap((x) => ["--exclude", x]),
      "--as-of",
      c.asOf,
      "-o",
      draft,
      "--scorecard",
      scorecard,
      "--json",
    ]),
  ) as {
    columns: { column: string; missing: { value: string; why: string }[] }[];
    analysis: { kept: string[]; leakage?: { column: string }[]; noSignal?: { text: string } };
  };
  const seconds = (performance.now() - t0) / 1000;
  const hasScorecard = existsSync(scorecard) && readFileSync(scorecard, "utf8").includes("criteria:");
  const sc = hasScorecard ? evaluate(c, test, scorecard) : { auc: 0.5, lift10: 1 };
  // a draft with no criteria ("no reliable signal") has nothing to score with: it ranks nothing
  const hasDraft = !/^criteria: \[\]$/m.test(readFileSync(draft, "utf8"));
  const dr = hasDraft ? evaluate(c, test, draft) : { auc: 0.5, lift10: 1 };
  const py = spawnSync(
    "/usr/bin/python3",
    [
      join(ROOT, "bench/real_reference.py"),
      train,
      test,
      delimiter,
      c.column,
      c.positive,
      c.exclude.join(","),
    ],
    { encoding: "utf8" },
  );
  const ref =
    py.status === 0
      ? (JSON.parse(py.stdout) as Record<"logistic_regression" | "gradient_boosting", Figures>)
      : null;
  if (!ref) console.log(`${c.name}: scikit-learn reference not run: ${py.stderr.trim().split("\n").pop()}`);
  const bestRef = ref ? Math.max(ref.logistic_regression.auc, ref.gradient_boosting.auc) : Number.NaN;
  const extra: Record<string, unknown> = {};
  if (c.name === "bank-marketing") {
    const leaky = JSON.parse(
      icp(["discover", train, "--outcome", c.outcome, "--as-of", c.asOf, "--stability", "0", "--json"]),
    ) as {
      analysis: { leakage?: { column: string }[] };
    };
    extra.durationFlagged = (leaky.analysis.leakage ?? []).some((l) => l.column === "duration");
    extra.readAsMissing = report.columns.flatMap((x) =>
      x.missing.map((m) => `${x.column}=${m.value} (${m.why})`),
    );
    extra.goals = {
      scorecardAtLeastBestReference: sc.auc >= bestRef,
      draftWithin003: sc.auc - dr.auc <= 0.03,
      durationFlagged: extra.durationFlagged,
    };
  }
  results.push({
    data: c.name,
    split: c.split === "rows" ? "chronological 70/30 by row order" : "seeded shuffle 70/30",
    excluded: c.exclude,
    trainRows: cut,
    testRows: ordered.length - cut,
    seconds,
    scorecard: hasScorecard ? sc : null,
    draft: hasDraft ? dr : null,
    reference: ref,
    kept: report.analysis.kept,
    noSignal: report.analysis.noSignal?.text ?? null,
    leakageSuspects: (report.analysis.leakage ?? []).map((l) => l.column),
    ...extra,
  });
  table.push(
    `| ${c.name} | ${c.split === "rows" ? "time" : "shuffle"} | ${hasScorecard ? f(sc.auc) : "— (no model)"} | ${hasDraft ? f(dr.auc) : "— (no signal)"} | ${ref ? f(ref.logistic_regression.auc) : "—"} | ${ref ? f(ref.gradient_boosting.auc) : "—"} | ${hasScorecard && ref ? f(sc.auc - bestRef) : "—"} | ${hasScorecard && hasDraft ? f(dr.auc - sc.auc) : "—"} |`,
  );
  if (extra.goals) {
    const g = extra.goals as Record<string, boolean>;
    console.log(
      `bank-marketing: scorecard ≥ best reference ${g.scorecardAtLeastBestReference ? "yes" : "NO"}; draft within 0.03 ${g.draftWithin003 ? "yes" : "NO"}; duration flagged when not excluded ${g.durationFlagged ? "yes" : "NO"}; read as missing: ${(extra.readAsMissing as string[]).join(", ")}`,
    );
  }
}
console.log(`\n${table.join("\n")}`);
writeFileSync(
  join(RESULTS, "discover-real.json"),
  `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), results }, null, 2)}\n`,
);

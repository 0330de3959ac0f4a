/**
 * icp discover: on planted generator data it finds the planted criteria (5 seeds) with at most one
 * spurious criterion; with no pattern it finds nothing and says so; Maven's flat win rates yield no
 * ICP; the draft checks clean and scores.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { loadTable } from "../src/data/load.js";
import { columnsToExamine } from "../src/discover/attributes.js";
import { binNumeric } from "../src/discover/binning.js";
import { readColumns } from "../src/discover/columns-duckdb.js";
import { type DiscoverAnalysis, dispersion } from "../src/discover/discover.js";
import type { DraftCriterion } from "../src/discover/draft.js";
import { KeyInterner } from "../src/discover/interner.js";
import { runDiscovery } from "../src/discover/run.js";
import { fitLogistic, poolRows } from "../src/stats/logistic.js";
import { icp, SHARED_DATA, SHARED_SKIP, tmp } from "./helpers.js";

const dir = tmp();

interface DiscoverJson {
  analysis: DiscoverAnalysis;
  criteria: DraftCriterion[];
}

/** Generated accounts with outcomes drawn from a planted profile. */
function generatePlanted(file: string, rows: number, seed: number, plant: string): void {
  const r = icp([
    "generate",
    "companies",
    "--rows",
    String(rows),
    "--seed",
    String(seed),
    "--plant",
    plant,
    "-o",
    file,
  ]);
  assert.equal(r.code, 0, r.stderr);
}

function discover(args: string[]): DiscoverJson {
  // stability resamples are tested on their own (discover-real.test.ts)
  const r = icp(["discover", ...args, "--stability", "0", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as DiscoverJson;
}

describe("building blocks", () => {
  test("binning finds a planted range and merges noise", () => {
    const vals: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const v = i % 1000;
      vals.push(v);
      // in [300, 700) half win, else one in ten (deterministic pattern)
      y.push(v >= 300 && v < 700 ? i % 2 : i % 10 === 0 ? 1 : 0);
    }
    const bins = binNumeric(vals, y, 100);
    assert.deepEqual(
      bins.map((b) => [b.lo, b.hi]),
      [
        [Number.NEGATIVE_INFINITY, 300],
        [300, 700],
        [700, Number.POSITIVE_INFINITY],
      ],
    );
    const flat = binNumeric(
      vals,
      vals.map((_, i) => (i % 5 === 0 ? 1 : 0)),
      100,
    );
    assert.equal(flat.length, 1);
  });

  test("logistic regression recovers known log-odds from pooled rows", () => {
    // feature 0 present in half the rows; true log-odds: −1 without, +1 with
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const f = i % 2 === 0;
      rows.push(f ? [0] : []);
      const p = f ? 1 / (1 + Math.exp(-1)) : 1 / (1 + Math.exp(1));
      y.push((i * 0.6180339887) % 1 < p ? 1 : 0);
    }
    const fit = fitLogistic(poolRows(rows, y), 1, { lambda: 0 });
    assert.ok(fit.converged);
    assert.ok(Math.abs(fit.intercept + 1) < 0.1, String(fit.intercept));
    assert.ok(Math.abs((fit.beta[0] ?? 0) - 2) < 0.15, String(fit.beta[0]));
  });

  test("dispersion: deals of one account that move together count for less", () => {
    // 20 accounts of 10 deals: all won or all lost → strongly clustered
    const y = Array.from({ length: 200 }, (_, i) => (Math.floor(i / 10) % 2 ? 1 : 0) as 0 | 1);
    const clusters = Array.from({ length: 200 }, (_, i) => Math.floor(i / 10));
    assert.ok(dispersion(y, clusters) > 9);
    // independent deals: about 1
    const y2 = Array.from({ length: 200 }, (_, i) => (i % 2) as 0 | 1);
    assert.equal(dispersion(y2, clusters), 1);
  });
});

describe("discover on planted data", () => {
  const plant = join(dir, "plant.yaml");
  writeFileSync(
    plant,
    [
      "name: planted",
      "criteria:",
      "  - { label: software, field: industry, in: [computer software, internet], weight: 1.5 }",
      "  - { label: mid-size, field: employees, range: { min: 50, max: 1000 }, weight: 1 }",
      "  - { label: salesforce, field: tech, any: [salesforce], weight: 1 }",
    ].join("\n"),
  );
  const planted = new Set(["industry", "employees", "tech"]);

  test("over 5 seeds: every planted criterion found, at most one spurious criterion", () => {
    let found = 0;
    let spurious = 0;
    const notes: string[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const data = join(dir, `planted-${seed}.csv`);
      generatePlanted(data, 5000, seed, plant);
      const r = discover([
        data,
        "--outcome",
        "outcome",
        "--exclude",
        "deal_amount",
        "--exclude",
        "closed_at",
        "--as-of",
        "2026-06-30",
      ]);
      const positive = r.criteria.filter((c) => c.role === "signal" && (c.weight ?? 0) > 0);
      const industry = positive.find(
        (c) => c.field === "industry" && "in" in c.test && c.test.in.includes("software development"),
      );
      const employees = positive.find(
        (c) =>
          c.field === "employees" &&
          "range" in c.test &&
          (c.test.range.min ?? 0) >= 30 &&
          (c.test.range.min ?? 0) <= 80 &&
          (c.test.range.below ?? 0) >= 700,
      );
      const tech = positive.find(
        (c) => c.field === "tech" && "any" in c.test && c.test.any.includes("salesforce"),
      );
      found += [industry, employees, tech].filter(Boolean).length;
      const extra = r.criteria.filter((c) => !planted.has(c.field));
      spurious += extra.length;
      notes.push(
        `seed ${seed}: ${r.criteria.map((c) => `${c.label} (${c.weight ?? "exclude"})`).join("; ")}`,
      );
    }
    assert.ok(found >= 15, `found ${found} of 15 planted criteria\n${notes.join("\n")}`);
    assert.ok(spurious <= 1, `${spurious} spurious criteria\n${notes.join("\n")}`);
  });

  test("above --selection-sample examples, attributes are selected on a seeded sample and the model is fitted on all", () => {
    const data = join(dir, "planted-sample.csv");
    generatePlanted(data, 8000, 6, plant);
    const args = [data, "--outcome", "outcome", "--exclude", "deal_amount", "--exclude", "closed_at"];
    const whole = discover([...args, "--as-of", "2026-06-30"]);
    const sampled = discover([...args, "--as-of", "2026-06-30", "--selection-sample", "3000"]);
    assert.equal(whole.analysis.selection, undefined);
    assert.deepEqual(sampled.analysis.selection, { sample: 3000, of: whole.analysis.n });
    assert.ok(whole.analysis.n > 3000);
    assert.ok(sampled.analysis.warnings.some((w) => w.includes("seeded random sample of 3,000")));
    assert.deepEqual([...sampled.analysis.kept].sort(), [...planted].sort());
    // segments are counted on every example, whatever the sample
    assert.deepEqual(
      sampled.analysis.attributes.map((a) => a.segments.map((s) => [s.n, s.best])),
      whole.analysis.attributes.map((a) => a.segments.map((s) => [s.n, s.best])),
    );
    // the kept attributes are confirmed on every example: the same model as without a sample
    assert.deepEqual([...whole.analysis.kept].sort(), [...planted].sort());
    const betas = (r: typeof whole) =>
      r.analysis.model!.features.map((f) => `${f.field}:${f.segment}:${f.beta.toFixed(6)}`).sort();
    assert.deepEqual(betas(sampled), betas(whole));
    assert.equal(icp(["discover", ...args, "--selection-sample", "12"]).code, 2);
  });

  test("--progress prints each stage on stderr as it ends, and nothing when not asked", () => {
    const data = join(dir, "planted-sample.csv");
    if (!existsSync(data)) generatePlanted(data, 8000, 6, plant);
    const args = [
      data,
      "--outcome",
      "outcome",
      "--exclude",
      "deal_amount",
      "--as-of",
      "2026-06-30",
      "--json",
    ];
    const quiet = icp(["discover", ...args]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /^discover:/m);
    const loud = icp(["discover", ...args, "--progress"]);
    assert.equal(loud.code, 0, loud.stderr);
    const stages = loud.stderr
      .split("\n")
      .filter((l) => l.startsWith("discover: "))
      .map((l) => l.replace(/^discover: /, "").replace(/ \([\d.]+ s\)$/, ""));
    assert.equal(stages.length, 5, loud.stderr);
    assert.match(stages[0]!, /^read 8,000 rows from /);
    assert.match(stages[1]!, /^labelled [\d,]+ examples: [\d,]+ best, [\d,]+ rest$/);
    assert.match(stages[2]!, /^\d+ attributes examined \(\d+ columns set aside\)$/);
    assert.match(stages[3]!, /^\d+ screened at 5% FDR, 3 kept given the others$/);
    assert.match(stages[4]!, /^stability: 10 bootstrap resamples$/);
    // the same result either way
    assert.deepEqual(JSON.parse(loud.stdout).criteria, JSON.parse(quiet.stdout).criteria);
  });

  test("the draft checks clean, scores, and ranks the planted winners first", () => {
    const data = join(dir, "planted-1.csv");
    const draft = join(dir, "draft.yaml");
    const r = icp([
      "discover",
      data,
      "--outcome",
      "outcome",
      "--exclude",
      "deal_amount",
      "--exclude",
      "closed_at",
      "--as-of",
      "2026-06-30",
      "-o",
      draft,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(draft, "utf8");
    assert.match(text, /# better than the rest: .*\(lift .*95% CI/);
    const c = icp(["check", draft]);
    assert.equal(c.code, 0, c.stdout);
    assert.doesNotMatch(c.stdout, /warning/);
    const out = join(dir, "scored.csv");
    const s = icp(["score", data, "-p", draft, "-o", out, "--as-of", "2026-06-30"]);
    assert.equal(s.code, 0, s.stderr);
    const v = icp([
      "validate",
      "-p",
      draft,
      "--accounts",
      data,
      "--deals",
      data,
      "--as-of",
      "2026-06-30",
      "--json",
    ]);
    assert.equal(v.code, 0, v.stderr);
    const report = JSON.parse(v.stdout);
    // the planted advantage is in the win rate; amounts and cycles are drawn independently of it,
    // so at a 5% false discovery rate they may differ by chance (here the deal size does, q = 0.04)
    assert.equal(
      report.comparisons.find((c: { metric: string }) => c.metric === "win_rate").direction,
      "better",
    );
    assert.notEqual(report.verdict.status, "not validated");
  });

  test("the learned scorecard: validated on newer outcomes, and it scores through the engines as ranked", async () => {
    const data = join(dir, "planted-1.csv");
    const sc = join(dir, "scorecard.yaml");
    const html = join(dir, "discover.html");
    const r = icp([
      "discover",
      data,
      "--outcome",
      "outcome",
      "--date",
      "closed_at",
      "--exclude",
      "deal_amount",
      "--as-of",
      "2026-06-30",
      "--scorecard",
      sc,
      "--report",
      html,
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const v = JSON.parse(r.stdout).validation;
    assert.equal(v.split, "time");
    assert.ok(v.test.auc > 0.6 && v.test.auc < 0.8, String(v.test.auc));
    assert.ok(Math.abs(v.foldMean - v.test.auc) < 0.05);
    assert.equal(v.folds.length, 5);
    assert.equal(v.test.deciles.length, 10);
    assert.ok(v.test.capture.top10 > 0.1 && v.test.capture.top30 > 0.3);
    assert.equal(icp(["check", sc]).code, 0);
    const page = readFileSync(html, "utf8");
    assert.equal((page.match(/<svg/g) ?? []).length, 2, "lift per segment and held-out gains charts");
    assert.doesNotMatch(page, /<script/);
    // the scorecard's score orders accounts as its log-odds do
    const out = join(dir, "sc-scored.csv");
    assert.equal(
      icp(["score", data, "-p", sc, "-o", out, "--as-of", "2026-06-30", "--engine", "duckdb"]).code,
      0,
    );
    const { default: Papa } = await import("papaparse");
    const rows = Papa.parse<Record<string, string>>(readFileSync(out, "utf8"), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const { auc } = await import("../src/stats/auc.js");
    const a = auc(
      rows.map((x) => Number(x.icp_score)),
      rows.map((x) => (x.outcome === "won" ? 1 : 0)),
    );
    assert.ok(a > 0.64, `in-sample AUC of the scored scorecard ${a}`);
  });

  test("with no planted pattern, nothing is found and the report says so", () => {
    const flat = join(dir, "flat.yaml");
    writeFileSync(
      flat,
      "name: flat\ncriteria:\n  - { label: none, field: industry, in: [retail], weight: 0 }\n",
    );
    for (const seed of [1, 2, 3]) {
      const data = join(dir, `flat-${seed}.csv`);
      generatePlanted(data, 5000, seed, flat);
      const r = discover([
        data,
        "--outcome",
        "outcome",
        "--exclude",
        "deal_amount",
        "--exclude",
        "closed_at",
        "--as-of",
        "2026-06-30",
      ]);
      assert.deepEqual(r.criteria, [], `seed ${seed}`);
      assert.match(r.analysis.noSignal?.text ?? "", /^No attribute separates best from rest at 5% FDR/);
    }
    const draft = join(dir, "empty.yaml");
    assert.equal(
      icp([
        "discover",
        join(dir, "flat-1.csv"),
        "--outcome",
        "outcome",
        "--exclude",
        "deal_amount",
        "--exclude",
        "closed_at",
        "--as-of",
        "2026-06-30",
        "-o",
        draft,
      ]).code,
      0,
    );
    assert.match(readFileSync(draft, "utf8"), /criteria: \[\]/);
  });

  test("a leaked outcome column is flagged", () => {
    // the outcome copied under another name, as a CRM field filled in after the deal closed
    const data = join(dir, "planted-2.csv");
    const text = readFileSync(data, "utf8").trim().split("\n");
    const leaked = join(dir, "leaked.csv");
    writeFileSync(
      leaked,
      [
        `${text[0]},stage_after`,
        ...text.slice(1).map((l) => `${l},${l.includes(",won,") ? "customer" : "prospect"}`),
      ].join("\n"),
    );
    const l = discover([
      leaked,
      "--outcome",
      "outcome",
      "--exclude",
      "deal_amount",
      "--exclude",
      "closed_at",
      "--as-of",
      "2026-06-30",
    ]);
    assert.ok(
      l.analysis.warnings.some((w) => /"stage_after".*AUC 1\.00.*--exclude "stage_after"/.test(w)),
      l.analysis.warnings.join("\n"),
    );
  });
});

describe("discover on the shared data", { skip: SHARED_SKIP }, () => {
  test("Maven: flat win rates, no ICP invented", () => {
    const r = discover([
      "--accounts",
      join(SHARED_DATA, "maven-crm/accounts.csv"),
      "--deals",
      join(SHARED_DATA, "maven-crm/sales_pipeline.csv"),
      "--as-of",
      "2017-12-31",
    ]);
    assert.deepEqual(r.criteria, []);
    assert.deepEqual(r.analysis.kept, []);
    assert.match(r.analysis.noSignal?.text ?? "", /No attribute separates/);
  });
});

describe("reading the examples", () => {
  const plant = join(dir, "plant-read.yaml");
  writeFileSync(
    plant,
    "name: p\ncriteria:\n  - { label: s, field: industry, in: [computer software, internet], weight: 1.5 }\n  - { label: t, field: tech, any: [salesforce], weight: 1 }\n",
  );

  test("a pooling interner gives every key the id of its first appearance, beyond 2^31 too", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.nat(300), fc.integer({ min: 2 ** 31, max: 2 ** 31 + 50 }), fc.constant(2 ** 52 + 1)),
          {
            maxLength: 4000,
          },
        ),
        (keys) => {
          const interner = new KeyInterner();
          const seen = new Map<number, number>();
          for (const k of keys) {
            if (!seen.has(k)) seen.set(k, seen.size);
            assert.equal(interner.id(k), seen.get(k));
          }
          assert.equal(interner.size, seen.size);
        },
      ),
      { seed: 3, numRuns: 200 },
    );
  });

  test("a table read coded by DuckDB discovers exactly what the same table read into rows does, with the same rejects", async () => {
    const data = join(dir, "read-paths.csv");
    generatePlanted(data, 3000, 9, plant);
    // messy cells and broken records among the generated ones
    const lines = readFileSync(data, "utf8").trimEnd().split("\n");
    const header = (lines[0] ?? "").split(",");
    const at = (name: string) => header.indexOf(name);
    const plain = lines.filter((l, i) => i > 0 && !l.includes('"')).slice(0, 6);
    const edit = (line: string, changes: Record<string, string>) => {
      const cells = line.split(",");
      for (const [k, v] of Object.entries(changes)) cells[at(k)] = v;
      return cells.join(",");
    };
    lines.push(
      edit(plain[0] ?? "", { industry: '"Software, Internet"', tech: '" Salesforce ;SALESFORCE| hubspot "' }),
      edit(plain[1] ?? "", { employees: "N/A", industry: "Ünïcödé Ltd", outcome: "" }),
      edit(plain[2] ?? "", { revenue: '"$1,200,000"', tech: '"Slack\nZoom"' }),
      (plain[3] ?? "").split(",").slice(0, 5).join(","),
      `${plain[4] ?? ""},extra,cells`,
      edit(plain[5] ?? "", { outcome: "won", employees: "  250 " }),
    );
    // and a column with no value at all
    writeFileSync(data, `${lines.map((l, i) => `${l},${i === 0 ? "segment_hint" : ""}`).join("\n")}\n`);
    const exclude = ["deal_amount", "closed_at"];
    const rows = await loadTable(data, { entity: "accounts" });
    const coded = await readColumns(data, "csv", "accounts", (columns) => [
      ...columnsToExamine(columns, new Set(exclude)),
      "outcome",
      "closed_at",
    ]);
    assert.equal(rows.rejects.length, 2);
    assert.deepEqual(coded.rejects, rows.rejects);
    assert.equal(coded.examples.n, rows.rows.length);
    const opts = {
      outcome: "outcome",
      date: "closed_at",
      exclude,
      asOf: "2026-06-30",
      name: "read paths",
      sources: data,
      scorecard: true,
    };
    const fromRows = runDiscovery({ accounts: rows, ...opts });
    const fromCodes = runDiscovery({ accounts: coded.examples, ...opts });
    assert.ok(fromRows.analysis.kept.includes("industry"), fromRows.analysis.kept.join(","));
    assert.equal(fromCodes.draft, fromRows.draft);
    assert.equal(JSON.stringify(fromCodes.analysis), JSON.stringify(fromRows.analysis));
    assert.equal(JSON.stringify(fromCodes.validation), JSON.stringify(fromRows.validation));
    assert.equal(fromCodes.scorecard, fromRows.scorecard);
  });

  test("a file that is both the accounts and their deals is read once and discovers what two copies do", () => {
    const data = join(dir, "both.csv");
    generatePlanted(data, 2000, 5, plant);
    const copy = join(dir, "both-copy.csv");
    writeFileSync(copy, readFileSync(data));
    const args = ["--exclude", "closed_at", "--exclude", "deal_amount", "--as-of", "2026-06-30"];
    const once = discover(["--accounts", data, "--deals", data, ...args]);
    // two files: the deal columns are attributes unless excluded (one file: they are the outcome)
    const twice = discover([
      "--accounts",
      data,
      "--deals",
      copy,
      ...args,
      "--exclude",
      "outcome",
      "--exclude",
      "deal_created",
    ]);
    assert.ok(once.analysis.n > 1000);
    assert.equal(JSON.stringify(once.analysis), JSON.stringify(twice.analysis));
    assert.deepEqual(once.criteria, twice.criteria);
  });

  test("icp discover counts and shows the rows it could not read", () => {
    const data = join(dir, "with-rejects.csv");
    generatePlanted(data, 600, 4, plant);
    const text = readFileSync(data, "utf8").trimEnd().split("\n");
    text.splice(3, 0, "C-broken,only,three");
    writeFileSync(data, `${text.join("\n")}\n`);
    const r = icp([
      "discover",
      data,
      "--outcome",
      "outcome",
      "--exclude",
      "deal_amount",
      "--as-of",
      "2026-06-30",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /601 rows in = 600 read \+ 1 rejected/);
    assert.match(r.stderr, /rejected line 4: fewer cells than the header's \d+/);
  });
});

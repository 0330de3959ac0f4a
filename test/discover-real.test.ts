/**
 * Discovery on data shaped like real lead exports (issue 18): a column named like "…Website" that
 * carries the signal, a row number, 300 landing pages, a web form's "Select", "Origin: unknown", a
 * 999 sentinel, a leaky call duration, a close date filled only for wins, and dates on wins only for
 * trigger windows. The fixtures are written here, seeded; the real benchmark is
 * `npm run bench:discover-real` (bank marketing).
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import Papa from "papaparse";
import type { DiscoverAnalysis } from "../src/discover/discover.js";
import type { DraftCriterion } from "../src/discover/draft.js";
import type { ColumnDecision } from "../src/discover/examine.js";
import { examineColumn, NO_EXAMINE_OPTIONS } from "../src/discover/examine.js";
import type { ScorecardValidation } from "../src/discover/scorecard.js";
import { evaluateCriterion } from "../src/engine/interpreter.js";
import { lower } from "../src/ir/lower.js";
import { loadProfileFile } from "../src/profile/check.js";
import { auc } from "../src/stats/auc.js";
import { icp, SHARED_DATA, SHARED_SKIP, seededRandom, tmp } from "./helpers.js";

const dir = tmp();

const rng = seededRandom;

interface Lead {
  [column: string]: string;
}

/**
 * Leads in the shape of a marketing-automation export. Conversion rises with the time spent on the
 * website, with three landing pages (of 300) and with "Lead Source" = Referral; "Select" means the
 * form was not answered; pdays 999 means never contacted. Call duration and the close date are
 * recorded after the outcome.
 */
function leads(n: number, seed: number): Lead[] {
  const r = rng(seed);
  const out: Lead[] = [];
  const sources = ["Google", "Direct", "Referral", "Olark Chat", "Organic Search"];
  for (let i = 0; i < n; i++) {
    const minutes = Math.floor(r() * r() * 2000);
    const page = Math.floor(r() ** 2 * 300);
    const source = sources[Math.floor(r() * sources.length)] as string;
    const select = r() < 0.35;
    let z = -2.2 + minutes / 600 + (page < 3 ? 1.4 : 0) + (source === "Referral" ? 0.9 : 0);
    if (select) z += 0; // "Select" says nothing
    const won = r() < 1 / (1 + Math.exp(-z));
    // eight values besides the sentinel: read as a category, where 999 must be missing too
    const pdays = r() < 0.85 ? 999 : Math.floor(r() * 8);
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor((i / n) * 600) * 86400000)
      .toISOString()
      .slice(0, 10);
    out.push({
      "Lead Number": String(660000 + i * 7),
      "Lead Origin": r() < 0.1 ? "Origin: unknown" : r() < 0.5 ? "Landing Page Submission" : "API",
      "Lead Source": source,
      "Do Not Email": r() < 0.08 ? "Yes" : "No",
      "Total Time Spent on Website": String(minutes),
      landing_page_id: `lp_${page}`,
      Specialization: select
        ? "Select"
        : (["Finance Management", "HR Management", "Marketing Management"][i % 3] as string),
      pdays: String(pdays),
      call_duration: String(Math.round((won ? 600 : 120) + r() * 200)),
      "Close Date": won ? day : "",
      "Created Date": day,
      Converted: won ? "1" : "0",
    });
  }
  return out;
}

function writeCsv(file: string, rows: readonly Lead[]): void {
  writeFileSync(file, `${Papa.unparse(rows as Lead[], { newline: "\n" })}\n`);
}

interface DiscoverJson {
  columns: ColumnDecision[];
  analysis: DiscoverAnalysis;
  criteria: DraftCriterion[];
  validation?: ScorecardValidation;
}

function discover(args: string[]): DiscoverJson {
  const r = icp(["discover", ...args, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as DiscoverJson;
}

const file = join(dir, "leads.csv");
writeCsv(file, leads(6000, 7));
const base = ["--outcome", "Converted", "--as-of", "2026-01-01"];

describe("every column seen, decided from its values", () => {
  const d = discover([file, ...base, "--exclude", "call_duration"]);
  const col = (name: string) => d.columns.find((c) => c.column === name) as ColumnDecision;

  test("one decision per column, with its reason; a column named like '…Website' is examined and carries the signal", () => {
    assert.equal(d.columns.length, 11, "every column but the outcome is reported");
    assert.equal(col("Total Time Spent on Website").kind, "number");
    assert.ok(d.analysis.kept.includes("total_time_spent_on_website"), d.analysis.kept.join());
    assert.ok(d.criteria.some((c) => c.field === "total_time_spent_on_website"));
    assert.equal(col("Do Not Email").kind, "category");
    assert.equal(col("call_duration").kind, null);
    assert.match(col("call_duration").reason, /--exclude/);
  });

  test("a row number is set aside as an identifier; dates are set aside, not examined", () => {
    assert.equal(col("Lead Number").kind, null);
    assert.match(col("Lead Number").reason, /identifier/);
    assert.equal(col("Created Date").kind, null);
    assert.match(col("Created Date").reason, /dates/);
  });

  test("300 landing pages are pooled, not dropped: the strong pages are segments, the rest 'other values'", () => {
    assert.equal(col("landing_page_id").kind, "category");
    const a = d.analysis.attributes.find((x) => x.field === "landing_page_id");
    assert.ok(a, "examined");
    const labels = a.segments.map((s) => s.segment.label);
    for (const p of ["lp_0", "lp_1", "lp_2"]) assert.ok(labels.includes(p), labels.join());
    assert.ok(labels.some((l) => l.startsWith("other values")));
    assert.ok(d.analysis.kept.includes("landing_page_id"));
  });

  test("placeholders and sentinels are missing values, reported with their counts", () => {
    const spec = col("Specialization");
    assert.deepEqual(
      spec.missing.map((m) => [m.value, m.why]),
      [["Select", "placeholder"]],
    );
    assert.ok((spec.missing[0]?.rows ?? 0) > 1500);
    assert.deepEqual(
      col("Lead Origin").missing.map((m) => m.value),
      ["Origin: unknown"],
    );
    const pdays = col("pdays");
    assert.equal(pdays.sentinel, 999);
    assert.equal(pdays.missing[0]?.why, "sentinel");
    // no segment, criterion or label anywhere is a placeholder
    for (const a of d.analysis.attributes)
      for (const s of a.segments) assert.doesNotMatch(s.segment.label, /^(select|origin: unknown|999)$/i);
    for (const c of d.criteria) assert.doesNotMatch(JSON.stringify(c.test), /select|origin: unknown/i);
  });

  test("--keep-value reads a placeholder as a value; --missing-value adds one; --include examines a column set aside", () => {
    const k = discover([
      file,
      ...base,
      "--exclude",
      "call_duration",
      "--keep-value",
      "Specialization=Select",
      "--missing-value",
      "Lead Source=Olark Chat",
      "--include",
      "Lead Number",
    ]);
    const c = (name: string) => k.columns.find((x) => x.column === name) as ColumnDecision;
    assert.deepEqual(c("Specialization").missing, []);
    assert.ok(
      k.analysis.attributes
        .find((a) => a.field === "specialization")
        ?.segments.some((s) => s.segment.label === "select"),
    );
    assert.deepEqual(
      c("Lead Source").missing.map((m) => [m.value, m.why]),
      [["Olark Chat", "user"]],
    );
    assert.equal(c("Lead Number").kind, "number");
    assert.equal(c("Lead Number").forced, "include");
  });

  test("the HTML report lists every column's decision and the leakage suspects", () => {
    const html = join(dir, "leads.html");
    const r = icp(["discover", file, ...base, "--report", html, "--stability", "0"]);
    assert.equal(r.code, 0, r.stderr);
    const page = readFileSync(html, "utf8");
    assert.match(page, /<h2>Columns<\/h2>/);
    assert.match(page, /Lead Number<\/td><td[^>]*>set aside: identifier/);
    assert.match(page, /&#34;Select&#34; × [\d,]+ \(placeholder\)/);
    assert.match(page, /<h2>Leakage suspects<\/h2>/);
    assert.match(page, /<code>--exclude &#34;call_duration&#34;<\/code>/);
    assert.doesNotMatch(page, /NaN/);
  });

  test("the terminal report prints one line per column", () => {
    const r = icp(["discover", file, ...base, "--exclude", "call_duration"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Lead Number\s+set aside: identifier/);
    assert.match(
      r.stdout,
      /"Select" on [\d,]+ rows read as missing \(a placeholder; --keep-value to keep it\)/,
    );
    assert.match(r.stdout, /"999" on [\d,]+ rows read as missing \(a sentinel/);
    assert.doesNotMatch(r.stdout, /NaN/);
  });
});

describe("examining one column", () => {
  const cells = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return { values: [...counts.keys()], rows: [...counts.values()] };
  };
  test("e-mails, web addresses, free text and constants are set aside; lists are found in small files", () => {
    const n = 40;
    const e = examineColumn(
      "who",
      cells([...Array(n)].map((_, i) => `p${i}@acme${i}.com`)),
      NO_EXAMINE_OPTIONS,
    );
    assert.match(e.reason, /e-mail/);
    const w = examineColumn(
      "x",
      cells([...Array(n)].map((_, i) => `https://www.acme${i}.com`)),
      NO_EXAMINE_OPTIONS,
    );
    assert.match(w.reason, /web addresses/);
    const t = examineColumn(
      "about",
      cells([...Array(n)].map((_, i) => `We are a company number ${i} that builds things for people`)),
      NO_EXAMINE_OPTIONS,
    );
    assert.match(t.reason, /free text/);
    assert.match(examineColumn("c", cells(Array(n).fill("same")), NO_EXAMINE_OPTIONS).reason, /constant/);
    const l = examineColumn(
      "tools",
      cells(["salesforce; slack", "hubspot", "slack|zoom", "zoom"]),
      NO_EXAMINE_OPTIONS,
    );
    assert.equal(l.kind, "list");
    // whole numbers all different are an identifier when they are codes of one width, not when a measure
    const ids = examineColumn(
      "lead number",
      cells([...Array(n)].map((_, i) => String(660000 + ((i * 7919) % 1000)))),
      NO_EXAMINE_OPTIONS,
    );
    assert.match(ids.reason, /identifier/);
    const sizes = examineColumn(
      "headcount",
      cells([...Array(n)].map((_, i) => String(9 + i * i * 23))),
      NO_EXAMINE_OPTIONS,
    );
    assert.equal(sizes.kind, "number");
    // twelve rows of a real category are a category, not an identifier
    const small = examineColumn(
      "industry",
      cells([
        "software",
        "retail",
        "banking",
        "software",
        "health",
        "retail",
        "software",
        "media",
        "legal",
        "software",
        "retail",
        "banking",
      ]),
      NO_EXAMINE_OPTIONS,
    );
    assert.equal(small.kind, "category");
  });
});

describe("the scorecard file is the model that was validated", () => {
  test("scoring the written train-part scorecard on the held-out part gives exactly the printed AUC", async () => {
    // the validation's time split: the oldest 70% of outcomes by their date
    const rows = leads(4000, 11);
    const whole = join(dir, "dated.csv");
    writeCsv(whole, rows);
    const args = [
      "--outcome",
      "Converted",
      "--date",
      "Created Date",
      "--as-of",
      "2026-01-01",
      "--exclude",
      "call_duration",
      "--exclude",
      "Close Date",
    ];
    const v = discover([whole, ...args, "--scorecard", join(dir, "whole-sc.yaml")])
      .validation as ScorecardValidation;
    assert.equal(v.split, "time");
    assert.equal(v.foldKind, "time-ordered folds");
    assert.equal(v.folds.length, 5);
    assert.ok(v.test.auc !== null && v.test.aucLo !== null && v.test.aucHi !== null);
    assert.ok(v.test.aucLo <= v.test.auc && v.test.auc <= v.test.aucHi);
    // the same split by hand: rows are in date order, ties by row order
    const cut = Math.floor(0.7 * rows.length);
    const train = join(dir, "train.csv");
    const testFile = join(dir, "test.csv");
    writeCsv(train, rows.slice(0, cut));
    writeCsv(testFile, rows.slice(cut));
    const sc = join(dir, "train-sc.yaml");
    discover([train, ...args, "--scorecard", sc]);
    const out = join(dir, "test-scored.csv");
    const s = icp(["score", testFile, "-p", sc, "-o", out, "--as-of", "2026-01-01"]);
    assert.equal(s.code, 0, s.stderr);
    const scored = Papa.parse<Record<string, string>>(readFileSync(out, "utf8"), {
      header: true,
      skipEmptyLines: true,
    }).data;
    assert.ok(
      scored.every((x) => x.icp_state === "scored"),
      "every criterion is known on every row",
    );
    const fileAuc = auc(
      scored.map((x) => Number(x.icp_score)),
      scored.map((x) => (x.Converted === "1" ? 1 : 0)),
    );
    assert.equal(fileAuc.toFixed(12), v.test.auc.toFixed(12));
  });

  test("the 0–100 score is one increasing linear function of the points on every row, unknown values included", async () => {
    const sc = join(dir, "sc.yaml");
    discover([file, ...base, "--exclude", "call_duration", "--scorecard", sc]);
    const text = readFileSync(sc, "utf8");
    assert.match(text, /missing: fail/);
    assert.doesNotMatch(text, /missing: (unknown|pass)/);
    assert.match(text, /^tiers:\n {2}- \{ name: A, min_score: [\d.]+ \}/m, "tiers cut from the data");
    const out = join(dir, "sc-scored.csv");
    assert.equal(icp(["score", file, "-p", sc, "-o", out, "--as-of", "2026-01-01"]).code, 0);
    const scored = Papa.parse<Record<string, string>>(readFileSync(out, "utf8"), {
      header: true,
      skipEmptyLines: true,
    }).data;
    // the points each row met, by the reference interpreter; the score must be a + b × points for one a, b
    const profile = loadProfileFile(sc);
    const ir = lower(profile, { asOf: "2026-01-01", columns: Object.keys(scored[0] ?? {}) });
    const pts = scored.map((x) =>
      ir.criteria.reduce((t, c) => t + (evaluateCriterion(ir, c, x) === "pass" ? c.points : 0), 0),
    );
    assert.ok(
      scored.every((x) => ir.criteria.every((c) => evaluateCriterion(ir, c, x) !== "unknown")),
      "no criterion is ever unknown",
    );
    // with every signal known, hi and lo are the profile's own totals for every row (docs/semantics.md §4)
    let hi = 0;
    let lo = 0;
    for (const c of ir.criteria) {
      if (c.points > 0) hi += c.points;
      else lo += c.points;
    }
    const d = hi - lo;
    scored.forEach((x, k) => {
      const raw = pts[k] as number;
      assert.equal(Number(x.icp_score), Math.floor((2000 * (raw - lo) + d) / (2 * d)) / 10, `row ${k}`);
    });
    // and the model's order is the score's: more points, never a lower score
    const order = pts.map((_, k) => k).sort((p, q) => (pts[p] as number) - (pts[q] as number));
    for (let k = 1; k < order.length; k++)
      assert.ok(
        Number(scored[order[k] as number]?.icp_score) >= Number(scored[order[k - 1] as number]?.icp_score),
      );
    // rows with "Select" (unknown) are scored, not insufficient_data
    assert.ok(scored.every((x) => x.icp_state === "scored"));
  });
});

describe("leakage and trigger windows", () => {
  test("a call duration recorded after the outcome and a close date filled only for wins are named as suspects", () => {
    const d = discover([file, ...base]);
    const suspects = d.analysis.leakage ?? [];
    const dur = suspects.find((s) => s.column === "call_duration");
    assert.ok(dur, JSON.stringify(suspects));
    assert.equal(dur.suggestion, '--exclude "call_duration"');
    const close = suspects.find((s) => s.column === "Close Date");
    assert.ok(close, JSON.stringify(suspects));
    assert.equal(close.rule, "missing-by-outcome");
    assert.ok(d.analysis.warnings.some((w) => /leakage suspect: "Close Date"/.test(w)));
  });

  test("outcome dates on wins only never make a trigger: windows end at the as-of date for every example, and the report says so", () => {
    // accounts; won ones carry a close date, lost ones none; funding rounds unrelated to the outcome
    const r = rng(3);
    const accounts: Lead[] = [];
    const events: Lead[] = [];
    for (let i = 0; i < 1500; i++) {
      const won = r() < 0.3;
      const close = new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 300) * 86400000)
        .toISOString()
        .slice(0, 10);
      accounts.push({
        id: `A${i}`,
        industry: ["software", "retail"][i % 2] as string,
        won: won ? "yes" : "no",
        closed: won ? close : "",
      });
      // every account had a round at some point; for won ones it happens to fall just before the close date
      const day = won
        ? new Date(Date.parse(close) - Math.floor(r() * 100) * 86400000).toISOString().slice(0, 10)
        : new Date(Date.UTC(2024, 0, 1) + Math.floor(r() * 700) * 86400000).toISOString().slice(0, 10);
      events.push({ account_id: `A${i}`, type: "Funding Round", date: day });
    }
    const acc = join(dir, "acc-dates.csv");
    const ev = join(dir, "events.csv");
    writeCsv(acc, accounts);
    writeCsv(ev, events);
    const d = discover([
      acc,
      "--outcome",
      "won",
      "--date",
      "closed",
      "--events",
      ev,
      "--as-of",
      "2026-01-01",
    ]);
    assert.ok(
      !d.criteria.some((c) => c.field.startsWith("events.")),
      JSON.stringify(d.criteria.map((c) => c.label)),
    );
    assert.ok(
      d.analysis.warnings.some((w) => /trigger windows end at the as-of date/.test(w)),
      d.analysis.warnings.join("\n"),
    );
  });
});

describe("hard excludes", () => {
  test("a worse segment becomes a hard exclude only when its best rate is a small fraction of the base rate, and never removes more than 1% of the best", () => {
    const d = discover([file, ...base, "--exclude", "call_duration", "-o", join(dir, "draft.yaml")]);
    for (const c of d.criteria.filter((x) => x.role === "exclude")) {
      assert.ok(c.evidence.rate <= 0.2 * d.analysis.baseRate + 0.05, c.label);
      assert.ok((c.bestRemoved ?? 0) <= Math.floor(0.01 * d.analysis.best), c.label);
    }
  });
});

describe("selection keeps strong single-value effects", () => {
  /** 8,000 examples: 40 levels of a category, grouped 8 to a group, and a size that matters too. */
  function levels(
    name: string,
    rate: (level: number) => number,
    pick: (u: number, r: () => number) => number,
  ): string {
    const r = rng(5);
    const rows: Lead[] = [];
    for (let i = 0; i < 8000; i++) {
      const k = pick(r(), r);
      const size = Math.floor(r() * 1000);
      const p = rate(k) * (size > 500 ? 1.3 : 1);
      rows.push({
        level: `L${k}`,
        group: `G${Math.floor(k / 8)}`,
        size: String(size),
        won: r() < p ? "yes" : "no",
      });
    }
    const f = join(dir, name);
    writeCsv(f, rows);
    return f;
  }

  test("a planted value that is the most common of 41 levels is kept, by its own test against the rest of its attribute", () => {
    // level 0 holds 30% of the examples (the largest level, the model's reference) at 25% vs 20%
    const f = levels(
      "modal.csv",
      (k) => (k === 0 ? 0.25 : 0.2),
      (u, r) => (u < 0.3 ? 0 : 1 + Math.floor(r() * 40)),
    );
    const d = discover([f, "--outcome", "won", "--as-of", "2026-01-01"]);
    const level = d.analysis.attributes.find((a) => a.field === "level");
    assert.ok(level?.kept, JSON.stringify({ lrtP: level?.lrtP, singleP: level?.singleP }));
    assert.ok((level?.singleP ?? 1) <= 0.001);
    const c = d.criteria.find((x) => x.field === "level");
    assert.ok(c && "in" in c.test && c.test.in.includes("l0") && (c.weight ?? 0) > 0, JSON.stringify(c));
  });

  test("of two redundant attributes, the one set aside comes back when the stronger one does not hold up", () => {
    // eight levels (one group) at 26% vs 20%: each level alone is weak, the group is not
    const f = levels(
      "grouped.csv",
      (k) => (k < 8 ? 0.26 : 0.2),
      (u) => Math.floor(u * 40),
    );
    const d = discover([f, "--outcome", "won", "--as-of", "2026-01-01"]);
    const group = d.analysis.attributes.find((a) => a.field === "group");
    assert.equal(group?.redundantWith, "level");
    assert.equal(d.analysis.attributes.find((a) => a.field === "level")?.kept, false);
    assert.ok(group?.kept, "the group stands in for the level");
    assert.ok(d.criteria.some((x) => x.field === "group" && "in" in x.test && x.test.in.includes("g0")));
  });
});

describe("stability", () => {
  test("each criterion says in how many bootstrap resamples it is found again; strong ones in most", () => {
    const d = discover([file, ...base, "--exclude", "call_duration", "--stability", "8"]);
    assert.ok(d.criteria.length > 0);
    for (const c of d.criteria) {
      assert.equal(c.stability?.of, 8, c.label);
      assert.match(c.comment, /in \d+ of 8 bootstrap resamples/);
      assert.equal(c.stability?.stable, (c.stability?.selected ?? 0) >= 0.6 * 8);
    }
    const web = d.criteria.filter((c) => c.field === "total_time_spent_on_website");
    assert.ok(
      web.length > 0 && web.every((c) => c.stability?.stable),
      JSON.stringify(web.map((c) => c.stability)),
    );
    const none = discover([file, ...base, "--exclude", "call_duration", "--stability", "0"]);
    assert.ok(none.criteria.every((c) => c.stability === undefined));
  });

  test("deals are resampled by account: an account drawn brings all its deals, as one new cluster", async () => {
    const { resample } = await import("../src/discover/stability.js");
    const y = [1, 0, 1, 0, 0, 1, null, 0] as const;
    const accounts = [0, 0, 0, 1, 1, 2, 2, 3];
    const r = resample([...y], accounts, 9);
    assert.ok(r.clusters);
    assert.ok(!r.rows.includes(6), "no unlabelled example");
    // rows of one new cluster all come from one account, and an account's labelled deals come whole
    const byCluster = new Map<number, number[]>();
    r.rows.forEach((i, k) => {
      const c = r.clusters?.[k] as number;
      byCluster.set(c, [...(byCluster.get(c) ?? []), i]);
    });
    const whole = new Map([
      [0, [0, 1, 2]],
      [1, [3, 4]],
      [2, [5]],
      [3, [7]],
    ]);
    for (const rows of byCluster.values()) {
      const account = accounts[rows[0] as number] as number;
      assert.deepEqual(rows, whole.get(account));
    }
    assert.equal(byCluster.size, 4, "as many draws as accounts");
  });
});

describe("no signal, no figures", () => {
  test("when the training part yields no model, the validation says so instead of an AUC of 0.5", () => {
    const r = rng(21);
    const rows: Lead[] = [];
    for (let i = 0; i < 600; i++)
      rows.push({
        plan: ["basic", "pro", "team"][i % 3] as string,
        seats: String(1 + Math.floor(r() * 50)),
        churned: r() < 0.2 ? "yes" : "no",
      });
    const f = join(dir, "flat.csv");
    writeCsv(f, rows);
    const d = discover([
      f,
      "--outcome",
      "churned",
      "--as-of",
      "2026-01-01",
      "--scorecard",
      join(dir, "flat-sc.yaml"),
    ]);
    assert.ok(d.analysis.noSignal);
    const v = d.validation as ScorecardValidation;
    assert.equal(v.test.auc, null);
    assert.match(v.test.note ?? "", /no model to test/);
    assert.ok(v.folds.every((x) => x === null));
    const t = icp(["discover", f, "--outcome", "churned", "--as-of", "2026-01-01", "--validate-model"]);
    assert.match(t.stdout, /test AUC not computed: no attribute had a segment/);
    assert.doesNotMatch(t.stdout, /AUC 0\.500|NaN|calibration/);
  });
});

describe("on the shared real data", { skip: SHARED_SKIP }, () => {
  test("Maven: deals read their account's cells, so what a column is is decided on the 85 accounts", () => {
    const m = join(SHARED_DATA, "maven-crm");
    const d = discover([
      "--accounts",
      join(m, "accounts.csv"),
      "--deals",
      join(m, "sales_pipeline.csv"),
      "--as-of",
      "2017-12-31",
    ]);
    const col = (name: string) => d.columns.find((c) => c.column === name);
    assert.match(col("account")?.reason ?? "", /identifier/);
    assert.equal(col("employees")?.kind, "number");
    assert.ok(d.analysis.noSignal, "flat win rates: no ICP invented");
  });

  test("bank marketing: 'unknown' and pdays 999 are missing, never a segment; duration is a leakage suspect", () => {
    const d = discover([
      join(SHARED_DATA, "bank-marketing/bank-additional-full.csv"),
      "--outcome",
      "y",
      "--as-of",
      "2026-12-01",
      "--stability",
      "0",
    ]);
    const pdays = d.columns.find((c) => c.column === "pdays");
    assert.equal(pdays?.sentinel, 999);
    for (const a of d.analysis.attributes)
      for (const s of a.segments)
        if (s.segment.kind !== "missing")
          assert.ok(!["unknown", "999"].includes(s.segment.label), `${a.field}: ${s.segment.label}`);
    // a range never reaches the sentinel, and a label never names it but as "any value but 999"
    for (const c of d.criteria.filter((x) => x.field === "pdays")) {
      if ("range" in c.test) assert.ok((c.test.range.below ?? 999) <= 999, c.label);
      assert.ok(!c.label.includes("999") || c.label.endsWith("any value but 999"), c.label);
    }
    assert.ok((d.analysis.leakage ?? []).some((l) => l.column === "duration"));
  });
});

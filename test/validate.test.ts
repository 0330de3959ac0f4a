/**
 * icp validate: every figure equals an independent SQL computation on the shared CRM data; on
 * planted data the verdict finds the planted advantage, and on data with none it says so; drift
 * flags a period that moved; the HTML report renders its charts in Chromium.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DuckDbEngine } from "../src/engine/duckdb.js";
import { lower } from "../src/ir/lower.js";
import type { RowResult, State } from "../src/ir/types.js";
import { chromiumPath } from "../src/report/pdf.js";
import type { Deal } from "../src/validate/dataset.js";
import { churnByPeriod, drift } from "../src/validate/drift.js";
import { gains } from "../src/validate/gains.js";
import { accountRetention, addMonths, retentionFigures } from "../src/validate/metrics.js";
import type { ValidationReport } from "../src/validate/validate.js";
import { icp, profileOf, SHARED_DATA, SHARED_SKIP, tmp } from "./helpers.js";

const dir = tmp();
const sq = (s: string) => `'${s.replace(/'/g, "''")}'`;

function validateJson(args: string[]): ValidationReport {
  const r = icp(["validate", ...args, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ValidationReport;
}

const group = (r: ValidationReport, g: string) => {
  const f = r.groups.find((x) => x.group === g);
  assert.ok(f, `group ${g}`);
  return f;
};

describe("definitions", () => {
  test("12 months later clamps to the month's end", () => {
    assert.equal(addMonths("2023-01-31", 1), "2023-02-28");
    assert.equal(addMonths("2023-02-28", 12), "2024-02-28");
    assert.equal(addMonths("2024-02-29", 12), "2025-02-28");
    assert.equal(addMonths("2024-11-15", 3), "2025-02-15");
  });

  test("retention: the cohort paying 12 months before as-of, their MRR then and now; trials and new business apart", () => {
    const subs = [
      { account: 0, mrr: 100, start: "2023-01-10", end: "2024-06-01", reason: null },
      { account: 0, mrr: 150, start: "2024-05-01", end: null, reason: null }, // expansion via a second plan
      { account: 1, mrr: 200, start: "2023-03-01", end: "2024-03-01", reason: "budget" }, // churned in the window
      { account: 2, mrr: 80, start: "2024-06-01", end: null, reason: null }, // new business in the window
      { account: 3, mrr: 0, start: "2023-11-01", end: null, reason: null }, // a trial at the window's start
      { account: 4, mrr: 300, start: "2023-06-01", end: null, reason: null }, // flat
      { account: 4, mrr: 50, start: "2025-02-01", end: null, reason: null }, // after as-of: not known yet
    ];
    const asOf = "2024-12-31";
    const r = accountRetention(subs, asOf);
    assert.deepEqual(
      r.map((x) => [x.account, x.startMrr, x.endMrr, x.activeAtStart]),
      [
        [0, 100, 150, true],
        [1, 200, 0, true],
        [2, 0, 80, false],
        [3, 0, 0, true],
        [4, 300, 300, true],
      ],
    );
    const f = retentionFigures(r, asOf, 1);
    assert.equal(f.windowStart, "2023-12-31");
    assert.equal(f.eligible, 3, "accounts 0, 1 and 4: paying on 2023-12-31");
    assert.equal(f.retained, 2);
    assert.equal(f.startMrr, 600);
    assert.equal(f.endMrr, 450);
    assert.equal(f.nrr, 450 / 600);
    assert.equal(f.grr, (100 + 0 + 300) / 600, "expansion left out, each account capped at its start");
    assert.equal(f.expansion, 50 / 600);
    assert.equal(f.churn, 200 / 600);
    assert.equal(f.zeroMrrAtStart, 1, "the trial");
    assert.equal(f.newInWindow, 1, "account 2");
    // With churn events, logo churn follows them, and the disagreement is counted.
    const withEvents = accountRetention(subs, asOf, [
      { account: 4, date: "2024-08-01", reason: "price" }, // says churned, still pays
      { account: 0, date: "2023-05-01", reason: null }, // before the window
    ]);
    const g = retentionFigures(withEvents, asOf, 1, true);
    assert.equal(g.logoFrom, "churn events");
    assert.equal(g.retained, 2, "accounts 0 and 1: 1 churned by subscriptions but has no event");
    assert.deepEqual(g.disagreement, { churnEventButPaying: 1, stoppedWithoutEvent: 1 });
  });

  test("gains rank scored accounts first and cut at the capacity", () => {
    const res = (tenths: number | null, state: State = "scored"): RowResult => ({
      state,
      tenths,
      tier: tenths !== null && tenths >= 500 ? "A" : "B",
      reasons: "",
    });
    const results = [res(200), res(900), res(null, "disqualified"), res(600)];
    const deal = (account: number, status: "won" | "lost", amount: number, created: string): Deal => ({
      row: 0,
      id: null,
      account,
      stage: status,
      status,
      amount,
      created,
      closed: created,
      result: null,
      group: "in",
    });
    const deals = [
      deal(1, "won", 100, "2024-01-05"),
      deal(1, "won", 100, "2024-02-05"),
      deal(3, "won", 200, "2024-02-10"),
      deal(0, "lost", 0, "2024-02-11"),
      deal(2, "won", 100, "2024-02-12"),
    ];
    const g = gains(results, deals, 1);
    // order: 1 (90), 3 (60), 0 (20), 2 (disqualified)
    assert.equal(g.curve[10]?.accounts, 2);
    assert.equal(g.curve[10]?.winsShare, 3 / 4);
    assert.equal(g.curve[10]?.revenueShare, 400 / 500);
    assert.equal(g.capacity?.months, 2);
    assert.equal(g.capacity?.accounts, 2);
    assert.equal(g.capacity?.scoreCut, 60);
    assert.equal(g.capacity?.tier, "A");
    assert.equal(g.capacity?.precision, 1);
  });

  test("drift flags a quarter whose win rate dropped, and names the criterion whose evidence moved", () => {
    const p = profileOf(
      "name: d\ncriteria:\n  - { label: Big, field: employees, range: { min: 100 }, weight: 10 }\n  - { label: Software, field: industry, in: [software development], weight: 10 }\n",
    );
    // 160 accounts, each deal on its own account within a quarter: big accounts (even) win 70%,
    // small 30%, for three quarters. Then big accounts stop winning. The data begin on 15 January.
    const accounts = Array.from({ length: 160 }, (_, i) => ({
      employees: i % 2 ? "10" : "500",
      industry: i % 4 < 2 ? "software development" : "retail",
    }));
    const ir = lower(p, { asOf: "2025-01-01", columns: ["employees", "industry"] });
    const deals: Deal[] = [];
    let k = 0;
    const add = (q: string, account: number, won: boolean) =>
      deals.push({
        row: ++k,
        id: null,
        account,
        stage: null,
        status: won ? "won" : "lost",
        amount: null,
        created: q,
        closed: q,
        result: null,
        group: account % 2 === 0 ? "in" : "out",
      });
    for (const [qi, q] of ["2024-01-15", "2024-04-15", "2024-07-15"].entries())
      for (let i = 0; i < 40; i++) {
        add(q, (2 * i + 80 * (qi % 2)) % 160, i % 10 < 7);
        add(q, (2 * i + 1 + 80 * (qi % 2)) % 160, i % 10 < 3);
      }
    for (let i = 0; i < 40; i++) {
      add("2024-10-15", 2 * i, i % 10 < 1);
      add("2024-10-15", 2 * i + 1, i % 10 < 3);
    }
    const d = drift(deals, "quarter", ir, accounts, [], "2024-12-31");
    assert.equal(d.periods.length, 4);
    // the first quarter is only partly inside the data: shown, not tested, not history
    assert.equal(d.periods[0]?.partial, true);
    assert.equal(d.periods[0]?.tests.length, 0);
    const last = d.periods[3];
    assert.ok(
      last?.tests.some((t) => t.flagged && t.metric === "icp_gap"),
      JSON.stringify(last?.tests),
    );
    assert.ok(d.refresh);
    assert.match(d.text, /Refresh your ICP: 2024-Q4/);
    assert.deepEqual(
      d.movedCriteria.map((m) => m.criterion),
      ["Big"],
    );
    // and the stable quarters are not flagged
    assert.ok(d.periods.slice(0, 3).every((x) => x.tests.every((t) => !t.flagged || t.metric !== "icp_gap")));
  });
});

describe("churn drift", () => {
  test("logo churn per quarter, and a quarter whose churn jumped is flagged", () => {
    const subs = [];
    // 400 accounts start in 2023-01; 2% leave each quarter in 2023, then 20% leave in 2024-Q2
    for (let a = 0; a < 400; a++) {
      let end: string | null = null;
      if (a < 8) end = "2023-05-10";
      else if (a < 16) end = "2023-08-10";
      else if (a < 24) end = "2023-11-10";
      else if (a < 32) end = "2024-02-10";
      else if (a < 32 + 74) end = "2024-05-10";
      subs.push({ account: a, mrr: 100, start: "2023-01-02", end, reason: null });
    }
    const c = churnByPeriod(subs, "quarter", "2024-07-01");
    assert.deepEqual(
      c.map((x) => [x.period, x.active, x.churned]),
      [
        ["2023-Q1", 0, 0],
        ["2023-Q2", 400, 8],
        ["2023-Q3", 392, 8],
        ["2023-Q4", 384, 8],
        ["2024-Q1", 376, 8],
        ["2024-Q2", 368, 74],
      ],
    );
    const p = profileOf(
      "name: c\ncriteria:\n  - { label: x, field: employees, range: { min: 1 }, weight: 1 }\n",
    );
    const d = drift([], "quarter", lower(p, { asOf: "2024-07-01", columns: ["employees"] }), [], c);
    assert.ok(d.churn.find((x) => x.period === "2024-Q2")?.test?.flagged);
    assert.ok(d.churn.filter((x) => x.period < "2024-Q2").every((x) => !x.test?.flagged));
    // Churn rose for every account alike: reported, but it is not the ICP that moved.
    assert.equal(d.refresh, false);
    assert.match(
      d.text,
      /No refresh of the ICP needed.*2024-Q2: logo churn 20\.1% vs 2\.1% in earlier periods/,
    );
  });
});

describe("backtest and determinism", () => {
  test("--as-of-deal-date scores each deal's account with what was known on the deal's date", () => {
    const accounts = join(dir, "bt-accounts.csv");
    writeFileSync(
      accounts,
      [
        "id,name,industry,last_funding_date",
        "1,Acme,software development,2024-06-01",
        "2,Beta,software development,2020-01-01",
      ].join("\n"),
    );
    const deals = join(dir, "bt-deals.csv");
    writeFileSync(
      deals,
      [
        "opportunity id,account id,stage,amount,created date,close date",
        "D1,1,Closed Won,100,2024-01-10,2024-02-01", // before Acme's funding: not known then
        "D2,1,Closed Won,100,2024-09-01,2024-10-01", // three months after it: recently funded
        "D3,2,Closed Lost,0,2024-09-01,2024-10-01", // funded four years earlier
      ].join("\n"),
    );
    const profile = join(dir, "bt.yaml");
    writeFileSync(
      profile,
      "name: bt\nmin_coverage: 100%\nfields:\n  last_funding_date: { type: date }\ncriteria:\n  - { label: Funded in the last year, field: last_funding_date, within: { days: 365 }, weight: 10 }\n  - { label: Software, field: industry, in: [software development], weight: 10 }\ntiers:\n  - { name: A, min_score: 100, route: ae }\n  - { name: B, route: disqualify }\n",
    );
    const today = validateJson([
      "-p",
      profile,
      "--accounts",
      accounts,
      "--deals",
      deals,
      "--as-of",
      "2026-01-01",
    ]);
    // as of 2026 neither funding is recent: no account is in the ICP
    assert.equal(group(today, "in ICP").deals.total, 0);
    const bt = validateJson([
      "-p",
      profile,
      "--accounts",
      accounts,
      "--deals",
      deals,
      "--as-of",
      "2026-01-01",
      "--as-of-deal-date",
    ]);
    assert.deepEqual(bt.backtest, { asOfDealDate: true, undatedFields: ["industry"] });
    // D2 only: D1 predates the funding (unknown → insufficient data at 100% coverage), D3's funding is old
    assert.equal(group(bt, "in ICP").deals.total, 1);
    assert.equal(group(bt, "in ICP").deals.won, 1);
    assert.equal(group(bt, "insufficient data").deals.total, 1);
    assert.equal(group(bt, "out of ICP").deals.total, 1);
  });

  test("the same inputs and as-of give the same JSON and the same HTML, byte for byte", () => {
    const data = join(dir, "det.csv");
    assert.equal(
      icp([
        "generate",
        "companies",
        "--rows",
        "1500",
        "--seed",
        "21",
        "--plant",
        "examples/b2b-saas.yaml",
        "-o",
        data,
      ]).code,
      0,
    );
    const run = (n: number) => {
      const html = join(dir, `det-${n}.html`);
      const r = icp([
        "validate",
        "-p",
        "examples/b2b-saas.yaml",
        "--accounts",
        data,
        "--deals",
        data,
        "--as-of",
        "2026-06-30",
        "--json",
        "--report",
        html,
        "--capacity",
        "20",
      ]);
      assert.equal(r.code, 0, r.stderr);
      return [r.stdout, readFileSync(html, "utf8")];
    };
    const [j1, h1] = run(1);
    const [j2, h2] = run(2);
    assert.equal(j1, j2);
    assert.equal(h1, h2);
  });
});

describe("validate on planted data", () => {
  const plant = join(dir, "plant.yaml");
  writeFileSync(
    plant,
    "name: planted\ncriteria:\n  - { label: software, field: industry, in: [computer software, internet], weight: 2 }\n  - { label: mid-size, field: employees, range: { min: 50, max: 1000 }, weight: 1 }\n",
  );
  const icpProfile = join(dir, "icp.yaml");
  writeFileSync(
    icpProfile,
    "name: icp\ncriteria:\n  - { label: software, field: industry, in: [computer software, internet], weight: 20 }\n  - { label: mid-size, field: employees, range: { min: 50, max: 1000 }, weight: 10 }\ntiers:\n  - { name: A, min_score: 60, route: ae }\n  - { name: B, route: disqualify }\n",
  );

  test("finds the planted advantage", () => {
    const data = join(dir, "planted.csv");
    assert.equal(
      icp(["generate", "companies", "--rows", "6000", "--seed", "11", "--plant", plant, "-o", data]).code,
      0,
    );
    const r = validateJson(["-p", icpProfile, "--accounts", data, "--deals", data, "--as-of", "2026-06-30"]);
    // linked by domain; the few domains the generator gives to two companies are ambiguous and do not link
    assert.equal(r.inputs.deals.linked + r.inputs.deals.unlinked, 6000);
    assert.ok(r.inputs.deals.linked > 5900, String(r.inputs.deals.linked));
    assert.equal(r.verdict.status, "validated", r.verdict.text);
    const win = r.comparisons.find((c) => c.metric === "win_rate");
    assert.equal(win?.direction, "better");
    assert.ok((win?.ci?.lo ?? 0) > 1.5, JSON.stringify(win));
    // amounts and dates were drawn independently of the pattern: no material difference there
    assert.notEqual(r.comparisons.find((c) => c.metric === "deal_size")?.direction, "better");
  });

  test("with costs: gross margin and CAC payback per group, and the better margin found", () => {
    const data = join(dir, "planted.csv");
    // in-ICP-like accounts (software) get an 80% margin, the others 50%; CAC is flat
    const lines = readFileSync(data, "utf8").trim().split("\n").slice(1);
    const costs = ["domain,cac,gross margin"];
    for (const l of lines) {
      const cells = l.split(",");
      const domain = cells[2] ?? "";
      if (!domain) continue;
      costs.push(`${domain},5000,${/computer software|internet/.test(l) ? "80%" : "50%"}`);
    }
    const costFile = join(dir, "costs.csv");
    writeFileSync(costFile, `${costs.join("\n")}\n`);
    const r = validateJson([
      "-p",
      icpProfile,
      "--accounts",
      data,
      "--deals",
      data,
      "--costs",
      costFile,
      "--as-of",
      "2026-06-30",
    ]);
    // the generator gives a few domains to two companies: those link nothing, in costs as in deals
    assert.equal(r.inputs.costs?.linked, r.inputs.deals.linked);
    assert.equal((r.inputs.costs?.linked ?? 0) + (r.inputs.costs?.unlinked ?? 0), costs.length - 1);
    const gm = r.comparisons.find((c) => c.metric === "gross_margin");
    assert.equal(gm?.direction, "better", gm?.verdict);
    const all = group(r, "all").economics;
    assert.ok(all && all.grossMargin !== null && all.grossMargin > 0.5 && all.grossMargin < 0.8);
    // payback = Σ CAC ÷ Σ monthly gross profit, over accounts with won revenue
    assert.ok(all.cacPaybackMonths !== null && all.cacPaybackMonths > 0);
  });

  test("says there is none when outcomes do not depend on the profile", () => {
    const flat = join(dir, "flat.yaml");
    // weight 0: every account wins with the same probability (the check warns; the generator accepts it)
    writeFileSync(
      flat,
      "name: flat\ncriteria:\n  - { label: none, field: industry, in: [retail], weight: 0 }\n",
    );
    const data = join(dir, "flat.csv");
    const g = icp([
      "generate",
      "companies",
      "--rows",
      "20000",
      "--seed",
      "12",
      "--plant",
      flat,
      "--base-log-odds",
      "0",
      "-o",
      data,
    ]);
    assert.equal(g.code, 0, g.stderr);
    const r = validateJson(["-p", icpProfile, "--accounts", data, "--deals", data, "--as-of", "2026-06-30"]);
    const win = r.comparisons.find((c) => c.metric === "win_rate");
    assert.equal(win?.direction, "no difference", win?.verdict);
    assert.equal(r.verdict.status, "not validated", r.verdict.text);
    assert.match(r.verdict.text, /do not materially outperform/);
  });
});

describe("validate on the shared CRM data", { skip: SHARED_SKIP }, () => {
  let duck: DuckDbEngine;
  before(async () => {
    duck = await DuckDbEngine.open({ threads: 1 });
  });
  after(() => duck.close());
  const rows = async (sql: string) =>
    (await duck.conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];

  test("Maven: win rate, cycle and deal size per group equal SQL over the scored accounts", async () => {
    const acc = join(SHARED_DATA, "maven-crm/accounts.csv");
    const deals = join(SHARED_DATA, "maven-crm/sales_pipeline.csv");
    const scored = join(dir, "maven-scored.csv");
    assert.equal(
      icp(["score", acc, "-p", "examples/maven-crm.yaml", "-o", scored, "--as-of", "2017-12-31"]).code,
      0,
    );
    const r = validateJson([
      "-p",
      "examples/maven-crm.yaml",
      "--accounts",
      acc,
      "--deals",
      deals,
      "--as-of",
      "2017-12-31",
    ]);
    // The maturity window (nearest-rank 90th percentile of created → closed days of closed deals)
    // and the stalled deals (open, created before as-of minus the window), recomputed here.
    const [m] = await rows(`
      WITH c AS (SELECT CAST(close_date AS DATE) - CAST(engage_date AS DATE) AS days
                 FROM read_csv(${sq(deals)}, all_varchar = true)
                 WHERE deal_stage IN ('Won', 'Lost') AND engage_date IS NOT NULL AND close_date IS NOT NULL
                   AND close_date >= engage_date)
      SELECT list_sort(list(days))[CAST(ceil(0.9 * count(*)) AS INTEGER)] AS p90 FROM c`);
    const p90 = Number(m?.p90);
    assert.equal(r.design.maturityDays, p90);
    const sql = await rows(`
      WITH s AS (SELECT account, icp_state, icp_tier FROM read_csv(${sq(scored)}, all_varchar = true)),
      d AS (SELECT *, deal_stage NOT IN ('Won', 'Lost') AND engage_date IS NOT NULL
                      AND CAST(engage_date AS DATE) < DATE '2017-12-31' - ${p90} AS stalled
            FROM read_csv(${sq(deals)}, all_varchar = true)),
      j AS (
        SELECT d.*, CASE WHEN s.icp_state = 'scored' AND s.icp_tier IN ('A', 'B') THEN 'in ICP'
                         WHEN s.icp_state = 'insufficient_data' THEN 'insufficient data' ELSE 'out of ICP' END AS grp
        FROM d JOIN s ON lower(trim(d.account)) = lower(trim(s.account))
      )
      SELECT grp,
        count(*) FILTER (WHERE deal_stage = 'Won') AS won,
        count(*) FILTER (WHERE deal_stage = 'Lost') AS lost,
        count(*) FILTER (WHERE deal_stage NOT IN ('Won', 'Lost') AND NOT stalled) AS open,
        count(*) FILTER (WHERE stalled) AS stalled,
        median(CAST(close_date AS DATE) - CAST(engage_date AS DATE)) FILTER (WHERE deal_stage = 'Won') AS cyc_med,
        avg(CAST(close_date AS DATE) - CAST(engage_date AS DATE)) FILTER (WHERE deal_stage = 'Won') AS cyc_mean,
        count(*) FILTER (WHERE deal_stage = 'Won' AND close_date IS NOT NULL) AS cyc_n,
        avg(CAST(close_value AS DOUBLE)) FILTER (WHERE deal_stage = 'Won') AS size_mean,
        median(CAST(close_value AS DOUBLE)) FILTER (WHERE deal_stage = 'Won') AS size_med,
        sum(CAST(close_value AS DECIMAL(18, 2))) FILTER (WHERE deal_stage = 'Won') AS size_total,
        count(DISTINCT account) FILTER (WHERE deal_stage IN ('Won', 'Lost') OR stalled) AS accounts_closed
      FROM j GROUP BY grp ORDER BY grp`);
    assert.ok(sql.length >= 2);
    for (const s of sql) {
      const g = group(r, String(s.grp));
      assert.equal(g.deals.won, Number(s.won), `${s.grp} won`);
      assert.equal(g.deals.lost, Number(s.lost), `${s.grp} lost`);
      assert.equal(g.deals.open, Number(s.open), `${s.grp} open (undecided)`);
      assert.equal(g.deals.stalled, Number(s.stalled), `${s.grp} stalled`);
      const closed = Number(s.won) + Number(s.lost) + Number(s.stalled);
      assert.equal(g.winRate.rate, Number(s.won) / closed, `${s.grp} win rate`);
      assert.equal(g.winRate.accounts, Number(s.accounts_closed), `${s.grp} accounts behind the win rate`);
      assert.equal(g.cycle.n, Number(s.cyc_n));
      assert.equal(g.cycle.median, Number(s.cyc_med), `${s.grp} cycle median (days)`);
      assert.ok(Math.abs((g.cycle.mean ?? 0) - Number(s.cyc_mean)) < 1e-9, `${s.grp} cycle mean`);
      assert.ok(Math.abs((g.dealSize.mean ?? 0) - Number(s.size_mean)) < 1e-9, `${s.grp} deal mean`);
      assert.equal(g.dealSize.median, Number(s.size_med), `${s.grp} deal median`);
      assert.equal(g.dealSize.total, Number(s.size_total), `${s.grp} revenue to the cent`);
    }
    // The design effect of the win rate, from per-account wins and closed deals (CR1 over accounts).
    const deff = await rows(`
      WITH s AS (SELECT account, icp_state, icp_tier FROM read_csv(${sq(scored)}, all_varchar = true)),
      d AS (SELECT *, deal_stage NOT IN ('Won', 'Lost') AND engage_date IS NOT NULL
                      AND CAST(engage_date AS DATE) < DATE '2017-12-31' - ${p90} AS stalled
            FROM read_csv(${sq(deals)}, all_varchar = true)),
      a AS (
        SELECT CASE WHEN s.icp_state = 'scored' AND s.icp_tier IN ('A', 'B') THEN 'in ICP'
                    WHEN s.icp_state = 'insufficient_data' THEN 'insufficient data' ELSE 'out of ICP' END AS grp,
          s.account, count(*) FILTER (WHERE deal_stage = 'Won') AS w,
          count(*) FILTER (WHERE deal_stage IN ('Won', 'Lost') OR stalled) AS n
        FROM d JOIN s ON lower(trim(d.account)) = lower(trim(s.account)) GROUP BY ALL HAVING n > 0
      ),
      g AS (SELECT grp, count(*) AS k, sum(w) / sum(n) AS p, sum(n) AS big_n FROM a GROUP BY grp)
      SELECT g.grp, greatest(1, (g.k / (g.k - 1)) * sum((a.w - g.p * a.n) ^ 2) / g.big_n ^ 2
                                 / (g.p * (1 - g.p) / g.big_n)) AS deff
      FROM a JOIN g USING (grp) GROUP BY g.grp, g.k, g.p, g.big_n`);
    assert.ok(deff.length >= 2);
    for (const x of deff)
      assert.ok(
        Math.abs((group(r, String(x.grp)).winRate.deff ?? 0) - Number(x.deff)) < 1e-9,
        `${x.grp} design effect ${group(r, String(x.grp)).winRate.deff} vs ${x.deff}`,
      );
    // Maven's win rates are flat: the ICP must not be declared a winner.
    assert.notEqual(r.verdict.status, "validated", r.verdict.text);
    assert.equal(r.comparisons.find((c) => c.metric === "win_rate")?.direction, "no difference");
    assert.equal(r.inputs.deals.unlinked, 1425);
  });

  test("RavenStack: 12-month retention, NRR and churn reasons per group equal SQL", async () => {
    const base = join(SHARED_DATA, "ravenstack-saas");
    const acc = join(base, "ravenstack_accounts.csv");
    const subs = join(base, "ravenstack_subscriptions.csv");
    const churn = join(base, "ravenstack_churn_events.csv");
    const profile = join(dir, "raven.yaml");
    writeFileSync(
      profile,
      [
        "name: raven",
        "fields:",
        "  plan_tier: { type: category }",
        "  seats: { type: number }",
        "criteria:",
        "  - { label: Enterprise or Pro plan, field: plan_tier, in: [enterprise, pro], weight: 10 }",
        "  - { label: 10+ seats, field: seats, range: { min: 10 }, weight: 10 }",
        "tiers:",
        "  - { name: A, min_score: 50, route: ae }",
        "  - { name: B, route: disqualify }",
      ].join("\n"),
    );
    // RavenStack has no deals file; its subscriptions stand in (deals are not what is checked here).
    const asOf = "2024-12-31";
    const scored = join(dir, "raven-scored.csv");
    assert.equal(icp(["score", acc, "-p", profile, "-o", scored, "--as-of", asOf]).code, 0);
    const r = validateJson([
      "-p",
      profile,
      "--accounts",
      acc,
      "--deals",
      subs,
      "--subscriptions",
      subs,
      "--churn",
      churn,
      "--as-of",
      asOf,
    ]);
    // The trailing-twelve-month cohort: accounts paying on as-of minus 12 months; their MRR then
    // and on as-of; logo churn from the churn events dated inside the window.
    const sql = await rows(`
      WITH s AS (SELECT account_id, CASE WHEN icp_state = 'scored' AND icp_tier = 'A' THEN 'in ICP' ELSE 'out of ICP' END AS grp
                 FROM read_csv(${sq(scored)}, all_varchar = true)),
      sub AS (SELECT account_id, CAST(start_date AS DATE) AS st, TRY_CAST(end_date AS DATE) AS en, CAST(mrr_amount AS DECIMAL(18, 2)) AS mrr
              FROM read_csv(${sq(subs)}, all_varchar = true) WHERE CAST(start_date AS DATE) <= DATE '${asOf}'),
      ev AS (SELECT DISTINCT account_id FROM read_csv(${sq(churn)}, all_varchar = true)
             WHERE CAST(churn_date AS DATE) > DATE '${asOf}' - INTERVAL 12 MONTH AND CAST(churn_date AS DATE) <= DATE '${asOf}'),
      m AS (
        SELECT account_id,
          coalesce(sum(mrr) FILTER (WHERE st <= DATE '${asOf}' - INTERVAL 12 MONTH AND (en IS NULL OR en > DATE '${asOf}' - INTERVAL 12 MONTH)), 0) AS m0,
          coalesce(sum(mrr) FILTER (WHERE st <= DATE '${asOf}' AND (en IS NULL OR en > DATE '${asOf}')), 0) AS m1
        FROM sub GROUP BY account_id
      )
      SELECT grp, count(*) AS eligible, count(*) FILTER (WHERE ev.account_id IS NULL) AS retained,
        count(*) FILTER (WHERE m1 > 0) AS paying, sum(m0) AS m0, sum(m1) AS m1,
        sum(CASE WHEN m1 > m0 THEN m1 - m0 ELSE 0 END) AS expansion,
        sum(CASE WHEN m1 > 0 AND m1 < m0 THEN m0 - m1 ELSE 0 END) AS contraction,
        sum(CASE WHEN m1 = 0 THEN m0 ELSE 0 END) AS churned,
        sum(least(m0, m1)) AS kept
      FROM m JOIN s USING (account_id) LEFT JOIN ev USING (account_id) WHERE m0 > 0 GROUP BY grp ORDER BY grp`);
    assert.equal(sql.length, 2);
    for (const s of sql) {
      const g = group(r, String(s.grp));
      const ret = g.retention;
      assert.ok(ret);
      assert.equal(ret.windowStart, "2023-12-31");
      assert.equal(ret.logoFrom, "churn events");
      assert.equal(ret.eligible, Number(s.eligible), `${s.grp} cohort`);
      assert.equal(ret.retained, Number(s.retained), `${s.grp} retained (no churn event in the window)`);
      assert.equal(ret.startMrr, Number(s.m0), `${s.grp} MRR at the window's start, to the cent`);
      assert.equal(ret.endMrr, Number(s.m1), `${s.grp} MRR on as-of, to the cent`);
      assert.ok(Math.abs((ret.nrr ?? 0) - Number(s.m1) / Number(s.m0)) < 1e-12, `${s.grp} NRR`);
      assert.ok(Math.abs((ret.grr ?? 0) - Number(s.kept) / Number(s.m0)) < 1e-12, `${s.grp} GRR`);
      assert.ok(
        Math.abs((ret.expansion ?? 0) - Number(s.expansion) / Number(s.m0)) < 1e-12,
        `${s.grp} expansion`,
      );
      assert.ok(
        Math.abs((ret.contraction ?? 0) - Number(s.contraction) / Number(s.m0)) < 1e-12,
        `${s.grp} contraction`,
      );
      assert.ok(Math.abs((ret.churn ?? 0) - Number(s.churned) / Number(s.m0)) < 1e-12, `${s.grp} churn`);
      assert.ok(
        Math.abs(1 + (ret.expansion ?? 0) - (ret.contraction ?? 0) - (ret.churn ?? 0) - (ret.nrr ?? 0)) <
          1e-12,
      );
      assert.ok(Math.abs(1 - (ret.contraction ?? 0) - (ret.churn ?? 0) - (ret.grr ?? 0)) < 1e-12);
      assert.equal(
        (ret.disagreement?.churnEventButPaying ?? 0) - (ret.disagreement?.stoppedWithoutEvent ?? 0),
        Number(s.paying) - Number(s.retained),
      );
    }
    // The two sources disagree on RavenStack: the report says so.
    assert.ok(r.warnings.some((w) => w.code === "churn_sources_disagree"));
    const reasons = await rows(`
      WITH s AS (SELECT account_id, CASE WHEN icp_state = 'scored' AND icp_tier = 'A' THEN 'in ICP' ELSE 'out of ICP' END AS grp
                 FROM read_csv(${sq(scored)}, all_varchar = true))
      SELECT grp, reason_code, count(*) AS n FROM read_csv(${sq(churn)}, all_varchar = true) JOIN s USING (account_id)
      GROUP BY ALL ORDER BY grp, n DESC, reason_code`);
    for (const g of ["in ICP", "out of ICP"]) {
      const mine = group(r, g).churnReasons?.map((x) => [x.reason, x.count]);
      const theirs = reasons.filter((x) => x.grp === g).map((x) => [x.reason_code, Number(x.n)]);
      assert.deepEqual(mine, theirs, g);
    }
  });
});

describe("the HTML report", () => {
  const exe = chromiumPath();
  test("opens offline in headless Chromium and shows its charts", {
    skip: exe ? false : "no Chromium installed (apt-get install chromium); .ci/run installs it",
  }, async () => {
    const data = join(dir, "report-data.csv");
    const plant = join(dir, "plant2.yaml");
    writeFileSync(
      plant,
      "name: p\ncriteria:\n  - { label: software, field: industry, in: [computer software, internet], weight: 2 }\n",
    );
    assert.equal(
      icp(["generate", "companies", "--rows", "3000", "--seed", "3", "--plant", plant, "-o", data]).code,
      0,
    );
    const html = join(dir, "report.html");
    const doc = join(dir, "doc.html");
    const pdf = join(dir, "doc.pdf");
    const r = icp([
      "validate",
      "-p",
      "examples/b2b-saas.yaml",
      "--accounts",
      data,
      "--deals",
      data,
      "--as-of",
      "2026-06-30",
      "--report",
      html,
      "--document",
      doc,
      "--pdf",
      pdf,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(pdf).subarray(0, 5).toString("latin1"), "%PDF-", "the ICP document as PDF");
    const text = readFileSync(html, "utf8");
    assert.doesNotMatch(text, /<script|https?:\/\/(?!www\.w3\.org)/, "no script, no network");
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: exe as string, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      page.on("request", (q) => {
        if (!q.url().startsWith("file:")) requests.push(q.url());
      });
      await page.goto(`file://${html}`);
      const figures = page.locator("figure svg");
      assert.ok((await figures.count()) >= 3, "group, gains and drift charts");
      for (let i = 0; i < 3; i++) {
        const box = await figures.nth(i).boundingBox();
        assert.ok(
          box && box.width > 200 && box.height > 100,
          `chart ${i} has a size: ${JSON.stringify(box)}`,
        );
        // drawn marks: bars, lines or points
        assert.ok((await figures.nth(i).locator("path, rect, line").count()) > 5, `chart ${i} has marks`);
      }
      const shot = join(dir, "report.png");
      await page.screenshot({ path: shot, fullPage: true });
      assert.ok(existsSync(shot) && readFileSync(shot).length > 20_000, "screenshot written");
      assert.deepEqual(requests, []);
      await page.goto(`file://${doc}`);
      assert.match(await page.locator("h1").innerText(), /Ideal Customer Profile/);
    } finally {
      await browser.close();
    }
  });
});

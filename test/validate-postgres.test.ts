/**
 * `icp validate --db`: the aggregates computed inside PostgreSQL give the same report as file
 * validation — groups, comparisons, verdict, gains and the capacity cut, link counts, unreadable
 * values — on messy generated deals (ids, names, websites, domains on no account, ambiguous names, stage
 * spellings, bad amounts and dates), on Maven's CRM and on RavenStack's subscriptions.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type LoadedTable, loadTable } from "../src/data/load.js";
import { loadProfileFile } from "../src/profile/check.js";
import type { Profile } from "../src/profile/model.js";
import { quoteIdent } from "../src/sql/escape.js";
import { buildValidationData } from "../src/validate/dataset.js";
import { validateInPostgres } from "../src/validate/postgres.js";
import { type ValidationReport, validate } from "../src/validate/validate.js";
import { csvText, generatedRows, HAS_SHARED, icp, profileOf, ROOT, SHARED_DATA, tmp } from "./helpers.js";
import { loadTextTable, openTestPg, PG_URL } from "./pg.js";

const { pg, skip } = await openTestPg();
const SCHEMA = `icp_vtest_${process.pid}`;
const S = (t: string) => `${SCHEMA}.${t}`;

/** Equal, numbers to 1e-9 relative (sums taken in another order differ in the last bits). */
function near(a: unknown, b: unknown, path = "report"): void {
  if (typeof a === "number" && typeof b === "number") {
    assert.ok(
      a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)),
      `${path}: ${a} vs ${b}`,
    );
    return;
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    assert.deepEqual(a, b, path);
    return;
  }
  assert.equal(Array.isArray(a), Array.isArray(b), path);
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  assert.deepEqual(ka, kb, `${path}: keys`);
  for (const k of ka)
    near((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
}

/** The parts of a report both modes produce. */
function shared(r: ValidationReport) {
  const d = r.inputs.deals;
  const s = r.inputs.subscriptions;
  return {
    groups: r.groups,
    comparisons: r.comparisons,
    verdict: r.verdict,
    gains: r.gains,
    icpTiers: r.icpTiers,
    accounts: r.inputs.accounts.rows,
    deals: {
      rows: d.rows,
      linked: d.linked,
      unlinked: d.unlinked,
      linkedBy: d.linkedBy,
      unreadable: d.unreadable,
    },
    ...(s ? { subscriptions: { rows: s.rows, linked: s.linked, unlinked: s.unlinked } } : {}),
  };
}

async function loadAll(t: LoadedTable, rel: string) {
  await loadTextTable(
    pg!,
    rel,
    t.columns,
    t.rows.map((r) => Object.fromEntries(t.columns.map((c) => [c, r[c] == null ? null : String(r[c])]))),
  );
}

async function both(
  profile: Profile,
  files: { accounts: string; deals: string; subscriptions?: string },
  o: { asOf: string; key?: string; capacityPerMonth?: number; icpTiers?: string[] },
) {
  const accounts = await loadTable(files.accounts, { entity: "accounts" });
  const deals = await loadTable(files.deals, { entity: "deals" });
  const subscriptions = files.subscriptions
    ? await loadTable(files.subscriptions, { entity: "subscriptions" })
    : undefined;
  const fileReport = validate(
    buildValidationData({
      profile,
      asOf: o.asOf,
      accounts,
      deals,
      ...(subscriptions ? { subscriptions } : {}),
      ...(o.icpTiers ? { icpTiers: o.icpTiers } : {}),
    }),
    o.capacityPerMonth ? { capacityPerMonth: o.capacityPerMonth } : {},
  );
  await loadAll(accounts, S("accounts"));
  await loadAll(deals, S("deals"));
  if (subscriptions) await loadAll(subscriptions, S("subs"));
  const dbReport = await validateInPostgres(pg!, {
    profile,
    asOf: o.asOf,
    accounts: S("accounts"),
    deals: S("deals"),
    ...(subscriptions ? { subscriptions: S("subs") } : {}),
    ...(o.key ? { key: o.key } : {}),
    ...(o.capacityPerMonth ? { capacityPerMonth: o.capacityPerMonth } : {}),
    ...(o.icpTiers ? { icpTiers: o.icpTiers } : {}),
  });
  return { fileReport, dbReport };
}

describe("PostgreSQL: validate in the database", { skip }, () => {
  const dir = tmp("icp-vpg-");
  before(async () => {
    await pg!.client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(SCHEMA)} CASCADE`);
    await pg!.client.query(`CREATE SCHEMA ${quoteIdent(SCHEMA)}`);
  });
  after(async () => {
    await pg?.client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(SCHEMA)} CASCADE`);
    await pg?.close();
  });

  test("messy generated deals: every figure, link count and unreadable value equals file validation", async () => {
    const rows = generatedRows(1200, 7);
    // Two accounts share a name: deals naming it link to neither (ambiguous), in both modes.
    rows[5]!.name = rows[6]!.name ?? null;
    const cols = Object.keys(rows[0]!);
    const csv = (header: string[], body: Array<Array<string | null>>) =>
      csvText(
        header,
        body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? null]))),
      );
    const acc = join(dir, "accounts.csv");
    writeFileSync(
      acc,
      csv(
        cols,
        rows.map((r) => cols.map((c) => r[c] ?? null)),
      ),
    );
    const stages = ["Closed Won", "won", "Closed Lost", "lost", "Negotiation", "?", "Closed - Won"];
    const amounts = ["12000", "$5,400", "€3.2k", "n/a", "", "7,5", "1e3"];
    const deals: Array<Array<string | null>> = [];
    let k = 0;
    for (let i = 0; i < 3000; i++) {
      const a = rows[(i * 7919) % rows.length]!;
      const way = i % 7;
      const account = way === 0 || way === 1 ? a.id : way === 2 ? a.name : way === 3 ? "Nobody Inc" : null;
      const domain = way === 4 ? `https://www.${a.domain}/about` : way === 5 ? "gmail.com" : null;
      const day = 1 + ((i * 13) % 27);
      const month = 1 + ((i * 5) % 12);
      const created = `2024-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
      const closed =
        i % 11 === 0
          ? "2024-13-45"
          : `2025-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
      deals.push([
        `D${++k}`,
        account ?? null,
        domain,
        stages[i % stages.length]!,
        amounts[(i * 3) % amounts.length]!,
        created,
        i % 17 === 0 ? null : closed,
      ]);
    }
    const dl = join(dir, "deals.csv");
    writeFileSync(
      dl,
      csv(["deal_id", "account", "company domain", "stage", "amount", "created_date", "close_date"], deals),
    );
    // Subscriptions: MRR or ARR, unreadable amounts and dates, churn reasons, starts on the 31st.
    const reasons = ["price", "missing features", null, "budget"];
    const subRows: Array<Array<string | null>> = [];
    for (let i = 0; i < 900; i++) {
      const a = rows[(i * 104729) % rows.length]!;
      const start = `20${22 + (i % 3)}-${String(1 + (i % 12)).padStart(2, "0")}-${i % 5 === 0 ? "31" : "15"}`;
      const ended = i % 4 === 0;
      subRows.push([
        a.id ?? null,
        i % 6 === 0 ? null : String(100 + (i % 37) * 10),
        i % 6 === 0 ? (i % 12 === 0 ? "n/a" : "2400") : null,
        i % 29 === 0 ? "someday" : start,
        ended ? `2025-0${1 + (i % 9)}-10` : null,
        ended ? (reasons[(i / 4) % reasons.length] ?? null) : null,
      ]);
    }
    const sb = join(dir, "subs.csv");
    writeFileSync(sb, csv(["account_id", "mrr", "arr", "start_date", "end_date", "churn_reason"], subRows));
    const profile = loadProfileFile(join(ROOT, "examples", "b2b-saas.yaml"));
    const { fileReport, dbReport } = await both(
      profile,
      { accounts: acc, deals: dl, subscriptions: sb },
      { asOf: "2025-12-31", key: "id", capacityPerMonth: 20 },
    );
    near(shared(dbReport), shared(fileReport));
    // The data really is messy: every link method, unlinked rows and unreadable values occur.
    const d = dbReport.inputs.deals;
    assert.ok(
      (d.linkedBy.id ?? 0) > 0 && (d.linkedBy.domain ?? 0) > 0 && (d.linkedBy.name ?? 0) > 0,
      JSON.stringify(d.linkedBy),
    );
    assert.ok(d.unlinked > 0);
    assert.ok(d.unreadable.amount && d.unreadable.closed, JSON.stringify(d.unreadable));
    assert.equal(dbReport.computedIn, "postgres");
    assert.equal(dbReport.drift, undefined);
    assert.ok(dbReport.gains.capacity, "capacity cut computed");
    const all = dbReport.groups.find((g) => g.group === "all");
    assert.ok(all?.retention && all.retention.eligible > 100, "retention computed");
    assert.ok((all?.churnReasons?.length ?? 0) >= 3, "churn reasons counted");
  });

  test("Maven CRM: the same groups, comparisons and verdict as from the files", {
    skip: !HAS_SHARED && "../shared/data is absent",
  }, async () => {
    const base = join(SHARED_DATA, "maven-crm");
    const profile = loadProfileFile(join(ROOT, "examples", "maven-crm.yaml"));
    const { fileReport, dbReport } = await both(
      profile,
      { accounts: join(base, "accounts.csv"), deals: join(base, "sales_pipeline.csv") },
      { asOf: "2017-12-31" },
    );
    near(shared(dbReport), shared(fileReport));
    assert.equal(dbReport.inputs.deals.unlinked, 1425);
    assert.notEqual(dbReport.verdict.status, "validated");
  });

  test("RavenStack: retention, NRR and churn reasons per group equal file validation", {
    skip: !HAS_SHARED && "../shared/data is absent",
  }, async () => {
    const base = join(SHARED_DATA, "ravenstack-saas");
    const subs = join(base, "ravenstack_subscriptions.csv");
    const profile = profileOf(
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
    const { fileReport, dbReport } = await both(
      profile,
      { accounts: join(base, "ravenstack_accounts.csv"), deals: subs, subscriptions: subs },
      { asOf: "2024-12-31" },
    );
    near(shared(dbReport), shared(fileReport));
    const inIcp = dbReport.groups.find((g) => g.group === "in ICP");
    assert.ok(inIcp?.retention && inIcp.retention.eligible > 0 && inIcp.retention.nrr !== null);
  });

  test("CLI: icp validate --db prints the report; file-only options and missing tables are clear errors", async () => {
    const rows = generatedRows(300, 3);
    await loadTextTable(pg!, S("cli_accounts"), Object.keys(rows[0]!), rows);
    await loadTextTable(
      pg!,
      S("cli_deals"),
      ["account", "stage", "amount"],
      rows.map((r, i) => ({ account: r.id ?? null, stage: i % 3 ? "won" : "lost", amount: "1000" })),
    );
    const p = join(ROOT, "examples", "professional-services.yaml");
    const base = [
      "validate",
      "-p",
      p,
      "--db",
      PG_URL,
      "--accounts",
      S("cli_accounts"),
      "--deals",
      S("cli_deals"),
      "--as-of",
      "2026-01-01",
    ];
    const ok = icp([...base, "--key", "id", "--json"]);
    assert.equal(ok.code, 0, ok.stderr);
    const r = JSON.parse(ok.stdout) as ValidationReport;
    assert.equal(r.inputs.deals.linked, 300);
    assert.equal(r.groups.find((g) => g.group === "all")?.deals.won, 200);
    const text = icp([...base, "--key", "id"]);
    assert.match(text.stdout, /drift: not computed in postgres/);
    const churn = icp([...base, "--churn", "x.csv"]);
    assert.equal(churn.code, 2);
    assert.match(churn.stderr, /--churn is not available with --db/);
    const missing = icp([
      "validate",
      "-p",
      p,
      "--db",
      PG_URL,
      "--accounts",
      S("nope"),
      "--deals",
      S("cli_deals"),
    ]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no table or view/);
    const noKey = icp(base);
    assert.equal(noKey.code, 1, "capacity tiers need --key");
    assert.match(noKey.stderr, /--key/);
  });
});

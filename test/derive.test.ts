/**
 * Derived fields from related tables — trigger events, job postings, contacts — computed per
 * account and then scored like any column: the values (windows, types, functions, personas), the
 * profile checks, every engine giving the same bytes, and YC's real job postings against SQL.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import { deriveColumns } from "../src/data/derive.js";
import { loadTable } from "../src/data/load.js";
import { checkProfileText } from "../src/profile/check.js";
import { HAS_SHARED, icp, profileOf, SHARED_DATA, tmp } from "./helpers.js";

const dir = tmp("icp-derive-");
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const ACCOUNTS = file(
  "accounts.csv",
  "id,name,domain,employees\nA1,Acme,acme.com,120\nA2,Beta,beta.io,40\nA3,Gamma,gamma.dev,300\n",
);
const EVENTS = file(
  "events.csv",
  [
    "account id,event type,event date,title",
    "A1,Funding Round,2026-06-01,",
    "A1,funding round,2026-10-01,",
    "A1,Funding round,2026-12-31,", // after as-of: not yet happened
    "A2,Leadership Change,2026-11-01,",
    ",Funding Round,2026-11-20,", // no account: not linked
    "A3,Funding Round,not a date,",
  ].join("\n"),
);
const JOBS = file(
  "jobs.csv",
  [
    "company domain,title,posted at",
    "gamma.dev,VP of Sales,2026-11-20",
    "gamma.dev,Account Executive,2026-08-25", // exactly 90 days before as-of: inside the window
    "gamma.dev,Senior Software Engineer,2026-08-24", // 91 days: outside count_90d
    "acme.com,Head of Growth Marketing,2026-11-01",
  ].join("\n"),
);
const CONTACTS = file(
  "contacts.csv",
  [
    "email,job title",
    "jo@acme.com,Chief Financial Officer",
    "al@acme.com,Office Manager",
    "sam@beta.io,Software Engineer",
    "pat@gmail.com,CFO", // free mail: links to no account
  ].join("\n"),
);
const AS_OF = "2026-11-23";
const PROFILE = `name: triggers
criteria:
  - { label: Funded in 180 days, field: events.funding_round.last_date, within: { days: 180 }, missing: fail, weight: 20 }
  - { label: Funding rounds this year, field: events.funding_round.count_365d, range: { min: 1 }, weight: 5 }
  - { label: Leadership change, field: events.leadership_change.count_90d, range: { min: 1 }, weight: 5 }
  - { label: Hiring sales, field: hiring.sales.count_90d, range: { min: 2 }, weight: 10 }
  - { label: Hiring engineers, field: hiring.engineering.count_180d, range: { min: 1 }, weight: 5 }
  - { label: Economic buyer known, field: committee.economic_buyer, range: { min: 1 }, weight: 10 }
  - { label: Committee coverage, field: committee.coverage, range: { min: 0.5 }, weight: 5 }
  - { label: Decider present, field: committee.decision_maker, is: true, weight: 5 }
  - { label: Contacts, field: committee.contacts, range: { min: 1 }, weight: 1 }
personas:
  - { name: Economic buyer, functions: [finance], seniorities: [c_level, vp, head_director], role: decision_maker }
  - { name: Ops champion, functions: [operations], seniorities: [manager], include: [office manager], role: champion }
tiers:
  - { name: A, min_score: 50 }
  - { name: B }
`;

describe("derived fields", () => {
  test("events, postings and contacts become per-account values: windows, types, functions, personas", async () => {
    const accounts = await loadTable(ACCOUNTS, { entity: "accounts" });
    const d = deriveColumns(
      [profileOf(PROFILE)],
      accounts,
      {
        events: [await loadTable(EVENTS, { entity: "events" })],
        jobs: [await loadTable(JOBS, { entity: "events" })],
        contacts: await loadTable(CONTACTS, { entity: "contacts" }),
      },
      { asOf: AS_OF },
    );
    const col = (name: string) => d.values.map((r) => r[d.columns.indexOf(name)]);
    assert.deepEqual(
      col("events.funding_round.last_date"),
      ["2026-10-01", null, null],
      "latest on or before as-of",
    );
    assert.deepEqual(col("events.funding_round.count_365d"), ["2", "0", "0"]);
    assert.deepEqual(col("events.leadership_change.count_90d"), ["0", "1", "0"]);
    assert.deepEqual(
      col("hiring.sales.count_90d"),
      ["0", "0", "2"],
      "90 days back is inside the window, 91 is not",
    );
    assert.deepEqual(col("hiring.engineering.count_180d"), ["0", "0", "1"]);
    assert.deepEqual(col("committee.contacts"), ["2", "1", "0"]);
    assert.deepEqual(col("committee.economic_buyer"), ["1", "0", "0"]);
    assert.deepEqual(col("committee.coverage"), ["1", "0", "0"]);
    assert.deepEqual(col("committee.decision_maker"), ["true", "false", "false"]);
    assert.equal(d.undated, 1, "the unreadable event date is counted, not guessed");
    const [ev, jobs, contacts] = d.links.map((l) => l.report);
    assert.equal(ev?.unlinked, 1);
    assert.equal(jobs?.by.domain, 4);
    assert.equal(contacts?.linked, 3, "free mail links to no account");
  });

  test("without the related table a derived field is unknown, not zero", async () => {
    const accounts = await loadTable(ACCOUNTS, { entity: "accounts" });
    const d = deriveColumns([profileOf(PROFILE)], accounts, {}, { asOf: AS_OF });
    assert.ok(d.values.every((r) => r.every((v) => v === null)));
  });

  test("the checker knows derived fields and says what is wrong with a bad one", () => {
    const r = checkProfileText(
      `name: x
criteria:
  - { label: a, field: events.funding_round.last_date, within: { days: 90 }, weight: 5 }
  - { label: b, field: hiring.salez.count_90d, range: { min: 1 }, weight: 5 }
  - { label: c, field: events.funding.count_90, range: { min: 1 }, weight: 5 }
  - { label: d, field: committee.cfo, range: { min: 1 }, weight: 5 }
  - { label: e, field: events.funding_round.last_date, range: { min: 1 }, weight: 5 }
`,
    );
    const byLine = r.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code}`);
    assert.ok(byLine.includes("3 warning absent_event_unknown"), byLine.join("; "));
    assert.ok(byLine.includes("4 error unknown_field"), "not a job function");
    assert.ok(byLine.includes("5 error unknown_field"), "count needs a day window");
    assert.ok(byLine.includes("6 error unknown_persona"));
    assert.ok(
      r.diagnostics.some((d) => d.line === 7 && d.severity === "error"),
      "a date takes `within`, not `range`",
    );
  });

  test("icp score --events --jobs --contacts: every engine writes the same bytes, with the derived columns", () => {
    const profile = file("triggers.yaml", PROFILE);
    const accounts = file("accounts-bad.csv", `${readFileSync(ACCOUNTS, "utf8")}A4,"Delta\n`);
    const outs = ["js", "duckdb", "interpreter"].map((engine) => {
      const out = join(dir, `out-${engine}.csv`);
      const r = icp([
        "score",
        accounts,
        "-p",
        profile,
        "--events",
        EVENTS,
        "--jobs",
        JOBS,
        "--contacts",
        CONTACTS,
        "--as-of",
        AS_OF,
        "--engine",
        engine,
        "-o",
        out,
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /rows: 4 in = 3 out \+ 1 rejected/);
      assert.match(r.stderr, /linked .*jobs\.csv: 4 of 4 rows/);
      return readFileSync(out, "utf8");
    });
    assert.equal(outs[1], outs[0]);
    assert.equal(outs[2], outs[0]);
    const lines = (outs[0] ?? "").trim().split("\n");
    assert.match(lines[0] ?? "", /events\.funding_round\.last_date,.*committee\.contacts,icp_score/);
    assert.match(lines[1] ?? "", /^A1,.*Funded in 180 days \(\+20\)/);
    // icp explain computes the same fields for one account
    const ex = icp([
      "explain",
      ACCOUNTS,
      "-p",
      profile,
      "--row",
      "1",
      "--events",
      EVENTS,
      "--contacts",
      CONTACTS,
      "--as-of",
      AS_OF,
      "--json",
    ]);
    assert.equal(ex.code, 0, ex.stderr);
    const e = JSON.parse(ex.stdout) as {
      criteria: Array<{ label: string; value: unknown; outcome: string }>;
    };
    const funded = e.criteria.find((c) => c.label === "Funded in 180 days");
    assert.deepEqual([funded?.value, funded?.outcome], ["2026-10-01", "pass"]);
  });

  test("YC: every job posting with a readable age links to its company, and the counts equal SQL", {
    skip: !HAS_SHARED && "../shared/data is absent",
  }, async () => {
    const y = join(SHARED_DATA, "yc-companies");
    const companies = join(y, "yc_companies_ycradar_snapshot.csv");
    const postings = join(y, "yc_job_postings_ycradar_snapshot.csv");
    const profile = file(
      "yc.yaml",
      "name: yc\ncriteria:\n  - { label: Any posting, field: events.job_posting.count_36500d, range: { min: 1 }, weight: 1 }\n  - { label: Sales posting, field: hiring.sales.count_36500d, range: { min: 1 }, weight: 1 }\n",
    );
    const out = join(dir, "yc.csv");
    const r = icp([
      "score",
      companies,
      "-p",
      profile,
      "--jobs",
      postings,
      "--as-of",
      "2026-07-31",
      "-o",
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const db = await (await DuckDBInstance.create()).connect();
    const q = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();
    const lit = (p: string) => `'${p.replace(/'/g, "''")}'`;
    // ages as the postings write them ("3 months", "about 1 year", "1 day"): the rows counted
    const [want] = await q(`
        SELECT count(*) AS n FROM read_csv(${lit(postings)}, all_varchar = true) p
        JOIN read_csv(${lit(companies)}, all_varchar = true) c ON trim(p.company_id) = trim(c.id)
        WHERE regexp_matches(lower(trim(p.created_at)), '^(about |over |almost |nearly )?(a|an|[0-9]+)\\+?\\s+(day|week|month|year)s?( ago)?$')`);
    const [got] = await q(
      `SELECT sum(CAST("events.job_posting.count_36500d" AS INTEGER)) AS n, count(*) FILTER (WHERE CAST("hiring.sales.count_36500d" AS INTEGER) > 0) AS sales FROM read_csv(${lit(out)}, all_varchar = true)`,
    );
    assert.equal(Number(got?.["n"]), Number(want?.["n"]));
    assert.ok(Number(want?.["n"]) > 3000, "most postings carry an age");
    assert.ok(Number(got?.["sales"]) > 100, "companies hiring for sales are found");
  });
});

/** Linking tables to accounts, and folding duplicate accounts. */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { dedupeAccounts } from "../src/data/dedupe.js";
import { AccountIndex, linkTable } from "../src/data/link.js";
import { loadTable } from "../src/data/load.js";
import { DuckDbEngine } from "../src/engine/duckdb.js";
import { icp, SHARED_DATA, SHARED_SKIP, tmp } from "./helpers.js";

const dir = tmp();
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const ACCOUNTS = write(
  "accounts.csv",
  [
    "Account ID,Account Name,Website,Billing Country",
    "A1,Acme Inc.,https://www.acme.com/about,US",
    "A2,Globex GmbH,globex.de,Germany",
    "A3,Initech,,UK",
    "A4,Initech,,US", // same name, other country: a different company
    "A5,Umbrella Corp,umbrella.co.uk,GB",
  ].join("\n"),
);

describe("linking to accounts", () => {
  test("by id, else domain (website or e-mail), else normalised name; every row says how or why not", async () => {
    const accounts = await loadTable(ACCOUNTS);
    const contacts = await loadTable(
      write(
        "contacts.csv",
        [
          "Email,Job Title,Company Name,Account ID",
          "jo@acme.com,CFO,,A2", // the id wins over the e-mail domain
          "al@mail.acme.com,CTO,,", // a sub-domain of acme.com
          "bo@gmail.com,VP Sales,The Umbrella Corporation,", // free mail → falls back to the name
          "cy@gmail.com,CEO,Nobody Ltd,", // free mail, unknown name
          "di@initech.com,COO,Initech,", // name on two accounts: ambiguous, not guessed
          ",,,", // nothing to link by
          "ed@other.org,CMO,Globex,",
        ].join("\n"),
      ),
      { entity: "contacts" },
    );
    const { links, report } = linkTable(new AccountIndex(accounts), contacts);
    assert.equal(links.length, 7);
    assert.deepEqual(
      links.map((l) => [l.account, l.by]),
      [
        [1, "id"],
        [0, "domain"],
        [4, "name"],
        [null, null],
        [null, null],
        [null, null],
        [1, "name"],
      ],
    );
    assert.match(links[3]?.reason ?? "", /gmail\.com is free mail.*"Nobody Ltd" matches no account/);
    assert.match(links[4]?.reason ?? "", /"Initech" matches 2 accounts/);
    assert.match(links[5]?.reason ?? "", /no account reference/);
    assert.deepEqual(report.by, { id: 1, domain: 1, name: 2 });
    assert.equal(report.linked + report.unlinked, report.rows);
    assert.equal(
      report.reasons.reduce((s, r) => s + r.count, 0),
      report.unlinked,
    );
  });

  test("an account reference that is a name (Maven's `account`) links by name", async () => {
    const accounts = await loadTable(write("a2.csv", "account,sector\nAcme,software\nHottechi,tech\n"));
    const deals = await loadTable(
      write("d2.csv", "opportunity_id,account,deal_stage,close_value\nD1,hottechi,Won,10\n"),
    );
    const { links } = linkTable(new AccountIndex(accounts), deals);
    assert.deepEqual([links[0]?.account, links[0]?.by], [1, "name"]);
  });
});

describe("deduplicating accounts", () => {
  const file = write(
    "dups.csv",
    [
      "id,name,domain,country,employees,industry",
      "1,Acme Inc,acme.com,US,,",
      "2,ACME,www.acme.com,US,120,Software", // same domain as 1
      "3,Acme Incorporated,,US,,Software Development", // same name as 1 and 2
      "4,Initech,initech.com,US,50,",
      "5,Initech,initech.co.uk,GB,60,", // same name, other domain and country: kept apart
      "6,Globex,,,7,",
    ].join("\n"),
  );

  test("keep first, keep most complete, merge: groups, kept rows, rows conserved", async () => {
    const t = await loadTable(file, { entity: "accounts" });
    const first = dedupeAccounts(t, "first");
    assert.equal(first.groups.length, 1);
    assert.deepEqual(first.groups[0]?.rows, [1, 2, 3]);
    assert.equal(first.groups[0]?.kept, 1);
    assert.deepEqual(first.groups[0]?.matchedBy, ["domain acme.com", 'name "acme"']);
    assert.equal(first.rows.length + first.removed, first.rowsIn);
    assert.deepEqual(
      first.rows.map((r) => r.id),
      ["1", "4", "5", "6"],
    );

    const complete = dedupeAccounts(t, "complete");
    assert.equal(complete.groups[0]?.kept, 2);
    assert.equal(complete.rows[0]?.id, "2");

    const merged = dedupeAccounts(t, "merge");
    assert.equal(merged.rows[0]?.id, "2");
    assert.equal(merged.rows[0]?.employees, "120");
    assert.deepEqual(merged.groups[0]?.conflicts.industry, ["Software", "Software Development"]);
  });

  test("by domain only", async () => {
    const t = await loadTable(file, { entity: "accounts" });
    const r = dedupeAccounts(t, "first", ["domain"]);
    assert.deepEqual(r.groups[0]?.rows, [1, 2]);
    assert.equal(r.rows.length, 5);
  });

  test("icp dedupe writes the accounts and a report whose rows add up", () => {
    const out = join(dir, "dedup-out.csv");
    const rep = join(dir, "dedup-report.csv");
    const r = icp(["dedupe", file, "-o", out, "--report", rep, "--keep", "merge"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /6 rows in = 4 accounts \+ 2 duplicates folded \(keep merge\) \+ 0 rejected/);
    const kept = readFileSync(out, "utf8").trim().split("\n");
    assert.equal(kept.length, 1 + 4);
    assert.equal(kept[1], "2,ACME,www.acme.com,US,120,Software");
    const folded = readFileSync(rep, "utf8").trim().split("\n").slice(1);
    assert.deepEqual(
      folded.map((l) => l.split(",").slice(0, 2)),
      [
        ["1", "2"],
        ["3", "2"],
      ],
    );
  });

  test("icp link writes every row with its account and prints the report", () => {
    const contacts = write("c3.csv", "email,title\nx@acme.com,CFO\ny@gmail.com,CEO\n");
    const out = join(dir, "linked.csv");
    const r = icp(["link", contacts, "--accounts", ACCOUNTS, "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 of 2 rows linked to an account \(50\.0%\): by id 0, by domain 1, by name 0/);
    assert.match(r.stdout, /1 × e-mail domain … is free mail/);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    assert.equal(
      lines[0],
      "email,title,icp_account_row,icp_account_id,icp_account_name,icp_linked_by,icp_link_problem",
    );
    assert.equal(lines[1], "x@acme.com,CFO,1,A1,Acme Inc.,domain,");
    assert.match(lines[2] ?? "", /^y@gmail\.com,CEO,,,,,e-mail domain gmail\.com is free mail$/);
  });
});

describe("linking the shared CRM data", { skip: SHARED_SKIP }, () => {
  let duck: DuckDbEngine;
  before(async () => {
    duck = await DuckDbEngine.open({ threads: 1 });
  });
  after(() => duck.close());
  const count = async (sql: string) => Number((await duck.conn.runAndReadAll(sql)).getRows()[0]?.[0]);

  test("Maven deals link to accounts by name exactly as an SQL join on the name does", async () => {
    const a = join(SHARED_DATA, "maven-crm/accounts.csv");
    const d = join(SHARED_DATA, "maven-crm/sales_pipeline.csv");
    const { report } = linkTable(new AccountIndex(await loadTable(a)), await loadTable(d));
    const joined = await count(
      `SELECT count(*) FROM read_csv('${d}', all_varchar = true) p JOIN read_csv('${a}', all_varchar = true) a ON lower(trim(p.account)) = lower(trim(a.account))`,
    );
    const empty = await count(
      `SELECT count(*) FROM read_csv('${d}', all_varchar = true) WHERE account IS NULL OR trim(account) = ''`,
    );
    assert.equal(report.by.name, joined);
    assert.equal(report.unlinked, empty);
    assert.equal(
      report.reasons[0]?.reason,
      "no account reference (account, company, domain and e-mail are empty)",
    );
  });

  test("RavenStack subscriptions and churn events link by account id, as the SQL join does", async () => {
    const a = join(SHARED_DATA, "ravenstack-saas/ravenstack_accounts.csv");
    const index = new AccountIndex(await loadTable(a));
    for (const f of ["ravenstack_subscriptions.csv", "ravenstack_churn_events.csv"]) {
      const p = join(SHARED_DATA, "ravenstack-saas", f);
      const { report } = linkTable(index, await loadTable(p));
      const joined = await count(
        `SELECT count(*) FROM read_csv('${p}', all_varchar = true) s JOIN read_csv('${a}', all_varchar = true) a USING (account_id)`,
      );
      assert.equal(report.by.id, joined, f);
      assert.equal(report.linked, report.rows, f);
    }
  });
});

/** Personas in a profile and `icp personas`: contacts → function, seniority, personas, accounts. */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { checkProfileText } from "../src/profile/check.js";
import { icp, tmp } from "./helpers.js";

const CONTACTS = `Account ID,Name,Title,Email,Company
A1,Ann,Chief Financial Officer,ann@acme.com,Acme
A1,Bob,Office Manager,bob@acme.com,Acme
,Cid,Executive Assistant to the CFO,cid@globex.io,Globex
,Dee,Directeur financier,dee@globex.io,Globex
,Eve,IT Manager,eve@gmail.com,Initech
,Fay,Senior Software Engineer II (Remote),,
`;

describe("personas in a profile", () => {
  test("a persona needs functions, seniorities or include keywords", () => {
    const r = checkProfileText(
      "name: x\ncriteria:\n  - { label: a, field: business_model, in: [x], weight: 1 }\npersonas:\n  - { name: Nobody }\n",
    );
    assert.equal(r.diagnostics[0]?.code, "empty_persona");
  });
  test("unknown functions are reported with the allowed ones", () => {
    const r = checkProfileText(
      "name: x\ncriteria:\n  - { label: a, field: business_model, in: [x], weight: 1 }\npersonas:\n  - { name: P, functions: [finanse] }\n",
    );
    assert.equal(r.diagnostics[0]?.code, "invalid_value");
    assert.match(r.diagnostics[0]!.expected!, /"finance"/);
  });
});

describe("icp personas", () => {
  const dir = tmp();
  const file = join(dir, "contacts.csv");
  writeFileSync(file, CONTACTS);

  test("--json: one object per input row, in input order, with function, seniority, personas and account", () => {
    const r = icp(["personas", file, "-p", "examples/professional-services.yaml", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      out.map((o) => o["Name"]),
      ["Ann", "Bob", "Cid", "Dee", "Eve", "Fay"],
    );
    assert.deepEqual(
      out.map((o) => [o["function"], o["seniority"]]),
      [
        ["finance", "c_level"],
        ["operations", "manager"],
        ["operations", "ic"],
        ["finance", "head_director"],
        ["it_security", "manager"],
        ["engineering", "senior_ic"],
      ],
    );
    assert.deepEqual(out[0]!["personas"], ["Economic buyer"]);
    assert.deepEqual(out[1]!["personas"], ["Operations champion"]);
    assert.deepEqual(out[2]!["personas"], [], "an assistant to the CFO is not the buyer");
    assert.deepEqual(
      out.map((o) => o["account"]),
      ["id:a1", "id:a1", "domain:globex.io", "domain:globex.io", "name:initech", null],
    );
  });

  test("--committee writes each account's present and missing personas", () => {
    const committee = join(dir, "committee.csv");
    const r = icp([
      "personas",
      file,
      "-p",
      "examples/professional-services.yaml",
      "-o",
      join(dir, "c.csv"),
      "--committee",
      committee,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = readFileSync(committee, "utf8").trim().split("\n");
    assert.equal(lines[0], "account,contacts,coverage,has_decision_maker,present,missing");
    assert.equal(lines[1], "id:a1,2,0.67,true,Economic buyer;Operations champion,IT gatekeeper");
    assert.equal(lines[2], "domain:globex.io,2,0.33,true,Economic buyer,Operations champion;IT gatekeeper");
    assert.match(
      r.stderr,
      /accounts: 3 \(2 contacts linked by account id, 2 by email domain, 1 by company name, 1 unlinked\)/,
    );
    const csv = readFileSync(join(dir, "c.csv"), "utf8");
    assert.match(
      csv.split("\n")[0]!,
      /,contact_function,contact_functions,contact_seniority,contact_personas,contact_account$/,
    );
  });

  test("icp explain --contacts shows the account's contacts and its missing personas", () => {
    const accounts = join(dir, "accounts.csv");
    writeFileSync(
      accounts,
      "id,name,domain,industry,employees\nA1,Acme,acme.com,accounting,120\nB2,Globex,globex.io,law practice,80\n",
    );
    const r = icp([
      "explain",
      accounts,
      "-p",
      "examples/professional-services.yaml",
      "--domain",
      "globex.io",
      "--contacts",
      file,
      "--as-of",
      "2026-11-23",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout).committee;
    assert.deepEqual(
      c.contacts.map((x: { title: string }) => x.title),
      ["Executive Assistant to the CFO", "Directeur financier"],
    );
    assert.deepEqual(c.present, ["Economic buyer"]);
    assert.deepEqual(
      c.missing.map((m: { name: string }) => m.name),
      ["Operations champion", "IT gatekeeper"],
    );
    const text = icp([
      "explain",
      accounts,
      "-p",
      "examples/professional-services.yaml",
      "--id",
      "A1",
      "--contacts",
      file,
      "--as-of",
      "2026-11-23",
    ]);
    assert.match(text.stdout, /missing: IT gatekeeper \(blocker\)/);
  });

  test("a file without a title column is an error naming the file", () => {
    const f = join(dir, "no-title.csv");
    writeFileSync(f, "name,email\nA,a@b.com\n");
    const r = icp(["personas", f]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no title column in .*no-title\.csv/);
  });
});

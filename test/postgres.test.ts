/**
 * Scoring inside a real PostgreSQL server (`icp score --db`): the example profiles give the
 * interpreter's results row for row and the file engines' funnel; views, typed columns, hostile
 * names and values, and the errors a user meets. Needs a server (scripts/pg-test-server.sh; CI
 * starts one).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { assignCapacityTiers, interpretRow } from "../src/engine/interpreter.js";
import { COMPANY_COLUMNS } from "../src/generate/companies.js";
import { lower } from "../src/ir/lower.js";
import { loadProfileFile } from "../src/profile/check.js";
import { scoreTable } from "../src/score/run.js";
import { quoteIdent } from "../src/sql/escape.js";
import { generatedRows, icp, profileOf, ROOT, TEST_AS_OF, tmp } from "./helpers.js";
import { loadTextTable, openTestPg, PG_URL } from "./pg.js";

const { pg, skip } = await openTestPg();
const SCHEMA = `icp_test_${process.pid}`;
const S = (t: string) => `${SCHEMA}.${t}`;
const q = (t: string) => `${quoteIdent(SCHEMA)}.${quoteIdent(t)}`;

/** Create `table` with a bigint row_no and text columns, holding `rows`. */
const load = (
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<Record<string, string | null>>,
) => loadTextTable(pg!, S(table), columns, rows, { rowNo: true });

describe("PostgreSQL: scoring in the database", { skip }, () => {
  const rows = generatedRows(1500, 42);
  before(async () => {
    await pg!.client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(SCHEMA)} CASCADE`);
    await pg!.client.query(`CREATE SCHEMA ${quoteIdent(SCHEMA)}`);
    await load("accounts", COMPANY_COLUMNS, rows);
  });
  after(async () => {
    await pg?.client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(SCHEMA)} CASCADE`);
    await pg?.close();
  });

  for (const name of ["b2b-saas", "professional-services"]) {
    test(`${name}: every row equals the interpreter (tiers by capacity ranked by --key)`, async () => {
      const profile = loadProfileFile(join(ROOT, "examples", `${name}.yaml`));
      const r = await scoreTable({
        url: PG_URL,
        table: S("accounts"),
        into: S(`scored_${name.replace("-", "_")}`),
        key: "row_no",
        profiles: [profile],
        asOf: TEST_AS_OF,
      });
      assert.equal(r.rowsOut, rows.length);
      const got = await pg!.client.query(
        `SELECT icp_score, icp_tier, icp_state, icp_reasons, icp_profile_hash FROM ${r.relation} ORDER BY row_no`,
      );
      const ir = lower(profile, { asOf: TEST_AS_OF, columns: ["row_no", ...COMPANY_COLUMNS] });
      const expected = rows.map((row) => interpretRow(ir, row));
      const tiers = ir.capacity
        ? assignCapacityTiers(
            ir,
            expected.map((e) => e.tenths),
          )
        : expected.map((e) => e.tier);
      assert.deepEqual(
        got.rows.map((o) => ({
          tenths: o.icp_score === null ? null : Math.round(Number(o.icp_score) * 10),
          tier: o.icp_tier,
          state: o.icp_state,
          reasons: o.icp_reasons ?? "",
        })),
        expected.map((e, i) => ({
          tenths: e.tenths,
          tier: tiers[i] ?? null,
          state: e.state,
          reasons: e.reasons,
        })),
      );
      assert.ok(got.rows.every((o) => o.icp_profile_hash === ir.profile.hash));
    });
  }

  test("the CLI's funnel from Postgres equals the file engine's on the same rows", () => {
    const dir = tmp();
    const csv = join(dir, "a.csv");
    const gen = icp(["generate", "companies", "--rows", "1500", "--seed", "42", "-o", csv]);
    assert.equal(gen.code, 0, gen.stderr);
    const file = icp([
      "score",
      csv,
      "-p",
      "examples/b2b-saas.yaml",
      "--as-of",
      TEST_AS_OF,
      "-o",
      join(dir, "o.csv"),
      "--json",
    ]);
    assert.equal(file.code, 0, file.stderr);
    const db = icp([
      "score",
      "--db",
      PG_URL,
      "--table",
      S("accounts"),
      "--into",
      S("scored_cli"),
      "-p",
      "examples/b2b-saas.yaml",
      "--as-of",
      TEST_AS_OF,
      "--json",
    ]);
    assert.equal(db.code, 0, db.stderr);
    const a = JSON.parse(file.stdout);
    const b = JSON.parse(db.stdout);
    assert.equal(b.engine, "postgres");
    assert.deepEqual(b.funnels, a.funnels);
  });

  test("--view writes a stamped view; a re-run replaces it; the comment names the profile version", async () => {
    const args = [
      "score",
      "--db",
      PG_URL,
      "--table",
      S("accounts"),
      "--into",
      S("scored_view"),
      "-p",
      "examples/b2b-saas.yaml",
      "--as-of",
      TEST_AS_OF,
    ];
    for (let i = 0; i < 2; i++) {
      const r = icp([...args, "--view"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /wrote view/);
    }
    const kind = await pg!.client.query(
      "SELECT relkind, obj_description(oid, 'pg_class') AS c FROM pg_class WHERE oid = to_regclass($1)",
      [q("scored_view")],
    );
    assert.equal(kind.rows[0]?.relkind, "v");
    assert.match(
      kind.rows[0]?.c,
      /^icpkit score: B2B SaaS mid-market v1\.0\.0 \([0-9a-f]{12}\); as of 2026-11-23/,
    );
    // The view follows the table: a new row is scored without re-running.
    await pg!.client.query(
      `INSERT INTO ${q("accounts")} (row_no, employees, industry) VALUES (999999, '10', 'Software')`,
    );
    const v = await pg!.client.query(
      `SELECT icp_state, icp_reasons FROM ${q("scored_view")} WHERE row_no = 999999`,
    );
    assert.equal(v.rows[0]?.icp_state, "disqualified");
    await pg!.client.query(`DELETE FROM ${q("accounts")} WHERE row_no = 999999`);
    // Back to a table: the view is replaced.
    const t = icp(args);
    assert.equal(t.code, 0, t.stderr);
    const k2 = await pg!.client.query("SELECT relkind FROM pg_class WHERE oid = to_regclass($1)", [
      q("scored_view"),
    ]);
    assert.equal(k2.rows[0]?.relkind, "r");
  });

  test("typed columns (integer, date, boolean) score as their text does", async () => {
    const c = pg!.client;
    await c.query(`DROP TABLE IF EXISTS ${q("typed")}`);
    await c.query(`CREATE TABLE ${q("typed")} (id int, employees int, founded date, public boolean)`);
    await c.query(
      `INSERT INTO ${q("typed")} VALUES (1, 250, '2021-06-01', true), (2, 5, '1990-01-01', false), (3, NULL, NULL, NULL)`,
    );
    const profile = profileOf(`name: typed
fields:
  founded: { type: date }
  public: { type: boolean }
criteria:
  - { label: Mid-size, field: employees, range: { min: 50, max: 1000 }, weight: 10 }
  - { label: Young, field: founded, within: { years: 10 }, weight: 5 }
  - { label: Public, field: public, is: true, weight: 5 }
`);
    const r = await scoreTable({
      url: PG_URL,
      table: S("typed"),
      into: S("typed_scored"),
      profiles: [profile],
      asOf: TEST_AS_OF,
    });
    const got = await c.query(`SELECT icp_score, icp_state FROM ${r.relation} ORDER BY id`);
    const ir = lower(profile, { asOf: TEST_AS_OF, columns: ["id", "employees", "founded", "public"] });
    const texts = [
      { employees: "250", founded: "2021-06-01", public: "true" },
      { employees: "5", founded: "1990-01-01", public: "false" },
      { employees: null, founded: null, public: null },
    ];
    assert.deepEqual(
      got.rows.map((o) => [o.icp_state, o.icp_score === null ? null : Number(o.icp_score)]),
      texts.map((t) => {
        const e = interpretRow(ir, t);
        return [e.state, e.tenths === null ? null : e.tenths / 10];
      }),
    );
  });

  test("hostile column names and values stay data; the source table is untouched", async () => {
    const COL = `we"ird; DROP TABLE accounts;--col`;
    const NASTY = ["it's", "O'Brien'; DROP TABLE x; --", "back\\slash\\", "/* c */", "a;b", "line\nbreak"];
    await load(
      "hostile",
      [COL, "description"],
      [...NASTY, null].map((v, i) => ({ [COL]: v, description: NASTY[(i + 2) % NASTY.length]! })),
    );
    const profile = profileOf(`name: hostile
fields:
  weird: { type: category, column: ${JSON.stringify(COL)} }
criteria:
  - { label: ${JSON.stringify("It's ; -- label")}, field: weird, in: ${JSON.stringify(NASTY)}, weight: 10 }
  - { label: Note, field: description, contains: ${JSON.stringify(NASTY)}, weight: 5 }
  - { label: Pattern, field: description, matches: "'|;|--", weight: 5 }
`);
    const r = await scoreTable({
      url: PG_URL,
      table: S("hostile"),
      into: S("hostile_scored"),
      profiles: [profile],
      asOf: TEST_AS_OF,
    });
    assert.equal(r.rowsOut, NASTY.length + 1);
    const got = await pg!.client.query(
      `SELECT ${quoteIdent(COL)} AS v, icp_state, icp_reasons FROM ${r.relation} ORDER BY row_no`,
    );
    const ir = lower(profile, { asOf: TEST_AS_OF, columns: ["row_no", COL, "description"] });
    got.rows.forEach((o, i) => {
      const e = interpretRow(ir, { [COL]: o.v, description: NASTY[(i + 2) % NASTY.length]! });
      assert.equal(o.icp_reasons ?? "", e.reasons);
    });
    const n = await pg!.client.query(`SELECT count(*)::int AS n FROM ${q("accounts")}`);
    assert.equal(n.rows[0]?.n, rows.length);
  });

  test("clear errors: missing table, capacity without --key, a scored table, --into = --table", () => {
    const base = ["score", "--db", PG_URL, "--as-of", TEST_AS_OF];
    const missing = icp([...base, "-p", "examples/b2b-saas.yaml", "--table", S("nope"), "--into", S("x")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no table or view "icp_test_\d+"\."nope"/);
    const cap = icp([
      ...base,
      "-p",
      "examples/professional-services.yaml",
      "--table",
      S("accounts"),
      "--into",
      S("x"),
    ]);
    assert.equal(cap.code, 1);
    assert.match(cap.stderr, /capacity tiers .* --key/);
    const again = icp([
      ...base,
      "-p",
      "examples/b2b-saas.yaml",
      "--table",
      S("scored_cli"),
      "--into",
      S("x"),
    ]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already has column\(s\) icp_score/);
    const same = icp([
      ...base,
      "-p",
      "examples/b2b-saas.yaml",
      "--table",
      S("accounts"),
      "--into",
      S("accounts"),
    ]);
    assert.equal(same.code, 1);
    assert.match(same.stderr, /--into names the scored table itself/);
    const bad = icp([
      "score",
      "--db",
      "postgres://nobody@127.0.0.1:1/none",
      "-p",
      "examples/b2b-saas.yaml",
      "--table",
      "a",
      "--into",
      "b",
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /cannot connect to PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
  });
});

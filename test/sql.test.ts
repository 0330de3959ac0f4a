/**
 * The SQL compiler: golden files per example and dialect (the SQL a user sees with `icp compile`),
 * each DuckDB golden query run on a real engine, and values that try to break out of SQL.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { generateJs } from "../src/engine/compile-js.js";
import { DuckDbEngine } from "../src/engine/duckdb.js";
import { interpretRow } from "../src/engine/interpreter.js";
import { COMPANY_COLUMNS, CompanyGenerator } from "../src/generate/companies.js";
import { lower } from "../src/ir/lower.js";
import { loadProfileFile } from "../src/profile/check.js";
import { compileSql } from "../src/sql/compile.js";
import { quoteIdent, quoteLiteral } from "../src/sql/escape.js";
import { golden, profileOf, ROOT } from "./helpers.js";

const AS_OF = "2026-11-23";
const _GOLDEN = join(ROOT, "test/golden");
const PDL_COLUMNS = [
  "",
  "name",
  "domain",
  "year founded",
  "industry",
  "size range",
  "locality",
  "country",
  "linkedin url",
  "current employee estimate",
  "total employee estimate",
];
const EXAMPLES: Array<[string, readonly string[]]> = [
  ["b2b-saas", COMPANY_COLUMNS],
  ["professional-services", COMPANY_COLUMNS],
  ["pdl-enterprise", PDL_COLUMNS],
];

let duck: DuckDbEngine;
before(async () => {
  duck = await DuckDbEngine.open({ threads: 2 });
});
after(() => duck.close());

describe("golden compiled output of the examples", () => {
  for (const [name, columns] of EXAMPLES) {
    const ir = lower(loadProfileFile(join(ROOT, "examples", `${name}.yaml`)), { asOf: AS_OF, columns });
    const capacity = ir.capacity ? { rowColumn: "row_number", ordered: true } : {};
    test(`${name}: JavaScript`, () => golden(`${name}.js`, generateJs(ir)));
    test(`${name}: DuckDB SQL`, () =>
      golden(
        `${name}.duckdb.sql`,
        `${compileSql([ir], { dialect: "duckdb", mode: "inline", source: '"accounts"', columns, ...capacity }).sql};\n`,
      ));
    test(`${name}: PostgreSQL SQL with parameters`, () => {
      const c = compileSql([ir], {
        dialect: "postgres",
        mode: "params",
        source: '"accounts"',
        columns,
        ...capacity,
      });
      golden(`${name}.postgres.sql`, `${c.sql};\n-- parameters: ${JSON.stringify(c.params)}\n`);
    });
  }

  test("the DuckDB golden SQL of each generated-data example runs and equals the interpreter", async () => {
    const gen = new CompanyGenerator({ rows: 400, seed: 11 });
    const rows = Array.from({ length: 400 }, () =>
      Object.fromEntries(gen.next().map((v, i) => [COMPANY_COLUMNS[i]!, v])),
    );
    for (const name of ["b2b-saas", "professional-services"]) {
      const ir = lower(loadProfileFile(join(ROOT, "examples", `${name}.yaml`)), {
        asOf: AS_OF,
        columns: COMPANY_COLUMNS,
      });
      const [sql] = await duck.scoreRows([ir], COMPANY_COLUMNS, rows);
      const expected = rows.map((r) => interpretRow(ir, r));
      if (!ir.capacity) assert.deepEqual(sql, expected, name);
      else
        assert.deepEqual(
          sql!.map((r) => ({ ...r, tier: null })),
          expected,
          name,
        );
    }
  });
});

describe("values never become SQL", () => {
  const NASTY = [
    "it's",
    "O'Brien'; DROP TABLE accounts; --",
    "back\\slash\\",
    "/* comment */",
    "a;b",
    '"quoted"',
    "-- tail",
  ];
  const COLUMN = `we"ird; DROP TABLE accounts;--col`;
  const yaml = `name: injection
fields:
  weird: { type: category, column: ${JSON.stringify(COLUMN)} }
criteria:
  - { label: ${JSON.stringify(`Label with ' and "; DROP`)}, field: weird, in: ${JSON.stringify(NASTY)}, weight: 10 }
  - { label: Note, field: description, contains: ${JSON.stringify(NASTY)}, weight: 5 }
  - { label: Pattern, field: description, matches: "'|;|--", weight: 5 }
`;
  const ir = lower(profileOf(yaml), { asOf: AS_OF, columns: [COLUMN, "description"] });
  const rows = [...NASTY, "plain", null].map((v, i) => ({
    [COLUMN]: v,
    description: NASTY[(i + 3) % NASTY.length]!,
  }));

  test("in parameter mode no value appears in the SQL text", () => {
    const c = compileSql([ir], { source: '"accounts"', columns: [COLUMN, "description"] });
    for (const v of NASTY) assert.ok(!c.sql.includes(v), `value ${v} is not in the SQL`);
    assert.ok(c.params.includes("o'brien'; drop table accounts; --"), "it travels as a parameter (folded)");
    assert.ok(c.sql.includes(quoteIdent(COLUMN)), "the column name is quoted");
  });

  test("both modes run on DuckDB, give the interpreter's results, and leave the table in place", async () => {
    await duck.conn.run(
      `CREATE OR REPLACE TABLE accounts (${quoteIdent(COLUMN)} VARCHAR, description VARCHAR)`,
    );
    for (const r of rows) {
      await duck.conn.run(
        `INSERT INTO accounts VALUES (${r[COLUMN] === null ? "NULL" : quoteLiteral(r[COLUMN]!)}, ${quoteLiteral(r.description)})`,
      );
    }
    const expected = rows.map((r) => interpretRow(ir, r));
    for (const mode of ["params", "inline"] as const) {
      const c = compileSql([ir], {
        mode,
        source: "(SELECT *, rowid AS __row FROM accounts)",
        columns: ["__row"],
        rowColumn: "__row",
        ordered: true,
      });
      const res = await duck.conn.runAndReadAll(c.sql, c.params as never);
      const got = res.getRowObjectsJS().map((o) => ({
        state: o["icp_state"],
        reasons: o["icp_reasons"],
        score: o["icp_score"] === null ? null : Number(o["icp_score"]),
      }));
      assert.deepEqual(
        got,
        expected.map((e) => ({
          state: e.state,
          reasons: e.reasons,
          score: e.tenths === null ? null : e.tenths / 10,
        })),
        mode,
      );
    }
    const still = await duck.conn.runAndReadAll("SELECT count(*) AS n FROM accounts");
    assert.equal(Number(still.getRowObjectsJS()[0]!["n"]), rows.length);
  });

  test("escaping doubles quotes and refuses NUL", () => {
    assert.equal(quoteLiteral("it's"), "'it''s'");
    assert.equal(quoteIdent('a"b'), '"a""b"');
    assert.throws(() => quoteLiteral("a\u0000b"), /NUL/);
  });
});

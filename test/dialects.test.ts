/**
 * Warehouse dialects (BigQuery, Snowflake, Spark SQL, Trino): the SQL a user gets from
 * `icp compile --dialect X` and `icp export dbt`, held by golden files and checked by a maintained
 * parser for each dialect (node-sql-parser; dt-sql-parser's grammars, taken from Spark and Trino
 * themselves). PostgreSQL runs for real in test/postgres.test.ts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SparkSQL, TrinoSQL } from "dt-sql-parser";
import sqlParser from "node-sql-parser";
import { COMPANY_COLUMNS } from "../src/generate/companies.js";
import { lower } from "../src/ir/lower.js";
import { loadProfileFile } from "../src/profile/check.js";
import { compileSql } from "../src/sql/compile.js";
import { DIALECTS, type DialectName, snowflakeIdent } from "../src/sql/dialect.js";
import { quoteIdentBacktick, quoteLiteralBackslash } from "../src/sql/escape.js";
import { golden, icp, profileOf, ROOT } from "./helpers.js";

const AS_OF = "2026-11-23";
const _GOLDEN = join(ROOT, "test/golden");
const WAREHOUSES = ["bigquery", "snowflake", "spark", "trino"] as const;
const parser = new sqlParser.Parser();
const NODE_SQL_PARSER: Partial<Record<DialectName, string>> = {
  postgres: "postgresql",
  bigquery: "bigquery",
  snowflake: "snowflake",
  // Trino: only Trino's own grammar (dt-sql-parser); node-sql-parser's refuses line breaks in strings.
};

/** Parse with every maintained parser we have for the dialect; returns the statement count. */
function parse(dialect: DialectName, sql: string): number {
  let statements = 0;
  const grammar = dialect === "spark" ? new SparkSQL() : dialect === "trino" ? new TrinoSQL() : null;
  if (grammar) {
    const errors = grammar.validate(sql);
    assert.deepEqual(errors, [], `${dialect} grammar errors`);
    statements = grammar.splitSQLByStatement(sql)?.length ?? 0;
  }
  const db = NODE_SQL_PARSER[dialect];
  if (db) {
    const ast = parser.astify(sql, { database: db });
    statements = Array.isArray(ast) ? ast.length : 1;
  }
  return statements;
}

const PDL_COLUMNS = ["name", "domain", "year founded", "industry", "size range", "locality", "country"];
const EXAMPLES: Array<[string, readonly string[]]> = [
  ["b2b-saas", COMPANY_COLUMNS],
  ["professional-services", COMPANY_COLUMNS],
  ["pdl-enterprise", PDL_COLUMNS],
];

describe("warehouse dialects: golden SQL of the examples, each parsed", () => {
  for (const [name, columns] of EXAMPLES) {
    const ir = lower(loadProfileFile(join(ROOT, "examples", `${name}.yaml`)), { asOf: AS_OF, columns });
    const capacity = ir.capacity ? { rowColumn: "row_number", ordered: true } : {};
    for (const dialect of WAREHOUSES) {
      test(`${name}: ${dialect}`, () => {
        const d = DIALECTS[dialect];
        const c = compileSql([ir], {
          dialect,
          mode: "inline",
          source: d.ident("accounts"),
          columns,
          ...capacity,
        });
        assert.deepEqual(c.params, [], "warehouse SQL carries no parameters");
        golden(`${name}.${dialect}.sql`, `${c.sql};\n`);
        assert.equal(parse(dialect, c.sql), 1);
      });
    }
  }
  test("PostgreSQL SQL parses too (besides running on a real server)", () => {
    const ir = lower(loadProfileFile(join(ROOT, "examples", "b2b-saas.yaml")), {
      asOf: AS_OF,
      columns: COMPANY_COLUMNS,
    });
    assert.equal(
      parse("postgres", compileSql([ir], { dialect: "postgres", mode: "inline", source: '"a"' }).sql),
      1,
    );
  });
  test("the parsers do reject broken SQL (so a pass means something)", () => {
    const ir = lower(loadProfileFile(join(ROOT, "examples", "b2b-saas.yaml")), {
      asOf: AS_OF,
      columns: COMPANY_COLUMNS,
    });
    for (const dialect of WAREHOUSES) {
      const sql = compileSql([ir], { dialect, mode: "inline", source: "accounts" }).sql;
      const broken = sql.replace("CASE WHEN", "CASE WHEN (");
      assert.throws(() => parse(dialect, broken), Error, dialect);
    }
  });
  test("parameters are refused for dialects emitted as text", () => {
    const ir = lower(
      profileOf("name: p\ncriteria:\n  - { label: US, field: country, in: [US], weight: 1 }\n"),
      { asOf: AS_OF },
    );
    assert.throws(() => compileSql([ir], { dialect: "bigquery", mode: "params", source: "a" }), /inline/);
  });
});

/** Read back a backslash-escaped literal as BigQuery, Snowflake and Spark do. */
function unescapeBackslash(lit: string): string {
  assert.ok(lit.startsWith("'") && lit.endsWith("'"));
  return lit
    .slice(1, -1)
    .replace(/\\(u[0-9a-f]{4}|.)/g, (_, e: string) =>
      e.length === 5
        ? String.fromCharCode(Number.parseInt(e.slice(1), 16))
        : (({ n: "\n", r: "\r", t: "\t" } as Record<string, string>)[e] ?? e),
    );
}

describe("warehouse dialects: names as each warehouse resolves them", () => {
  test("Snowflake: plain lower-case names bare (found in tables made without quotes, and by dbt tests), others quoted", () => {
    assert.equal(snowflakeIdent("icp_state"), "icp_state");
    assert.equal(snowflakeIdent("industry"), "industry");
    assert.equal(snowflakeIdent("Industry"), '"Industry"');
    assert.equal(snowflakeIdent("order"), '"order"', "a reserved word stays quoted");
    assert.equal(snowflakeIdent("annual revenue"), '"annual revenue"');
    const ir = lower(loadProfileFile(join(ROOT, "examples/b2b-saas.yaml")), {
      asOf: "2026-11-23",
      columns: [...COMPANY_COLUMNS],
    });
    const sql = compileSql([ir], { dialect: "snowflake", source: "accounts", mode: "inline" }).sql;
    assert.match(sql, / AS icp_state\b/);
    assert.doesNotMatch(sql, /"icp_state"/);
  });
  test("icp compile --source schema.table quotes each part of the name", () => {
    const r = icp([
      "compile",
      join(ROOT, "examples/b2b-saas.yaml"),
      "--target",
      "sql",
      "--dialect",
      "postgres",
      "--source",
      "crm.accounts",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /FROM "crm"\."accounts"/);
    assert.doesNotMatch(r.stdout, /"crm\.accounts"/);
  });
});

describe("warehouse dialects: values never become SQL", () => {
  const NASTY = [
    "it's",
    "O'Brien'; DROP TABLE accounts; --",
    "back\\slash\\",
    "/* c */",
    "a;b",
    "tab\there",
    "line\nbreak",
  ];
  const COLUMN = "we'ird; DROP TABLE accounts;--col";
  const yaml = `name: injection
fields:
  weird: { type: category, column: ${JSON.stringify(COLUMN)} }
criteria:
  - { label: ${JSON.stringify("Label with ' and ; DROP")}, field: weird, in: ${JSON.stringify(NASTY)}, weight: 10 }
  - { label: Note, field: description, contains: ${JSON.stringify(NASTY)}, weight: 5 }
  - { label: Pattern, field: description, matches: "'|;|--", weight: 5 }
`;
  const ir = lower(profileOf(yaml), { asOf: AS_OF, columns: [COLUMN, "description"] });
  for (const dialect of WAREHOUSES) {
    test(`${dialect}: one statement, every value quoted`, () => {
      const d = DIALECTS[dialect];
      const c = compileSql([ir], { dialect, mode: "inline", source: d.ident("accounts") });
      assert.equal(parse(dialect, c.sql), 1);
      for (const v of NASTY)
        assert.ok(c.sql.includes(d.literal(v.toLowerCase())), `${JSON.stringify(v)} appears only quoted`);
      assert.ok(c.sql.includes(d.ident(COLUMN)));
    });
  }
  test("backslash literals read back exactly; backtick names escape their quote", () => {
    for (const v of [...NASTY, "\u0007bell", "é ü 字", "end\\"])
      assert.equal(unescapeBackslash(quoteLiteralBackslash(v)), v);
    assert.ok(!/[\n\r]/.test(quoteLiteralBackslash("a\nb\rc")), "no raw line break (BigQuery refuses them)");
    assert.equal(quoteIdentBacktick("a`b", "double"), "`a``b`");
    assert.equal(quoteIdentBacktick("a`b\\", "backslash"), "`a\\`b\\\\`");
    assert.throws(() => quoteLiteralBackslash("a\u0000"), /NUL/);
    assert.throws(() => quoteIdentBacktick("a\nb", "double"), /line break/);
  });
});

/**
 * `icp export dbt`: the model renders (as dbt would) to SQL that parses for its dialect and, on a
 * real PostgreSQL with the exported seed loaded, gives the interpreter's results; schema.yml holds
 * the output's contract; no profile value can reach Jinja.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import Papa from "papaparse";
import { parse as parseYaml } from "yaml";
import { interpretRow } from "../src/engine/interpreter.js";
import { COMPANY_COLUMNS } from "../src/generate/companies.js";
import { lower } from "../src/ir/lower.js";
import { loadProfileFile } from "../src/profile/check.js";
import { quoteIdent } from "../src/sql/escape.js";
import { exportDbt } from "../src/warehouse/dbt.js";
import { generatedRows, icp, profileOf, ROOT, TEST_AS_OF, tmp } from "./helpers.js";
import { openTestPg } from "./pg.js";

/** What dbt's Jinja makes of the model, with the relations named as given. */
function render(model: string, relations: Record<string, string>): string {
  return model
    .replace(/\{\{ config\([^)]*\) \}\}/g, "")
    .replace(/\{\{ (?:ref|source)\(([^)]*)\) \}\}/g, (_, args: string) => {
      const key = args.replace(/['\s]/g, "");
      const rel = relations[key];
      assert.ok(rel, `no relation for ${key}`);
      return rel;
    })
    .replace(/\{% (?:end)?raw %\}/g, "");
}

const profile = loadProfileFile(join(ROOT, "examples", "b2b-saas.yaml"));
const ir = lower(profile, { asOf: TEST_AS_OF, columns: COMPANY_COLUMNS });
const rows = generatedRows(800, 7);

describe("icp export dbt", () => {
  test("the CLI writes the model, schema.yml with the contract's tests, a seed and a README", () => {
    const dir = tmp();
    const csv = join(dir, "a.csv");
    assert.equal(icp(["generate", "companies", "--rows", "300", "--seed", "5", "-o", csv]).code, 0);
    const r = icp([
      "export",
      "dbt",
      "-p",
      "examples/b2b-saas.yaml",
      "--source",
      "crm.accounts",
      "-o",
      join(dir, "dbt"),
      "--sample",
      csv,
      "--dialect",
      "snowflake",
      "--as-of",
      TEST_AS_OF,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const model = readFileSync(join(dir, "dbt/models/icp_b2b_saas_mid_market.sql"), "utf8");
    assert.match(model, /\{\{ source\('crm', 'accounts'\) \}\}/);
    assert.match(model, /\{\{ ref\('icp_normalised'\) \}\}/);
    assert.match(
      model,
      /^-- icpkit: B2B SaaS mid-market v1\.0\.0 \([0-9a-f]{12}\), snowflake, as of 2026-11-23/,
    );
    const schema = parseYaml(readFileSync(join(dir, "dbt/models/schema.yml"), "utf8"));
    const cols = Object.fromEntries(
      schema.models[0].columns.map((c: { name: string; data_tests?: unknown[] }) => [c.name, c.data_tests]),
    );
    assert.deepEqual(cols.icp_state, [
      "not_null",
      { accepted_values: { values: ["scored", "disqualified", "insufficient_data"] } },
    ]);
    assert.deepEqual(cols.icp_tier, [{ accepted_values: { values: ["A", "B", "C"] } }]);
    assert.deepEqual(cols.icp_score, [{ not_null: { config: { where: "icp_state = 'scored'" } } }]);
    assert.equal(schema.seeds[0].config.column_types.icp_raw, "varchar");
    const seed = Papa.parse<string[]>(
      readFileSync(join(dir, "dbt/seeds/icp_normalised.csv"), "utf8").trim(),
    ).data;
    assert.deepEqual(seed[0], ["icp_fn", "icp_raw", "icp_value"]);
    assert.ok(seed.length > 100);
    assert.ok(
      seed.slice(1).every((r) => !/^[=+\-@]/.test(r[1]!)),
      "no seed cell a spreadsheet would run",
    );
    assert.match(r.stderr, /seed [\d,]+ normalised values \(dictionaries \+ 300 sample rows\)/);
  });

  for (const dialect of ["postgres", "bigquery", "snowflake", "spark", "trino"] as const) {
    test(`${dialect}: the rendered model has one statement per the dialect's parser`, async () => {
      const { SparkSQL, TrinoSQL } = await import("dt-sql-parser");
      const { default: sqlParser } = await import("node-sql-parser");
      const out = exportDbt(ir, { dialect, source: "accounts", sample: rows }, COMPANY_COLUMNS);
      const sql = render(out.files[0]!.content, { accounts: "accounts", icp_normalised: "icp_normalised" });
      if (dialect === "spark" || dialect === "trino") {
        const grammar = dialect === "spark" ? new SparkSQL() : new TrinoSQL();
        assert.deepEqual(grammar.validate(sql), []);
      } else {
        const db = { postgres: "postgresql", bigquery: "bigquery", snowflake: "snowflake" }[dialect];
        const ast = new sqlParser.Parser().astify(sql.replace(/^--.*$/gm, ""), { database: db });
        assert.equal(Array.isArray(ast) ? ast.length : 1, 1);
      }
    });
  }

  test("profile values cannot reach Jinja; `endraw` is refused; capacity tiers need --key", () => {
    const p = profileOf(`name: jinja
criteria:
  - { label: "{{ evil() }}", field: industry, in: ["{% if x %}", "{{ var('x') }}"], weight: 5 }
`);
    const model = exportDbt(lower(p, { asOf: TEST_AS_OF }), { dialect: "postgres", source: "accounts" })
      .files[0]!.content;
    const outside = model.replace(/\{% raw %\}[\s\S]*?\{% endraw %\}/g, "");
    assert.ok(
      !outside.includes("evil") && !outside.includes("var("),
      "every profile value sits inside {% raw %}",
    );
    const bad = profileOf(`name: raw
criteria:
  - { label: x, field: industry, in: ["{% endraw %}"], weight: 5 }
`);
    assert.throws(
      () => exportDbt(lower(bad, { asOf: TEST_AS_OF }), { dialect: "postgres", source: "a" }),
      /endraw/,
    );
    const cap = lower(loadProfileFile(join(ROOT, "examples", "professional-services.yaml")), {
      asOf: TEST_AS_OF,
    });
    assert.throws(() => exportDbt(cap, { dialect: "postgres", source: "a" }), /--key/);
  });
});

const { pg, skip } = await openTestPg();
after(() => pg?.close());

test("postgres: the model, run on the exported seed, gives the interpreter's result for every row", {
  skip,
}, async () => {
  const out = exportDbt(ir, { dialect: "postgres", source: "accounts", sample: rows }, COMPANY_COLUMNS);
  const c = pg!.client;
  const schema = `icp_dbt_${process.pid}`;
  await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE; CREATE SCHEMA ${quoteIdent(schema)}`);
  try {
    const t = (n: string) => `${quoteIdent(schema)}.${quoteIdent(n)}`;
    await c.query(
      `CREATE TABLE ${t("accounts")} (${COMPANY_COLUMNS.map((x) => `${quoteIdent(x)} text`).join(", ")})`,
    );
    await c.query(
      `INSERT INTO ${t("accounts")} SELECT * FROM unnest(${COMPANY_COLUMNS.map((_, i) => `$${i + 1}::text[]`).join(", ")})`,
      COMPANY_COLUMNS.map((col) => rows.map((r) => r[col] ?? null)),
    );
    // dbt seed: the CSV as text columns (column_types in schema.yml).
    const seedCsv = out.files.find((f) => f.path.endsWith(".csv"))!.content;
    const seed = Papa.parse<string[]>(seedCsv.trim()).data.slice(1);
    await c.query(`CREATE TABLE ${t("icp_normalised")} (icp_fn text, icp_raw text, icp_value text)`);
    await c.query(
      `INSERT INTO ${t("icp_normalised")} SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
      [seed.map((r) => r[0]!), seed.map((r) => r[1]!), seed.map((r) => (r[2] === "" ? null : r[2]!))],
    );
    const sql = render(out.files[0]!.content, {
      accounts: t("accounts"),
      icp_normalised: t("icp_normalised"),
    });
    const res = await c.query(`SELECT id, icp_score, icp_tier, icp_state, icp_reasons FROM (${sql}) AS m`);
    const byId = new Map(res.rows.map((o) => [o.id, o]));
    assert.equal(res.rows.length, rows.length);
    for (const row of rows) {
      const e = interpretRow(ir, row);
      const o = byId.get(row.id);
      assert.deepEqual(
        [
          o.icp_state,
          o.icp_score === null ? null : Math.round(Number(o.icp_score) * 10),
          o.icp_tier,
          o.icp_reasons ?? "",
        ],
        [e.state, e.tenths, e.tier, e.reasons],
        `row ${row.id}`,
      );
    }
  } finally {
    await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  }
});

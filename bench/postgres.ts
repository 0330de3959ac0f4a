/**
 * npm run bench:postgres — scoring 1M rows inside PostgreSQL (`icp score --db`, table → table)
 * vs inside DuckDB (the same profile compiled for DuckDB, table → table, normalisers as UDFs).
 * Loading the table is not timed in either. Needs a server: ICP_TEST_PG, else the one
 * scripts/pg-test-server.sh starts (this script starts it).
 *
 *   BENCH_PG_ROWS=1000000 BENCH_REPEAT=3 npm run bench:postgres
 */
import { execFileSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeRows } from "../src/cli/generate.js";
import { DuckDbEngine } from "../src/engine/duckdb.js";
import { PostgresEngine } from "../src/engine/postgres.js";
import { COMPANY_COLUMNS, CompanyGenerator } from "../src/generate/companies.js";
import { lower } from "../src/ir/lower.js";
import { loadProfileFile } from "../src/profile/check.js";
import { scoreTable } from "../src/score/run.js";
import { compileSql } from "../src/sql/compile.js";
import { quoteIdent, quoteLiteral } from "../src/sql/escape.js";

const ROOT = join(import.meta.dirname, "..");
const ROWS = Number(process.env.BENCH_PG_ROWS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const AS_OF = "2026-11-23";
const PROFILE = join(ROOT, "examples/b2b-saas.yaml");
const url =
  process.env.ICP_TEST_PG ??
  execFileSync("bash", [join(ROOT, "scripts/pg-test-server.sh")], { encoding: "utf8" }).trim();

mkdirSync(join(ROOT, "bench/data"), { recursive: true });
const csv = join(ROOT, `bench/data/companies-${ROWS}.csv`);
if (!existsSync(csv)) {
  process.stderr.write(`generating ${csv}\n`);
  await writeRows(createWriteStream(csv), new CompanyGenerator({ rows: ROWS, seed: 2026 }), ROWS);
}

// Load both engines (not timed).
const pg = await PostgresEngine.connect(url);
await pg.client.query("DROP TABLE IF EXISTS bench_accounts, bench_scored CASCADE");
await pg.client.query(
  `CREATE TABLE bench_accounts (${COMPANY_COLUMNS.map((c) => `${quoteIdent(c)} text`).join(", ")})`,
);
execFileSync("psql", [url, "-qc", `\\copy bench_accounts FROM ${quoteLiteral(csv)} CSV HEADER`]);
await pg.client.query("ANALYZE bench_accounts");
const duck = await DuckDbEngine.open({ threads: 2, memoryLimit: "1GB" });
await duck.conn.run(
  `CREATE TABLE bench_accounts AS SELECT * FROM read_csv(${quoteLiteral(csv)}, header = true, all_varchar = true)`,
);

const profile = loadProfileFile(PROFILE);
const pgTimes: number[] = [];
const duckTimes: number[] = [];
for (let i = 0; i < REPEAT; i++) {
  let t = performance.now();
  const r = await scoreTable({
    url,
    table: "bench_accounts",
    into: "bench_scored",
    profiles: [profile],
    asOf: AS_OF,
  });
  pgTimes.push((performance.now() - t) / 1000);
  if (r.rowsOut !== ROWS) throw new Error(`postgres scored ${r.rowsOut} rows`);

  t = performance.now();
  const ir = lower(profile, { asOf: AS_OF, columns: COMPANY_COLUMNS });
  await duck.prepare([ir]);
  const sql = compileSql([ir], { source: "bench_accounts", mode: "inline" }).sql;
  await duck.conn.run(`CREATE OR REPLACE TABLE bench_scored AS ${sql}`);
  duckTimes.push((performance.now() - t) / 1000);
}
await pg.client.query("DROP TABLE IF EXISTS bench_accounts, bench_scored CASCADE");
await pg.close();
duck.close();

const min = (xs: number[]) => Math.min(...xs);
const result = {
  date: AS_OF,
  rows: ROWS,
  repeat: REPEAT,
  postgres: { seconds: pgTimes, min: min(pgTimes) },
  duckdb: { seconds: duckTimes, min: min(duckTimes) },
  ratio: min(pgTimes) / min(duckTimes),
  note: "table → table; Postgres time includes filling icp_normalised and the funnel scan",
};
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, "bench/results/postgres.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(`| rows | PostgreSQL (icp score --db) | DuckDB (same SQL, in-database) | ratio |`);
console.log(`|---|---|---|---|`);
console.log(
  `| ${ROWS.toLocaleString("en-US")} | ${result.postgres.min.toFixed(2)} s | ${result.duckdb.min.toFixed(2)} s | ${result.ratio.toFixed(1)}× |`,
);

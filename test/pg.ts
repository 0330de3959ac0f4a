/**
 * The PostgreSQL server the tests use: `ICP_TEST_PG`, else the one `scripts/pg-test-server.sh`
 * starts. Without one, Postgres tests skip with that reason — except under CI, where `.ci/run`
 * starts the server, so a missing one fails.
 */
import { PostgresEngine, relationName } from "../src/engine/postgres.js";
import { quoteIdent } from "../src/sql/escape.js";

export const PG_URL = process.env.ICP_TEST_PG ?? "postgres://postgres@127.0.0.1:55432/icpkit_test";

export async function openTestPg(): Promise<{ pg: PostgresEngine | null; skip: string | false }> {
  try {
    return { pg: await PostgresEngine.connect(PG_URL), skip: false };
  } catch (e) {
    if (process.env.CI) throw e;
    return {
      pg: null,
      skip: `no PostgreSQL at ${PG_URL} (${(e as Error).message.split("\n")[0]}); start one with scripts/pg-test-server.sh or set ICP_TEST_PG`,
    };
  }
}

/**
 * Create (or replace) table `rel` ("table" or "schema.table") with text columns holding `rows`;
 * with `rowNo`, a leading `row_no bigint` column numbering them from 1.
 */
export async function loadTextTable(
  pg: PostgresEngine,
  rel: string,
  columns: readonly string[],
  rows: ReadonlyArray<Record<string, string | null>>,
  opts: { rowNo?: boolean } = {},
): Promise<void> {
  const name = relationName(rel).sql;
  const c = pg.client;
  await c.query(`DROP TABLE IF EXISTS ${name} CASCADE`);
  const defs = columns.map((x) => `${quoteIdent(x)} text`);
  await c.query(`CREATE TABLE ${name} (${[...(opts.rowNo ? ["row_no bigint"] : []), ...defs].join(", ")})`);
  const arrays = columns.map((col) => rows.map((r) => r[col] ?? null));
  const casts = columns.map((_, i) => `$${i + (opts.rowNo ? 2 : 1)}::text[]`);
  await c.query(
    `INSERT INTO ${name} SELECT * FROM unnest(${[...(opts.rowNo ? ["$1::bigint[]"] : []), ...casts].join(", ")})`,
    [...(opts.rowNo ? [rows.map((_, i) => i + 1)] : []), ...arrays],
  );
}

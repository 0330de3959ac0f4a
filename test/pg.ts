/**
 * The PostgreSQL server the tests use: `ICP_TEST_PG`, else the one `scripts/pg-test-server.sh`
 * starts. Without one, Postgres tests skip with that reason — except under CI, where `.ci/run`
 * starts the server, so a missing one fails.
 */
import { PostgresEngine } from "../src/engine/postgres.js";

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

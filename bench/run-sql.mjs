// Runs one SQL file in a fresh DuckDB (the hand-written baseline of bench/score.ts).
import { readFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";

const db = await DuckDBInstance.create(":memory:");
const conn = await db.connect();
await conn.run(readFileSync(process.argv[2], "utf8"));
conn.closeSync();
db.closeSync();

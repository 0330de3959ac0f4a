/**
 * The DuckDB engine as a long-lived object (the HTTP API and the workspace keep one open): file
 * after file, its funnel counters must not leak into the next run, nor survive a failed write.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DuckDbEngine } from "../src/engine/duckdb.js";
import { evaluateCriterion, resultFromOutcomes } from "../src/engine/interpreter.js";
import { COMPANY_COLUMNS, CompanyGenerator } from "../src/generate/companies.js";
import { csvLine } from "../src/io/csv-cell.js";
import { lower } from "../src/ir/lower.js";
import { loadProfileFile } from "../src/profile/check.js";
import { countsOfGroups } from "../src/score/funnel.js";
import { ROOT, TEST_AS_OF, tmp } from "./helpers.js";

test("one engine, file after file: each run's funnel counts only its rows, and no counter outlives a run (a failed write included)", async () => {
  const dir = tmp();
  const sizes = [300, 120];
  const gen = new CompanyGenerator({ rows: 420, seed: 5 });
  const files = sizes.map((n, i) => {
    const rows = Array.from({ length: n }, () => gen.next());
    const file = join(dir, `companies-${i}.csv`);
    writeFileSync(
      file,
      `${[COMPANY_COLUMNS as readonly string[], ...rows].map((r) => csvLine(r, false)).join("\n")}\n`,
    );
    return { file, rows };
  });
  const profile = loadProfileFile(join(ROOT, "examples/b2b-saas.yaml"));
  const irsFor = (columns: string[]) => [lower(profile, { asOf: TEST_AS_OF, columns })];
  const duck = await DuckDbEngine.open({ threads: 2 });
  const sequences = async () =>
    Number(
      (await duck.conn.runAndReadAll("SELECT count(*) AS n FROM duckdb_sequences()")).getRowObjectsJS()[0]?.[
        "n"
      ],
    );
  try {
    for (const [i, { file, rows }] of files.entries()) {
      const r = await duck.scoreFile({
        irsFor,
        input: file,
        inputFormat: "csv",
        output: join(dir, `out-${i}.csv`),
        outputFormat: "csv",
      });
      // The same counts the reference interpreter gives, row by row.
      const ir = irsFor([...COMPANY_COLUMNS])[0]!;
      const expected = countsOfGroups(
        ir,
        rows.map((cells) => {
          const row = Object.fromEntries(
            COMPANY_COLUMNS.map((c, j) => [c, cells[j] === "" ? null : cells[j]]),
          );
          const outcomes = ir.criteria.map((c) => evaluateCriterion(ir, c, row));
          const res = resultFromOutcomes(ir, outcomes);
          const filters = ir.criteria.filter((c) => c.role !== "signal").map((c) => outcomes[c.index]!);
          return { state: res.state, tier: res.tier, filters, count: 1 };
        }),
      );
      assert.deepEqual(r.counts[0], expected);
      assert.equal(await sequences(), 0);
    }
    await assert.rejects(
      duck.scoreFile({
        irsFor,
        input: files[0]!.file,
        inputFormat: "csv",
        output: join(dir, "no", "such", "folder", "out.csv"),
        outputFormat: "csv",
      }),
    );
    assert.equal(await sequences(), 0);
  } finally {
    duck.close();
  }
});

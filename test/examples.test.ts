/** The example profiles are the format's documentation: each one checks clean and scores. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import Papa from "papaparse";
import { HAS_SHARED, icp, ROOT, SHARED_DATA, SHARED_SKIP, scoreBothEngines, tmp } from "./helpers.js";

const AS_OF = "2026-11-23";
const examples = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".yaml"));

describe("examples", () => {
  test("there are at least the three documented examples", () => {
    for (const e of ["b2b-saas.yaml", "professional-services.yaml", "pdl-enterprise.yaml"])
      assert.ok(examples.includes(e), e);
  });

  for (const e of examples) {
    test(`${e}: icp check passes with no error or warning`, () => {
      const r = icp(["check", join("examples", e)]);
      assert.equal(r.code, 0, r.stdout);
      assert.equal(r.stdout.trim(), `examples/${e}: ok`);
    });
  }

  test("generated-data examples score with both engines to the same bytes", () => {
    const dir = tmp();
    const data = join(dir, "c.csv");
    assert.equal(icp(["generate", "companies", "--rows", "2000", "--seed", "5", "-o", data]).code, 0);
    for (const e of ["b2b-saas.yaml", "professional-services.yaml"]) {
      const outs = scoreBothEngines(data, [join("examples", e)], dir, e);
      assert.equal(outs[0], outs[1], e);
    }
  });

  test("pdl-enterprise.yaml scores the real 21k company list; counts match independent SQL", {
    skip: SHARED_SKIP,
  }, async () => {
    if (!HAS_SHARED) return;
    const file = join(SHARED_DATA, "pdl-companies-top21k/companies_sorted_top21000.csv");
    const dir = tmp();
    const out = join(dir, "pdl.csv");
    const r = icp([
      "score",
      file,
      "-p",
      "examples/pdl-enterprise.yaml",
      "-o",
      out,
      "--as-of",
      AS_OF,
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const funnel = JSON.parse(r.stdout).funnels[0];
    const js = join(dir, "pdl-js.csv");
    assert.equal(
      icp(["score", file, "-p", "examples/pdl-enterprise.yaml", "-o", js, "--as-of", AS_OF, "--engine", "js"])
        .code,
      0,
    );
    assert.equal(readFileSync(out, "utf8"), readFileSync(js, "utf8"));

    // Independent counts, written directly against the file.
    const db = await (await DuckDBInstance.create(":memory:")).connect();
    const q = await db.runAndReadAll(`SELECT count(*) AS n,
        count(*) FILTER (WHERE lower(trim(industry)) IN ('government administration', 'higher education', 'military',
          'primary/secondary education', 'education management')) AS excluded
      FROM read_csv('${file.replace(/'/g, "''")}', all_varchar = true)`);
    const row = q.getRowObjectsJS()[0]!;
    assert.equal(funnel.rowsIn, Number(row["n"]));
    assert.equal(funnel.disqualified, Number(row["excluded"]));
    const rows = Papa.parse<Record<string, string>>(readFileSync(out, "utf8"), {
      header: true,
      skipEmptyLines: true,
    }).data;
    assert.equal(rows.length, 21_000);
    assert.equal(rows.filter((x) => x["icp_tier"] === "A").length, funnel.tiers[0].count);
  });
});

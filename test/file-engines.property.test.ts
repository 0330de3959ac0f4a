/**
 * The file path of each engine (readers, packed funnel codes, capacity ranking, writers with
 * formula neutralisation) agrees too: random profiles over a generated company list with messy
 * rows appended, scored to files by DuckDB and by the compiled JS — same bytes, same funnel.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { COMPANY_COLUMNS, CompanyGenerator } from "../src/generate/companies.js";
import { csvLine } from "../src/io/csv-cell.js";
import { checkSpec } from "../src/profile/check.js";
import type { Profile } from "../src/profile/model.js";
import type { CriterionSpec, TierSpec } from "../src/profile/schema.js";
import type { Funnel } from "../src/score/funnel.js";
import { scoreFile } from "../src/score/run.js";
import { tmp } from "./helpers.js";

const dir = tmp();
const input = join(dir, "companies.csv");
const gen = new CompanyGenerator({ rows: 400, seed: 99 });
const messy = [
  [
    "X1",
    "=cmd()",
    "x.com",
    "",
    " Internet ",
    "n/a",
    "",
    " 1e3 ",
    "United States",
    "US",
    "north america",
    "",
    "1999",
    "Series A",
    "",
    "2026-02-30",
    "",
    "HubSpot;;",
    "-- agency",
    "",
    "",
    "-5",
    "",
    "yes",
    "Y",
    "",
    "",
    "",
    "",
    "2026-01-01",
  ],
  [
    "X2",
    "+1 Corp",
    "",
    "",
    "computer software",
    "1_000",
    "",
    "+-3",
    "",
    "",
    "",
    "",
    " 2020 ",
    "",
    "",
    "2025-12-31T10:00",
    "b2b",
    "Salesforce|Okta",
    'Consulting, "quoted"',
    "",
    "",
    "",
    "",
    "maybe",
    "",
    "",
    "",
    "",
    "",
    "",
  ],
];
writeFileSync(
  input,
  `${[COMPANY_COLUMNS as readonly string[], ...Array.from({ length: 400 }, () => gen.next()), ...messy].map((r) => csvLine(r, false)).join("\n")}\n`,
);

const crit: fc.Arbitrary<CriterionSpec> = fc
  .tuple(
    fc.oneof(
      fc
        .subarray(["computer software", "internet", "retail", "banking", "government administration"], {
          minLength: 1,
        })
        .map((v) => ({ field: "industry", in: v })),
      fc
        .tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 500, max: 100000 }))
        .map(([a, b]) => ({ field: "employees", range: { min: a, max: b } })),
      fc
        .subarray(["salesforce", "hubspot", "slack", "okta", "aws"], { minLength: 1 })
        .map((v) => ({ field: "tech", any: v })),
      fc
        .subarray(["agency", "consulting", "software"], { minLength: 1 })
        .map((v) => ({ field: "description", contains: v })),
      fc.integer({ min: 1, max: 40 }).map((n) => ({ field: "founded_year", within: { years: n } })),
      fc
        .subarray(["north america", "europe", "apac"], { minLength: 1 })
        .map((v) => ({ field: "region", not_in: v })),
    ),
    fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -30, max: 40 }).map((w) => ({ weight: w })) },
      { weight: 1, arbitrary: fc.constant({ require: true as const }) },
      { weight: 1, arbitrary: fc.constant({ exclude: true as const }) },
    ),
    fc.constantFrom(undefined, "fail", "pass"),
    // Labels lead the reasons cells: some start as a formula would, or as a number.
    fc.constantFrom("", "", "", "=", "-", "@", "+1 "),
  )
  .map(
    ([t, r, m, lead]) =>
      ({
        label: `${lead}${t.field} test`,
        ...t,
        ...r,
        ...(m ? { missing: m as "fail" | "pass" } : {}),
      }) as CriterionSpec,
  );

const THRESHOLDS: TierSpec[] = [{ name: "A", min_score: 70 }, { name: "B", min_score: 40 }, { name: "C" }];
const CAPACITY: TierSpec[] = [
  { name: "AE", top: 25 },
  { name: "SDR", top_percent: 20, min_score: 30 },
  { name: "rest" },
];
const FORMULA_TIERS: TierSpec[] = [{ name: "@top", min_score: 60 }, { name: "-rest" }];
const tiers = fc.constantFrom(THRESHOLDS, CAPACITY, FORMULA_TIERS);

/** The input scored to files by DuckDB and by the compiled JS: each engine's text, funnels and rows out. */
async function scoreBoth(profiles: Profile[], name: string) {
  const results: Array<{ text: string; funnels: Funnel[]; rowsOut: number }> = [];
  for (const engine of ["duckdb", "js"] as const) {
    const output = join(dir, `${name}-${engine}.csv`);
    const r = await scoreFile({
      input,
      inputFormat: "csv",
      output,
      outputFormat: "csv",
      profiles,
      asOf: "2026-11-23",
      engine,
    });
    results.push({ text: readFileSync(output, "utf8"), funnels: r.funnels, rowsOut: r.rowsOut });
  }
  return results;
}

test("DuckDB and JS file runs agree byte for byte, funnel included", async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(crit, { minLength: 1, maxLength: 6 }),
      tiers,
      fc.integer({ min: 0, max: 10000 }),
      async (criteria, t, cov) => {
        const checked = checkSpec({ name: "random", criteria, tiers: t, min_coverage: cov / 10000 });
        assert.deepEqual(
          checked.diagnostics.filter((d) => d.severity === "error"),
          [],
        );
        run++;
        const results = await scoreBoth([checked.profile!], `out-${run}`);
        assert.equal(results[0]!.text, results[1]!.text);
        const norm = (f: (typeof results)[number]["funnels"]) => JSON.stringify(f);
        assert.equal(norm(results[0]!.funnels), norm(results[1]!.funnels));
      },
    ),
    { numRuns: Number(process.env.ICP_FILE_PROPERTY_RUNS ?? 25), seed: 7 },
  );
});

test("… with two profiles of 15–45 criteria each (dozens of funnel counters in one query; codes of more than 34 criteria for capacity tiers)", async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(crit, { minLength: 15, maxLength: 45 }),
      fc.array(crit, { minLength: 15, maxLength: 45 }),
      fc.constantFrom(THRESHOLDS, CAPACITY),
      async (first, second, t) => {
        const profiles = [first, second].map((criteria, i) => {
          const checked = checkSpec({
            name: `wide ${i + 1}`,
            criteria,
            tiers: t,
            min_coverage: 0.2,
          });
          assert.deepEqual(
            checked.diagnostics.filter((d) => d.severity === "error"),
            [],
          );
          return checked.profile!;
        });
        run++;
        const results = await scoreBoth(profiles, `wide-${run}`);
        assert.equal(results[0]!.text, results[1]!.text);
        assert.equal(JSON.stringify(results[0]!.funnels), JSON.stringify(results[1]!.funnels));
        // Every row is counted once in each profile's funnel.
        for (const f of results[0]!.funnels) assert.equal(f.rowsIn, results[0]!.rowsOut);
      },
    ),
    { numRuns: 5, seed: 11 },
  );
});

test("a profile of 40 criteria with capacity tiers: outcomes packed beyond 3^34 (past exact doubles) decode exactly", async () => {
  const criteria: CriterionSpec[] = Array.from({ length: 40 }, (_, i) =>
    i % 2 === 0
      ? { label: `size ${i}`, field: "employees", range: { min: i, max: 100000 }, weight: 1 + (i % 5) }
      : { label: `industry ${i}`, field: "industry", in: ["computer software", "internet"], weight: 2 },
  );
  const checked = checkSpec({ name: "forty", criteria, tiers: CAPACITY, min_coverage: 0.2 });
  assert.deepEqual(
    checked.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  const results = await scoreBoth([checked.profile!], "forty");
  assert.equal(results[0]!.text, results[1]!.text);
  assert.equal(JSON.stringify(results[0]!.funnels), JSON.stringify(results[1]!.funnels));
});

/**
 * The live funnel (per-criterion outcomes cached, rows grouped by packed outcomes) gives the same
 * funnel as scoring every row — hard-filter steps, states and tiers — for threshold and capacity
 * tiers, over 20 criteria (several packed keys), and after edits that reuse cached outcomes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { evaluateCriterion } from "../src/engine/interpreter.js";
import { COMPANY_COLUMNS } from "../src/generate/companies.js";
import { lower } from "../src/ir/lower.js";
import { loadProfileFile } from "../src/profile/check.js";
import type { Profile } from "../src/profile/model.js";
import { buildFunnel, type Funnel, FunnelCounter } from "../src/score/funnel.js";
import { countUint32, LiveUniverse } from "../src/score/live-funnel.js";
import { scoreRows } from "../src/score/rows.js";
import { generatedRows, profileOf, ROOT } from "./helpers.js";

const AS_OF = "2026-11-23";
const rows = generatedRows(6000, 21);
const columns = [...COMPANY_COLUMNS];

/** The funnel from scoring every row with the compiled JS engine (the reference). */
function reference(profile: Profile): Funnel {
  const { ir, results } = scoreRows(profile, rows, { asOf: AS_OF, columns });
  const counter = new FunnelCounter();
  const filters = ir.criteria.filter((c) => c.role !== "signal");
  results.forEach((r, i) => {
    counter.add(
      r.state,
      r.tier,
      filters.map((c) => evaluateCriterion(ir, c, rows[i]!)),
    );
  });
  return buildFunnel(ir, counter.groups());
}

describe("live funnel", () => {
  const universe = LiveUniverse.fromRows(rows);

  for (const name of ["b2b-saas", "professional-services", "pdl-enterprise"]) {
    test(`${name}: the funnel equals scoring every row`, () => {
      const profile = loadProfileFile(join(ROOT, "examples", `${name}.yaml`));
      assert.deepEqual(universe.funnel(lower(profile, { asOf: AS_OF, columns })), reference(profile));
    });
  }

  test("edits that reuse cached outcomes (weights, a bound changed and changed back) stay equal", () => {
    const yaml = (min: number, weight: number) => `name: edit
criteria:
  - { label: Big, field: employees, range: { min: ${min} }, require: true }
  - { label: No government, field: industry, in: [government administration], exclude: true }
  - { label: US, field: country, in: [united states], weight: ${weight} }
  - { label: Young, field: founded_year, range: { min: 2010 }, weight: 10 }
tiers:
  - { name: A, top: 100 }
  - { name: B, min_score: 30 }
`;
    for (const [min, w] of [
      [20, 10],
      [20, 40],
      [200, 40],
      [20, 10],
    ] as const) {
      const profile = profileOf(yaml(min, w));
      assert.deepEqual(
        universe.funnel(lower(profile, { asOf: AS_OF, columns })),
        reference(profile),
        `min ${min}, weight ${w}`,
      );
    }
  });

  test("over 20 criteria (several packed keys) the funnel still equals scoring every row", () => {
    const criteria = Array.from(
      { length: 26 },
      (_, k) =>
        `  - { label: "Employees ≥ ${10 * (k + 1)}", field: employees, range: { min: ${10 * (k + 1)} }, weight: ${k + 1} }`,
    );
    const profile = profileOf(
      `name: wide\ncriteria:\n${criteria.join("\n")}\ntiers:\n  - { name: A, min_score: 70 }\n  - { name: B, min_score: 20 }\n`,
    );
    assert.deepEqual(universe.funnel(lower(profile, { asOf: AS_OF, columns })), reference(profile));
  });

  test("countUint32 counts every distinct value, growing its table", () => {
    const xs = new Uint32Array(50_000).map((_, i) => (i * 7919) % 3001);
    const got = new Map(countUint32(xs));
    const want = new Map<number, number>();
    for (const x of xs) want.set(x, (want.get(x) ?? 0) + 1);
    assert.deepEqual(got, want);
  });
});

/** Scoring semantics that users rely on, on small hand-made rows (docs/semantics.md). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compileJs } from "../src/engine/compile-js.js";
import { assignCapacityTiers, interpretRow, type Row } from "../src/engine/interpreter.js";
import { lower } from "../src/ir/lower.js";
import { bestIndex, resultCells } from "../src/score/combine.js";
import { profileOf } from "./helpers.js";

const AS_OF = "2026-11-23";
const score = (yaml: string, rows: Row[], columns?: string[]) => {
  const p = profileOf(yaml);
  const ir = lower(p, { asOf: AS_OF, columns: columns ?? Object.keys(rows[0] ?? {}) });
  const js = compileJs(ir);
  return rows.map((r) => {
    const a = interpretRow(ir, r);
    assert.deepEqual(js.score(r), a, "compiled JS agrees with the interpreter");
    return a;
  });
};

const SAAS = `name: SaaS
min_coverage: 50%
criteria:
  - { label: Software, field: industry, in: [software, internet], weight: 40 }
  - { label: Mid-size, field: employees, range: { min: 50, max: 1000 }, weight: 30 }
  - { label: Agency, field: description, contains: [agency], weight: -20 }
  - { label: Big enough, field: employees, range: { min: 10 }, require: true }
  - { label: Government, field: industry, in: [government], exclude: true }
tiers:
  - { name: A, min_score: 75 }
  - { name: B, min_score: 50 }
  - { name: C }
`;

describe("states", () => {
  test("a row failing a hard filter is disqualified, naming every filter it failed", () => {
    const [r] = score(SAAS, [{ industry: "Government", employees: "5", description: "" }]);
    assert.equal(r!.state, "disqualified");
    assert.equal(r!.tenths, null);
    assert.equal(r!.reasons, "Big enough (required, not met); Government (excluded)");
  });
  test("unknown is not bad: missing values are left out of the score, not counted as failures", () => {
    const [known, unknown] = score(SAAS, [
      { industry: "software", employees: "2000", description: "x" },
      { industry: "software", employees: "", description: "x" },
    ]);
    // Known: 40 of a possible 70 (best) over a range from −20 to 70 → (40+20)/90 = 66.7.
    assert.equal(known!.tenths, 667);
    // Unknown size: the hard filter is not enforced, and the score uses only what is known → (40+20)/60 = 100.
    assert.equal(unknown!.state, "scored");
    assert.equal(unknown!.tenths, 1000);
    assert.match(unknown!.reasons, /Mid-size \(unknown\); Big enough \(required, unknown\)$/);
  });
  test("too little known evidence → insufficient_data, not a low score", () => {
    const [r] = score(SAAS, [{ industry: "", employees: "", description: "an agency" }]);
    // Only the agency signal (|−20| of 90 = 22%) is known, below min_coverage 50%.
    assert.equal(r!.state, "insufficient_data");
    assert.equal(r!.tenths, null);
    assert.equal(r!.tier, null);
  });
  test("`missing: fail` and `missing: pass` decide what a missing value counts as", () => {
    const yaml = `name: m
criteria:
  - { label: Size, field: employees, range: { min: 10 }, require: true, missing: fail }
  - { label: Tech, field: tech, any: [slack], weight: 10, missing: pass }
`;
    const [a, b] = score(yaml, [
      { employees: "", tech: "" },
      { employees: "50", tech: "" },
    ]);
    assert.equal(a!.state, "disqualified");
    assert.equal(b!.tenths, 1000);
  });
});

describe("tests", () => {
  const one = (crit: string, value: string | null, field = "v", type = "number") =>
    score(
      `name: t\nfields: { v: { type: ${type} } }\ncriteria:\n  - { label: c, field: ${field}, ${crit}, weight: 10 }\n`,
      [{ v: value }],
    )[0]!.tenths;
  test("range ends: min/max include the end, above/below exclude it", () => {
    assert.equal(one("range: { min: 50, max: 100 }", "50"), 1000);
    assert.equal(one("range: { min: 50, max: 100 }", "100"), 1000);
    assert.equal(one("range: { above: 50 }", "50"), 0);
    assert.equal(one("range: { below: 100 }", "100"), 0);
    assert.equal(one("range: { below: 100 }", "99.99"), 1000);
  });
  test("list overlap: any, all, none — case-insensitive items", () => {
    assert.equal(one("any: [hubspot, salesforce]", "Slack; HubSpot", "v", "list"), 1000);
    assert.equal(one("all: [hubspot, slack]", "Slack; HubSpot", "v", "list"), 1000);
    assert.equal(one("all: [hubspot, okta]", "Slack; HubSpot", "v", "list"), 0);
    assert.equal(one("none: [okta]", "Slack | HubSpot", "v", "list"), 1000);
  });
  test("text: keywords are substrings, patterns are case-insensitive regular expressions", () => {
    assert.equal(one("contains: [consult]", "A CONSULTING firm", "v", "text"), 1000);
    assert.equal(one('matches: "^acme( |$)"', "ACME Corp", "v", "text"), 1000);
    assert.equal(one('matches: "^acme( |$)"', "Acmeville", "v", "text"), 0);
  });
  test("date recency is measured back from as_of, never from the clock", () => {
    assert.equal(one("within: { days: 30 }", "2026-10-24", "v", "date"), 1000);
    assert.equal(one("within: { days: 30 }", "2026-10-23", "v", "date"), 0);
    assert.equal(one("within: { days: 30 }", "2026-11-24", "v", "date"), 0, "a future date is not recent");
  });
});

describe("score rounding and tiers", () => {
  test("scores round half up to one decimal, in integer arithmetic", () => {
    // 1 of 8 points → 12.5 exactly; 1 of 3 → 33.3; 2 of 3 → 66.7.
    const yaml = (a: number, b: number) =>
      `name: r\ncriteria:\n  - { label: a, field: business_model, in: [x], weight: ${a} }\n  - { label: b, field: employees, range: { min: 1 }, weight: ${b} }\n`;
    assert.equal(score(yaml(1, 7), [{ business_model: "x", employees: "0" }])[0]!.tenths, 125);
    assert.equal(score(yaml(1, 2), [{ business_model: "x", employees: "0" }])[0]!.tenths, 333);
    assert.equal(score(yaml(2, 1), [{ business_model: "x", employees: "0" }])[0]!.tenths, 667);
  });
  test("capacity tiers: best scores first, ties in input order, top N and top P% cumulative", () => {
    const p = profileOf(`name: cap
criteria:
  - { label: a, field: business_model, in: [x], weight: 10 }
  - { label: b, field: employees, range: { min: 100 }, weight: 10 }
tiers:
  - { name: AE, top: 2 }
  - { name: SDR, top_percent: 60 }
  - { name: rest }
`);
    const rows = [
      { business_model: "x", employees: "1" },
      { business_model: "x", employees: "500" },
      { business_model: "y", employees: "1" },
      { business_model: "x", employees: "1" },
      { business_model: "x", employees: "200" },
    ];
    const ir = lower(p, { asOf: AS_OF, columns: ["business_model", "employees"] });
    const tiers = assignCapacityTiers(
      ir,
      rows.map((r) => interpretRow(ir, r).tenths),
    );
    // Scores: 50, 100, 0, 50, 100 → ranks: row2, row5 (100s), row1, row4 (50s, input order), row3.
    // AE = top 2; SDR = top 60% of 5 = 3 → rank 3 only; the rest after.
    assert.deepEqual(tiers, ["SDR", "AE", "rest", "rest", "AE"]);
  });
  test("reasons list met signals largest first, then not met, then unknown", () => {
    const [r] = score(SAAS, [{ industry: "software", employees: "20", description: "an agency" }]);
    assert.equal(r!.reasons, "Software (+40); Agency (-20); Mid-size (not met)");
  });
});

describe("several profiles", () => {
  test("each row gets every profile's result and the best match (scored beats unknown beats disqualified)", () => {
    const a = lower(profileOf(SAAS), { asOf: AS_OF, columns: ["industry", "employees", "description"] });
    const b = lower(
      profileOf(
        "name: Services\ncriteria:\n  - { label: Consulting, field: industry, in: [consulting], weight: 10 }\n",
      ),
      { asOf: AS_OF, columns: ["industry", "employees", "description"] },
    );
    const row = { industry: "consulting", employees: "500", description: "" };
    const results = [interpretRow(a, row), interpretRow(b, row)];
    assert.equal(bestIndex(results), 1);
    const cells = resultCells([a, b], results);
    assert.deepEqual(cells.slice(0, 3), [100, "A", "scored"]);
    assert.equal(cells[4], "Services");
    assert.equal(cells.length, 7 + 2 * 4);
  });
});

/** `icp check`: every problem at once, located, with what was expected and a hint. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { checkProfileText } from "../src/profile/check.js";
import { renderDiagnostics } from "../src/profile/diagnostics.js";
import { checkPortableRegex, portablePattern } from "../src/profile/regex.js";
import { profileJsonSchema } from "../src/profile/schema.js";
import { ROOT } from "./helpers.js";

const BAD = `name: Broken ICP
criteria:
  - label: Software
    field: industry
    in: [software]
    wieght: 20
  - label: Mid-size
    field: employees
    range: { min: fifty }
    weight: 10
  - label: Typo field
    field: industy
    in: [x]
    weight: 5
`;

describe("structural errors", () => {
  const r = checkProfileText(BAD, "profile.yaml");
  const byCode = (code: string) => r.diagnostics.filter((d) => d.code === code);

  test("all problems are reported in one run, each located at file:line:col", () => {
    assert.equal(r.profile, undefined);
    const unknownKey = byCode("unknown_key")[0]!;
    assert.deepEqual([unknownKey.line, unknownKey.col], [6, 5]);
    assert.equal(unknownKey.hint, "did you mean `weight`?");
    const min = r.diagnostics.find((d) => d.path.join(".") === "criteria.1.range.min")!;
    assert.equal(min.line, 9);
    assert.equal(min.col, 19);
    assert.equal(min.expected, "a number");
    assert.equal(min.received, '"fifty"');
    assert.match(min.hint ?? "", /write a number/);
  });

  test("criteria that parsed are still checked for meaning (unknown field with a guess)", () => {
    const f = byCode("unknown_field")[0]!;
    assert.equal(f.line, 12);
    assert.equal(f.hint, "did you mean `industry`?");
  });

  test("the rendering reads like a compiler's", () => {
    const text = renderDiagnostics(r.diagnostics);
    assert.match(text, /^profile\.yaml:6:5 {2}error {2}criteria\[0\]\.wieght$/m);
    assert.match(text, /expected a number, received "fifty"/);
    assert.match(text, /\d+ errors, 0 warnings$/);
  });
});

describe("meaning errors", () => {
  const check = (yaml: string) => checkProfileText(yaml, "p.yaml").diagnostics;

  test("a test that does not fit the field's type names the tests that do", () => {
    const d = check("name: x\ncriteria:\n  - { label: a, field: industry, range: { min: 1 }, weight: 1 }\n");
    assert.equal(d[0]?.code, "test_type_mismatch");
    assert.match(d[0]!.expected!, /in, not_in, contains, matches/);
  });
  test("a criterion needs exactly one test and one role", () => {
    const d = check(
      "name: x\ncriteria:\n  - { label: a, field: industry }\n  - { label: b, field: business_model, in: [x], weight: 1, require: true }\n",
    );
    assert.deepEqual(
      d.map((x) => x.code),
      ["missing_test", "missing_role", "several_roles"],
    );
  });
  test("empty and reversed ranges, non-portable regexes, bad durations", () => {
    const d = check(`name: x
criteria:
  - { label: a, field: employees, range: {}, weight: 1 }
  - { label: b, field: employees, range: { min: 10, max: 5 }, weight: 1 }
  - { label: c, field: description, matches: "(?=x)", weight: 1 }
  - { label: d, field: description, matches: "([", weight: 1 }
  - { label: e, field: founded_year, within: { months: 3 }, weight: 1 }
`);
    assert.deepEqual(
      d.map((x) => x.code),
      ["empty_range", "empty_range", "invalid_regex", "invalid_regex", "invalid_duration"],
    );
    assert.ok(d.every((x) => x.line !== undefined && x.col !== undefined));
  });
  test("weights keep two decimals so every engine adds them exactly", () => {
    const d = check("name: x\ncriteria:\n  - { label: a, field: business_model, in: [x], weight: 1.234 }\n");
    assert.equal(d[0]?.code, "invalid_value");
  });
  test("YAML syntax errors are located", () => {
    const d = check("name: x\ncriteria:\n  - label: [unclosed\n");
    assert.equal(d[0]?.code, "yaml_syntax");
    assert.ok(d[0]!.line! >= 3);
  });
});

describe("warnings for suspicious profiles", () => {
  const warnings = (yaml: string) =>
    checkProfileText(yaml, "p.yaml")
      .diagnostics.filter((d) => d.severity === "warning")
      .map((d) => d.code);

  test("a tier that no score can reach", () => {
    const yaml = `name: x
criteria:
  - { label: a, field: business_model, in: [x], weight: 10 }
  - { label: b, field: employees, range: { min: 5 }, weight: 10 }
tiers:
  - { name: A, min_score: 60 }
  - { name: B, min_score: 55 }
  - { name: C }
`;
    // With two equal weights the only scores are 0, 50 and 100: nothing lands in [55, 60).
    assert.deepEqual(warnings(yaml), ["unreachable_tier"]);
  });
  test("a tier shadowed by an earlier one", () => {
    const yaml = `name: x
criteria:
  - { label: a, field: business_model, in: [x], weight: 10 }
tiers:
  - { name: A, min_score: 10 }
  - { name: B, min_score: 50 }
`;
    assert.ok(warnings(yaml).includes("unreachable_tier"));
  });
  test("weights that cancel out, and a profile with no weighted signal", () => {
    const yaml = `name: x
criteria:
  - { label: a, field: business_model, in: [x], weight: 10 }
  - { label: b, field: business_model, in: [x], weight: -10 }
`;
    assert.ok(warnings(yaml).includes("cancelling_weights"));
    assert.deepEqual(
      warnings("name: x\ncriteria:\n  - { label: a, field: business_model, in: [x], require: true }\n"),
      ["no_signals"],
    );
  });
  test("a clean profile has no diagnostics and a stable content hash", () => {
    const yaml = "name: x\ncriteria:\n  - { label: a, field: business_model, in: [x], weight: 10 }\n";
    const a = checkProfileText(yaml);
    const b = checkProfileText(`# a comment\n${yaml.replace("weight: 10", "weight:   10")}`);
    assert.deepEqual(a.diagnostics, []);
    assert.equal(a.profile!.hash, b.profile!.hash, "formatting and comments do not change the hash");
    const c = checkProfileText(yaml.replace("weight: 10", "weight: 11"));
    assert.notEqual(a.profile!.hash, c.profile!.hash);
  });
});

describe("matches: one meaning on every engine", () => {
  test("the pattern engines run spells out . and the shorthand classes, in lower case", () => {
    assert.equal(portablePattern("consult.*agency"), "consult[^\\n]*agency");
    assert.equal(portablePattern("^\\d+\\s*Employees$"), "^[0-9]+[ \\t\\n\\r\\f\\x0b]*employees$");
    assert.equal(portablePattern("[\\w.-]+@ACME\\.com"), "[0-9a-z_.-]+@acme\\.com");
    assert.equal(portablePattern("ÉCOLE|İstanbul"), "école|istanbul");
    // a realistic description: "." does not cross the line end on any engine
    const re = new RegExp(portablePattern("consult.*agency"), "u");
    assert.equal(re.test("boutique consulting firm.\nwe are a full-service agency"), false);
    assert.equal(re.test("consulting and agency work"), true);
  });
  test("constructs engines read differently are refused with a hint", () => {
    for (const [p, what] of [
      ["[[:alpha:]]+", /POSIX classes/],
      ["[\\S-]+", /negated class/],
      ["\\bsoft", /word boundaries/],
      ["\\Asoft", /anchors/],
      ["(?i)soft", /inline flags/],
    ] as const) {
      const problem = checkPortableRegex(p);
      assert.match(problem?.message ?? "", what, p);
      assert.ok(problem?.hint);
    }
    assert.equal(checkPortableRegex("consult.*agency"), undefined);
  });
});

describe("JSON Schema", () => {
  test("the schema file editors load (schema/profile.schema.json) is the one icp schema prints", () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, "schema/profile.schema.json"), "utf8"));
    assert.deepEqual(
      shipped,
      JSON.parse(JSON.stringify(profileJsonSchema())),
      "run: icp schema > schema/profile.schema.json",
    );
  });
  test("describes the criteria, their tests and roles for editors", () => {
    const s = profileJsonSchema() as {
      properties: Record<string, { items?: { properties?: Record<string, unknown> } }>;
    };
    const crit = s.properties["criteria"]?.items?.properties ?? {};
    for (const k of [
      "label",
      "field",
      "in",
      "range",
      "any",
      "within",
      "require",
      "exclude",
      "weight",
      "missing",
    ]) {
      assert.ok(k in crit, `criteria items have ${k}`);
    }
  });
});

test("a profile with no criteria (a discovery that found no signal) says so and what to do", () => {
  const r = checkProfileText("icp: 1\nname: drafted\ncriteria: []\n", "draft.yaml");
  assert.equal(r.profile, undefined);
  const d = r.diagnostics.find((x) => x.path.join(".") === "criteria");
  assert.ok(d, JSON.stringify(r.diagnostics));
  assert.equal(d.message, "the profile has no criteria: nothing to score by");
  assert.equal(d.line, 3);
  assert.match(d.hint ?? "", /icp discover.*no reliable signal/);
});

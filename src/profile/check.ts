/**
 * Meaning checks: from a structurally valid spec to a `Profile`, with every error and warning
 * collected (never only the first).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { NORMALISERS } from "../data/normalise/registry.js";
import { fold } from "../engine/values.js";
import { derivedKey, parseDerivedField } from "./derived.js";
import { type Diagnostic, didYouMean, hasErrors, type PathSegment, ProfileError } from "./diagnostics.js";
import { type FieldDecl, type FieldType, STANDARD_FIELDS } from "./fields.js";
import {
  type Criterion,
  DEFAULT_MIN_COVERAGE,
  DEFAULT_TIERS,
  type MissingRule,
  type Persona,
  type Profile,
  type Role,
  type Test,
  type Tier,
} from "./model.js";
import { describeValue, parseProfileText } from "./parse.js";
import { checkPortableRegex, portablePattern } from "./regex.js";
import {
  type CriterionSpec,
  criterionSchema,
  fieldDeclSchema,
  type ProfileSpec,
  ROLE_KEYS,
  TEST_KEYS,
  type TestKey,
} from "./schema.js";

/** Which tests apply to which field type. */
export const TESTS_BY_TYPE: Record<FieldType, readonly TestKey[]> = {
  category: ["in", "not_in", "contains", "matches"],
  text: ["contains", "matches", "in", "not_in"],
  number: ["range", "within"],
  list: ["any", "all", "none"],
  date: ["within"],
  boolean: ["is"],
};

export interface CheckResult {
  profile?: Profile;
  diagnostics: Diagnostic[];
}

function slug(label: string): string {
  const s = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[a-z]/.test(s) ? s.slice(0, 48) : `c_${s}`.slice(0, 48);
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v as object)
      .filter((k) => k !== "$schema" && (v as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

export function profileHash(spec: unknown): string {
  return createHash("sha256").update(canonicalJson(spec)).digest("hex").slice(0, 12);
}

const hundredthsOk = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

/** Check a structurally valid spec. `raw` is the parsed YAML, used when the spec itself failed. */
export function checkSpec(spec: ProfileSpec, file?: string): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const err = (path: PathSegment[], code: string, message: string, extra: Partial<Diagnostic> = {}) =>
    diagnostics.push({ severity: "error", code, path, message, ...extra });
  const warn = (path: PathSegment[], code: string, message: string, extra: Partial<Diagnostic> = {}) =>
    diagnostics.push({ severity: "warning", code, path, message, ...extra });

  // Fields: standard, then declared (a declared one replaces the standard one of the same name).
  const fields = new Map<string, FieldDecl>(STANDARD_FIELDS.map((f) => [f.name, f]));
  for (const [name, decl] of Object.entries(spec.fields ?? {})) {
    if (decl.column !== undefined && decl.columns !== undefined) {
      err(["fields", name], "conflicting_keys", "give `column` or `columns`, not both", {
        hint: "use `columns: [a, b]` to try several columns in order",
      });
    }
    if (decl.year && decl.type !== "number") {
      err(["fields", name, "year"], "invalid_value", "`year: true` applies to number fields only", {
        expected: "type: number",
        received: `type: ${decl.type}`,
      });
    }
    const std = fields.get(name);
    const explicitColumns = decl.columns ?? (decl.column !== undefined ? [decl.column] : undefined);
    const columns = explicitColumns ?? std?.columns ?? [name];
    const sameType = std !== undefined && std.type === decl.type;
    const normalize =
      decl.normalize === "none"
        ? undefined
        : (decl.normalize ?? (sameType ? std?.normalize : decl.type === "date" ? "date" : undefined));
    fields.set(name, {
      name,
      type: decl.type,
      columns,
      ...(normalize ? { normalize } : {}),
      ...(sameType && std?.fallback && !explicitColumns && decl.normalize === undefined
        ? { fallback: std.fallback }
        : {}),
      ...(decl.year || (std?.year && decl.type === "number") ? { year: true } : {}),
      ...(decl.description ? { description: decl.description } : {}),
    });
  }

  const criteria: Criterion[] = [];
  /** Each built criterion's index in the file (invalid ones are not built). */
  const specIndex: number[] = [];
  const ids = new Map<string, number>();
  spec.criteria.forEach((c, i) => {
    const built = checkCriterion(c, ["criteria", i], fields, err, warn);
    if (!built) return;
    let id = c.id ?? slug(c.label);
    if (ids.has(id)) {
      if (c.id !== undefined) {
        err(
          ["criteria", i, "id"],
          "duplicate_id",
          `id \`${id}\` is already used by criteria[${ids.get(id)}]`,
          {
            hint: "give each criterion its own id",
          },
        );
      }
      let n = 2;
      while (ids.has(`${id}_${n}`)) n++;
      id = `${id}_${n}`;
    }
    ids.set(id, i);
    criteria.push({ ...built, id });
    specIndex.push(i);
  });

  // Coverage.
  let minCoverage = DEFAULT_MIN_COVERAGE;
  if (typeof spec.min_coverage === "number") minCoverage = spec.min_coverage;
  else if (typeof spec.min_coverage === "string") {
    const pct = Number(spec.min_coverage.slice(0, -1));
    if (pct > 100) {
      err(["min_coverage"], "too_big", "coverage is a share of the evidence", {
        expected: "a percentage ≤ 100%",
        received: JSON.stringify(spec.min_coverage),
      });
    }
    minCoverage = pct / 100;
  }
  if (Math.abs(Math.round(minCoverage * 10_000) - minCoverage * 10_000) > 1e-6) {
    err(["min_coverage"], "invalid_value", "coverage is kept to 0.01% precision", {
      expected: "at most 4 decimals (0.6, 0.625) or 2 in a percentage (62.5%)",
      received: String(spec.min_coverage),
    });
  }

  // Tiers.
  const tiers: Tier[] = (
    spec.tiers ?? DEFAULT_TIERS.map((t) => ({ name: t.name, min_score: t.minScore }))
  ).map((t) => ({
    name: t.name,
    ...(t.min_score !== undefined ? { minScore: t.min_score } : {}),
    ...("top" in t && t.top !== undefined ? { top: t.top } : {}),
    ...("top_percent" in t && t.top_percent !== undefined ? { topPercent: t.top_percent } : {}),
    ...("route" in t && t.route !== undefined ? { route: t.route } : {}),
  }));
  checkTiers(tiers, criteria, spec.tiers !== undefined, minCoverage, err, warn);

  const personas: Persona[] = [];
  const personaNames = new Set<string>();
  (spec.personas ?? []).forEach((ps, i) => {
    if (personaNames.has(ps.name))
      err(["personas", i, "name"], "duplicate_persona", `persona \`${ps.name}\` is defined twice`);
    personaNames.add(ps.name);
    if (!ps.functions && !ps.seniorities && !ps.include) {
      err(["personas", i], "empty_persona", `persona "${ps.name}" matches no title`, {
        expected: "functions, seniorities or include",
        hint: "for example `functions: [finance]` and `seniorities: [c_level, vp]`",
      });
    }
    personas.push({
      name: ps.name,
      functions: ps.functions ?? [],
      seniorities: ps.seniorities ?? [],
      include: (ps.include ?? []).map((k) => fold(k)),
      exclude: (ps.exclude ?? []).map((k) => fold(k)),
      role: ps.role ?? "influencer",
    });
  });

  // committee.<persona> must name one of the profile's personas
  criteria.forEach((c, i) => {
    const d = parseDerivedField(c.field.name);
    if (d?.ok && d.field.kind === "committee_persona") {
      const key = d.field.persona;
      if (!personas.some((p) => derivedKey(p.name) === key))
        err(
          ["criteria", specIndex[i] ?? i, "field"],
          "unknown_persona",
          `no persona \`${key}\` in this profile`,
          {
            expected: "committee.<persona> with a persona declared under `personas:`",
            received: JSON.stringify(c.field.name),
            hint: personas.length
              ? `personas: ${personas.map((p) => `committee.${derivedKey(p.name)}`).join(", ")}`
              : "declare the persona under `personas:`",
          },
        );
    }
  });

  if (criteria.length > 0 && !criteria.some((c) => c.role === "signal")) {
    warn(
      ["criteria"],
      "no_signals",
      "no weighted signals: every row that passes the hard filters scores 100",
      {
        hint: "add criteria with `weight:` to rank the rows that pass",
      },
    );
  }
  checkCancellingWeights(criteria, warn);

  for (const d of diagnostics) if (file) d.file = file;
  if (hasErrors(diagnostics)) return { diagnostics };
  const profile: Profile = {
    name: spec.name,
    version: spec.version === undefined ? "0" : String(spec.version),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.owner !== undefined ? { owner: spec.owner } : {}),
    ...(spec.discovered !== undefined
      ? {
          discovered: {
            from: spec.discovered.from ?? [],
            ...(spec.discovered.as_of !== undefined ? { asOf: spec.discovered.as_of } : {}),
            ...(spec.discovered.outcomes_through !== undefined
              ? { outcomesThrough: spec.discovered.outcomes_through }
              : {}),
            ...(spec.discovered.examples !== undefined ? { examples: spec.discovered.examples } : {}),
          },
        }
      : {}),
    minCoverage,
    fields,
    criteria,
    tiers,
    personas,
    hash: profileHash(spec),
    ...(file ? { file } : {}),
  };
  return { profile, diagnostics };
}

type Report = (path: PathSegment[], code: string, message: string, extra?: Partial<Diagnostic>) => void;

function foldList(vals: ReadonlyArray<string | number | boolean>): string[] {
  // Same folding as values.fold, applied to the profile's own values once.
  return [...new Set(vals.map((v) => fold(String(v))).filter((v) => v !== ""))];
}

function checkCriterion(
  c: CriterionSpec,
  path: PathSegment[],
  fields: Map<string, FieldDecl>,
  err: Report,
  warn: Report,
): Omit<Criterion, "id"> | undefined {
  let ok = true;
  const tests = TEST_KEYS.filter((k) => c[k] !== undefined);
  const roles = ROLE_KEYS.filter((k) => c[k] !== undefined);
  if (tests.length === 0) {
    ok = false;
    err(path, "missing_test", `criterion "${c.label}" has no test`, {
      expected: `one of ${TEST_KEYS.join(", ")}`,
      received: "none",
      hint: "for example `in: [software]` or `range: { min: 50 }`",
    });
  } else if (tests.length > 1) {
    ok = false;
    err(
      [...path, tests[1]!],
      "several_tests",
      `one test per criterion; this one has ${tests.join(" and ")}`,
      {
        hint: "split it into two criteria",
      },
    );
  }
  if (roles.length === 0) {
    ok = false;
    err(path, "missing_role", `criterion "${c.label}" has no role`, {
      expected: "weight: <points>, require: true or exclude: true",
      received: "none",
      hint: "add `weight: 10` for a soft signal, or `require: true` for a hard filter",
    });
  } else if (roles.length > 1) {
    ok = false;
    err(
      [...path, roles[1]!],
      "several_roles",
      `a criterion is a soft signal or a hard filter, not both: ${roles.join(" and ")}`,
      {
        hint: "keep one of weight, require, exclude",
      },
    );
  }
  let field = fields.get(c.field);
  if (!field) {
    const derived = parseDerivedField(c.field);
    if (derived?.ok) {
      fields.set(c.field, derived.decl);
      field = derived.decl;
    } else if (derived) {
      ok = false;
      err([...path, "field"], "unknown_field", derived.message, {
        expected: "a derived field (docs/semantics.md §8)",
        received: JSON.stringify(c.field),
        hint: derived.hint,
      });
    }
  }
  if (!field && !parseDerivedField(c.field)) {
    ok = false;
    const guess = didYouMean(c.field, fields.keys());
    err([...path, "field"], "unknown_field", `unknown field \`${c.field}\``, {
      expected: "a standard field or one declared under `fields:`",
      received: JSON.stringify(c.field),
      hint: guess ? `did you mean \`${guess}\`?` : `declare it: fields: { ${c.field}: { type: category } }`,
    });
  }
  if (c.weight !== undefined && !hundredthsOk(c.weight)) {
    ok = false;
    err(
      [...path, "weight"],
      "invalid_value",
      "weights are kept to 2 decimals so that every engine adds them exactly",
      {
        expected: "a number with at most 2 decimals",
        received: String(c.weight),
      },
    );
  }
  if (c.weight === 0) warn([...path, "weight"], "zero_weight", "weight 0 has no effect on the score");
  const testKey = tests[0];
  if (!ok || !field || testKey === undefined) return undefined;
  const allowed = TESTS_BY_TYPE[field.type];
  const yearWithin = testKey === "within" && field.type === "number";
  if (!allowed.includes(testKey) || (yearWithin && !field.year)) {
    err(
      [...path, testKey],
      "test_type_mismatch",
      `\`${testKey}\` does not apply to ${field.type} field \`${field.name}\``,
      {
        expected: `one of ${allowed.filter((t) => t !== "within" || field.type !== "number" || field.year).join(", ")}`,
        received: testKey,
        hint:
          yearWithin && !field.year
            ? `declare it as a year: fields: { ${field.name}: { type: number, year: true } }`
            : `declare the field with another type under \`fields:\` if the column holds ${testKey === "range" ? "numbers" : "other values"}`,
      },
    );
    return undefined;
  }
  let test: Test | undefined;
  switch (testKey) {
    case "in":
    case "not_in":
    case "any":
    case "all":
    case "none":
    case "contains": {
      const vs = foldList(c[testKey]!);
      if (vs.length === 0) {
        err([...path, testKey], "empty_values", "every value is empty once trimmed", {
          received: JSON.stringify(c[testKey]),
          hint: "list at least one non-empty value",
        });
        return undefined;
      }
      test = testKey === "contains" ? { op: "contains", keywords: vs } : { op: testKey, values: vs };
      if (
        (testKey === "in" || testKey === "not_in") &&
        field.normalize &&
        NORMALISERS[field.normalize].appliesToLiterals
      ) {
        const f = NORMALISERS[field.normalize].make({ asOf: "2000-01-01" });
        const raw = c[testKey]!;
        raw.forEach((v, j) => {
          if (String(v).trim() !== "" && f(String(v)) === null) {
            warn(
              [...path, testKey, j],
              "unknown_value",
              `${JSON.stringify(v)} is not a known ${field.normalize} value, so no normalised row can equal it`,
              {
                hint:
                  field.normalize === "industry"
                    ? "use a LinkedIn industry (V2 label or legacy name): `icp normalize industry <text>` shows the mapping"
                    : `check the spelling, or set \`normalize: none\` on the field to compare raw text`,
              },
            );
          }
        });
      }
      break;
    }
    case "matches": {
      const problem = checkPortableRegex(c.matches!);
      if (problem) {
        err([...path, "matches"], "invalid_regex", problem.message, {
          received: JSON.stringify(c.matches),
          hint: problem.hint,
        });
        return undefined;
      }
      // the pattern every engine runs: explicit classes, lower case, matched against the folded text
      test = { op: "matches", pattern: portablePattern(c.matches!) };
      break;
    }
    case "is":
      test = { op: "is", value: c.is! };
      break;
    case "range": {
      const r = c.range!;
      const rp = [...path, "range"];
      if (r.min === undefined && r.max === undefined && r.above === undefined && r.below === undefined) {
        err(rp, "empty_range", "a range needs at least one end", {
          hint: "write { min: 50 }, { max: 1000 } or both",
        });
        return undefined;
      }
      if (r.min !== undefined && r.above !== undefined) {
        err([...rp, "above"], "conflicting_keys", "give `min` (inclusive) or `above` (exclusive), not both");
        return undefined;
      }
      if (r.max !== undefined && r.below !== undefined) {
        err([...rp, "below"], "conflicting_keys", "give `max` (inclusive) or `below` (exclusive), not both");
        return undefined;
      }
      const lo = r.min ?? r.above;
      const hi = r.max ?? r.below;
      if (
        lo !== undefined &&
        hi !== undefined &&
        (lo > hi || (lo === hi && (r.above !== undefined || r.below !== undefined)))
      ) {
        err(rp, "empty_range", `no number lies in this range (${describeValue(lo)} … ${describeValue(hi)})`, {
          hint: "the lower end must be below the upper end",
        });
        return undefined;
      }
      test = {
        op: "range",
        ...(lo !== undefined ? { min: lo } : {}),
        ...(hi !== undefined ? { max: hi } : {}),
        minInclusive: r.above === undefined,
        maxInclusive: r.below === undefined,
      };
      break;
    }
    case "within": {
      const w = c.within!;
      const units = (["days", "months", "years"] as const).filter((u) => w[u] !== undefined);
      if (units.length !== 1) {
        err([...path, "within"], "invalid_duration", "give exactly one of days, months or years", {
          received: units.length ? units.join(" and ") : "none",
          hint: "for example `within: { months: 18 }`",
        });
        return undefined;
      }
      const u = units[0]!;
      if (field.year && u !== "years") {
        err([...path, "within", u], "invalid_duration", `\`${field.name}\` holds a year; use \`years\``, {
          expected: "years",
          received: u,
        });
        return undefined;
      }
      test = { op: "within", [u]: w[u] };
      break;
    }
  }
  if (!test) return undefined;
  const role: Role = c.require ? "require" : c.exclude ? "exclude" : "signal";
  const missing: MissingRule = c.missing ?? "unknown";
  if (c.missing === undefined && /^(events|hiring)\.[a-z0-9_]+\.last_date$/.test(field.name))
    warn(
      [...path, "missing"],
      "absent_event_unknown",
      "an account with no such event reads as unknown here, not as not met",
      {
        hint: `add \`missing: fail\`, or test \`${field.name.replace(/last_date$/, "count_180d")}\` with \`range: { min: 1 }\``,
      },
    );
  return { label: c.label, field, test, role, weight: role === "signal" ? (c.weight ?? 0) : 0, missing };
}

function checkTiers(
  tiers: Tier[],
  criteria: Criterion[],
  explicit: boolean,
  minCoverage: number,
  err: Report,
  warn: Report,
) {
  const names = new Set<string>();
  tiers.forEach((t, i) => {
    if (names.has(t.name))
      err(["tiers", i, "name"], "duplicate_tier", `tier name \`${t.name}\` is used twice`);
    names.add(t.name);
    if (t.top !== undefined && t.topPercent !== undefined) {
      err(["tiers", i], "conflicting_keys", "give `top` or `top_percent`, not both");
    }
  });
  if (!explicit) return;
  // A threshold tier after an uncapped tier with a lower or equal bar can never be reached.
  tiers.forEach((t, i) => {
    for (let j = 0; j < i; j++) {
      const e = tiers[j]!;
      const uncapped = e.top === undefined && e.topPercent === undefined;
      if (
        uncapped &&
        (e.minScore ?? 0) <= (t.minScore ?? 0) &&
        t.top === undefined &&
        t.topPercent === undefined
      ) {
        warn(
          ["tiers", i],
          "unreachable_tier",
          `tier \`${t.name}\` can never be reached: tier \`${e.name}\` takes every row it would`,
          {
            hint: "list tiers from the highest min_score to the lowest",
          },
        );
        return;
      }
    }
  });
  const reachable = reachableScores(criteria, minCoverage);
  if (reachable) {
    tiers.forEach((t, i) => {
      if (t.minScore === undefined) return;
      const next = tiers
        .slice(0, i)
        .filter((e) => e.top === undefined && e.topPercent === undefined && e.minScore !== undefined)
        .map((e) => e.minScore!)
        .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
      if (![...reachable].some((s) => s >= t.minScore! && s < next)) {
        warn(
          ["tiers", i, "min_score"],
          "unreachable_tier",
          `no combination of criteria gives a score in tier \`${t.name}\``,
          {
            hint: "adjust the weights or this tier's min_score",
          },
        );
      }
    });
  }
  const last = tiers[tiers.length - 1];
  if (last && (last.minScore ?? 0) > 0 && last.top === undefined && last.topPercent === undefined) {
    warn(["tiers", tiers.length - 1], "untiered_rows", `scored rows below ${last.minScore} get no tier`, {
      hint: "add a last tier without min_score to catch them, if that is not what you want",
    });
  }
}

/** Every score a scored row can get (in tenths → as numbers), or undefined when too many signals to enumerate. */
export function reachableScores(criteria: Criterion[], minCoverage: number): Set<number> | undefined {
  const sig = criteria.filter((c) => c.role === "signal");
  if (sig.length === 0 || sig.length > 10) return undefined;
  const pts = sig.map((c) => Math.round(c.weight * 100));
  const total = pts.reduce((a, p) => a + Math.abs(p), 0);
  const out = new Set<number>();
  const states = 3 ** sig.length;
  for (let s = 0; s < states; s++) {
    let x = s;
    let raw = 0;
    let lo = 0;
    let hi = 0;
    let known = 0;
    for (let k = 0; k < sig.length; k++) {
      const st = x % 3;
      x = (x - st) / 3;
      const p = pts[k]!;
      if (st === 2) continue; // unknown
      known += Math.abs(p);
      if (p > 0) hi += p;
      else lo += p;
      if (st === 1) raw += p;
    }
    const d = hi - lo;
    if (d <= 0 || known * 10_000 < Math.round(minCoverage * 10_000) * total) continue;
    out.add(Math.floor((2000 * (raw - lo) + d) / (2 * d)) / 10);
  }
  return out;
}

function checkCancellingWeights(criteria: Criterion[], warn: Report) {
  const seen = new Map<string, { index: number; weight: number }>();
  criteria.forEach((c, i) => {
    if (c.role !== "signal") return;
    const key = `${c.field.name}|${JSON.stringify(c.test)}`;
    const prev = seen.get(key);
    if (prev && prev.weight + c.weight === 0) {
      warn(
        ["criteria", i, "weight"],
        "cancelling_weights",
        `weight ${c.weight} cancels criteria[${prev.index}] (${prev.weight}) on the same test`,
        {
          hint: "remove one of the two, or change a weight",
        },
      );
    } else if (prev) {
      warn(["criteria", i], "duplicate_test", `same test as criteria[${prev.index}]; the points add up`, {
        hint: "merge them into one criterion",
      });
    }
    seen.set(key, { index: i, weight: c.weight });
  });
  const sig = criteria.filter((c) => c.role === "signal");
  if (sig.length > 1 && sig.reduce((a, c) => a + c.weight, 0) === 0 && sig.some((c) => c.weight > 0)) {
    warn(
      ["criteria"],
      "cancelling_weights",
      "the weights add up to 0: positive and negative signals balance exactly",
      {
        hint: "check that the negative weights are meant to be as large as the positive ones",
      },
    );
  }
}

/** Parse and check profile text. */
export function checkProfileText(text: string, file?: string): CheckResult {
  const parsed = parseProfileText(text, file);
  if (!parsed.spec) {
    // Structural errors: still check the criteria that did parse, so all problems show at once.
    const extra = partialCriteriaCheck(text, file, parsed.locate);
    return { diagnostics: [...parsed.diagnostics, ...extra] };
  }
  const res = checkSpec(parsed.spec, file);
  for (const d of res.diagnostics) {
    if (d.line === undefined) Object.assign(d, parsed.locate(d.path) ?? {});
  }
  return res;
}

function partialCriteriaCheck(
  text: string,
  file: string | undefined,
  locate: (p: readonly PathSegment[]) => { line: number; col: number } | undefined,
): Diagnostic[] {
  const data: unknown = parseDocument(text).toJS();
  if (data === null || typeof data !== "object") return [];
  const rawCriteria = (data as { criteria?: unknown }).criteria;
  const rawFields = (data as { fields?: unknown }).fields;
  if (!Array.isArray(rawCriteria)) return [];
  const fields: Record<string, z.infer<typeof fieldDeclSchema>> = {};
  if (rawFields && typeof rawFields === "object") {
    for (const [k, v] of Object.entries(rawFields)) {
      const r = fieldDeclSchema.safeParse(v);
      if (r.success) fields[k] = r.data;
    }
  }
  const valid: CriterionSpec[] = [];
  const index: number[] = [];
  rawCriteria.forEach((c, i) => {
    const r = criterionSchema.safeParse(c);
    if (r.success) {
      valid.push(r.data);
      index.push(i);
    }
  });
  if (valid.length === 0) return [];
  const res = checkSpec({ name: "partial", criteria: valid, fields, tiers: [{ name: "all" }] }, file);
  return res.diagnostics
    .filter((d) => d.severity === "error" && d.path[0] === "criteria" && typeof d.path[1] === "number")
    .map((d) => {
      const path = ["criteria", index[d.path[1] as number]!, ...d.path.slice(2)];
      return { ...d, path, ...(locate(path) ?? {}) };
    });
}

export function loadProfileFile(path: string): Profile {
  const text = readFileSync(path, "utf8");
  const res = checkProfileText(text, path);
  if (!res.profile) throw new ProfileError(res.diagnostics);
  return res.profile;
}

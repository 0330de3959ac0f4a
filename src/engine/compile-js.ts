/**
 * IR → a specialised JavaScript function for row-at-a-time scoring (HTTP requests, streams).
 * Constants are hoisted, each criterion's test is inlined, and reasons are built in a fixed order
 * decided at compile time. The source is printable (`icp compile --target js`) and golden-tested.
 */
import { reasonTexts } from "../ir/lower.js";
import type { IrCriterion, IrProgram, RowResult } from "../ir/types.js";
import type { Row } from "./interpreter.js";
import { type BoundNormalisers, bindNormalisers } from "./normalise.js";
import * as values from "./values.js";

export interface CompiledScorer {
  source: string;
  /** Score one row (capacity tiers left null, as in the interpreter). */
  score(row: Row): RowResult;
}

const lit = (v: unknown) => JSON.stringify(v);

function testExpr(c: IrCriterion, k: number, consts: string[]): { conv: string; test: string } {
  const t = c.test;
  const set = () => {
    const name = `S${k}`;
    const vals = "values" in t ? t.values : "keywords" in t ? t.keywords : [];
    consts.push(`const ${name} = new Set(${lit(vals)});`);
    return name;
  };
  switch (t.op) {
    case "in":
      return { conv: "H.toCategory", test: `${set()}.has(v)` };
    case "not_in":
      return { conv: "H.toCategory", test: `!${set()}.has(v)` };
    case "range": {
      const parts: string[] = [];
      if (t.min !== undefined) parts.push(`v ${t.minInclusive ? ">=" : ">"} ${lit(t.min)}`);
      if (t.max !== undefined) parts.push(`v ${t.maxInclusive ? "<=" : "<"} ${lit(t.max)}`);
      return { conv: "H.toNumber", test: parts.join(" && ") };
    }
    case "any": {
      const s = set();
      return { conv: "H.toList", test: `v.some((x) => ${s}.has(x))` };
    }
    case "all": {
      consts.push(`const A${k} = ${lit(t.values)};`);
      return { conv: "H.toList", test: `A${k}.every((x) => v.includes(x))` };
    }
    case "none": {
      const s = set();
      return { conv: "H.toList", test: `!v.some((x) => ${s}.has(x))` };
    }
    case "contains": {
      consts.push(`const K${k} = ${lit(t.keywords)};`);
      return { conv: "H.foldedText", test: `K${k}.some((w) => v.includes(w))` };
    }
    case "matches":
      consts.push(`const R${k} = new RegExp(${lit(t.pattern)}, "u");`);
      return { conv: "H.foldedText", test: `R${k}.test(v)` };
    case "is":
      return { conv: "H.toBoolean", test: `v === ${lit(t.value)}` };
    case "date_between":
      return { conv: "H.toDate", test: `v >= ${lit(t.from)} && v <= ${lit(t.to)}` };
    case "year_between":
      return { conv: "H.toNumber", test: `v >= ${lit(t.from)} && v <= ${lit(t.to)}` };
  }
}

/** Generate the scorer's source. Outcome codes: 0 fail, 1 pass, 2 unknown. */
export function generateJs(ir: IrProgram): string {
  const consts: string[] = [];
  const body: string[] = [];
  const missingCode = (c: IrCriterion) => (c.missing === "pass" ? 1 : c.missing === "fail" ? 0 : 2);
  for (const c of ir.criteria) {
    const k = c.index;
    body.push(
      `  // [${k}] ${c.label.replace(/\n/g, " ")} — ${c.role}${c.role === "signal" ? ` ${c.points / 100}` : ""}`,
    );
    if (c.column === null) {
      body.push(`  const o${k} = ${missingCode(c)}; // no input column for field ${lit(c.field)}`);
      continue;
    }
    const { conv, test } = testExpr(c, k, consts);
    body.push(`  let o${k} = ${missingCode(c)};`);
    const cell = c.normalize ? `N.${c.normalize}(row[${lit(c.column)}])` : `row[${lit(c.column)}]`;
    body.push(`  { const v = ${conv}(${cell}); if (v !== null) o${k} = ${test} ? 1 : 0; }`);
  }
  const texts = ir.criteria.map(reasonTexts);
  const filters = ir.criteria.filter((c) => c.role !== "signal");
  const signals = ir.criteria.filter((c) => c.role === "signal");
  const failCond = filters.map((c) => (c.role === "require" ? `o${c.index} === 0` : `o${c.index} === 1`));
  if (failCond.length > 0) {
    body.push(`  if (${failCond.join(" || ")}) {`);
    body.push("    const r = [];");
    for (const c of filters) {
      const cond = c.role === "require" ? `o${c.index} === 0` : `o${c.index} === 1`;
      const text = c.role === "require" ? texts[c.index]!.fail : texts[c.index]!.pass;
      body.push(`    if (${cond}) r.push(${lit(text)});`);
    }
    body.push(`    return { state: "disqualified", tenths: null, tier: null, reasons: r.join("; ") };`);
    body.push("  }");
  }
  body.push("  let known = 0, lo = 0, hi = 0, raw = 0;");
  for (const c of signals) {
    const p = c.points;
    const a = Math.abs(p);
    body.push(
      `  if (o${c.index} !== 2) { known += ${a}; ${p > 0 ? `hi += ${p};` : p < 0 ? `lo += ${p};` : ""}${p !== 0 ? ` if (o${c.index} === 1) raw += ${p};` : ""} }`,
    );
  }
  body.push("  const r = [];");
  for (const i of ir.metOrder) body.push(`  if (o${i} === 1) r.push(${lit(texts[i]!.pass)});`);
  for (const c of signals) body.push(`  if (o${c.index} === 0) r.push(${lit(texts[c.index]!.fail)});`);
  for (const c of signals) body.push(`  if (o${c.index} === 2) r.push(${lit(texts[c.index]!.unknown)});`);
  for (const c of filters) body.push(`  if (o${c.index} === 2) r.push(${lit(texts[c.index]!.unknown)});`);
  body.push('  const reasons = r.join("; ");');
  if (ir.totalAbs > 0) {
    body.push(
      `  if (known === 0 || known * 10000 < ${ir.minCoverageBp * ir.totalAbs}) return { state: "insufficient_data", tenths: null, tier: null, reasons };`,
    );
    body.push("  const d = hi - lo;");
    body.push("  const tenths = Math.floor((2000 * (raw - lo) + d) / (2 * d));");
  } else {
    body.push("  void known; void lo; void hi; void raw;");
    body.push("  const tenths = 1000;");
  }
  if (ir.capacity) {
    body.push("  const tier = null; // capacity tiers are assigned after ranking");
  } else {
    let chain = "";
    let closed = false;
    for (const t of ir.tiers) {
      if (t.minTenths === undefined) {
        chain += lit(t.name);
        closed = true;
        break;
      }
      chain += `tenths >= ${t.minTenths} ? ${lit(t.name)} : `;
    }
    body.push(`  const tier = ${chain}${closed ? "" : "null"};`);
  }
  body.push('  return { state: "scored", tenths, tier, reasons };');
  const header = [
    `// icpkit scorer for profile ${lit(ir.profile.name)} version ${lit(ir.profile.version)} (${ir.profile.hash}), as of ${ir.asOf}`,
    "// Generated from the scoring IR; H holds the value parsers of docs/semantics.md, N the normalisers.",
    '"use strict";',
  ];
  return `${[...header, ...consts, "return function score(row) {", ...body, "};"].join("\n")}\n`;
}

const helpers = {
  ...values,
  foldedText: (raw: values.RawValue): string | null => {
    const t = values.toText(raw);
    return t === null ? null : values.fold(t);
  },
};

export function compileJs(ir: IrProgram): CompiledScorer {
  const source = generateJs(ir);
  const factory = new Function("H", "N", source) as (
    h: typeof helpers,
    n: BoundNormalisers,
  ) => (row: Row) => RowResult;
  return { source, score: factory(helpers, bindNormalisers(ir)) };
}

/**
 * The reference engine: a direct reading of docs/semantics.md, one criterion at a time. Slow and
 * obvious on purpose; the compiled JS function and the SQL compilers are tested against it.
 */
import { reasonTexts, scoreTenths } from "../ir/lower.js";
import type { IrCriterion, IrProgram, IrTest, Outcome, RowResult } from "../ir/types.js";
import { type BoundNormalisers, bindNormalisers } from "./normalise.js";
import { fold, type RawValue, toBoolean, toCategory, toDate, toList, toNumber, toText } from "./values.js";

export type Row = Readonly<Record<string, RawValue>>;

function parsedValue(c: IrCriterion, raw: RawValue): unknown {
  switch (c.test.op) {
    case "in":
    case "not_in":
      return toCategory(raw);
    case "range":
    case "year_between":
      return toNumber(raw);
    case "any":
    case "all":
    case "none":
      return toList(raw);
    case "contains": {
      const t = toText(raw);
      return t === null ? null : fold(t);
    }
    case "matches": {
      const t = toText(raw);
      return t === null ? null : fold(t);
    }
    case "is":
      return toBoolean(raw);
    case "date_between":
      return toDate(raw);
  }
}

function testValue(test: IrTest, v: unknown): boolean {
  switch (test.op) {
    case "in":
      return test.values.includes(v as string);
    case "not_in":
      return !test.values.includes(v as string);
    case "range": {
      const n = v as number;
      if (test.min !== undefined && (test.minInclusive ? n < test.min : n <= test.min)) return false;
      if (test.max !== undefined && (test.maxInclusive ? n > test.max : n >= test.max)) return false;
      return true;
    }
    case "any":
      return test.values.some((x) => (v as string[]).includes(x));
    case "all":
      return test.values.every((x) => (v as string[]).includes(x));
    case "none":
      return !test.values.some((x) => (v as string[]).includes(x));
    case "contains":
      return test.keywords.some((k) => (v as string).includes(k));
    case "matches":
      return new RegExp(test.pattern, "u").test(v as string);
    case "is":
      return v === test.value;
    case "date_between":
      return (v as string) >= test.from && (v as string) <= test.to;
    case "year_between":
      return (v as number) >= test.from && (v as number) <= test.to;
  }
}

const bound = new WeakMap<IrProgram, BoundNormalisers>();

/** The value a criterion tests: the cell, through the field's normaliser when it has one. */
export function criterionInput(ir: IrProgram, c: IrCriterion, row: Row): RawValue {
  if (c.column === null) return null;
  const raw = row[c.column];
  if (c.normalize === null) return raw;
  let n = bound.get(ir);
  if (!n) {
    n = bindNormalisers(ir);
    bound.set(ir, n);
  }
  const f = n[c.normalize];
  return f ? f(raw) : raw;
}

/** One criterion's outcome for a row, after its missing rule. */
export function evaluateCriterion(ir: IrProgram, c: IrCriterion, row: Row): Outcome {
  const v = c.column === null ? null : parsedValue(c, criterionInput(ir, c, row));
  if (v === null) return c.missing === "unknown" ? "unknown" : c.missing;
  return testValue(c.test, v) ? "pass" : "fail";
}

/** Score one row. Capacity tiers are left null here and set by `assignCapacityTiers`. */
export function interpretRow(ir: IrProgram, row: Row): RowResult {
  return resultFromOutcomes(
    ir,
    ir.criteria.map((c) => evaluateCriterion(ir, c, row)),
  );
}

/** State, score, tier (thresholds only) and reasons from every criterion's outcome. */
export function resultFromOutcomes(ir: IrProgram, outcomes: readonly Outcome[]): RowResult {
  const texts = ir.criteria.map(reasonTexts);

  const failed: string[] = [];
  ir.criteria.forEach((c, i) => {
    if (c.role === "require" && outcomes[i] === "fail") failed.push(texts[i]!.fail);
    if (c.role === "exclude" && outcomes[i] === "pass") failed.push(texts[i]!.pass);
  });
  if (failed.length > 0)
    return { state: "disqualified", tenths: null, tier: null, reasons: failed.join("; ") };

  let raw = 0;
  let lo = 0;
  let hi = 0;
  let known = 0;
  for (const c of ir.criteria) {
    if (c.role !== "signal" || outcomes[c.index] === "unknown") continue;
    known += Math.abs(c.points);
    if (c.points > 0) hi += c.points;
    else lo += c.points;
    if (outcomes[c.index] === "pass") raw += c.points;
  }
  const reasons: string[] = [];
  for (const i of ir.metOrder) if (outcomes[i] === "pass") reasons.push(texts[i]!.pass);
  ir.criteria.forEach((c, i) => {
    if (c.role === "signal" && outcomes[i] === "fail") reasons.push(texts[i]!.fail);
  });
  ir.criteria.forEach((c, i) => {
    if (c.role === "signal" && outcomes[i] === "unknown") reasons.push(texts[i]!.unknown);
  });
  ir.criteria.forEach((c, i) => {
    if (c.role !== "signal" && outcomes[i] === "unknown") reasons.push(texts[i]!.unknown);
  });
  const reasonText = reasons.join("; ");

  if (ir.totalAbs > 0 && (known === 0 || known * 10_000 < ir.minCoverageBp * ir.totalAbs)) {
    return { state: "insufficient_data", tenths: null, tier: null, reasons: reasonText };
  }
  const tenths = ir.totalAbs === 0 ? 1000 : scoreTenths(raw, lo, hi);
  return {
    state: "scored",
    tenths,
    tier: ir.capacity ? null : thresholdTier(ir, tenths),
    reasons: reasonText,
  };
}

/** Tier by thresholds only (no capacity tiers in the profile). */
export function thresholdTier(ir: IrProgram, tenths: number): string | null {
  for (const t of ir.tiers) if (t.minTenths === undefined || tenths >= t.minTenths) return t.name;
  return null;
}

/**
 * Capacity tiers: rank scored rows by score (desc), ties by input order; a row takes the first tier
 * whose min score and rank bound (top N, or top P% of scored rows, rounded up) it meets.
 */
export function assignCapacityTiers(
  ir: IrProgram,
  tenths: ReadonlyArray<number | null>,
): Array<string | null> {
  const order: number[] = [];
  tenths.forEach((t, i) => {
    if (t !== null) order.push(i);
  });
  order.sort((a, b) => tenths[b]! - tenths[a]! || a - b);
  const n = order.length;
  const out: Array<string | null> = new Array(tenths.length).fill(null);
  order.forEach((rowIdx, k) => {
    const rank = k + 1;
    const t = tenths[rowIdx]!;
    for (const tier of ir.tiers) {
      if (tier.minTenths !== undefined && t < tier.minTenths) continue;
      if (tier.top !== undefined && rank > tier.top) continue;
      if (tier.topBp !== undefined && (rank - 1) * 10_000 >= tier.topBp * n) continue;
      out[rowIdx] = tier.name;
      break;
    }
  });
  return out;
}

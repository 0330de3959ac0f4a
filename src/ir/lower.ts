/** Profile + input header + asOf → IR. The only place where columns and dates become concrete. */

import type { DayOrder } from "../data/normalise/dates.js";
import { literalNormaliser, NORMALISERS, type NormaliserName } from "../data/normalise/registry.js";
import { fold, subtractFromDate } from "../engine/values.js";
import { bindField } from "../profile/fields.js";
import type { Profile, Test } from "../profile/model.js";
import type { IrCriterion, IrProgram, IrTest } from "./types.js";

export interface LowerOptions {
  /** ISO date the scores are computed as of. */
  asOf: string;
  /** Input column names; when omitted, each field reads the column named like the field. */
  columns?: readonly string[];
  /** Apply the fields' normalisers (default true; `--no-normalize` turns them off). */
  normalize?: boolean;
  /** How normalised dates read 01/02/2024. */
  dayOrder?: DayOrder;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Category literals go through the field's normaliser, as the values they are compared with do. */
function normaliseLiterals(test: IrTest, field: NormaliserName | null): IrTest {
  const name = literalNormaliser(field);
  if (name === null) return test;
  if (test.op !== "in" && test.op !== "not_in") return test;
  const f = NORMALISERS[name].make({ asOf: "2000-01-01" });
  const values = [
    ...new Set(
      test.values.map((v) => {
        const n = f(v);
        return n === null ? v : fold(n);
      }),
    ),
  ];
  return { ...test, values };
}

function lowerTest(test: Test, asOf: string, year: boolean): IrTest {
  if (test.op !== "within") return test;
  if (year) {
    const y = Number(asOf.slice(0, 4));
    return { op: "year_between", from: y - (test.years ?? 0), to: y };
  }
  return { op: "date_between", from: subtractFromDate(asOf, test), to: asOf };
}

export function lower(profile: Profile, opts: LowerOptions): IrProgram {
  if (!ISO.test(opts.asOf))
    throw new Error(`asOf must be an ISO date YYYY-MM-DD, received ${JSON.stringify(opts.asOf)}`);
  const useNorm = opts.normalize !== false;
  const criteria: IrCriterion[] = profile.criteria.map((c, index) => {
    const bound = opts.columns
      ? bindField(c.field, opts.columns)
      : { column: c.field.columns[0] ?? c.field.name, normalize: c.field.normalize ?? null };
    const normalize = useNorm ? (bound?.normalize ?? null) : null;
    return {
      index,
      id: c.id,
      label: c.label,
      role: c.role,
      points: Math.round(c.weight * 100),
      missing: c.missing,
      field: c.field.name,
      fieldType: c.field.type,
      column: bound?.column ?? null,
      normalize,
      test: normaliseLiterals(lowerTest(c.test, opts.asOf, c.field.year === true), normalize),
    };
  });
  const signals = criteria.filter((c) => c.role === "signal");
  const metOrder = signals
    .slice()
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || a.index - b.index)
    .map((c) => c.index);
  return {
    profile: { name: profile.name, version: profile.version, hash: profile.hash },
    asOf: opts.asOf,
    ...(opts.dayOrder ? { dayOrder: opts.dayOrder } : {}),
    criteria,
    totalAbs: signals.reduce((a, c) => a + Math.abs(c.points), 0),
    minCoverageBp: Math.round(profile.minCoverage * 10_000),
    tiers: profile.tiers.map((t) => ({
      name: t.name,
      ...(t.minScore !== undefined ? { minTenths: Math.round(t.minScore * 10) } : {}),
      ...(t.top !== undefined ? { top: t.top } : {}),
      ...(t.topPercent !== undefined ? { topBp: Math.round(t.topPercent * 100) } : {}),
    })),
    capacity: profile.tiers.some((t) => t.top !== undefined || t.topPercent !== undefined),
    metOrder,
  };
}

/** Format points (hundredths) for reasons: "+25", "-7.5". */
export function formatPoints(points: number): string {
  const v = points / 100;
  const s = Number.isInteger(v) ? String(v) : String(Number(v.toFixed(2)));
  return points >= 0 ? `+${s}` : s;
}

/** The reason text of each outcome, fixed per criterion so every engine emits the same bytes. */
export function reasonTexts(c: IrCriterion): { pass: string; fail: string; unknown: string } {
  if (c.role === "require") {
    return { pass: "", fail: `${c.label} (required, not met)`, unknown: `${c.label} (required, unknown)` };
  }
  if (c.role === "exclude") {
    return { pass: `${c.label} (excluded)`, fail: "", unknown: `${c.label} (exclude, unknown)` };
  }
  return {
    pass: `${c.label} (${formatPoints(c.points)})`,
    fail: `${c.label} (not met)`,
    unknown: `${c.label} (unknown)`,
  };
}

/** Score in tenths: round half up of 1000·(raw − lo)/(hi − lo), in integer arithmetic. */
export function scoreTenths(raw: number, lo: number, hi: number): number {
  const d = hi - lo;
  return Math.floor((2000 * (raw - lo) + d) / (2 * d));
}

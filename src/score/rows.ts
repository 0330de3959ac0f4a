/**
 * Score rows held in memory with the compiled JS engine (capacity tiers included), and say which
 * results count as "in the ICP". Validation and discovery score accounts this way.
 */
import type { DayOrder } from "../data/normalise/dates.js";
import { compileJs } from "../engine/compile-js.js";
import { assignCapacityTiers, type Row } from "../engine/interpreter.js";
import { lower } from "../ir/lower.js";
import type { IrProgram, RowResult } from "../ir/types.js";
import type { Profile } from "../profile/model.js";

export interface ScoreRowsOptions {
  asOf: string;
  columns: readonly string[];
  normalize?: boolean;
  dayOrder?: DayOrder;
}

export function scoreRows(
  profile: Profile,
  rows: readonly Row[],
  opts: ScoreRowsOptions,
): { ir: IrProgram; results: RowResult[] } {
  const ir = lower(profile, {
    asOf: opts.asOf,
    columns: opts.columns,
    ...(opts.normalize === false ? { normalize: false } : {}),
    ...(opts.dayOrder ? { dayOrder: opts.dayOrder } : {}),
  });
  const scorer = compileJs(ir);
  const results = rows.map((r) => scorer.score(r));
  if (ir.capacity) {
    const tiers = assignCapacityTiers(
      ir,
      results.map((r) => r.tenths),
    );
    results.forEach((r, i) => {
      r.tier = tiers[i] ?? null;
    });
  }
  return { ir, results };
}

/**
 * The tiers that count as in the ICP: those given, else the tiers routed to `ae` or `nurture`,
 * else (no routes) every tier but the last when there are several, else every tier.
 */
export function icpTiers(profile: Profile, given?: readonly string[]): string[] {
  const names = profile.tiers.map((t) => t.name);
  if (given?.length) {
    const unknown = given.filter((g) => !names.includes(g));
    if (unknown.length)
      throw new Error(
        `no tier ${unknown.join(", ")} in profile ${profile.name} (tiers: ${names.join(", ")})`,
      );
    return [...given];
  }
  if (profile.tiers.some((t) => t.route !== undefined))
    return profile.tiers.filter((t) => t.route === "ae" || t.route === "nurture").map((t) => t.name);
  return names.length > 1 ? names.slice(0, -1) : names;
}

export type IcpGroup = "in" | "out" | "insufficient_data";

/** In the ICP (scored, in an ICP tier), out (disqualified, or scored below the ICP tiers), or unknown. */
export function icpGroup(r: RowResult, tiers: readonly string[]): IcpGroup {
  if (r.state === "insufficient_data") return "insufficient_data";
  if (r.state === "disqualified") return "out";
  return r.tier !== null && tiers.includes(r.tier) ? "in" : "out";
}

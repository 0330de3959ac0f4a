/**
 * Funnel groups from packed criterion outcomes: the SQL engines aggregate each row's base-3
 * outcome codes (`stage: "codes"` of the SQL compiler) and this turns every distinct code, with its
 * count, into a funnel group.
 */
import { resultFromOutcomes } from "../engine/interpreter.js";
import type { IrProgram } from "../ir/types.js";
import { CODE_CHUNK, codeColumn } from "../sql/compile.js";
import type { FunnelGroup } from "./funnel.js";

const OUTCOMES = ["fail", "pass", "unknown"] as const;

/**
 * `rows`: one per distinct code combination, with the code columns (`CODE_CHUNK` criteria each), `n`
 * (the count), and, for profiles with capacity tiers, the tier column named in `tierColumns[p]`
 * (ranks are not in codes).
 */
export function groupsFromCodes(
  irs: readonly IrProgram[],
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  tierColumns: ReadonlyArray<string | null>,
): FunnelGroup[][] {
  return irs.map((ir, p) =>
    rows.map((o) => {
      const outcomes = ir.criteria.map((c) => {
        const code = BigInt(o[codeColumn(p, Math.floor(c.index / CODE_CHUNK))] as bigint | number | string);
        return OUTCOMES[Number((code / 3n ** BigInt(c.index % CODE_CHUNK)) % 3n)]!;
      });
      const r = resultFromOutcomes(ir, outcomes);
      const tc = tierColumns[p];
      return {
        state: r.state,
        tier: tc ? ((o[tc] as string | null) ?? null) : r.tier,
        filters: ir.criteria.filter((c) => c.role !== "signal").map((c) => outcomes[c.index]!),
        count: Number(o["n"]),
      };
    }),
  );
}

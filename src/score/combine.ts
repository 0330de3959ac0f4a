/** Output columns and the best match across several profiles (same rules as the SQL compiler). */
import type { IrProgram, RowResult } from "../ir/types.js";

export const RESULT_COLUMNS = [
  "icp_score",
  "icp_tier",
  "icp_state",
  "icp_reasons",
  "icp_profile",
  "icp_profile_version",
  "icp_profile_hash",
] as const;

/** Key of a profile in column names when several are scored: a slug of its name, made unique. */
export function profileKeys(irs: readonly IrProgram[]): string[] {
  const used = new Set<string>();
  return irs.map((ir, i) => {
    let k =
      ir.profile.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "") || `p${i + 1}`;
    if (used.has(k)) k = `${k}_${i + 1}`;
    used.add(k);
    return k;
  });
}

export function outputColumns(irs: readonly IrProgram[]): string[] {
  if (irs.length === 1) return [...RESULT_COLUMNS];
  const keys = profileKeys(irs);
  return [
    ...RESULT_COLUMNS,
    ...keys.flatMap((k) => [`icp_${k}_score`, `icp_${k}_tier`, `icp_${k}_state`, `icp_${k}_reasons`]),
  ];
}

const rank = (r: RowResult) =>
  r.state === "scored" ? 2000 + (r.tenths ?? 0) : r.state === "insufficient_data" ? 1000 : 0;

/** Index of the best result: highest score among scored, else insufficient data, else the first; ties → first. */
export function bestIndex(results: readonly RowResult[]): number {
  let best = 0;
  for (let i = 1; i < results.length; i++) if (rank(results[i]!) > rank(results[best]!)) best = i;
  return best;
}

/** The result cells of one row, in `outputColumns` order. Score as a number (one decimal). */
export function resultCells(
  irs: readonly IrProgram[],
  results: readonly RowResult[],
): Array<string | number | null> {
  const b = bestIndex(results);
  const r = results[b]!;
  const ir = irs[b]!;
  const cells: Array<string | number | null> = [
    r.tenths === null ? null : r.tenths / 10,
    r.tier,
    r.state,
    r.reasons === "" ? null : r.reasons,
    ir.profile.name,
    ir.profile.version,
    ir.profile.hash,
  ];
  if (irs.length > 1)
    for (const x of results) cells.push(x.tenths === null ? null : x.tenths / 10, x.tier, x.state, x.reasons);
  return cells;
}

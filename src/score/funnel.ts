/**
 * The funnel: how many rows came in, how many each hard filter removed, how many lacked data, and
 * how many landed in each tier. Every engine reports groups (one per combination of state, tier and
 * hard-filter outcomes, with a count) and this one function turns them into the funnel.
 */
import type { IrProgram, Outcome, State } from "../ir/types.js";

export interface FunnelGroup {
  state: State;
  tier: string | null;
  /** Outcome of each hard filter, in criterion order. */
  filters: Outcome[];
  count: number;
}

export interface FunnelStep {
  id: string;
  label: string;
  role: "require" | "exclude";
  /** Rows this filter disqualifies, counting each filter on its own. */
  failed: number;
  /** Rows removed at this step, filters applied in profile order. */
  removed: number;
  /** Rows whose value was unknown for this filter (not removed unless `missing: fail`). */
  unknown: number;
  remaining: number;
}

export interface Funnel {
  profile: { name: string; version: string; hash: string };
  rowsIn: number;
  steps: FunnelStep[];
  disqualified: number;
  insufficientData: number;
  scored: number;
  tiers: Array<{ name: string; count: number }>;
  /** Scored rows that no tier took. */
  untiered: number;
}

export function buildFunnel(ir: IrProgram, groups: readonly FunnelGroup[]): Funnel {
  const filters = ir.criteria.filter((c) => c.role !== "signal");
  const rowsIn = groups.reduce((a, g) => a + g.count, 0);
  const fails = (c: (typeof filters)[number], o: Outcome | undefined) =>
    c.role === "require" ? o === "fail" : o === "pass";
  let remaining = rowsIn;
  const steps: FunnelStep[] = filters.map((c, k) => {
    let failed = 0;
    let removed = 0;
    let unknown = 0;
    for (const g of groups) {
      const o = g.filters[k];
      if (o === "unknown") unknown += g.count;
      if (!fails(c, o)) continue;
      failed += g.count;
      if (filters.slice(0, k).every((e, j) => !fails(e, g.filters[j]))) removed += g.count;
    }
    remaining -= removed;
    return { id: c.id, label: c.label, role: c.role as "require" | "exclude", failed, removed, unknown, remaining };
  });
  const count = (s: State) => groups.filter((g) => g.state === s).reduce((a, g) => a + g.count, 0);
  const tiers = ir.tiers.map((t) => ({
    name: t.name,
    count: groups.filter((g) => g.state === "scored" && g.tier === t.name).reduce((a, g) => a + g.count, 0),
  }));
  const scored = count("scored");
  return {
    profile: ir.profile,
    rowsIn,
    steps,
    disqualified: count("disqualified"),
    insufficientData: count("insufficient_data"),
    scored,
    tiers,
    untiered: scored - tiers.reduce((a, t) => a + t.count, 0),
  };
}

/** Accumulates groups row by row (JS engines). */
export class FunnelCounter {
  private readonly map = new Map<string, FunnelGroup>();
  add(state: State, tier: string | null, filters: Outcome[]): void {
    const key = `${state}|${tier ?? ""}|${filters.join(",")}`;
    const g = this.map.get(key);
    if (g) g.count++;
    else this.map.set(key, { state, tier, filters, count: 1 });
  }
  groups(): FunnelGroup[] {
    return [...this.map.values()];
  }
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** Human-readable funnel, e.g. "40,000 → 1,200". */
export function renderFunnel(f: Funnel): string {
  const lines: string[] = [];
  const inTier = f.tiers.reduce((a, t) => a + t.count, 0);
  lines.push(`${f.profile.name} v${f.profile.version} (${f.profile.hash})`);
  lines.push(`  rows in                ${fmt(f.rowsIn).padStart(12)}`);
  for (const s of f.steps) {
    const unk = s.unknown ? `   (${fmt(s.unknown)} unknown, kept)` : "";
    lines.push(`  − ${`${s.label} (${s.role})`.padEnd(40).slice(0, 40)} ${fmt(-s.removed).padStart(10)}   → ${fmt(s.remaining)}${unk}`);
  }
  lines.push(`  − insufficient data    ${fmt(-f.insufficientData).padStart(12)}`);
  lines.push(`  = scored               ${fmt(f.scored).padStart(12)}`);
  for (const t of f.tiers) lines.push(`      tier ${t.name.padEnd(12)} ${fmt(t.count).padStart(12)}`);
  if (f.untiered) lines.push(`      no tier            ${fmt(f.untiered).padStart(12)}`);
  const top = f.tiers[0];
  lines.push(`  ${fmt(f.rowsIn)} → ${fmt(f.scored)} scored${top ? `, ${fmt(top.count)} in tier ${top.name}` : ""}${inTier !== f.scored ? "" : ""}`);
  return lines.join("\n");
}

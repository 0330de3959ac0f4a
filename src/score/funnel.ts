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
    return {
      id: c.id,
      label: c.label,
      role: c.role as "require" | "exclude",
      failed,
      removed,
      unknown,
      remaining,
    };
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
const minus = (n: number) => (n === 0 ? "0" : `−${fmt(n)}`);

/** Human-readable funnel, e.g. "40,000 → 1,200 in tier A". */
export function renderFunnel(f: Funnel): string {
  const rows: Array<[string, string, string]> = [];
  rows.push(["rows in", fmt(f.rowsIn), ""]);
  for (const s of f.steps) {
    const unk = s.unknown ? `   (${fmt(s.unknown)} unknown, kept)` : "";
    rows.push([
      `− ${s.label} (${s.role === "require" ? "required" : "excluded"})`,
      minus(s.removed),
      `${fmt(s.remaining)} left${unk}`,
    ]);
  }
  rows.push(["− insufficient data", minus(f.insufficientData), `${fmt(f.scored)} left`]);
  rows.push(["= scored", fmt(f.scored), ""]);
  for (const t of f.tiers) {
    const share = f.rowsIn ? ` (${((100 * t.count) / f.rowsIn).toFixed(1)}% of rows in)` : "";
    rows.push([`    tier ${t.name}`, fmt(t.count), share.trim()]);
  }
  if (f.untiered) rows.push(["    no tier", fmt(f.untiered), ""]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const lines = [`${f.profile.name} v${f.profile.version} (${f.profile.hash})`];
  for (const [a, b, c] of rows) lines.push(`  ${a.padEnd(w0)}  ${b.padStart(w1)}${c ? `   ${c}` : ""}`);
  const top = f.tiers[0];
  lines.push(
    `  ${fmt(f.rowsIn)} → ${fmt(f.scored)} scored${top ? ` → ${fmt(top.count)} in tier ${top.name}` : ""}`,
  );
  return lines.join("\n");
}

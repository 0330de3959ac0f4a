/**
 * The funnel: how many rows came in, how many each hard filter removed, how many lacked data, and
 * how many landed in each tier. Engines report either groups (one per combination of state, tier and
 * hard-filter outcomes, with a count) or the counts themselves (`FunnelCounts`); one function turns
 * counts into the funnel.
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

/**
 * What a funnel is made of, per profile: every figure is a count of rows, so an engine can count
 * them as the rows go by (DuckDB counts them in sequences while it writes) or derive them from
 * groups.
 */
export interface FunnelCounts {
  rowsIn: number;
  /** Per hard filter, in criterion order: rows it disqualifies, counting each filter on its own. */
  failed: number[];
  /** Per hard filter: rows it is the first (in profile order) to disqualify. */
  removed: number[];
  /** Per hard filter: rows whose value was unknown for it. */
  unknown: number[];
  disqualified: number;
  insufficientData: number;
  /** Scored rows per tier, in the profile's tier order. */
  tiers: number[];
  /** Scored rows that no tier took. */
  untiered: number;
}

/** Whether a hard filter's outcome disqualifies the row. */
const failsFilter = (role: "require" | "exclude", o: Outcome | undefined) =>
  role === "require" ? o === "fail" : o === "pass";

/** The counts of a funnel from groups of rows sharing state, tier and hard-filter outcomes. */
export function countsOfGroups(ir: IrProgram, groups: readonly FunnelGroup[]): FunnelCounts {
  const filters = ir.criteria.filter((c) => c.role !== "signal");
  const k = filters.length;
  const c: FunnelCounts = {
    rowsIn: 0,
    failed: new Array<number>(k).fill(0),
    removed: new Array<number>(k).fill(0),
    unknown: new Array<number>(k).fill(0),
    disqualified: 0,
    insufficientData: 0,
    tiers: ir.tiers.map(() => 0),
    untiered: 0,
  };
  for (const g of groups) {
    c.rowsIn += g.count;
    let first = true;
    filters.forEach((f, j) => {
      const o = g.filters[j];
      if (o === "unknown") c.unknown[j]! += g.count;
      if (!failsFilter(f.role as "require" | "exclude", o)) return;
      c.failed[j]! += g.count;
      if (first) c.removed[j]! += g.count;
      first = false;
    });
    if (g.state === "disqualified") c.disqualified += g.count;
    else if (g.state === "insufficient_data") c.insufficientData += g.count;
    else {
      const t = ir.tiers.findIndex((x) => x.name === g.tier);
      if (t >= 0) c.tiers[t]! += g.count;
      else c.untiered += g.count;
    }
  }
  return c;
}

/** The funnel of counts: filters applied in profile order, then coverage, then tiers. */
export function funnelOfCounts(ir: IrProgram, c: FunnelCounts): Funnel {
  const filters = ir.criteria.filter((x) => x.role !== "signal");
  let remaining = c.rowsIn;
  const steps: FunnelStep[] = filters.map((f, j) => {
    const removed = c.removed[j] ?? 0;
    remaining -= removed;
    return {
      id: f.id,
      label: f.label,
      role: f.role as "require" | "exclude",
      failed: c.failed[j] ?? 0,
      removed,
      unknown: c.unknown[j] ?? 0,
      remaining,
    };
  });
  const tiers = ir.tiers.map((t, i) => ({ name: t.name, count: c.tiers[i] ?? 0 }));
  return {
    profile: ir.profile,
    rowsIn: c.rowsIn,
    steps,
    disqualified: c.disqualified,
    insufficientData: c.insufficientData,
    scored: c.rowsIn - c.disqualified - c.insufficientData,
    tiers,
    untiered: c.untiered,
  };
}

export function buildFunnel(ir: IrProgram, groups: readonly FunnelGroup[]): Funnel {
  return funnelOfCounts(ir, countsOfGroups(ir, groups));
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

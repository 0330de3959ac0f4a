/**
 * Gains: rank accounts by score (scored first, highest first; then insufficient data; then
 * disqualified; ties by input order) and measure the share of won deals and of won revenue the top
 * X% of accounts hold. With a sales capacity (accounts per month), the cut that fits it.
 */
import type { RowResult } from "../ir/types.js";
import type { Deal } from "./dataset.js";

export interface GainsPoint {
  /** Share of accounts taken from the top (0..1). */
  top: number;
  accounts: number;
  winsShare: number;
  revenueShare: number;
  /** Lowest score among the accounts taken (null once unscored accounts are reached). */
  scoreCut: number | null;
}

export interface CapacityCut {
  perMonth: number;
  months: number;
  accounts: number;
  top: number;
  winsShare: number;
  revenueShare: number;
  /** Win rate of the closed deals of the accounts taken. */
  precision: number | null;
  closedDeals: number;
  scoreCut: number | null;
  tier: string | null;
  text: string;
}

export interface Gains {
  accounts: number;
  wins: number;
  revenue: number;
  curve: GainsPoint[];
  capacity?: CapacityCut;
}

export function rankAccounts(results: readonly RowResult[]): number[] {
  const key = (r: RowResult) =>
    r.state === "scored" ? 2000 + (r.tenths ?? 0) : r.state === "insufficient_data" ? 1000 : 0;
  return results
    .map((_, i) => i)
    .sort((a, b) => key(results[b] as RowResult) - key(results[a] as RowResult) || a - b);
}

/** Months spanned by the closed deals' created dates (inclusive, calendar months). */
export function monthsSpanned(deals: readonly Deal[]): number {
  let lo: string | null = null;
  let hi: string | null = null;
  for (const d of deals) {
    if (d.created === null || (d.status !== "won" && d.status !== "lost")) continue;
    if (lo === null || d.created < lo) lo = d.created;
    if (hi === null || d.created > hi) hi = d.created;
  }
  if (lo === null || hi === null) return 0;
  return (
    (Number(hi.slice(0, 4)) - Number(lo.slice(0, 4))) * 12 +
    Number(hi.slice(5, 7)) -
    Number(lo.slice(5, 7)) +
    1
  );
}

export function gains(
  results: readonly RowResult[],
  deals: readonly Deal[],
  capacityPerMonth?: number,
): Gains {
  const n = results.length;
  const wins = new Float64Array(n);
  const revenue = new Float64Array(n);
  const closed = new Float64Array(n);
  for (const d of deals) {
    if (d.account === null) continue;
    if (d.status === "won") {
      wins[d.account] = (wins[d.account] ?? 0) + 1;
      revenue[d.account] = (revenue[d.account] ?? 0) + (d.amount ?? 0);
    }
    if (d.status === "won" || d.status === "lost") closed[d.account] = (closed[d.account] ?? 0) + 1;
  }
  const order = rankAccounts(results);
  const totalWins = wins.reduce((s, x) => s + x, 0);
  const totalRevenue = revenue.reduce((s, x) => s + x, 0);
  const cumWins = new Float64Array(n + 1);
  const cumRev = new Float64Array(n + 1);
  const cumClosed = new Float64Array(n + 1);
  order.forEach((a, k) => {
    cumWins[k + 1] = (cumWins[k] ?? 0) + (wins[a] ?? 0);
    cumRev[k + 1] = (cumRev[k] ?? 0) + (revenue[a] ?? 0);
    cumClosed[k + 1] = (cumClosed[k] ?? 0) + (closed[a] ?? 0);
  });
  const cutAt = (k: number) => {
    const r = k > 0 ? results[order[k - 1] as number] : undefined;
    return r?.state === "scored" && r.tenths !== null ? r.tenths / 10 : null;
  };
  const point = (k: number): GainsPoint => ({
    top: n ? k / n : 0,
    accounts: k,
    winsShare: totalWins ? (cumWins[k] as number) / totalWins : 0,
    revenueShare: totalRevenue ? (cumRev[k] as number) / totalRevenue : 0,
    scoreCut: cutAt(k),
  });
  const curve: GainsPoint[] = [];
  for (let s = 0; s <= 20; s++) curve.push(point(Math.round((s / 20) * n)));
  const out: Gains = { accounts: n, wins: totalWins, revenue: Math.round(totalRevenue * 100) / 100, curve };
  if (capacityPerMonth !== undefined && capacityPerMonth > 0) {
    const months = Math.max(1, monthsSpanned(deals));
    const k = Math.min(n, Math.round(capacityPerMonth * months));
    const p = point(k);
    const c = cumClosed[k] as number;
    const tier = k > 0 ? (results[order[k - 1] as number]?.tier ?? null) : null;
    const precision = c ? (cumWins[k] as number) / c : null;
    out.capacity = {
      perMonth: capacityPerMonth,
      months,
      accounts: k,
      top: p.top,
      winsShare: p.winsShare,
      revenueShare: p.revenueShare,
      precision,
      closedDeals: c,
      scoreCut: p.scoreCut,
      tier,
      text: `your team can take ${capacityPerMonth} accounts a month (${k.toLocaleString("en-US")} over ${months} months): the top ${(100 * p.top).toFixed(0)}% of accounts${p.scoreCut !== null ? ` (score ≥ ${p.scoreCut.toFixed(1)}${tier ? `, tier ${tier}` : ""})` : ""} → ${(100 * p.winsShare).toFixed(0)}% of wins and ${(100 * p.revenueShare).toFixed(0)}% of won revenue${precision !== null ? `; their closed deals win ${(100 * precision).toFixed(0)}% of the time` : ""}`,
    };
  }
  return out;
}

/**
 * Gains: rank accounts by score (scored first, highest first; then insufficient data; then
 * disqualified) and measure the share of won deals and of won revenue the top X% of accounts hold.
 * Accounts with equal scores have no order between them (a database table has none): a cut inside
 * a tie takes the tie's wins and revenue pro rata. With a sales capacity (accounts per month), the
 * cut that fits it. File and database validation both reduce to the same buckets.
 */
import type { RowResult } from "../ir/types.js";
import type { Deal } from "./dataset.js";
import { isStalled } from "./metrics.js";

export interface GainsPoint {
  /** Share of accounts taken from the top (0..1), exactly. */
  top: number;
  /** Accounts taken: top × all accounts, a fraction when the cut falls inside an account. */
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

/** Accounts sharing a state, score and tier, with their deals' wins, won revenue and closed deals. */
export interface GainsBucket {
  state: RowResult["state"];
  tenths: number | null;
  tier: string | null;
  accounts: number;
  wins: number;
  revenue: number;
  closed: number;
}

const rankKey = (b: Pick<GainsBucket, "state" | "tenths">) =>
  b.state === "scored" ? 2000 + (b.tenths ?? 0) : b.state === "insufficient_data" ? 1000 : 0;

/** Buckets from scored accounts and their deals (file validation). */
export function gainsBuckets(
  results: readonly RowResult[],
  deals: readonly Deal[],
  stallBefore: string | null = null,
): GainsBucket[] {
  const byKey = new Map<string, GainsBucket>();
  const keyOf = (r: RowResult) => `${r.state}\u0000${r.tenths}\u0000${r.tier}`;
  const bucketOf = (r: RowResult): GainsBucket => {
    const k = keyOf(r);
    let b = byKey.get(k);
    if (!b) {
      b = { state: r.state, tenths: r.tenths, tier: r.tier, accounts: 0, wins: 0, revenue: 0, closed: 0 };
      byKey.set(k, b);
    }
    return b;
  };
  for (const r of results) bucketOf(r).accounts++;
  for (const d of deals) {
    const r = d.account === null ? undefined : results[d.account];
    if (!r) continue;
    const b = bucketOf(r);
    if (d.status === "won") {
      b.wins++;
      b.revenue += d.amount ?? 0;
    }
    if (d.status === "won" || d.status === "lost" || isStalled(d, stallBefore)) b.closed++;
  }
  return [...byKey.values()];
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
  return monthsBetween(lo, hi);
}

export function monthsBetween(lo: string | null, hi: string | null): number {
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
  tierOrder: readonly string[] = [],
  stallBefore: string | null = null,
): Gains {
  return gainsOf(
    gainsBuckets(results, deals, stallBefore),
    monthsSpanned(deals),
    capacityPerMonth,
    tierOrder,
  );
}

/** The curve (every 5%) and the capacity cut from buckets; `tierOrder` orders tiers within a score. */
export function gainsOf(
  buckets: readonly GainsBucket[],
  months: number,
  capacityPerMonth?: number,
  tierOrder: readonly string[] = [],
): Gains {
  const tierRank = (t: string | null) => (t === null ? tierOrder.length : tierOrder.indexOf(t));
  const order = [...buckets].sort(
    (a, b) =>
      rankKey(b) - rankKey(a) ||
      tierRank(a.tier) - tierRank(b.tier) ||
      ((a.tier ?? "") < (b.tier ?? "") ? -1 : (a.tier ?? "") > (b.tier ?? "") ? 1 : 0),
  );
  const n = order.reduce((s, b) => s + b.accounts, 0);
  const totalWins = order.reduce((s, b) => s + b.wins, 0);
  const totalRevenue = order.reduce((s, b) => s + b.revenue, 0);
  /** Cumulative wins, revenue, closed deals of the top k accounts, and the bucket of the k-th. */
  const at = (k: number) => {
    let left = k;
    let wins = 0;
    let revenue = 0;
    let closed = 0;
    let last: GainsBucket | null = null;
    for (const b of order) {
      if (left <= 0 || b.accounts === 0) {
        if (left <= 0) break;
        continue;
      }
      const take = Math.min(left, b.accounts);
      const f = take / b.accounts;
      wins += b.wins * f;
      revenue += b.revenue * f;
      closed += b.closed * f;
      left -= take;
      last = b;
    }
    return { wins, revenue, closed, last };
  };
  const point = (k: number): GainsPoint & { closed: number; cumWins: number; last: GainsBucket | null } => {
    const c = at(k);
    return {
      top: n ? k / n : 0,
      accounts: k,
      winsShare: totalWins ? c.wins / totalWins : 0,
      revenueShare: totalRevenue ? c.revenue / totalRevenue : 0,
      scoreCut: c.last?.state === "scored" && c.last.tenths !== null ? c.last.tenths / 10 : null,
      closed: c.closed,
      cumWins: c.wins,
      last: c.last,
    };
  };
  // Each point is exactly its share of the accounts: "top 10%" of 85 accounts is 8.5 accounts,
  // the ninth taken by half (as a tie is). (s × n) ÷ 20 is exact for every integer n and s.
  const curve: GainsPoint[] = [];
  for (let s = 0; s <= 20; s++) {
    const k = (s * n) / 20;
    const { accounts, winsShare, revenueShare, scoreCut } = point(k);
    curve.push({ top: s / 20, accounts, winsShare, revenueShare, scoreCut });
  }
  const out: Gains = { accounts: n, wins: totalWins, revenue: Math.round(totalRevenue * 100) / 100, curve };
  if (capacityPerMonth !== undefined && capacityPerMonth > 0) {
    const m = Math.max(1, months);
    const k = Math.min(n, capacityPerMonth * m);
    const p = point(k);
    const tier = p.last?.tier ?? null;
    const precision = p.closed ? p.cumWins / p.closed : null;
    out.capacity = {
      perMonth: capacityPerMonth,
      months: m,
      accounts: k,
      top: p.top,
      winsShare: p.winsShare,
      revenueShare: p.revenueShare,
      precision,
      closedDeals: p.closed,
      scoreCut: p.scoreCut,
      tier,
      text: `your team can take ${capacityPerMonth} accounts a month (${k.toLocaleString("en-US")} over ${m} months): the top ${(100 * p.top).toFixed(0)}% of accounts${p.scoreCut !== null ? ` (score ≥ ${p.scoreCut.toFixed(1)}${tier ? `, tier ${tier}` : ""})` : ""} → ${(100 * p.winsShare).toFixed(0)}% of wins and ${(100 * p.revenueShare).toFixed(0)}% of won revenue${precision !== null ? `; their closed deals win ${(100 * precision).toFixed(0)}% of the time` : ""}`,
    };
  }
  return out;
}

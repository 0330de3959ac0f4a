/**
 * The numbers per group of accounts: win rate, sales cycle, deal size (from deals); 12-month logo
 * retention and net revenue retention with expansion, contraction and churn (from subscriptions).
 * Definitions are in docs/validation.md; each figure carries its count and a 95% interval.
 */
import { bootstrapPairs, mean, meanInterval, median, medianInterval } from "../stats/location.js";
import { type Interval, wilson } from "../stats/proportions.js";
import type { Deal, Subscription } from "./dataset.js";

export const DAY_MS = 86_400_000;
export const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(b) - Date.parse(a)) / DAY_MS);

/** The same day N months later (clamped to the month's end: 2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const d = Number(iso.slice(8, 10));
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
  return `${String(yy).padStart(4, "0")}-${String(mm + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export interface RateFigure {
  hits: number;
  n: number;
  rate: number | null;
  ci: Interval | null;
}

export interface LocationFigure {
  n: number;
  mean: number | null;
  meanCi: Interval | null;
  median: number | null;
  medianCi: Interval | null;
}

export interface RetentionFigure {
  /** Accounts whose first subscription started at least 12 months before the as-of date. */
  eligible: number;
  retained: number;
  rate: number | null;
  ci: Interval | null;
  startMrr: number;
  endMrr: number;
  nrr: number | null;
  nrrCi: Interval | null;
  expansion: number | null;
  contraction: number | null;
  churn: number | null;
}

export interface GroupFigures {
  group: string;
  accounts: number;
  deals: { total: number; won: number; lost: number; open: number; unknownStage: number };
  winRate: RateFigure;
  /** Days from created to closed, won deals. */
  cycle: LocationFigure;
  /** Amount of won deals. */
  dealSize: LocationFigure & { total: number };
  retention?: RetentionFigure;
  economics?: EconomicsFigure;
  churnReasons?: { reason: string; count: number; share: number }[];
}

export const rate = (hits: number, n: number): RateFigure => ({
  hits,
  n,
  rate: n ? hits / n : null,
  ci: n ? wilson(hits, n) : null,
});

export function location(xs: readonly number[]): LocationFigure {
  return {
    n: xs.length,
    mean: xs.length ? mean(xs) : null,
    meanCi: xs.length >= 2 ? meanInterval(xs) : null,
    median: xs.length ? median(xs) : null,
    medianCi: xs.length ? medianInterval(xs) : null,
  };
}

/** Cycle lengths (days) of won deals with both dates, closed on or after created. */
export function cycles(deals: readonly Deal[]): number[] {
  const out: number[] = [];
  for (const d of deals)
    if (d.status === "won" && d.created !== null && d.closed !== null && d.closed >= d.created)
      out.push(daysBetween(d.created, d.closed));
  return out;
}

export const wonAmounts = (deals: readonly Deal[]): number[] =>
  deals.filter((d) => d.status === "won" && d.amount !== null).map((d) => d.amount as number);

export interface DealCounts {
  won: number;
  lost: number;
  open: number;
  unknownStage: number;
}

export function dealFigures(group: string, accounts: number, deals: readonly Deal[]): GroupFigures {
  const counts: DealCounts = { won: 0, lost: 0, open: 0, unknownStage: 0 };
  for (const d of deals) {
    if (d.status === "won") counts.won++;
    else if (d.status === "lost") counts.lost++;
    else if (d.status === "open") counts.open++;
    else counts.unknownStage++;
  }
  return dealFiguresOf(group, accounts, counts, cycles(deals), wonAmounts(deals));
}

/** A group's deal figures from its counts by status and its won deals' cycles and amounts. */
export function dealFiguresOf(
  group: string,
  accounts: number,
  counts: DealCounts,
  cycleDays: readonly number[],
  amounts: readonly number[],
): GroupFigures {
  const { won, lost, open, unknownStage } = counts;
  return {
    group,
    accounts,
    deals: { total: won + lost + open + unknownStage, won, lost, open, unknownStage },
    winRate: rate(won, won + lost),
    cycle: location(cycleDays),
    dealSize: { ...location(amounts), total: Math.round(amounts.reduce((s, x) => s + x, 0) * 100) / 100 },
  };
}

export interface AccountRetention {
  account: number;
  start: string;
  startMrr: number;
  endMrr: number;
}

const mrrOn = (subs: readonly Subscription[], day: string): number => {
  let s = 0;
  for (const x of subs)
    if (x.mrr !== null && x.start !== null && x.start <= day && (x.end === null || x.end > day)) s += x.mrr;
  return Math.round(s * 100) / 100;
};

/**
 * Per account with subscriptions: its first start (t0), MRR on t0 and on t0 + 12 months, for the
 * accounts whose t0 + 12 months is on or before the as-of date.
 */
export function accountRetention(subs: readonly Subscription[], asOf: string): AccountRetention[] {
  const byAccount = new Map<number, Subscription[]>();
  for (const s of subs) {
    if (s.account === null || s.start === null || s.mrr === null) continue;
    const l = byAccount.get(s.account);
    if (l) l.push(s);
    else byAccount.set(s.account, [s]);
  }
  const out: AccountRetention[] = [];
  for (const [account, list] of [...byAccount].sort((a, b) => a[0] - b[0])) {
    const start = list.reduce(
      (m, s) => ((s.start as string) < m ? (s.start as string) : m),
      list[0]?.start as string,
    );
    const at12 = addMonths(start, 12);
    if (at12 > asOf) continue;
    out.push({ account, start, startMrr: mrrOn(list, start), endMrr: mrrOn(list, at12) });
  }
  return out;
}

const ratioOfSums = (x: Float64Array, y: Float64Array) => {
  let a = 0;
  let b = 0;
  for (let i = 0; i < x.length; i++) {
    a += x[i] as number;
    b += y[i] as number;
  }
  return a === 0 ? Number.NaN : b / a;
};

/** Accounts by (start MRR, end MRR): the bootstrap then does not depend on the rows' order. */
export const byMrr = <T extends { startMrr: number; endMrr: number }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => a.startMrr - b.startMrr || a.endMrr - b.endMrr);

export function retentionFigures(given: readonly AccountRetention[], seed: number): RetentionFigure {
  const rows = byMrr(given);
  const retained = rows.filter((r) => r.endMrr > 0).length;
  let start = 0;
  let end = 0;
  let expansion = 0;
  let contraction = 0;
  let churn = 0;
  for (const r of rows) {
    start += r.startMrr;
    end += r.endMrr;
    if (r.endMrr === 0) churn += r.startMrr;
    else if (r.endMrr > r.startMrr) expansion += r.endMrr - r.startMrr;
    else contraction += r.startMrr - r.endMrr;
  }
  const r = rate(retained, rows.length);
  return {
    eligible: rows.length,
    retained,
    rate: r.rate,
    ci: r.ci,
    startMrr: Math.round(start * 100) / 100,
    endMrr: Math.round(end * 100) / 100,
    nrr: start ? end / start : null,
    nrrCi: start
      ? bootstrapPairs(
          rows.map((x) => x.startMrr),
          rows.map((x) => x.endMrr),
          ratioOfSums,
          seed,
        )
      : null,
    expansion: start ? expansion / start : null,
    contraction: start ? contraction / start : null,
    churn: start ? churn / start : null,
  };
}

/** Churn reasons of subscriptions that ended, most frequent first. */
export function churnReasons(
  subs: readonly Subscription[],
): { reason: string; count: number; share: number }[] {
  const counts = new Map<string, number>();
  for (const s of subs) {
    if (s.end === null || s.reason === null) continue;
    counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  }
  return churnReasonsOf(counts);
}

/** Reason → count, most frequent first, with each reason's share. */
export function churnReasonsOf(
  counts: ReadonlyMap<string, number>,
): { reason: string; count: number; share: number }[] {
  let n = 0;
  for (const c of counts.values()) n += c;
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, count]) => ({ reason, count, share: count / n }));
}

export interface AccountEconomics {
  account: number;
  /** Monthly revenue: MRR at the first start (subscriptions), else won deal amounts ÷ 12. */
  revenue: number;
  margin: number | null;
  cac: number | null;
}

export interface EconomicsFigure {
  /** Accounts with revenue and a margin (or cost to serve). */
  accounts: number;
  /** Revenue-weighted gross margin. */
  grossMargin: number | null;
  grossMarginCi: Interval | null;
  /** Accounts with revenue, margin and CAC. */
  paybackAccounts: number;
  /** Σ CAC ÷ Σ monthly gross profit, in months. */
  cacPaybackMonths: number | null;
  cacPaybackCi: Interval | null;
}

export function economicsFigures(rows: readonly AccountEconomics[], seed: number): EconomicsFigure {
  const m = rows.filter((r) => r.revenue > 0 && r.margin !== null);
  const rev = m.map((r) => r.revenue);
  const gp = m.map((r) => r.revenue * (r.margin as number));
  const p = m.filter((r) => r.cac !== null);
  const profit = p.map((r) => r.revenue * (r.margin as number));
  const cac = p.map((r) => r.cac as number);
  const sumRev = rev.reduce((s, x) => s + x, 0);
  const sumProfit = profit.reduce((s, x) => s + x, 0);
  return {
    accounts: m.length,
    grossMargin: sumRev ? gp.reduce((s, x) => s + x, 0) / sumRev : null,
    grossMarginCi: m.length >= 2 ? bootstrapPairs(rev, gp, ratioOfSums, seed) : null,
    paybackAccounts: p.length,
    cacPaybackMonths: sumProfit > 0 ? cac.reduce((s, x) => s + x, 0) / sumProfit : null,
    cacPaybackCi: p.length >= 2 ? bootstrapPairs(profit, cac, ratioOfSums, seed + 1) : null,
  };
}

/**
 * The numbers per group of accounts: win rate, sales cycle, deal size (from deals); 12-month logo
 * retention and net revenue retention with expansion, contraction and churn (from subscriptions).
 * Definitions are in docs/validation.md; each figure carries its count and a 95% interval.
 */

import { Rng } from "../generate/random.js";
import { type ClusterSum, clusteredMean, clusteredRate, woodruffMedianInterval } from "../stats/cluster.js";
import {
  bootstrapPairs,
  mean,
  meanInterval,
  median,
  medianInterval,
  resamplesFor,
} from "../stats/location.js";
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
  /** Accounts the closed deals belong to (each unlinked deal counts as its own). */
  accounts?: number;
  /** Design effect of the rate: variance with deals clustered in accounts ÷ as if independent. */
  deff?: number;
}

export interface LocationFigure {
  n: number;
  mean: number | null;
  meanCi: Interval | null;
  median: number | null;
  medianCi: Interval | null;
}

export interface GroupFigures {
  group: string;
  accounts: number;
  /**
   * open: not decided yet (younger than the maturity window, or of unknown age); stalled: open
   * longer than the maturity window, counted as lost in the win rate.
   */
  deals: { total: number; won: number; lost: number; open: number; stalled: number; unknownStage: number };
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

/**
 * A rate whose trials are clustered (closed deals within accounts): the Wilson interval on the
 * effective sample size (stats/cluster.ts), with the design effect.
 */
export function clusteredRateFigure(cs: readonly ClusterSum[]): RateFigure {
  let hits = 0;
  let n = 0;
  for (const c of cs) {
    hits += c.y;
    n += c.x;
  }
  const r = clusteredRate(cs);
  return {
    hits,
    n,
    rate: r ? r.rate : null,
    ci: r ? r.ci : null,
    accounts: r ? r.clusters : 0,
    deff: r ? r.deff : 1,
  };
}

export function location(xs: readonly number[]): LocationFigure {
  return {
    n: xs.length,
    mean: xs.length ? mean(xs) : null,
    meanCi: xs.length >= 2 ? meanInterval(xs) : null,
    median: xs.length ? median(xs) : null,
    medianCi: xs.length ? medianInterval(xs) : null,
  };
}

/**
 * Mean and median of values clustered in accounts: with one value per account the usual
 * intervals (t; order statistics); with several, the cluster-robust t interval of the mean and
 * Woodruff's interval of the median (stats/cluster.ts).
 */
export function clusteredLocation(clusters: readonly (readonly number[])[]): LocationFigure {
  const xs = clusters.flat();
  const base = location(xs);
  if (!clusters.some((c) => c.length > 1)) return base;
  const m = clusteredMean(clusters.map((c) => ({ y: c.reduce((s, v) => s + v, 0), x: c.length })));
  return {
    ...base,
    meanCi: m?.ci ?? null,
    medianCi: woodruffMedianInterval(clusters),
  };
}

/** Cycle lengths (days) of won deals with both dates, closed on or after created. */
export function cycles(deals: readonly Deal[]): number[] {
  const out: number[] = [];
  for (const d of deals) {
    const c = cycleOf(d);
    if (c !== null) out.push(c);
  }
  return out;
}

export const cycleOf = (d: Deal): number | null =>
  d.status === "won" && d.created !== null && d.closed !== null && d.closed >= d.created
    ? daysBetween(d.created, d.closed)
    : null;

export const wonAmounts = (deals: readonly Deal[]): number[] =>
  deals.filter((d) => d.status === "won" && d.amount !== null).map((d) => d.amount as number);

export interface DealCounts {
  won: number;
  lost: number;
  open: number;
  stalled: number;
  unknownStage: number;
}

/**
 * One account's deals in a group: closed outcomes (stalled deals count as lost), and its won
 * deals' cycle lengths and amounts. The unit of inference: deals of one account are not
 * independent. Unlinked deals are each their own "account".
 */
export interface AccountDeals {
  key: string;
  won: number;
  lost: number;
  cycles: number[];
  amounts: number[];
}

/** Whether a deal counts as lost: lost, or open longer than the maturity window. */
export const isStalled = (d: Deal, stallBefore: string | null): boolean =>
  d.status === "open" && stallBefore !== null && d.created !== null && d.created < stallBefore;

/** Deals grouped by account, in a stable order (by key) so resampling does not depend on rows. */
export function accountDeals(deals: readonly Deal[], stallBefore: string | null): AccountDeals[] {
  const by = new Map<string, AccountDeals>();
  for (const d of deals) {
    const key = d.account === null ? `row:${d.row}` : `a:${d.account}`;
    let a = by.get(key);
    if (!a) {
      a = { key, won: 0, lost: 0, cycles: [], amounts: [] };
      by.set(key, a);
    }
    if (d.status === "won") {
      a.won++;
      const c = cycleOf(d);
      if (c !== null) a.cycles.push(c);
      if (d.amount !== null) a.amounts.push(d.amount);
    } else if (d.status === "lost" || isStalled(d, stallBefore)) a.lost++;
  }
  return sortAccounts([...by.values()]);
}

/** Accounts by key, each account's values sorted: the same data in any row order give the same intervals. */
export function sortAccounts(as: AccountDeals[]): AccountDeals[] {
  for (const a of as) {
    a.cycles.sort((x, y) => x - y);
    a.amounts.sort((x, y) => x - y);
  }
  // By content first: the same accounts under other ids, or in another row order (a database
  // table has none), resample and permute alike. Accounts with the same content are interchangeable.
  const lex = (x: readonly number[], y: readonly number[]) => {
    for (let i = 0; i < Math.min(x.length, y.length); i++)
      if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
    return x.length - y.length;
  };
  return as.sort(
    (a, b) =>
      a.won - b.won ||
      a.lost - b.lost ||
      lex(a.cycles, b.cycles) ||
      lex(a.amounts, b.amounts) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

export function dealFigures(
  group: string,
  accounts: number,
  deals: readonly Deal[],
  stallBefore: string | null,
): GroupFigures {
  const counts: DealCounts = { won: 0, lost: 0, open: 0, stalled: 0, unknownStage: 0 };
  for (const d of deals) {
    if (d.status === "won") counts.won++;
    else if (d.status === "lost") counts.lost++;
    else if (d.status === "open") {
      if (isStalled(d, stallBefore)) counts.stalled++;
      else counts.open++;
    } else counts.unknownStage++;
  }
  return dealFiguresOf(group, accounts, counts, accountDeals(deals, stallBefore));
}

/** A group's deal figures from its counts by status and its deals by account. */
export function dealFiguresOf(
  group: string,
  accounts: number,
  counts: DealCounts,
  byAccount: readonly AccountDeals[],
): GroupFigures {
  const { won, lost, open, stalled, unknownStage } = counts;
  const amounts = byAccount.flatMap((a) => a.amounts);
  return {
    group,
    accounts,
    deals: { total: won + lost + open + stalled + unknownStage, won, lost, open, stalled, unknownStage },
    winRate: clusteredRateFigure(byAccount.map((a) => ({ y: a.won, x: a.won + a.lost }))),
    cycle: clusteredLocation(byAccount.map((a) => a.cycles).filter((c) => c.length)),
    dealSize: {
      ...clusteredLocation(byAccount.map((a) => a.amounts).filter((c) => c.length)),
      total: Math.round(amounts.reduce((s, x) => s + x, 0) * 100) / 100,
    },
  };
}

/**
 * Revenue retention by the SaaS convention (the trailing-twelve-month cohort: SaaS Capital,
 * "Net Revenue Retention"; KeyBanc Capital Markets SaaS Survey; ChartMogul's and Baremetrics'
 * definitions): the cohort is the accounts paying on the window's first day (MRR > 0 on as-of
 * minus 12 months); their MRR on the as-of date against then. Accounts that start paying inside the
 * window are new business, not retention; accounts active with zero MRR (trials, free plans) are
 * not in the cohort. Both are counted.
 */
export interface RetentionFigure {
  /** The window: (start, end] — as-of minus 12 months, and as-of. */
  windowStart: string;
  windowEnd: string;
  /** Accounts paying on the window's first day (the cohort). */
  eligible: number;
  /** Of those, still customers at the end (paying; or, with churn events, no churn event in the window). */
  retained: number;
  rate: number | null;
  ci: Interval | null;
  /** Where logo churn was read from. */
  logoFrom: "subscriptions" | "churn events";
  startMrr: number;
  endMrr: number;
  /** Net revenue retention: the cohort's MRR at the end ÷ at the start. */
  nrr: number | null;
  nrrCi: Interval | null;
  /** Gross revenue retention: expansion left out, each account capped at its starting MRR. */
  grr: number | null;
  grrCi: Interval | null;
  /** Shares of the starting MRR: NRR = 1 + expansion − contraction − churn; GRR = 1 − contraction − churn. */
  expansion: number | null;
  contraction: number | null;
  churn: number | null;
  /** Active on the window's first day with zero MRR (trials, free plans): not in the cohort. */
  zeroMrrAtStart: number;
  /** First paying inside the window: new business, not in the cohort. */
  newInWindow: number;
  /** With churn events: cohort accounts the two sources disagree on. */
  disagreement?: { churnEventButPaying: number; stoppedWithoutEvent: number };
}

export interface AccountRetention {
  account: number;
  startMrr: number;
  endMrr: number;
  /** Whether the account had any subscription active on the window's first day. */
  activeAtStart: boolean;
  /** First day of its first subscription. */
  firstStart: string;
  /** With churn events: whether one is dated inside the window. */
  churnEvent?: boolean;
}

/** One churn event: the account, the day, the reason. */
export interface ChurnEvent {
  account: number | null;
  date: string | null;
  reason: string | null;
}

const mrrOn = (subs: readonly Subscription[], day: string): number => {
  let s = 0;
  for (const x of subs)
    if (x.mrr !== null && x.start !== null && x.start <= day && (x.end === null || x.end > day)) s += x.mrr;
  return Math.round(s * 100) / 100;
};

const activeOn = (subs: readonly Subscription[], day: string): boolean =>
  subs.some((x) => x.start !== null && x.start <= day && (x.end === null || x.end > day));

/** The retention window ending on as-of: (as-of − 12 months, as-of]. */
export const retentionWindow = (asOf: string): { start: string; end: string } => ({
  start: addMonths(asOf, -12),
  end: asOf,
});

/**
 * Per account with subscriptions: MRR on the window's first day and on as-of, whether it was
 * active at the start, its first start, and (with churn events) whether one falls in the window.
 */
export function accountRetention(
  subs: readonly Subscription[],
  asOf: string,
  churn: readonly ChurnEvent[] | null = null,
): AccountRetention[] {
  const w = retentionWindow(asOf);
  const byAccount = new Map<number, Subscription[]>();
  for (const s of subs) {
    if (s.account === null || s.start === null || s.mrr === null || s.start > asOf) continue;
    const l = byAccount.get(s.account);
    if (l) l.push(s);
    else byAccount.set(s.account, [s]);
  }
  const churned = new Set<number>();
  for (const e of churn ?? [])
    if (e.account !== null && e.date !== null && e.date > w.start && e.date <= w.end) churned.add(e.account);
  const out: AccountRetention[] = [];
  for (const [account, list] of [...byAccount].sort((a, b) => a[0] - b[0])) {
    const firstStart = list.reduce(
      (m, s) => ((s.start as string) < m ? (s.start as string) : m),
      list[0]?.start as string,
    );
    out.push({
      account,
      startMrr: mrrOn(list, w.start),
      endMrr: mrrOn(list, w.end),
      activeAtStart: activeOn(list, w.start),
      firstStart,
      ...(churn ? { churnEvent: churned.has(account) } : {}),
    });
  }
  return out;
}

/** MRR on each account's first day (monthly revenue for unit economics). */
export function firstMrr(subs: readonly Subscription[]): Map<number, number> {
  const byAccount = new Map<number, Subscription[]>();
  for (const s of subs) {
    if (s.account === null || s.start === null || s.mrr === null) continue;
    const l = byAccount.get(s.account);
    if (l) l.push(s);
    else byAccount.set(s.account, [s]);
  }
  const out = new Map<number, number>();
  for (const [account, list] of byAccount) {
    const start = list.reduce(
      (m, s) => ((s.start as string) < m ? (s.start as string) : m),
      list[0]?.start as string,
    );
    out.set(account, mrrOn(list, start));
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

/** The cohort: accounts paying on the window's first day. */
export const cohortOf = (rows: readonly AccountRetention[]): AccountRetention[] =>
  byMrr(rows.filter((r) => r.startMrr > 0));

/** Whether a cohort account is retained: with churn events, no event in the window; else paying at the end. */
export const isRetained = (r: AccountRetention): boolean =>
  r.churnEvent === undefined ? r.endMrr > 0 : !r.churnEvent;

export function retentionFigures(
  given: readonly AccountRetention[],
  asOf: string,
  seed: number,
  withChurnEvents = false,
): RetentionFigure {
  const w = retentionWindow(asOf);
  const rows = cohortOf(given);
  const retained = rows.filter(isRetained).length;
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
  const capped = rows.map((x) => Math.min(x.startMrr, x.endMrr));
  const starts = rows.map((x) => x.startMrr);
  return {
    windowStart: w.start,
    windowEnd: w.end,
    eligible: rows.length,
    retained,
    rate: r.rate,
    ci: r.ci,
    logoFrom: withChurnEvents ? "churn events" : "subscriptions",
    startMrr: Math.round(start * 100) / 100,
    endMrr: Math.round(end * 100) / 100,
    nrr: start ? end / start : null,
    nrrCi:
      start && rows.length >= 2
        ? bootstrapPairs(
            starts,
            rows.map((x) => x.endMrr),
            ratioOfSums,
            seed,
          )
        : null,
    grr: start ? (start - contraction - churn) / start : null,
    grrCi: start && rows.length >= 2 ? bootstrapPairs(starts, capped, ratioOfSums, seed) : null,
    expansion: start ? expansion / start : null,
    contraction: start ? contraction / start : null,
    churn: start ? churn / start : null,
    zeroMrrAtStart: given.filter((x) => x.activeAtStart && x.startMrr <= 0).length,
    newInWindow: given.filter((x) => x.firstStart > w.start && x.startMrr <= 0 && !x.activeAtStart).length,
    ...(withChurnEvents
      ? {
          disagreement: {
            churnEventButPaying: rows.filter((x) => x.churnEvent && x.endMrr > 0).length,
            stoppedWithoutEvent: rows.filter((x) => !x.churnEvent && x.endMrr === 0).length,
          },
        }
      : {}),
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
  /** Monthly gross profit: revenue × margin, else revenue − monthly cost to serve. */
  grossProfit: number | null;
  cac: number | null;
}

export interface EconomicsFigure {
  /** Accounts with revenue and a margin (or cost to serve). */
  accounts: number;
  /** Revenue-weighted gross margin. */
  grossMargin: number | null;
  grossMarginCi: Interval | null;
  /**
   * Accounts with a CAC and a gross profit — every one, whatever its profit: leaving out the
   * accounts that lose money would select on the outcome.
   */
  paybackAccounts: number;
  /** Σ CAC ÷ Σ monthly gross profit, in months; null when the gross profit is not positive (never pays back). */
  cacPaybackMonths: number | null;
  /** Bootstrap over accounts; `hi` is Infinity (null in JSON) when over 2.5% of resamples never pay back. */
  cacPaybackCi: Interval | null;
}

/** Accounts entering CAC payback: a CAC and a gross profit, nothing else required. */
export const paybackRows = (rows: readonly AccountEconomics[]): { x: number; y: number }[] =>
  rows
    .filter((r) => r.cac !== null && r.grossProfit !== null)
    .sort(
      (a, b) =>
        (a.grossProfit as number) - (b.grossProfit as number) || (a.cac as number) - (b.cac as number),
    )
    .map((r) => ({ x: r.grossProfit as number, y: r.cac as number }));

/** Σ y ÷ Σ x where x is a profit: Infinity when Σ x ≤ 0 (the cost is never paid back). */
export const paybackOf = (sx: number, sy: number): number => (sx > 0 ? sy / sx : Number.POSITIVE_INFINITY);

/**
 * Percentile bootstrap of a payback (Σ CAC ÷ Σ profit) over accounts: resamples whose profit is
 * not positive never pay back and sort above every finite value, so they widen the interval
 * instead of being dropped.
 */
export function paybackInterval(rows: readonly { x: number; y: number }[], seed: number): Interval | null {
  const n = rows.length;
  if (n < 2) return null;
  const rng = new Rng(seed);
  const reps = resamplesFor(n);
  const out = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const row = rows[Math.floor(rng.next() * n)] as { x: number; y: number };
      sx += row.x;
      sy += row.y;
    }
    out[r] = paybackOf(sx, sy);
  }
  out.sort();
  const at = (q: number) => out[Math.min(reps - 1, Math.max(0, Math.floor(q * reps)))] as number;
  return { lo: at(0.025), hi: at(0.975) };
}

export function economicsFigures(rows: readonly AccountEconomics[], seed: number): EconomicsFigure {
  const m = [...rows]
    .filter((r) => r.revenue > 0 && r.margin !== null)
    .sort((a, b) => a.revenue - b.revenue || (a.margin as number) - (b.margin as number));
  const rev = m.map((r) => r.revenue);
  const gp = m.map((r) => r.revenue * (r.margin as number));
  const pay = paybackRows(rows);
  const sumRev = rev.reduce((s, x) => s + x, 0);
  const sumProfit = pay.reduce((s, r) => s + r.x, 0);
  const sumCac = pay.reduce((s, r) => s + r.y, 0);
  return {
    accounts: m.length,
    grossMargin: sumRev ? gp.reduce((s, x) => s + x, 0) / sumRev : null,
    grossMarginCi: m.length >= 2 ? bootstrapPairs(rev, gp, ratioOfSums, seed) : null,
    paybackAccounts: pay.length,
    cacPaybackMonths: pay.length && sumProfit > 0 ? sumCac / sumProfit : null,
    cacPaybackCi: paybackInterval(pay, seed),
  };
}

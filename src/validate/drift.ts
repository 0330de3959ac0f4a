/**
 * Drift: the same figures by period (of the deal's close date, when its outcome became known; the
 * created date when there is none), each period tested against all the earlier ones — win rate
 * (Fisher), the in-vs-out gap (difference of log rate ratios, z-test), the sales cycle
 * (Mann–Whitney) — with the p-values adjusted together (Benjamini–Hochberg). A period that starts
 * less than the 90th-percentile cycle after the first deal was created is not tested on cycle: only
 * its short cycles could have closed yet (left censoring). With subscriptions, logo churn per
 * period is tested the same way. For a flagged period, the criteria whose evidence moved: the
 * win-rate ratio of accounts meeting vs not meeting each criterion, in that period against earlier
 * ones.
 */
import { evaluateCriterion } from "../engine/interpreter.js";
import type { Record_ } from "../io/read.js";
import type { IrProgram, Outcome } from "../ir/types.js";
import { rankSums, ratioContrast } from "../stats/cluster.js";
import { twoSidedP } from "../stats/distributions.js";
import { mannWhitney, median } from "../stats/location.js";
import { benjaminiHochberg } from "../stats/multiple.js";
import { compareRates, logRateRatio } from "../stats/proportions.js";
import type { Deal, Subscription } from "./dataset.js";
import { addMonths, cycleOf, cycles, type RateFigure, rate } from "./metrics.js";

export type PeriodUnit = "month" | "quarter";

export interface DriftTest {
  metric: "win_rate" | "icp_gap" | "sales_cycle" | "churn";
  p: number;
  q: number;
  flagged: boolean;
  text: string;
}

export interface DriftPeriod {
  period: string;
  closed: number;
  /** Part of the period lies outside the data (before the first deal, after as-of): shown, not tested. */
  partial: boolean;
  /** Share of the period's days inside the data window. */
  coverage: number;
  /** Why a partial period is not tested. */
  incomplete?:
    | "part of the period is outside the data"
    | "deals created before the data began would close in it";
  winRate: RateFigure;
  inRate: RateFigure;
  outRate: RateFigure;
  /** In-ICP win rate ÷ out-of-ICP win rate. */
  gap: number | null;
  medianCycle: number | null;
  tests: DriftTest[];
}

export interface MovedCriterion {
  period: string;
  criterion: string;
  /** Win-rate ratio (meets ÷ does not meet) in the period and in earlier periods. */
  ratioPeriod: number;
  ratioRest: number;
  p: number;
  q: number;
}

export interface Drift {
  by: PeriodUnit;
  periods: DriftPeriod[];
  /** Logo churn per period (with subscriptions). */
  churn: ChurnPeriod[];
  movedCriteria: MovedCriterion[];
  refresh: boolean;
  text: string;
}

export function periodOf(iso: string, by: PeriodUnit): string {
  const y = iso.slice(0, 4);
  const m = Number(iso.slice(5, 7));
  return by === "month" ? iso.slice(0, 7) : `${y}-Q${Math.ceil(m / 3)}`;
}

/** First day of a period key (2024-03, 2024-Q2). */
export function periodStart(k: string): string {
  const q = /^(\d{4})-Q(\d)$/.exec(k);
  return q ? `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, "0")}-01` : `${k}-01`;
}

const closedDeal = (d: Deal) => d.status === "won" || d.status === "lost";
const MIN = 20;

export interface ChurnPeriod {
  period: string;
  /** Accounts with MRR on the period's first day. */
  active: number;
  /** Of those, accounts with no MRR on the next period's first day. */
  churned: number;
  rate: number | null;
  test?: DriftTest;
}

/** Logo churn per period from subscriptions: active at the period's start, gone at its end. */
export function churnByPeriod(subs: readonly Subscription[], by: PeriodUnit, asOf: string): ChurnPeriod[] {
  const byAccount = new Map<number, Subscription[]>();
  let first: string | null = null;
  for (const s of subs) {
    if (s.account === null || s.start === null || s.mrr === null) continue;
    const l = byAccount.get(s.account);
    if (l) l.push(s);
    else byAccount.set(s.account, [s]);
    if (first === null || s.start < first) first = s.start;
  }
  if (first === null) return [];
  const activeOn = (list: readonly Subscription[], day: string) =>
    list.some((x) => (x.mrr ?? 0) > 0 && (x.start as string) <= day && (x.end === null || x.end > day));
  const out: ChurnPeriod[] = [];
  const step = by === "month" ? 1 : 3;
  for (let start = periodStart(periodOf(first, by)); ; ) {
    const next = addMonths(start, step);
    if (next > asOf) break;
    let active = 0;
    let churned = 0;
    for (const list of byAccount.values()) {
      if (!activeOn(list, start)) continue;
      active++;
      if (!activeOn(list, next)) churned++;
    }
    out.push({ period: periodOf(start, by), active, churned, rate: active ? churned / active : null });
    start = next;
  }
  return out;
}

/** Days in [a, b) — a period's length or the part of it inside the data. */
const span = (a: string, b: string) => Math.max(0, Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000));

const clusterKey = (d: Deal) => (d.account === null ? `row:${d.row}` : `a:${d.account}`);

/**
 * Win rate of group 1 against group 2 (period against history; criteria met against not), with
 * deals clustered in accounts that may appear on both sides: a linearised (cluster-robust) test
 * when some account has several deals, else Fisher's exact test.
 */
function rateContrast(
  a: readonly Deal[],
  b: readonly Deal[],
): { p: number; rate1: number; rate2: number } | null {
  const by = new Map<string, { y: number[]; x: number[] }>();
  const add = (d: Deal, j: number) => {
    const k = clusterKey(d);
    let c = by.get(k);
    if (!c) {
      c = { y: [0, 0], x: [0, 0] };
      by.set(k, c);
    }
    (c.x as number[])[j] = (c.x[j] as number) + 1;
    if (d.status === "won") (c.y as number[])[j] = (c.y[j] as number) + 1;
  };
  for (const d of a) add(d, 0);
  for (const d of b) add(d, 1);
  const clusters = [...by.values()];
  const n1 = a.length;
  const n2 = b.length;
  if (!n1 || !n2) return null;
  const w1 = a.filter((d) => d.status === "won").length;
  const w2 = b.filter((d) => d.status === "won").length;
  if (!clusters.some((c) => (c.x[0] as number) + (c.x[1] as number) > 1))
    return { p: compareRates(w1, n1, w2, n2), rate1: w1 / n1, rate2: w2 / n2 };
  const r = ratioContrast(
    clusters,
    (R) => (R[0] as number) - (R[1] as number),
    () => [1, -1],
  );
  if (!r) return null;
  return { p: r.p, rate1: w1 / n1, rate2: w2 / n2 };
}

/**
 * Whether the win-rate ratio of side 1 over side 2 (in ICP over out; criterion met over not) moved
 * between a period and its history: the difference of log ratios, cluster-robust when accounts
 * hold several deals (Katz's variance with 0.5 added when a cell is empty or full).
 */
function gapContrast(
  period: readonly Deal[],
  history: readonly Deal[],
  side: (d: Deal) => 1 | 2 | null,
): { p: number; ratioP: number; ratioR: number } | null {
  const t = { p: [0, 0, 0, 0], w: [0, 0, 0, 0] };
  const by = new Map<string, { y: number[]; x: number[] }>();
  const add = (d: Deal, base: number) => {
    const s = side(d);
    if (s === null) return;
    const j = base + s - 1;
    const k = clusterKey(d);
    let c = by.get(k);
    if (!c) {
      c = { y: [0, 0, 0, 0], x: [0, 0, 0, 0] };
      by.set(k, c);
    }
    (c.x as number[])[j] = (c.x[j] as number) + 1;
    (t.p as number[])[j] = (t.p[j] as number) + 1;
    if (d.status === "won") {
      (c.y as number[])[j] = (c.y[j] as number) + 1;
      (t.w as number[])[j] = (t.w[j] as number) + 1;
    }
  };
  for (const d of period) add(d, 0);
  for (const d of history) add(d, 2);
  const [n1, n2, n3, n4] = t.p as [number, number, number, number];
  const [x1, x2, x3, x4] = t.w as [number, number, number, number];
  if (Math.min(n1, n2, n3, n4) < 5) return null;
  const clusters = [...by.values()];
  const isClustered = clusters.some((c) => c.x.reduce((s, v) => s + v, 0) > 1);
  const interior = [x1 / n1, x2 / n2, x3 / n3, x4 / n4].every((r) => r > 0 && r < 1);
  if (isClustered && interior) {
    const r = ratioContrast(
      clusters,
      (R) =>
        Math.log(R[0] as number) -
        Math.log(R[1] as number) -
        Math.log(R[2] as number) +
        Math.log(R[3] as number),
      (R) => [1 / (R[0] as number), -1 / (R[1] as number), -1 / (R[2] as number), 1 / (R[3] as number)],
    );
    if (!r) return null;
    return { p: r.p, ratioP: x1 / n1 / (x2 / n2), ratioR: x3 / n3 / (x4 / n4) };
  }
  const a = logRateRatio(x1, n1, x2, n2);
  const b = logRateRatio(x3, n3, x4, n4);
  if (!a || !b) return null;
  return {
    p: twoSidedP((a.log - b.log) / Math.sqrt(a.variance + b.variance)),
    ratioP: Math.exp(a.log),
    ratioR: Math.exp(b.log),
  };
}

/** Sales cycles of a period against history: Mann–Whitney, or mean ranks compared by account. */
function cycleContrast(period: readonly Deal[], history: readonly Deal[]): number {
  const ca = cycles(period);
  const cb = cycles(history);
  const by = new Map<string, number[][]>();
  const add = (ds: readonly Deal[], j: number) => {
    for (const d of ds) {
      const c = cycleOf(d);
      if (c === null) continue;
      const k = clusterKey(d);
      const e = by.get(k) ?? [[], []];
      (e[j] as number[]).push(c);
      by.set(k, e);
    }
  };
  add(period, 0);
  add(history, 1);
  const accounts = [...by.values()];
  if (!accounts.some((e) => (e[0] as number[]).length + (e[1] as number[]).length > 1))
    return mannWhitney(ca, cb);
  // pooled mid-ranks summed per account and side (the same rank sums as the in-vs-out test);
  // index i is the same account on both sides
  const [inPeriod, inHistory] = rankSums([
    accounts.map((e) => e[0] as number[]),
    accounts.map((e) => e[1] as number[]),
  ]);
  const r = ratioContrast(
    accounts.map((e, i) => ({
      y: [inPeriod?.[i]?.y ?? 0, inHistory?.[i]?.y ?? 0],
      x: [(e[0] as number[]).length, (e[1] as number[]).length],
    })),
    (R) => (R[0] as number) - (R[1] as number),
    () => [1, -1],
  );
  return r ? r.p : 1;
}

export function drift(
  deals: readonly Deal[],
  by: PeriodUnit,
  ir: IrProgram,
  accounts: readonly Record_[],
  churn: readonly ChurnPeriod[] = [],
  asOf?: string,
  /** How long deals take to be decided (the maturity window); default: the won deals' 90th-percentile cycle. */
  maturityDays: number | null = null,
): Drift {
  const closed = deals.filter((d) => closedDeal(d) && (d.closed ?? d.created) !== null);
  const byPeriod = new Map<string, Deal[]>();
  const allCycles = cycles(closed).sort((a, b) => a - b);
  const p90 =
    maturityDays ?? (allCycles.length ? (allCycles[Math.ceil(0.9 * allCycles.length) - 1] as number) : 0);
  for (const d of closed) {
    const k = periodOf((d.closed ?? d.created) as string, by);
    const l = byPeriod.get(k);
    if (l) l.push(d);
    else byPeriod.set(k, [d]);
  }
  // The data window: from the first day any deal shows (created, else closed) to the as-of date.
  // A period only partly inside it holds only some of its outcomes (a first quarter seen from
  // March holds March's closes, and of those only the deals created after the data began).
  let dataFrom: string | null = null;
  let dataTo: string | null = asOf ?? null;
  for (const d of deals)
    for (const day of [d.created, d.closed]) {
      if (day === null) continue;
      if (dataFrom === null || day < dataFrom) dataFrom = day;
      if (asOf === undefined && (dataTo === null || day > dataTo)) dataTo = day;
    }
  const step = by === "month" ? 1 : 3;
  const coverageOf = (k: string): number => {
    const a = periodStart(k);
    const b = addMonths(a, step);
    if (dataFrom === null || dataTo === null) return 1;
    const lo = dataFrom > a ? dataFrom : a;
    const dayAfterTo = new Date(Date.parse(dataTo) + 86_400_000).toISOString().slice(0, 10);
    const hi = dayAfterTo < b ? dayAfterTo : b;
    return span(a, b) ? Math.min(1, span(lo, hi) / span(a, b)) : 1;
  };
  // Left censoring: until one maturity window after the data began, a period's closes lack the
  // deals created before the data began (the slow ones): its outcomes are not comparable.
  const cycleFrom = dataFrom
    ? new Date(Date.parse(dataFrom) + p90 * 86_400_000).toISOString().slice(0, 10)
    : "";
  const keys = [...byPeriod.keys()].sort();
  const early = (k: string) => periodStart(k) < cycleFrom;
  const complete = new Set(keys.filter((k) => coverageOf(k) >= 1 && !early(k)));
  const count = (ds: readonly Deal[], g?: "in" | "out") => {
    let w = 0;
    let n = 0;
    for (const d of ds)
      if (g === undefined || d.group === g) {
        n++;
        if (d.status === "won") w++;
      }
    return { w, n };
  };
  const inOut = (d: Deal): 1 | 2 | null => (d.group === "in" ? 1 : d.group === "out" ? 2 : null);
  const historyOf = (k: string) =>
    keys.filter((x) => x < k && complete.has(x)).flatMap((x) => byPeriod.get(x) ?? []);
  const periods: DriftPeriod[] = [];
  const allTests: DriftTest[] = [];
  for (const k of keys) {
    const ds = byPeriod.get(k) ?? [];
    // against history: every earlier complete period (a drift is a move away from what came before)
    const rest = historyOf(k);
    const all = count(ds);
    const inn = count(ds, "in");
    const out = count(ds, "out");
    const restAll = count(rest);
    const tests: DriftTest[] = [];
    if (complete.has(k) && all.n >= MIN && restAll.n >= MIN) {
      const wr = rateContrast(ds, rest);
      if (wr)
        tests.push({
          metric: "win_rate",
          p: wr.p,
          q: 1,
          flagged: false,
          text: `win rate ${(100 * wr.rate1).toFixed(0)}% vs ${(100 * wr.rate2).toFixed(0)}% in earlier periods`,
        });
      const h = gapContrast(ds, rest, inOut);
      if (h)
        tests.push({
          metric: "icp_gap",
          p: h.p,
          q: 1,
          flagged: false,
          text: `in-ICP accounts win ${h.ratioP.toFixed(2)}× as often as others, against ${h.ratioR.toFixed(2)}× in earlier periods`,
        });
      const ca = cycles(ds);
      const cb = cycles(rest);
      if (ca.length >= 10 && cb.length >= 10)
        tests.push({
          metric: "sales_cycle",
          p: cycleContrast(ds, rest),
          q: 1,
          flagged: false,
          text: `median sales cycle ${median(ca)} days vs ${median(cb)} in earlier periods`,
        });
    }
    allTests.push(...tests);
    const ir1 = rate(inn.w, inn.n);
    const or1 = rate(out.w, out.n);
    const cyc = cycles(ds);
    const coverage = coverageOf(k);
    periods.push({
      period: k,
      closed: all.n,
      partial: !complete.has(k),
      coverage,
      ...(complete.has(k)
        ? {}
        : {
            incomplete:
              coverage < 1
                ? ("part of the period is outside the data" as const)
                : ("deals created before the data began would close in it" as const),
          }),
      winRate: rate(all.w, all.n),
      inRate: ir1,
      outRate: or1,
      gap: ir1.rate !== null && or1.rate ? ir1.rate / or1.rate : null,
      medianCycle: cyc.length ? median(cyc) : null,
      tests,
    });
  }
  // churn per period against the earlier periods
  let restActive = 0;
  let restChurned = 0;
  for (const c of churn) {
    const histActive = restActive;
    const histChurned = restChurned;
    restActive += c.active;
    restChurned += c.churned;
    if (c.active < MIN || histActive < MIN) continue;
    c.test = {
      metric: "churn",
      p: compareRates(c.churned, c.active, histChurned, histActive),
      q: 1,
      flagged: false,
      text: `logo churn ${(100 * (c.churned / c.active)).toFixed(1)}% vs ${(100 * (histChurned / histActive)).toFixed(1)}% in earlier periods`,
    };
    allTests.push(c.test);
  }
  const qs = benjaminiHochberg(allTests.map((t) => t.p));
  allTests.forEach((t, i) => {
    t.q = qs[i] ?? 1;
    t.flagged = t.q < 0.05;
  });

  // Criteria whose evidence moved, for flagged periods.
  const flaggedPeriods = periods.filter((p) => p.tests.some((t) => t.flagged));
  const moved: MovedCriterion[] = [];
  if (flaggedPeriods.length) {
    const outcomeCache = new Map<number, Outcome[]>();
    const outcomes = (a: number): Outcome[] => {
      let o = outcomeCache.get(a);
      if (!o) {
        const row = accounts[a] ?? {};
        o = ir.criteria.map((c) => evaluateCriterion(ir, c, row));
        outcomeCache.set(a, o);
      }
      return o;
    };
    const candidates: MovedCriterion[] = [];
    for (const fp of flaggedPeriods) {
      const ds = byPeriod.get(fp.period) ?? [];
      const rest = historyOf(fp.period);
      ir.criteria.forEach((c, ci) => {
        const h = gapContrast(ds, rest, (d) => {
          if (d.account === null) return null;
          const o = outcomes(d.account)[ci];
          return o === "pass" ? 1 : o === "fail" ? 2 : null;
        });
        if (h)
          candidates.push({
            period: fp.period,
            criterion: c.label,
            ratioPeriod: h.ratioP,
            ratioRest: h.ratioR,
            p: h.p,
            q: 1,
          });
      });
    }
    const cq = benjaminiHochberg(candidates.map((c) => c.p));
    candidates.forEach((c, i) => {
      c.q = cq[i] ?? 1;
      if (c.q < 0.05) moved.push(c);
    });
  }
  // The latest two complete periods, of deals or of churn. "Refresh your ICP" is about the ICP:
  // the in-vs-out gap moved, or a criterion's evidence did. A market that moved for every account
  // alike (win rate, cycle, churn) is reported, but is not a reason to redraw the profile.
  const recentKeys = [
    ...new Set([...periods.filter((p) => !p.partial).map((p) => p.period), ...churn.map((c) => c.period)]),
  ]
    .sort()
    .slice(-2);
  const flaggedIn = (k: string) => [
    ...(periods.find((p) => p.period === k)?.tests.filter((t) => t.flagged) ?? []),
    ...(churn.find((c) => c.period === k)?.test?.flagged
      ? [churn.find((c) => c.period === k)?.test as DriftTest]
      : []),
  ];
  const icpMoved = (k: string) =>
    flaggedIn(k).some((t) => t.metric === "icp_gap") || moved.some((m) => m.period === k);
  const recent = recentKeys.filter((k) => icpMoved(k));
  const market = recentKeys.filter((k) => !icpMoved(k) && flaggedIn(k).length > 0);
  const refresh = recent.length > 0;
  const earlier = [
    ...new Set([
      ...flaggedPeriods.map((p) => p.period),
      ...churn.filter((c) => c.test?.flagged).map((c) => c.period),
    ]),
  ].sort();
  const describe = (ks: readonly string[]) =>
    ks
      .map(
        (k) =>
          `${k}: ${flaggedIn(k)
            .map((t) => t.text)
            .join("; ")}`,
      )
      .join(". ");
  const movedNames = (ks: readonly string[]) => [
    ...new Set(moved.filter((m) => ks.includes(m.period)).map((m) => m.criterion)),
  ];
  const marketText = market.length
    ? ` The market moved for every account alike — ${describe(market)} — which is worth watching, but the in-ICP edge held there.`
    : "";
  const text = refresh
    ? `Refresh your ICP: ${describe(recent)}${
        movedNames(recent).length ? `. Criteria whose evidence moved: ${movedNames(recent).join(", ")}` : ""
      }.${marketText}`
    : market.length
      ? `No refresh of the ICP needed: the in-ICP edge did not move in the latest periods.${marketText}`
      : earlier.length
        ? `Earlier periods moved (${earlier.join(", ")}), the latest two did not: no refresh needed now.`
        : periods.filter((p) => !p.partial).length < 2 && churn.length < 2
          ? "Fewer than two complete periods of outcomes: drift needs at least two."
          : `No period differs from its history beyond chance (${allTests.length} tests, 5% false discovery rate).`;
  return { by, periods, churn: [...churn], movedCriteria: moved, refresh, text };
}

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
import { twoSidedP } from "../stats/distributions.js";
import { mannWhitney, median } from "../stats/location.js";
import { benjaminiHochberg } from "../stats/multiple.js";
import { compareRates, logRateRatio } from "../stats/proportions.js";
import type { Deal, Subscription } from "./dataset.js";
import { addMonths, cycles, type RateFigure, rate } from "./metrics.js";

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

function heterogeneity(
  p: { x1: number; n1: number; x2: number; n2: number },
  r: { x1: number; n1: number; x2: number; n2: number },
): { p: number; ratioP: number; ratioR: number } | null {
  if (Math.min(p.n1, p.n2, r.n1, r.n2) < 5) return null;
  const a = logRateRatio(p.x1, p.n1, p.x2, p.n2);
  const b = logRateRatio(r.x1, r.n1, r.x2, r.n2);
  if (!a || !b) return null;
  return {
    p: twoSidedP((a.log - b.log) / Math.sqrt(a.variance + b.variance)),
    ratioP: Math.exp(a.log),
    ratioR: Math.exp(b.log),
  };
}

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

export function drift(
  deals: readonly Deal[],
  by: PeriodUnit,
  ir: IrProgram,
  accounts: readonly Record_[],
  churn: readonly ChurnPeriod[] = [],
): Drift {
  const closed = deals.filter((d) => closedDeal(d) && (d.closed ?? d.created) !== null);
  const byPeriod = new Map<string, Deal[]>();
  const allCycles = cycles(closed).sort((a, b) => a - b);
  const p90 = allCycles.length ? (allCycles[Math.floor(0.9 * (allCycles.length - 1))] as number) : 0;
  const firstCreated = closed.reduce<string | null>(
    (m, d) => (d.created !== null && (m === null || d.created < m) ? d.created : m),
    null,
  );
  const cycleFrom = firstCreated
    ? new Date(Date.parse(firstCreated) + p90 * 86_400_000).toISOString().slice(0, 10)
    : "";
  for (const d of closed) {
    const k = periodOf((d.closed ?? d.created) as string, by);
    const l = byPeriod.get(k);
    if (l) l.push(d);
    else byPeriod.set(k, [d]);
  }
  const keys = [...byPeriod.keys()].sort();
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
  const periods: DriftPeriod[] = [];
  const allTests: DriftTest[] = [];
  for (const k of keys) {
    const ds = byPeriod.get(k) ?? [];
    // against history: every earlier period (a drift is a move away from what came before)
    const rest = keys.filter((x) => x < k).flatMap((x) => byPeriod.get(x) ?? []);
    const all = count(ds);
    const inn = count(ds, "in");
    const out = count(ds, "out");
    const restAll = count(rest);
    const tests: DriftTest[] = [];
    if (all.n >= MIN && restAll.n >= MIN) {
      const p = compareRates(all.w, all.n, restAll.w, restAll.n);
      tests.push({
        metric: "win_rate",
        p,
        q: 1,
        flagged: false,
        text: `win rate ${(100 * (all.w / all.n)).toFixed(0)}% vs ${(100 * (restAll.w / restAll.n)).toFixed(0)}% in earlier periods`,
      });
      const h = heterogeneity(
        { x1: inn.w, n1: inn.n, x2: out.w, n2: out.n },
        {
          x1: count(rest, "in").w,
          n1: count(rest, "in").n,
          x2: count(rest, "out").w,
          n2: count(rest, "out").n,
        },
      );
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
      if (ca.length >= 10 && cb.length >= 10 && periodStart(k) >= cycleFrom)
        tests.push({
          metric: "sales_cycle",
          p: mannWhitney(ca, cb),
          q: 1,
          flagged: false,
          text: `median sales cycle ${median(ca)} days vs ${median(cb)} in earlier periods`,
        });
    }
    allTests.push(...tests);
    const ir1 = rate(inn.w, inn.n);
    const or1 = rate(out.w, out.n);
    const cyc = cycles(ds);
    periods.push({
      period: k,
      closed: all.n,
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
      const rest = keys.filter((x) => x < fp.period).flatMap((x) => byPeriod.get(x) ?? []);
      ir.criteria.forEach((c, ci) => {
        const tally = (list: readonly Deal[]) => {
          const t = { x1: 0, n1: 0, x2: 0, n2: 0 };
          for (const d of list) {
            if (d.account === null) continue;
            const o = outcomes(d.account)[ci];
            const w = d.status === "won" ? 1 : 0;
            if (o === "pass") {
              t.n1++;
              t.x1 += w;
            } else if (o === "fail") {
              t.n2++;
              t.x2 += w;
            }
          }
          return t;
        };
        const h = heterogeneity(tally(ds), tally(rest));
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
  // the latest two periods, of deals or of churn, with their flagged tests
  const recentKeys = [...new Set([...periods.map((p) => p.period), ...churn.map((c) => c.period)])]
    .sort()
    .slice(-2);
  const flaggedIn = (k: string) => [
    ...(periods.find((p) => p.period === k)?.tests.filter((t) => t.flagged) ?? []),
    ...(churn.find((c) => c.period === k)?.test?.flagged
      ? [churn.find((c) => c.period === k)?.test as DriftTest]
      : []),
  ];
  const recent = recentKeys.filter((k) => flaggedIn(k).length > 0);
  const refresh = recent.length > 0;
  const earlier = [
    ...new Set([
      ...flaggedPeriods.map((p) => p.period),
      ...churn.filter((c) => c.test?.flagged).map((c) => c.period),
    ]),
  ].sort();
  const text = refresh
    ? `Refresh your ICP: ${recent
        .map(
          (k) =>
            `${k}: ${flaggedIn(k)
              .map((t) => t.text)
              .join("; ")}`,
        )
        .join(". ")}${
        moved.length
          ? `. Criteria whose evidence moved: ${[...new Set(moved.map((m) => m.criterion))].join(", ")}`
          : ""
      }.`
    : earlier.length
      ? `Earlier periods moved (${earlier.join(", ")}), the latest two did not: no refresh needed now.`
      : periods.length < 2 && churn.length < 2
        ? "Only one period of outcomes: drift needs at least two."
        : `No period differs from its history beyond chance (${allTests.length} tests, 5% false discovery rate).`;
  return { by, periods, churn: [...churn], movedCriteria: moved, refresh, text };
}

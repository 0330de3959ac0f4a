/**
 * `validate`: does the ICP win? Groups accounts (in / out of ICP, each tier, disqualified,
 * insufficient data), computes the figures per group, compares in against out, and adds gains,
 * drift and the off-ICP review. Pure: tables in, a report object out (faces render it).
 */
import { columnOf } from "../data/load.js";
import { isMissing } from "../engine/values.js";
import type { RowResult } from "../ir/types.js";
import { type Comparison, compareGroups, overallVerdict, type Verdict } from "./compare.js";
import type { Deal, Subscription, Unreadable, ValidationData } from "./dataset.js";
import { churnByPeriod, type Drift, drift, type PeriodUnit } from "./drift.js";
import { type Gains, gains } from "./gains.js";
import {
  type AccountEconomics,
  type AccountRetention,
  accountDeals,
  accountRetention,
  churnReasons,
  DAY_MS,
  daysBetween,
  dealFigures,
  economicsFigures,
  firstMrr,
  type GroupFigures,
  retentionFigures,
} from "./metrics.js";
import {
  campaigns,
  compareOutbound,
  type OutboundReport,
  outboundGroup,
  outboundText,
  type Touch,
} from "./outbound.js";
import { plausibility, type ValidationWarning } from "./warnings.js";

export interface ReviewDeal {
  row: number;
  id: string | null;
  account: string | null;
  stage: string | null;
  status: string | null;
  amount: number | null;
  created: string | null;
  closed: string | null;
  state: string;
  tier: string | null;
  score: number | null;
  reasons: string;
}

export interface ValidationReport {
  profile: { name: string; version: string; hash: string };
  asOf: string;
  icpTiers: string[];
  inputs: {
    accounts: { file: string; rows: number; rejected: number };
    deals: {
      file: string;
      rows: number;
      rejected: number;
      linked: number;
      unlinked: number;
      linkedBy: Record<string, number>;
      unlinkedReasons: { reason: string; count: number; examples: string[] }[];
      unreadable: Unreadable;
      mapping: { field: string; column: string }[];
    };
    subscriptions?: {
      file: string;
      rows: number;
      rejected: number;
      linked: number;
      unlinked: number;
      unreadable: Unreadable;
      mapping: { field: string; column: string }[];
    };
    churn?: { file: string; rows: number; rejected: number; linked: number; unlinked: number };
    costs?: {
      file: string;
      rows: number;
      rejected: number;
      linked: number;
      unlinked: number;
      unreadable: Unreadable;
    };
  };
  /**
   * The design the statistics follow: the unit of inference (the account: deals of one account
   * are not independent), the maturity window for open deals, what the as-of date censored, and
   * the seed of every resampling.
   */
  design: {
    unit: "account";
    /** Open deals older than this many days count as lost (stalled); younger ones are undecided. */
    maturityDays: number | null;
    maturityFrom: "closed deals' 90th-percentile cycle" | "--maturity-days" | "too few closed deals";
    /** Open deals created before this day are stalled. */
    stalledBefore: string | null;
    censored: { createdAfter: number; closedAfter: number; closedBeforeSplit: number };
    /** --closed-after: only outcomes after this day count (a time split against the discovery data). */
    closedAfter?: string;
    seed: number;
  };
  /** Inputs that contradict each other, figures that are implausible or rest on too little. */
  warnings: ValidationWarning[];
  /** Under --as-of-deal-date: fields read as they are today (they carry no date). */
  backtest?: { asOfDealDate: true; undatedFields: string[] };
  groups: GroupFigures[];
  comparisons: Comparison[];
  verdict: Verdict;
  gains: Gains;
  /** Outreach outcomes (reply, meeting, qualification rates) in against out of the ICP and per tier. */
  outbound?: OutboundReport;
  /** Drift and the off-ICP review need deal-level rows: file validation only. */
  drift?: Drift;
  review?: { windowDays: number; deals: ReviewDeal[] };
  /** Where the aggregates were computed (absent: in memory, from files). */
  computedIn?: "postgres";
}

export interface ValidateOptions {
  by?: PeriodUnit;
  capacityPerMonth?: number;
  /** Recently won = closed within this many days before as-of (default 90). */
  reviewDays?: number;
  seed?: number;
  /** The deals file's SHA-256: validation warns when it is the file the profile was discovered from. */
  dealsSha256?: string;
  /** The --closed-after day the data were cut at (reported). */
  closedAfter?: string;
  /** Open deals older than this many days count as lost; default: the closed deals' 90th-percentile cycle. */
  maturityDays?: number;
}

/**
 * The maturity window: how long a deal usually takes to be decided — the 90th percentile (nearest
 * rank) of created → closed days over closed deals (won or lost) with both dates, closed on or
 * after created; needs 20 such deals. An open deal older than that is stalled and counts as lost:
 * dropping it would keep only the deals that were decided, and inflate the win rate.
 */
export function maturity(
  deals: readonly Pick<Deal, "status" | "created" | "closed">[],
  asOf: string,
  given?: number,
): Pick<ValidationReport["design"], "maturityDays" | "maturityFrom" | "stalledBefore"> {
  if (given !== undefined) return maturityWindow(asOf, given, "--maturity-days");
  const days: number[] = [];
  for (const d of deals)
    if (
      (d.status === "won" || d.status === "lost") &&
      d.created !== null &&
      d.closed !== null &&
      d.closed >= d.created
    )
      days.push(daysBetween(d.created, d.closed));
  if (days.length < 20)
    return { maturityDays: null, maturityFrom: "too few closed deals", stalledBefore: null };
  days.sort((a, b) => a - b);
  return maturityWindow(
    asOf,
    days[Math.ceil(0.9 * days.length) - 1] as number,
    "closed deals' 90th-percentile cycle",
  );
}

/** A maturity window of `days` before as-of, and where it came from. */
export function maturityWindow(
  asOf: string,
  days: number,
  from: ValidationReport["design"]["maturityFrom"],
): Pick<ValidationReport["design"], "maturityDays" | "maturityFrom" | "stalledBefore"> {
  return {
    maturityDays: days,
    maturityFrom: from,
    stalledBefore: new Date(Date.parse(asOf) - days * DAY_MS).toISOString().slice(0, 10),
  };
}

export function groupOrder(data: Pick<ValidationData, "profile">): string[] {
  return [
    "all",
    "in ICP",
    "out of ICP",
    ...data.profile.tiers.map((t) => `tier ${t.name}`),
    "scored, no tier",
    "disqualified",
    "insufficient data",
    "unlinked",
  ];
}

/** Which groups an account or deal belongs to (beyond "all"). */
export function labels(d: {
  group: Deal["group"];
  result: Pick<RowResult, "state" | "tier"> | null;
}): string[] {
  if (d.group === "unlinked") return ["unlinked"];
  if (d.group === "insufficient_data") return ["insufficient data"];
  const out = [d.group === "in" ? "in ICP" : "out of ICP"];
  const r = d.result;
  if (r?.state === "disqualified") out.push("disqualified");
  else if (r?.state === "scored") out.push(r.tier ? `tier ${r.tier}` : "scored, no tier");
  return out;
}

export function validate(data: ValidationData, opts: ValidateOptions = {}): ValidationReport {
  // One seed for every resampling of the run: identical groups get identical intervals.
  const seed = opts.seed ?? 1;
  const by = opts.by ?? "quarter";
  const mature = maturity(data.deals, data.asOf, opts.maturityDays);
  const stallBefore = mature.stalledBefore;
  const dealsBy = new Map<string, Deal[]>();
  const accountsBy = new Map<string, number>();
  const add = <T>(m: Map<string, T[]>, k: string, v: T) => {
    const l = m.get(k);
    if (l) l.push(v);
    else m.set(k, [v]);
  };
  for (const d of data.deals) {
    add(dealsBy, "all", d);
    for (const l of labels(d)) add(dealsBy, l, d);
  }
  data.results.forEach((r, i) => {
    accountsBy.set("all", (accountsBy.get("all") ?? 0) + 1);
    for (const l of labels({ group: data.groups[i] ?? "out", result: r }))
      accountsBy.set(l, (accountsBy.get(l) ?? 0) + 1);
  });

  // retention per account, grouped by the account's current group
  let retention: { rows: AccountRetention[]; byGroup: Map<string, AccountRetention[]> } | null = null;
  const subsByGroup = new Map<string, Subscription[]>();
  if (data.subscriptions) {
    const rows = accountRetention(data.subscriptions, data.asOf, data.churnEvents ?? null);
    const byGroup = new Map<string, AccountRetention[]>();
    for (const r of rows) {
      add(byGroup, "all", r);
      for (const l of labels({
        group: data.groups[r.account] ?? "out",
        result: data.results[r.account] ?? null,
      }))
        add(byGroup, l, r);
    }
    retention = { rows, byGroup };
    for (const s of data.subscriptions) {
      add(subsByGroup, "all", s);
      const ls =
        s.account === null
          ? ["unlinked"]
          : labels({ group: data.groups[s.account] ?? "out", result: data.results[s.account] ?? null });
      for (const l of ls) add(subsByGroup, l, s);
    }
  }

  // unit economics per account: monthly revenue (first MRR, else won amounts ÷ 12), margin, CAC
  let economics: Map<string, AccountEconomics[]> | null = null;
  if (data.costs) {
    let revenue = new Map<number, number>();
    if (data.subscriptions) revenue = firstMrr(data.subscriptions);
    else
      for (const d of data.deals)
        if (d.status === "won" && d.account !== null && d.amount !== null)
          revenue.set(d.account, (revenue.get(d.account) ?? 0) + d.amount / 12);
    economics = new Map();
    for (const c of data.costs) {
      const rev = revenue.get(c.account) ?? 0;
      const margin = c.margin ?? (c.costToServe !== null && rev > 0 ? 1 - c.costToServe / rev : null);
      const grossProfit =
        c.margin !== null ? rev * c.margin : c.costToServe !== null ? rev - c.costToServe : null;
      const e: AccountEconomics = { account: c.account, revenue: rev, margin, grossProfit, cac: c.cac };
      add(economics, "all", e);
      for (const l of labels({
        group: data.groups[c.account] ?? "out",
        result: data.results[c.account] ?? null,
      }))
        add(economics, l, e);
    }
  }

  const groups: GroupFigures[] = [];
  groupOrder(data).forEach((g) => {
    const ds = dealsBy.get(g) ?? [];
    const accounts = accountsBy.get(g) ?? 0;
    if (!ds.length && !accounts && g !== "in ICP" && g !== "out of ICP") return;
    const f = dealFigures(g, accounts, ds, stallBefore);
    if (retention) {
      f.retention = retentionFigures(retention.byGroup.get(g) ?? [], data.asOf, seed, !!data.churnEvents);
      f.churnReasons = churnReasons(subsByGroup.get(g) ?? []);
    }
    if (economics) f.economics = economicsFigures(economics.get(g) ?? [], seed);
    groups.push(f);
  });
  const fig = (g: string) => groups.find((x) => x.group === g) as GroupFigures;
  const comparisons = compareGroups(
    accountDeals(dealsBy.get("in ICP") ?? [], stallBefore),
    accountDeals(dealsBy.get("out of ICP") ?? [], stallBefore),
    fig("in ICP"),
    fig("out of ICP"),
    retention
      ? { in: retention.byGroup.get("in ICP") ?? [], out: retention.byGroup.get("out of ICP") ?? [] }
      : null,
    seed,
    economics ? { in: economics.get("in ICP") ?? [], out: economics.get("out of ICP") ?? [] } : null,
  );
  const verdict = overallVerdict(comparisons, { in: fig("in ICP"), out: fig("out of ICP") });

  // Off-ICP review: open deals, and deals won in the last N days, on out-of-ICP accounts.
  const windowDays = opts.reviewDays ?? 90;
  const sinceDate = new Date(Date.parse(data.asOf) - windowDays * 86_400_000).toISOString().slice(0, 10);
  const nameCol =
    columnOf(data.accounts, "name") ?? columnOf(data.accounts, "domain") ?? columnOf(data.accounts, "id");
  const reviewDeals: ReviewDeal[] = data.deals
    .filter(
      (d) =>
        d.group === "out" &&
        (d.status === "open" ||
          (d.status === "won" && d.closed !== null && d.closed >= sinceDate && d.closed <= data.asOf)),
    )
    .map((d) => {
      const acc = d.account !== null ? data.accounts.rows[d.account] : undefined;
      const nm = acc && nameCol ? acc[nameCol] : null;
      return {
        row: d.row,
        id: d.id,
        account: isMissing(nm) ? null : String(nm),
        stage: d.stage,
        status: d.status,
        amount: d.amount,
        created: d.created,
        closed: d.closed,
        state: d.result?.state ?? "unknown",
        tier: d.result?.tier ?? null,
        score: d.result?.tenths != null ? d.result.tenths / 10 : null,
        reasons: d.result?.reasons ?? "",
      };
    })
    .sort(
      (a, b) =>
        (a.status === "open" ? 0 : 1) - (b.status === "open" ? 0 : 1) ||
        (b.amount ?? 0) - (a.amount ?? 0) ||
        a.row - b.row,
    );

  const mapOf = (m: { field: string; column: string }[]) => m.map(({ field, column }) => ({ field, column }));
  const report: ValidationReport = {
    profile: { name: data.profile.name, version: data.profile.version, hash: data.profile.hash },
    asOf: data.asOf,
    icpTiers: data.icpTiers,
    inputs: {
      accounts: {
        file: data.accounts.file,
        rows: data.accounts.rows.length,
        rejected: data.accounts.rejects.length,
      },
      deals: {
        file: data.dealsFile.file,
        rows: data.dealsFile.rows.length,
        rejected: data.dealsFile.rejects.length,
        linked: data.dealLinks.linked,
        unlinked: data.dealLinks.unlinked,
        linkedBy: { ...data.dealLinks.by },
        unlinkedReasons: data.dealLinks.reasons,
        unreadable: data.dealUnreadable,
        mapping: mapOf(data.dealsFile.mapping),
      },
      ...(data.subscriptionsFile && data.subscriptionLinks
        ? {
            subscriptions: {
              file: data.subscriptionsFile.file,
              rows: data.subscriptionsFile.rows.length,
              rejected: data.subscriptionsFile.rejects.length,
              linked: data.subscriptionLinks.linked,
              unlinked: data.subscriptionLinks.unlinked,
              unreadable: data.subscriptionUnreadable ?? {},
              mapping: mapOf(data.subscriptionsFile.mapping),
            },
          }
        : {}),
      ...(data.churnFile && data.churnLinks
        ? {
            churn: {
              file: data.churnFile.file,
              rows: data.churnFile.rows.length,
              rejected: data.churnFile.rejects.length,
              linked: data.churnLinks.linked,
              unlinked: data.churnLinks.unlinked,
            },
          }
        : {}),
      ...(data.costsFile && data.costLinks
        ? {
            costs: {
              file: data.costsFile.file,
              rows: data.costsFile.rows.length,
              rejected: data.costsFile.rejects.length,
              linked: data.costLinks.linked,
              unlinked: data.costLinks.unlinked,
              unreadable: data.costUnreadable ?? {},
            },
          }
        : {}),
    },
    design: {
      unit: "account",
      ...mature,
      censored: data.censored,
      ...(opts.closedAfter ? { closedAfter: opts.closedAfter } : {}),
      seed,
    },
    warnings: [],
    ...(data.undatedFields
      ? { backtest: { asOfDealDate: true as const, undatedFields: data.undatedFields } }
      : {}),
    groups,
    comparisons,
    verdict,
    gains: gains(
      data.results,
      data.deals,
      opts.capacityPerMonth,
      data.profile.tiers.map((t) => t.name),
      stallBefore,
    ),
    drift: drift(
      data.deals,
      by,
      data.ir,
      data.accounts.rows,
      data.subscriptions ? churnByPeriod(data.subscriptions, by, data.asOf) : [],
      data.asOf,
      mature.maturityDays,
    ),
    review: { windowDays, deals: reviewDeals },
  };
  if (data.outbound) report.outbound = outboundReport(data, seed);
  report.warnings = plausibility(report, data.profile, {
    deals: data.deals,
    ...(opts.dealsSha256 ? { dealsSha256: opts.dealsSha256 } : {}),
  });
  return report;
}

/** The outreach section: rates per group (as deals: in, out, tiers…), in against out, per campaign. */
function outboundReport(data: ValidationData, seed: number): OutboundReport {
  const o = data.outbound as NonNullable<ValidationData["outbound"]>;
  const touches = o.read.touches;
  const labelsOf = (x: Touch) =>
    x.account === null
      ? ["unlinked"]
      : labels({ group: data.groups[x.account] ?? "out", result: data.results[x.account] ?? null });
  const by = new Map<string, Touch[]>();
  for (const x of touches)
    for (const l of ["all", ...labelsOf(x)]) {
      const list = by.get(l);
      if (list) list.push(x);
      else by.set(l, [x]);
    }
  const groups = groupOrder(data)
    .filter((g) => by.has(g) || g === "in ICP" || g === "out of ICP")
    .map((g) => outboundGroup(g, by.get(g) ?? []));
  const comparisons = compareOutbound(by.get("in ICP") ?? [], by.get("out of ICP") ?? [], seed);
  const inOut = (x: Touch): "in" | "out" | null => {
    if (x.account === null) return null;
    const g = data.groups[x.account];
    return g === "in" || g === "out" ? g : null;
  };
  return {
    file: o.file.file,
    rows: o.file.rows.length,
    rejected: o.file.rejects.length,
    contacts: touches.length,
    activityRows: o.read.activityRows,
    linked: touches.filter((x) => x.account !== null).length,
    unlinked: touches.filter((x) => x.account === null).length,
    unreadable: o.read.unreadable,
    mapping: o.file.mapping.map(({ field, column }) => ({ field, column })),
    groups,
    comparisons,
    campaigns: campaigns(touches, inOut),
    text: outboundText(comparisons),
  };
}

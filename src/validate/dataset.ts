/**
 * What validation reads: accounts scored against the profile, deals and subscriptions read,
 * normalised and linked to those accounts, with a count of every value that could not be read.
 */

import { dealReader } from "../data/deals.js";
import { AccountIndex, type LinkReport, linkTable } from "../data/link.js";
import { columnOf, type LoadedTable } from "../data/load.js";
import { type DayOrder, inferDayOrder, normaliseDate } from "../data/normalise/dates.js";
import { parseMoney } from "../data/normalise/numbers.js";
import type { DealStatus } from "../data/normalise/stage.js";
import { isMissing, type RawValue, trimWs } from "../engine/values.js";
import type { IrProgram, RowResult } from "../ir/types.js";
import type { Profile } from "../profile/model.js";
import { type IcpGroup, icpGroup, icpTiers, scoreRows } from "../score/rows.js";
import type { ChurnEvent } from "./metrics.js";
import { type OutboundRead, readOutbound } from "./outbound.js";

export interface Deal {
  /** Data-row number in the deals file (1 = first after the header). */
  row: number;
  id: string | null;
  account: number | null;
  stage: string | null;
  status: DealStatus | null;
  amount: number | null;
  created: string | null;
  closed: string | null;
  /** The account's result this deal is judged by (as of the deal date under --as-of-deal-date). */
  result: RowResult | null;
  group: IcpGroup | "unlinked";
}

export interface Subscription {
  account: number | null;
  mrr: number | null;
  start: string | null;
  end: string | null;
  reason: string | null;
}

/** Acquisition cost and margin of one account (costs file; several rows for an account add up). */
export interface AccountCost {
  account: number;
  cac: number | null;
  /** Gross margin as a share (0..1), when the file gives it. */
  margin: number | null;
  /** Monthly cost to serve, when the file gives it instead of a margin. */
  costToServe: number | null;
}

/** Values a column held that could not be read, per field, with examples. */
export type Unreadable = Record<string, { count: number; examples: string[] }>;

export interface ValidationData {
  profile: Profile;
  asOf: string;
  accounts: LoadedTable;
  ir: IrProgram;
  results: RowResult[];
  groups: IcpGroup[];
  icpTiers: string[];
  deals: Deal[];
  dealsFile: LoadedTable;
  dealLinks: LinkReport;
  dealUnreadable: Unreadable;
  subscriptions?: Subscription[];
  subscriptionsFile?: LoadedTable;
  subscriptionLinks?: LinkReport;
  subscriptionUnreadable?: Unreadable;
  /** Churn events (account, date, reason): reasons per group; they carry no MRR. */
  churnFile?: LoadedTable;
  /** The churn events read: logo churn comes from them when they are given. */
  churnEvents?: ChurnEvent[];
  churnLinks?: LinkReport;
  /** Under --as-of-deal-date: the profile's fields that carry no date (read as they are today). */
  undatedFields?: string[];
  /**
   * What the as-of date hid: deals created after it (left out: they did not exist yet) and deals
   * closed after it (read as open: their outcome was not known yet); and, under --closed-after,
   * the deals closed on or before the split (left out: the profile may have learned from them).
   */
  censored: { createdAfter: number; closedAfter: number; closedBeforeSplit: number };
  costs?: AccountCost[];
  /** Outreach contacts, linked to accounts, with what happened to each. */
  outbound?: { file: LoadedTable; links: LinkReport; read: OutboundRead };
  costsFile?: LoadedTable;
  costLinks?: LinkReport;
  costUnreadable?: Unreadable;
}

const text = (v: RawValue): string | null => (isMissing(v) ? null : trimWs(String(v)));

class Reader {
  readonly unreadable: Unreadable = {};
  constructor(private readonly opts: { asOf: string; dayOrder?: DayOrder }) {}
  bad(field: string, raw: RawValue) {
    const u = this.unreadable[field] ?? { count: 0, examples: [] };
    u.count++;
    const s = String(raw);
    if (u.examples.length < 3 && !u.examples.includes(s)) u.examples.push(s);
    this.unreadable[field] = u;
  }
  date(field: string, raw: RawValue): string | null {
    if (isMissing(raw)) return null;
    const d = normaliseDate(raw, {
      asOf: this.opts.asOf,
      ...(this.opts.dayOrder ? { dayOrder: this.opts.dayOrder } : {}),
    });
    if (d === null) this.bad(field, raw);
    return d;
  }
  share(field: string, raw: RawValue): number | null {
    if (isMissing(raw)) return null;
    const t = trimWs(String(raw));
    const n = Number(t.replace(/%$/, "").replace(",", "."));
    if (!Number.isFinite(n) || n < 0 || n > 100) {
      this.bad(field, raw);
      return null;
    }
    // "45%", "45" → 0.45; "0.45" → 0.45
    return t.endsWith("%") || n > 1 ? n / 100 : n;
  }
  money(field: string, raw: RawValue): number | null {
    if (isMissing(raw)) return null;
    const m = parseMoney(raw);
    if (!m.ok) {
      this.bad(field, raw);
      return null;
    }
    return m.value.usd;
  }
}

export interface BuildOptions {
  profile: Profile;
  asOf: string;
  accounts: LoadedTable;
  deals: LoadedTable;
  subscriptions?: LoadedTable;
  /** Churn events (account, churn date, reason), e.g. RavenStack's churn_events. */
  churn?: LoadedTable;
  /** Per-account acquisition cost and gross margin (or monthly cost to serve). */
  costs?: LoadedTable;
  /** Outreach: contacts or activities with sent / opened / replied / meeting / qualified. */
  activities?: LoadedTable;
  icpTiers?: readonly string[];
  dayOrder?: DayOrder;
  /** Score each deal's account as of the deal's created date. */
  asOfDealDate?: boolean;
  /** A time split: only outcomes after this day (deals closed on or before it are left out; open deals stay). */
  closedAfter?: string;
}

const DATE_TYPES = new Set(["date"]);

export function buildValidationData(o: BuildOptions): ValidationData {
  const { profile, asOf } = o;
  const scoreOpts = { columns: o.accounts.columns, ...(o.dayOrder ? { dayOrder: o.dayOrder } : {}) };
  const { ir, results } = scoreRows(profile, o.accounts.rows, { asOf, ...scoreOpts });
  const tiers = icpTiers(profile, o.icpTiers);
  const groups = results.map((r) => icpGroup(r, tiers));
  const index = new AccountIndex(o.accounts);

  const d = o.deals;
  const { links, report: dealLinks } = linkTable(index, d);
  const col = (f: string) => columnOf(d, f);
  // without --day-order, the deals' own dates may prove it (a cell like 12/25/2024)
  const dateCols = ["created", "closed"].map(col).filter((c): c is string => c !== undefined);
  const dayOrder =
    o.dayOrder ?? inferDayOrder(d.rows.flatMap((r) => dateCols.map((c) => r[c]))).order ?? undefined;
  const reader = new Reader({ asOf, ...(dayOrder ? { dayOrder } : {}) });
  const [cId, cStage, cAmount, cCreated, cClosed] = ["id", "stage", "amount", "created", "closed"].map(col);
  const dr = dealReader(d);
  const deals: Deal[] = d.rows.map((row, i) => {
    const account = links[i]?.account ?? null;
    const amount = dr.amount(row);
    if (cAmount && amount === null && !isMissing(row[cAmount])) reader.bad("amount", row[cAmount]);
    return {
      row: i + 1,
      id: cId ? text(row[cId]) : null,
      account,
      stage: cStage ? text(row[cStage]) : null,
      status: dr.outcome(row)?.status ?? null,
      amount,
      created: cCreated ? reader.date("created", row[cCreated]) : null,
      closed: cClosed ? reader.date("closed", row[cClosed]) : null,
      result: account === null ? null : (results[account] ?? null),
      group: account === null ? "unlinked" : (groups[account] ?? "unlinked"),
    };
  });

  // As of the as-of date: a deal created later did not exist; one closed later was still open.
  const censored = { createdAfter: 0, closedAfter: 0, closedBeforeSplit: 0 };
  const known: Deal[] = [];
  for (const deal of deals) {
    if (deal.created !== null && deal.created > asOf) {
      censored.createdAfter++;
      continue;
    }
    if (o.closedAfter !== undefined && deal.closed !== null && deal.closed <= o.closedAfter) {
      censored.closedBeforeSplit++;
      continue;
    }
    if (deal.closed !== null && deal.closed > asOf) {
      censored.closedAfter++;
      if (deal.status === "won" || deal.status === "lost") deal.status = "open";
      deal.closed = null;
    }
    known.push(deal);
  }
  deals.length = 0;
  deals.push(...known);

  let undatedFields: string[] | undefined;
  if (o.asOfDealDate) {
    // Each account is scored with the data it had when the deal was created: date fields after
    // that day are unknown, recency is measured from it. Other fields carry no date: read as today.
    const dated = new Set(
      ir.criteria
        .filter((c) => DATE_TYPES.has(c.fieldType) || c.test.op === "year_between")
        .map((c) => c.field),
    );
    undatedFields = [...new Set(ir.criteria.map((c) => c.field))].filter((f) => !dated.has(f));
    const byDate = new Map<string, number[]>();
    deals.forEach((deal, i) => {
      if (deal.account === null || deal.created === null) return;
      const l = byDate.get(deal.created) ?? [];
      l.push(i);
      byDate.set(deal.created, l);
    });
    const dateColumns = ir.criteria
      .filter((c) => c.column !== null && c.fieldType === "date")
      .map((c) => c.column as string);
    const yearColumns = ir.criteria
      .filter((c) => c.column !== null && c.test.op === "year_between")
      .map((c) => c.column as string);
    for (const [day, idx] of [...byDate].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const rows = idx.map((i) => {
        const acc = o.accounts.rows[deals[i]?.account ?? 0] ?? {};
        const masked: Record<string, RawValue> = { ...acc };
        for (const c of dateColumns) {
          const v = normaliseDate(acc[c], { asOf: day });
          if (v !== null && v > day) masked[c] = null;
        }
        for (const c of yearColumns) {
          const y = Number(acc[c]);
          if (Number.isFinite(y) && y > Number(day.slice(0, 4))) masked[c] = null;
        }
        return masked;
      });
      const r = scoreRows(profile, rows, { asOf: day, ...scoreOpts }).results;
      idx.forEach((i, k) => {
        const deal = deals[i];
        const res = r[k];
        if (!deal || !res) return;
        deal.result = res;
        deal.group = icpGroup(res, tiers);
      });
    }
  }

  const out: ValidationData = {
    profile,
    asOf,
    accounts: o.accounts,
    ir,
    results,
    groups,
    icpTiers: tiers,
    deals,
    dealsFile: d,
    dealLinks,
    dealUnreadable: reader.unreadable,
    censored,
    ...(undatedFields ? { undatedFields } : {}),
  };

  if (o.subscriptions || o.churn) {
    const sr = new Reader({ asOf, ...(o.dayOrder ? { dayOrder: o.dayOrder } : {}) });
    const read = (s: LoadedTable) => {
      const { links, report } = linkTable(index, s);
      const c = (f: string) => columnOf(s, f);
      const [cMrr, cArr, cStart, cEnd, cReason] = ["mrr", "arr", "start", "end", "churn_reason"].map(c);
      const subs = s.rows.map((row, i): Subscription => {
        const mrr = cMrr ? sr.money("mrr", row[cMrr]) : null;
        const arr = mrr === null && cArr ? sr.money("arr", row[cArr]) : null;
        return {
          account: links[i]?.account ?? null,
          mrr: mrr ?? (arr === null ? null : Math.round((arr / 12) * 100) / 100),
          start: cStart ? sr.date("start", row[cStart]) : null,
          end: cEnd ? sr.date("end", row[cEnd]) : null,
          reason: cReason ? text(row[cReason]) : null,
        };
      });
      return { subs, report };
    };
    const main = o.subscriptions ? read(o.subscriptions) : null;
    const churn = o.churn ? read(o.churn) : null;
    out.subscriptions = [...(main?.subs ?? []), ...(churn?.subs ?? [])];
    if (o.subscriptions && main) {
      out.subscriptionsFile = o.subscriptions;
      out.subscriptionLinks = main.report;
    }
    if (o.churn && churn) {
      out.churnFile = o.churn;
      out.churnLinks = churn.report;
      // An event's day: its churn date (read as the end), else whatever date the row gives.
      out.churnEvents = churn.subs.map((x) => ({
        account: x.account,
        date: x.end ?? x.start,
        reason: x.reason,
      }));
    }
    out.subscriptionUnreadable = sr.unreadable;
  }
  if (o.activities) {
    const t = o.activities;
    const { links, report } = linkTable(index, t);
    out.outbound = { file: t, links: report, read: readOutbound(t, links, asOf) };
  }
  if (o.costs) {
    const t = o.costs;
    const { links, report } = linkTable(index, t);
    const cr = new Reader({ asOf });
    const c = (f: string) => columnOf(t, f);
    const [cCac, cMargin, cServe] = ["cac", "gross_margin", "cost_to_serve"].map(c);
    const byAccount = new Map<number, { cac: number[]; margin: number[]; serve: number[] }>();
    t.rows.forEach((row, i) => {
      const a = links[i]?.account;
      if (a === null || a === undefined) return;
      const e = byAccount.get(a) ?? { cac: [], margin: [], serve: [] };
      const cac = cCac ? cr.money("cac", row[cCac]) : null;
      const m = cMargin ? cr.share("gross_margin", row[cMargin]) : null;
      const sv = cServe ? cr.money("cost_to_serve", row[cServe]) : null;
      if (cac !== null) e.cac.push(cac);
      if (m !== null) e.margin.push(m);
      if (sv !== null) e.serve.push(sv);
      byAccount.set(a, e);
    });
    const total = (xs: number[]) =>
      xs.length ? Math.round(xs.reduce((x, y) => x + y, 0) * 100) / 100 : null;
    out.costs = [...byAccount]
      .sort((a, b) => a[0] - b[0])
      .map(([account, e]) => ({
        account,
        cac: total(e.cac),
        margin: e.margin.length ? e.margin.reduce((x, y) => x + y, 0) / e.margin.length : null,
        costToServe: total(e.serve),
      }));
    out.costsFile = t;
    out.costLinks = report;
    out.costUnreadable = cr.unreadable;
  }
  return out;
}

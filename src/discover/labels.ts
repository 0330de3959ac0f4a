/**
 * Which accounts are the best and which the rest: from deals (won vs lost), subscriptions
 * (retained vs churned), a quartile of a value metric, or one table's own outcome column.
 * Accounts with no outcome are left out, and counted.
 */

import { dealReader } from "../data/deals.js";
import { AccountIndex, linkTable } from "../data/link.js";
import { columnOf, type LoadedTable } from "../data/load.js";
import { type DayOrder, inferDayOrder, normaliseDate } from "../data/normalise/dates.js";
import { dealStatus } from "../data/normalise/stage.js";
import { fold, isMissing, toBoolean } from "../engine/values.js";
import type { ExampleColumns } from "./columns.js";

export type Label = 1 | 0 | null;

export interface Labels {
  /** Deal-level examples: the account row each example reads its attributes from (else example i = row i). */
  accountOf?: Int32Array;
  /** Per account row: 1 best, 0 rest, null no outcome. */
  y: Label[];
  /** When each outcome became known (close date), for a time-aware split; null when unknown. */
  when: (string | null)[];
  /** Deal-level examples: when each deal started (created date), for trigger windows before it. */
  start?: (string | null)[];
  best: number;
  rest: number;
  unlabelled: number;
  description: string;
}

export type BestRule =
  | { kind: "won" }
  | { kind: "retained" }
  | { kind: "top-quartile"; metric: "acv" | "revenue" };
export type WorstRule =
  | { kind: "lost" }
  | { kind: "churned" }
  | { kind: "rest" }
  | { kind: "bottom-quartile" };

export function parseBest(s: string): BestRule {
  if (s === "won") return { kind: "won" };
  if (s === "retained") return { kind: "retained" };
  const m = /^top-quartile:(acv|revenue)$/.exec(s);
  if (m) return { kind: "top-quartile", metric: m[1] as "acv" | "revenue" };
  throw new Error(`--best expects won, retained or top-quartile:acv|revenue, received ${JSON.stringify(s)}`);
}

export function parseWorst(s: string): WorstRule {
  if (s === "lost" || s === "churned" || s === "rest" || s === "bottom-quartile") return { kind: s };
  throw new Error(`--worst expects lost, churned, rest or bottom-quartile, received ${JSON.stringify(s)}`);
}

/** How the deals' dates read: the day order their own cells prove (a cell like 12/25/2024), if any. */
function dealDateOptions(deals: LoadedTable, asOf: string): { asOf: string; dayOrder?: DayOrder } {
  const cols = ["created", "closed"]
    .map((f) => columnOf(deals, f))
    .filter((c): c is string => c !== undefined);
  const order = inferDayOrder(deals.rows.flatMap((r) => cols.map((c) => r[c]))).order;
  return order ? { asOf, dayOrder: order } : { asOf };
}

/** Labels from the accounts' deals. */
export function labelsFromDeals(
  accounts: LoadedTable,
  deals: LoadedTable,
  best: BestRule,
  worst: WorstRule,
  asOf: string,
): Labels {
  const index = new AccountIndex(accounts);
  const { links } = linkTable(index, deals);
  const n = accounts.rows.length;
  const won = new Float64Array(n);
  const lost = new Float64Array(n);
  const amount = new Float64Array(n);
  const when: (string | null)[] = new Array(n).fill(null);
  const cClosed = columnOf(deals, "closed");
  const dr = dealReader(deals);
  const dateOpts = dealDateOptions(deals, asOf);
  deals.rows.forEach((row, i) => {
    const a = links[i]?.account;
    if (a === null || a === undefined) return;
    const s = dr.outcome(row)?.status ?? null;
    if (s === "won") {
      won[a] = (won[a] ?? 0) + 1;
      const m = dr.amount(row);
      if (m !== null) amount[a] = (amount[a] ?? 0) + m;
    } else if (s === "lost") lost[a] = (lost[a] ?? 0) + 1;
    else return;
    const c = cClosed ? normaliseDate(row[cClosed], dateOpts) : null;
    if (c !== null && (when[a] === null || c > (when[a] as string))) when[a] = c;
  });
  const y: Label[] = new Array(n).fill(null);
  if (best.kind === "top-quartile") {
    const vals: number[] = [];
    for (let a = 0; a < n; a++) if ((won[a] ?? 0) > 0) vals.push(metricOf(best.metric, a));
    const sorted = [...vals].sort((p, q) => p - q);
    const q3 = sorted[Math.floor(0.75 * (sorted.length - 1))] ?? Number.POSITIVE_INFINITY;
    const q1 = sorted[Math.floor(0.25 * (sorted.length - 1))] ?? Number.NEGATIVE_INFINITY;
    for (let a = 0; a < n; a++) {
      const w = (won[a] ?? 0) > 0;
      const l = (lost[a] ?? 0) > 0;
      if (w && metricOf(best.metric, a) > q3) y[a] = 1;
      else if (worst.kind === "bottom-quartile") y[a] = w && metricOf(best.metric, a) <= q1 ? 0 : null;
      else if (worst.kind === "lost") y[a] = !w && l ? 0 : null;
      else y[a] = w || l ? 0 : null;
    }
  } else {
    for (let a = 0; a < n; a++) {
      const w = (won[a] ?? 0) > 0;
      const l = (lost[a] ?? 0) > 0;
      if (w) y[a] = 1;
      else if (l || worst.kind === "rest") y[a] = 0;
    }
  }
  function metricOf(m: "acv" | "revenue", a: number): number {
    return m === "revenue" ? (amount[a] ?? 0) : (amount[a] ?? 0) / Math.max(1, won[a] ?? 0);
  }
  const desc =
    best.kind === "top-quartile"
      ? `best = won accounts in the top quartile of ${best.metric === "acv" ? "average won deal" : "won revenue"}; rest = ${worst.kind === "bottom-quartile" ? "the bottom quartile" : worst.kind === "lost" ? "accounts that only lost" : "every other account with a closed deal"}`
      : `best = accounts with a won deal; rest = ${worst.kind === "rest" ? "every other account" : "accounts whose closed deals were all lost"}`;
  return summarise(y, when, desc);
}

/** Labels from subscriptions: retained (active MRR on as-of) vs churned (had MRR, none on as-of). */
export function labelsFromSubscriptions(accounts: LoadedTable, subs: LoadedTable, asOf: string): Labels {
  const index = new AccountIndex(accounts);
  const { links } = linkTable(index, subs);
  const n = accounts.rows.length;
  const active = new Uint8Array(n);
  const seen = new Uint8Array(n);
  const ended: (string | null)[] = new Array(n).fill(null);
  const cStart = columnOf(subs, "start");
  const cEnd = columnOf(subs, "end");
  subs.rows.forEach((row, i) => {
    const a = links[i]?.account;
    if (a === null || a === undefined) return;
    const start = cStart ? normaliseDate(row[cStart], { asOf }) : null;
    const end = cEnd ? normaliseDate(row[cEnd], { asOf }) : null;
    if (start !== null && start > asOf) return;
    seen[a] = 1;
    if (end === null || end > asOf) active[a] = 1;
    else if (ended[a] === null || end > (ended[a] as string)) ended[a] = end;
  });
  const y: Label[] = [];
  const when: (string | null)[] = [];
  for (let a = 0; a < n; a++) {
    y.push(seen[a] ? (active[a] ? 1 : 0) : null);
    when.push(seen[a] && !active[a] ? (ended[a] ?? null) : null);
  }
  return summarise(
    y,
    when,
    "best = accounts with an active subscription on the as-of date; rest = accounts that churned",
  );
}

/** Labels from one table's outcome column: `Converted` (truthy or a won stage) or `stage=Closed Won`. */
export function labelsFromColumn(
  table: ExampleColumns,
  outcome: string,
  dateColumn?: string,
  asOf?: string,
): Labels {
  const eq = outcome.indexOf("=");
  const col = eq > 0 ? outcome.slice(0, eq).trim() : outcome.trim();
  const want = eq > 0 ? fold(outcome.slice(eq + 1).trim()) : null;
  if (!table.columns.includes(col))
    throw new Error(
      `no outcome column ${JSON.stringify(col)} in ${table.file} (columns: ${table.columns.join(", ")})`,
    );
  // decided once per distinct cell
  const outcomes = table.column(col);
  const labelOf = outcomes.values.map((v): Label => {
    if (isMissing(v)) return null;
    if (want !== null) return fold(String(v)) === want ? 1 : 0;
    const b = toBoolean(v);
    if (b !== null) return b ? 1 : 0;
    const s = dealStatus(v);
    return s === "won" ? 1 : s === "lost" ? 0 : null;
  });
  const y: Label[] = new Array(table.n);
  for (let i = 0; i < table.n; i++) y[i] = labelOf[outcomes.codes[i] as number] ?? null;
  const dates = dateColumn && table.columns.includes(dateColumn) ? table.column(dateColumn) : null;
  const dateOf = dates?.values.map((v) => normaliseDate(v, asOf ? { asOf } : {}));
  const when: (string | null)[] = new Array(table.n).fill(null);
  if (dates) for (let i = 0; i < table.n; i++) when[i] = dateOf?.[dates.codes[i] as number] ?? null;
  return summarise(
    y,
    when,
    want !== null
      ? `best = rows where ${col} is "${outcome.slice(eq + 1).trim()}"; rest = the other rows`
      : `best = rows where ${col} is true (or won); rest = false (or lost)`,
  );
}

function summarise(y: Label[], when: (string | null)[], description: string): Labels {
  let best = 0;
  let rest = 0;
  for (const v of y) {
    if (v === 1) best++;
    else if (v === 0) rest++;
  }
  return { y, when, best, rest, unlabelled: y.length - best - rest, description };
}

/**
 * Deal-level labels: every closed deal is an example (won = best, lost = rest) carrying its
 * account's attributes. Deals of one account are not independent; `analyse` corrects for it.
 */
export function dealExamples(accounts: LoadedTable, deals: LoadedTable, asOf: string): Labels {
  const index = new AccountIndex(accounts);
  const { links } = linkTable(index, deals);
  const dr = dealReader(deals);
  const dateOpts = dealDateOptions(deals, asOf);
  const cClosed = columnOf(deals, "closed");
  const cCreated = columnOf(deals, "created");
  const acc: number[] = [];
  const y: Label[] = [];
  const when: (string | null)[] = [];
  const start: (string | null)[] = [];
  let unlabelled = 0;
  deals.rows.forEach((row, i) => {
    const a = links[i]?.account;
    const s = dr.outcome(row)?.status ?? null;
    if (a === null || a === undefined || (s !== "won" && s !== "lost")) {
      unlabelled++;
      return;
    }
    acc.push(a);
    y.push(s === "won" ? 1 : 0);
    when.push(cClosed ? normaliseDate(row[cClosed], dateOpts) : null);
    start.push(cCreated ? normaliseDate(row[cCreated], dateOpts) : null);
  });
  const l = summarise(y, when, "examples = closed deals linked to an account; best = won, rest = lost");
  return { ...l, unlabelled, accountOf: Int32Array.from(acc), start };
}

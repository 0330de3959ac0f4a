/**
 * Outbound outcomes — how the seeds measure an ICP: "the first campaign targeting this profile
 * produces a 12 percent reply rate; the previous, broad one 2 percent". An outreach export (one row
 * per contact, or one row per activity) is read into contacts with what happened to each: sent,
 * bounced, opened, replied, meeting booked, qualified. Each contact links to an account (id,
 * domain or the e-mail's domain, name), and the rates are compared in against out of the ICP and
 * per tier, with the same account-level statistics as deals: contacts of one account are not
 * independent (stats/cluster.ts).
 *
 * Rates are over delivered contacts (sent and not bounced), the outreach tools' convention (Apollo,
 * Outreach, Lemlist report reply rate on delivered). A later step implies the earlier ones: a booked
 * meeting is a reply; a qualified contact replied.
 */
import type { LinkReport } from "../data/link.js";
import { columnOf, type LoadedTable } from "../data/load.js";
import { normaliseDate } from "../data/normalise/dates.js";
import { isMissing, type RawValue, trimWs } from "../engine/values.js";
import { type ClusterSum, clustered, clusteredRateRatio, clusterPermutationTest } from "../stats/cluster.js";
import { benjaminiHochberg } from "../stats/multiple.js";
import { compareRates, type Interval, rateRatio } from "../stats/proportions.js";
import { clusteredRateFigure, type RateFigure } from "./metrics.js";

export type Step = "sent" | "bounced" | "opened" | "replied" | "meeting" | "qualified";
const STEPS: readonly Step[] = ["sent", "bounced", "opened", "replied", "meeting", "qualified"];

/** One contact reached (or one contact × campaign), with what happened. */
export interface Touch {
  /** Data-row number of its first row (1 = first after the header). */
  row: number;
  key: string;
  account: number | null;
  campaign: string | null;
  steps: Record<Step, boolean>;
}

/** Status and activity-type words, as outreach tools write them, and the step each means. */
const WORDS: readonly [RegExp, Step | "none"][] = [
  // negations first: "no reply" is a sent e-mail, not a reply
  [
    /\b(no (reply|replies|response|answer)|not (replied|responded|opened|qualified)|unreplied|unopened|awaiting reply|unqualified|disqualified)\b/,
    "sent",
  ],
  [/\b(qualified|sql|opportunit(y|ies)( created)?|converted)\b/, "qualified"],
  [/\b(meetings?( booked| set| scheduled)?|booked|demo( booked| scheduled)?|call booked)\b/, "meeting"],
  [
    /\bnot interested\b|\b(repl(y|ied|ies)|responded|response|interested|positive|negative|objection|referral|wrong person)\b/,
    "replied",
  ],
  [/\b(bounced?|invalid|undeliverable|hard bounce|soft bounce|bad data)\b/, "bounced"],
  [/\b(opened|open|clicked|click(ed)?)\b/, "opened"],
  [
    /\b(sent|delivered|contacted|finished|completed|unsubscribed|opted out|emailed|step \d+|approaching|unresponsive)\b/,
    "sent",
  ],
  [
    /\b(not contacted|not started|scheduled|queued|new|draft|active|paused|in sequence|cold|do not contact|changed job|nurture)\b/,
    "none",
  ],
];

/** The step a status or activity-type value names; undefined when it names none we know. */
export function stepOf(v: string): Step | "none" | undefined {
  const t = v
    .toLowerCase()
    .replace(/[_\-./]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!t) return undefined;
  for (const [re, step] of WORDS) if (re.test(t)) return step;
  return undefined;
}

const TRUE = /^(true|yes|y|1|x|✓|✔|t)$/i;
const FALSE = /^(false|no|n|0|-|f)$/i;

/** A flag cell: a boolean, a count (> 0), or a date (it happened). Undefined when unreadable. */
export function flagOf(raw: RawValue, asOf: string): boolean | undefined {
  if (isMissing(raw)) return false;
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "number") return raw > 0;
  const s = trimWs(String(raw));
  if (TRUE.test(s)) return true;
  if (FALSE.test(s)) return false;
  const n = Number(s.replace(/,/g, ""));
  if (s !== "" && Number.isFinite(n)) return n > 0;
  if (normaliseDate(s, { asOf }) !== null) return true;
  return undefined;
}

export interface OutboundRead {
  touches: Touch[];
  /** Values that could not be read, per field, with examples. */
  unreadable: Record<string, { count: number; examples: string[] }>;
  /** Rows read as activities of a contact already seen (one row per activity). */
  activityRows: number;
}

/**
 * Contacts from an outreach table: with an activity-type column, every row is an event of its
 * contact (keyed by e-mail, else contact id) and the events add up; otherwise every row is a
 * contact (× campaign). Flags come from their own columns or from the status / type words.
 */
export function readOutbound(
  t: LoadedTable,
  links: readonly { account: number | null }[],
  asOf: string,
): OutboundRead {
  const col = (f: string) => columnOf(t, f);
  const cEmail = col("email");
  const cContact = col("contact");
  const cCampaign = col("campaign");
  const cStatus = col("status");
  const cType = col("type");
  const flagCols = STEPS.map((s) => [s, col(s)] as const).filter(
    (x): x is [Step, string] => x[1] !== undefined,
  );
  const unreadable: OutboundRead["unreadable"] = {};
  const bad = (field: string, raw: RawValue) => {
    const u = unreadable[field] ?? { count: 0, examples: [] };
    u.count++;
    const s = String(raw);
    if (u.examples.length < 3 && !u.examples.includes(s)) u.examples.push(s);
    unreadable[field] = u;
  };
  const perEvent = cType !== undefined;
  const byKey = new Map<string, Touch>();
  const out: Touch[] = [];
  let activityRows = 0;
  // Without any sent column, status or type, every listed contact was sent to.
  const sentByDefault = !flagCols.some(([s]) => s === "sent") && cStatus === undefined && cType === undefined;
  t.rows.forEach((row, i) => {
    const text = (c: string | undefined) =>
      c === undefined || isMissing(row[c]) ? null : trimWs(String(row[c]));
    const campaign = text(cCampaign);
    const who = text(cEmail)?.toLowerCase() ?? text(cContact);
    const key = perEvent && who !== null ? `${who}\u0000${campaign ?? ""}` : `row:${i + 1}`;
    let touch = byKey.get(key);
    if (touch) activityRows++;
    else {
      touch = {
        row: i + 1,
        key,
        account: links[i]?.account ?? null,
        campaign,
        steps: {
          sent: sentByDefault,
          bounced: false,
          opened: false,
          replied: false,
          meeting: false,
          qualified: false,
        },
      };
      byKey.set(key, touch);
      out.push(touch);
    }
    if (touch.account === null) touch.account = links[i]?.account ?? null;
    for (const [step, c] of flagCols) {
      const f = flagOf(row[c], asOf);
      if (f === undefined) bad(step, row[c]);
      else if (f) touch.steps[step] = true;
    }
    for (const [field, c] of [
      ["status", cStatus],
      ["type", cType],
    ] as const) {
      const v = text(c);
      if (v === null) continue;
      const s = stepOf(v);
      if (s === undefined) bad(field, v);
      else if (s !== "none") touch.steps[s] = true;
    }
  });
  // A later step implies the earlier ones.
  for (const x of out) {
    const s = x.steps;
    if (s.qualified) s.replied = true;
    if (s.meeting) s.replied = true;
    if (s.replied) s.opened = true;
    if (s.replied || s.opened || s.bounced) s.sent = true;
  }
  return { touches: out, unreadable, activityRows };
}

const delivered = (x: Touch) => x.steps.sent && !x.steps.bounced;

export interface OutboundGroup {
  group: string;
  /** Contacts (or contact × campaign) listed, and of those delivered. */
  contacts: number;
  delivered: number;
  /** Accounts the delivered contacts belong to. */
  accounts: number;
  opened: RateFigure;
  replied: RateFigure;
  meeting: RateFigure;
  qualified: RateFigure;
}

export interface OutboundComparison {
  metric: "reply_rate" | "meeting_rate" | "qualified_rate";
  inValue: number | null;
  outValue: number | null;
  nIn: number;
  nOut: number;
  /** In ÷ out. */
  ratio: number | null;
  ci: Interval | null;
  p: number | null;
  q: number | null;
  direction: "better" | "worse" | "no difference" | "not enough data";
  text: string;
  design: { accountsIn: number; accountsOut: number; method: string };
}

export interface OutboundCampaign {
  campaign: string;
  delivered: number;
  /** Share of delivered contacts on in-ICP accounts. */
  inIcpShare: number | null;
  replyRate: number | null;
  meetingRate: number | null;
}

export interface OutboundReport {
  file: string;
  rows: number;
  rejected: number;
  /** Contacts (or contact × campaign) the rows describe. */
  contacts: number;
  activityRows: number;
  linked: number;
  unlinked: number;
  unreadable: Record<string, { count: number; examples: string[] }>;
  mapping: { field: string; column: string }[];
  groups: OutboundGroup[];
  comparisons: OutboundComparison[];
  campaigns: OutboundCampaign[];
  text: string;
}

/** Per account (cluster), delivered contacts and those that reached a step. */
function sums(touches: readonly Touch[], step: Step): ClusterSum[] {
  const by = new Map<string, ClusterSum>();
  for (const x of touches) {
    if (!delivered(x)) continue;
    const k = x.account === null ? `t:${x.key}` : `a:${x.account}`;
    const c = by.get(k) ?? { y: 0, x: 0 };
    c.x++;
    if (x.steps[step]) c.y++;
    by.set(k, c);
  }
  // stable order by content: the permutation does not depend on row order or ids
  return [...by.values()].sort((a, b) => a.x - b.x || a.y - b.y);
}

export function outboundGroup(group: string, touches: readonly Touch[]): OutboundGroup {
  const d = touches.filter(delivered);
  return {
    group,
    contacts: touches.length,
    delivered: d.length,
    accounts: new Set(d.map((x) => (x.account === null ? `t:${x.key}` : `a:${x.account}`))).size,
    opened: clusteredRateFigure(sums(touches, "opened")),
    replied: clusteredRateFigure(sums(touches, "replied")),
    meeting: clusteredRateFigure(sums(touches, "meeting")),
    qualified: clusteredRateFigure(sums(touches, "qualified")),
  };
}

const MIN_N = 10;
const NAMES = {
  reply_rate: "reply rate",
  meeting_rate: "meeting rate",
  qualified_rate: "qualification rate",
};
const pct = (x: number | null) => (x === null ? "—" : `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`);

/** In against out, step by step: the account-level test when accounts hold several contacts, else Fisher. */
export function compareOutbound(
  inT: readonly Touch[],
  outT: readonly Touch[],
  seed: number,
): OutboundComparison[] {
  const steps: [OutboundComparison["metric"], Step][] = [
    ["reply_rate", "replied"],
    ["meeting_rate", "meeting"],
    ["qualified_rate", "qualified"],
  ];
  const out: OutboundComparison[] = [];
  for (const [metric, step] of steps) {
    const a = sums(inT, step);
    const b = sums(outT, step);
    const hitsA = a.reduce((s, c) => s + c.y, 0);
    const nA = a.reduce((s, c) => s + c.x, 0);
    const hitsB = b.reduce((s, c) => s + c.y, 0);
    const nB = b.reduce((s, c) => s + c.x, 0);
    if (hitsA + hitsB === 0) continue; // the export has no such step
    const isClustered = clustered(a) || clustered(b);
    const ok = nA >= MIN_N && nB >= MIN_N;
    const rr = ok ? (isClustered ? clusteredRateRatio(a, b) : rateRatio(hitsA, nA, hitsB, nB)) : null;
    out.push({
      metric,
      inValue: nA ? hitsA / nA : null,
      outValue: nB ? hitsB / nB : null,
      nIn: nA,
      nOut: nB,
      ratio: rr?.ratio ?? null,
      ci: rr?.ci ?? null,
      p: ok ? (isClustered ? clusterPermutationTest(a, b, seed) : compareRates(hitsA, nA, hitsB, nB)) : null,
      q: null,
      direction: "not enough data",
      text: "",
      design: {
        accountsIn: a.length,
        accountsOut: b.length,
        method: isClustered
          ? "account-level permutation test; Katz interval on effective counts"
          : "Fisher's exact test; Katz interval",
      },
    });
  }
  const tested = out.filter((c) => c.p !== null);
  const qs = benjaminiHochberg(tested.map((c) => c.p as number));
  tested.forEach((c, i) => {
    c.q = qs[i] ?? null;
  });
  for (const c of out) {
    const name = NAMES[c.metric];
    if (c.q === null || c.ratio === null) {
      c.text = `${name}: not enough data (${c.nIn} delivered in ICP, ${c.nOut} out; at least ${MIN_N} each needed)`;
      continue;
    }
    const material = c.q < 0.05 && (c.ratio >= 1.1 || c.ratio <= 1 / 1.1);
    c.direction = material ? (c.ratio > 1 ? "better" : "worse") : "no difference";
    const ci = c.ci
      ? `95% CI ${c.ci.lo.toFixed(2)}×–${Number.isFinite(c.ci.hi) ? c.ci.hi.toFixed(2) : "∞"}×`
      : "";
    const q = c.q < 0.001 ? "q < 0.001" : `q = ${c.q.toFixed(3)}`;
    c.text =
      c.direction === "no difference"
        ? `${name} shows no material difference (${pct(c.inValue)} in ICP vs ${pct(c.outValue)} out, ${ci}, ${q})`
        : `${name} ${pct(c.inValue)} in ICP vs ${pct(c.outValue)} out: ${Number.isFinite(c.ratio) ? `${c.ratio.toFixed(2)}×` : "∞"} (${ci}, ${q})`;
  }
  return out;
}

export function campaigns(
  touches: readonly Touch[],
  groupOf: (x: Touch) => "in" | "out" | null,
): OutboundCampaign[] {
  const by = new Map<string, Touch[]>();
  for (const x of touches) {
    if (x.campaign === null) continue;
    const l = by.get(x.campaign) ?? [];
    l.push(x);
    by.set(x.campaign, l);
  }
  return [...by]
    .map(([campaign, ts]) => {
      const d = ts.filter(delivered);
      const g = d.map(groupOf).filter((x) => x !== null);
      return {
        campaign,
        delivered: d.length,
        inIcpShare: g.length ? g.filter((x) => x === "in").length / g.length : null,
        replyRate: d.length ? d.filter((x) => x.steps.replied).length / d.length : null,
        meetingRate: d.length ? d.filter((x) => x.steps.meeting).length / d.length : null,
      };
    })
    .sort((a, b) => b.delivered - a.delivered || (a.campaign < b.campaign ? -1 : 1));
}

/** The sentence beside the deal verdict. */
export function outboundText(cs: readonly OutboundComparison[]): string {
  const better = cs.filter((c) => c.direction === "better").map((c) => NAMES[c.metric]);
  const worse = cs.filter((c) => c.direction === "worse").map((c) => NAMES[c.metric]);
  if (!cs.length) return "Outbound: no contact in the export reached a reply, a meeting or qualification.";
  if (better.length && !worse.length)
    return `Outbound: in-ICP contacts respond materially better (${better.join(", ")}).`;
  if (worse.length && !better.length)
    return `Outbound: in-ICP contacts respond materially worse (${worse.join(", ")}): the profile is not who answers.`;
  if (better.length) return `Outbound: mixed — better ${better.join(", ")}, worse ${worse.join(", ")}.`;
  if (cs.every((c) => c.direction === "not enough data"))
    return "Outbound: not enough delivered contacts to compare.";
  return "Outbound: no material difference between in-ICP and other contacts.";
}

export type { LinkReport };

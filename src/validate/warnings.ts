/**
 * Plausibility: where the inputs contradict each other, a figure is implausible, or a figure rests
 * on too little to act on. A RevOps lead acts on the verdict; these say when not to, and why.
 * Each warning has a code (stable, for tools), the group it concerns when it concerns one, and a
 * sentence.
 */
import type { Profile } from "../profile/model.js";
import type { Deal } from "./dataset.js";
import type { ValidationReport } from "./validate.js";

export interface ValidationWarning {
  code:
    | "nrr_implausible"
    | "churn_sources_disagree"
    | "zero_mrr_excluded"
    | "few_accounts"
    | "clustered_deals"
    | "censored_by_as_of"
    | "no_maturity_window"
    | "stalled_deals"
    | "partial_periods"
    | "validated_on_discovery_data";
  /** "warning": the figure may be wrong or misleading; "note": how to read it. */
  level: "warning" | "note";
  group?: string;
  text: string;
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
const n = (x: number) => x.toLocaleString("en-US");

/**
 * NRR above this is taken as a sign of a data problem (units, duplicated rows, trials): the best
 * public SaaS companies report 130–180% (KeyBanc / SaaS Capital surveys put the median near 100–110%).
 */
export const NRR_IMPLAUSIBLE = 2;
/** Fewer accounts than this behind a compared figure: it is a few accounts' story. */
export const FEW_ACCOUNTS = 10;

/** What the in-sample check reads beyond the report: the deals, and the deals file's SHA-256. */
export interface PlausibilityInputs {
  deals?: readonly Pick<Deal, "status" | "closed">[];
  dealsSha256?: string;
}

export function plausibility(
  r: ValidationReport,
  profile: Profile,
  inputs: PlausibilityInputs = {},
): ValidationWarning[] {
  const out: ValidationWarning[] = [];
  const inSample = discoveryOverlap(r, profile, inputs);
  if (inSample) out.push(inSample);
  const compared = ["all", "in ICP", "out of ICP"];
  const high = r.groups.filter(
    (g) => compared.includes(g.group) && g.retention?.nrr != null && g.retention.nrr > NRR_IMPLAUSIBLE,
  );
  if (high.length) {
    const ret = high[0]?.retention;
    out.push({
      code: "nrr_implausible",
      level: "warning",
      text: `Net revenue retention of ${high.map((g) => `${pct(g.retention?.nrr ?? 0)} (${g.group})`).join(", ")} is implausible (above ${pct(NRR_IMPLAUSIBLE)}; strong SaaS companies report 110–130%): check that MRR is monthly (not annual or per seat), that a renewal does not add a new subscription while the old one stays open, and that the cohort — accounts paying on ${ret?.windowStart} — is the one you mean.`,
    });
  }
  for (const g of r.groups) {
    const ret = g.retention;
    if (ret && compared.includes(g.group)) {
      const dis = ret.disagreement;
      if (dis && ret.eligible && g.group === "all") {
        const k = dis.churnEventButPaying + dis.stoppedWithoutEvent;
        if (k / ret.eligible > 0.1)
          out.push({
            code: "churn_sources_disagree",
            level: "warning",
            text: `The churn events and the subscriptions disagree on ${n(k)} of ${n(ret.eligible)} accounts paying on ${ret.windowStart}: ${n(dis.churnEventButPaying)} have a churn event in the window but still pay on ${ret.windowEnd}, ${n(dis.stoppedWithoutEvent)} stopped paying with no churn event. Logo retention follows the churn events (${pct(ret.rate ?? 0)}); by the subscriptions it would be ${pct((ret.retained + dis.churnEventButPaying - dis.stoppedWithoutEvent) / ret.eligible)}. Find out which source is right before acting on either.`,
          });
      }
      if (g.group === "all" && ret.zeroMrrAtStart > 0)
        out.push({
          code: "zero_mrr_excluded",
          level: "note",
          text: `${n(ret.zeroMrrAtStart)} accounts were active on ${ret.windowStart} with no MRR (trials or free plans): they are not in the retention cohort; ${n(ret.newInWindow)} accounts that first paid inside the window are new business, not retention.`,
        });
      if (g.group !== "all" && ret.eligible > 0 && ret.eligible < 2 * FEW_ACCOUNTS)
        out.push({
          code: "few_accounts",
          level: "warning",
          group: g.group,
          text: `${g.group}: retention and NRR rest on ${n(ret.eligible)} accounts paying on ${ret.windowStart}; one account can move them by several points.`,
        });
    }
    if (g.group === "in ICP" || g.group === "out of ICP") {
      const w = g.winRate;
      const accounts = w.accounts ?? 0;
      if (w.n >= 30 && accounts > 0 && accounts < FEW_ACCOUNTS)
        out.push({
          code: "few_accounts",
          level: "warning",
          group: g.group,
          text: `${g.group}: the win rate rests on ${n(w.n)} closed deals from only ${n(accounts)} accounts. Deals of one account win and lose together, so this is the story of ${n(accounts)} accounts, not of ${n(w.n)} deals.`,
        });
      if ((w.deff ?? 1) >= 2)
        out.push({
          code: "clustered_deals",
          level: "note",
          group: g.group,
          text: `${g.group}: deals cluster in accounts (design effect ${(w.deff ?? 1).toFixed(1)}): the ${n(w.n)} closed deals carry about as much evidence as ${n(Math.round(w.n / (w.deff ?? 1)))} independent ones; intervals and tests count accounts, not deals.`,
        });
    }
  }
  const c = r.design.censored;
  if (c.createdAfter || c.closedAfter)
    out.push({
      code: "censored_by_as_of",
      level: "note",
      text: `As of ${r.asOf}: ${n(c.createdAfter)} deals created later are left out, and ${n(c.closedAfter)} closed later are read as open (their outcome was not known yet).`,
    });
  const all = r.groups.find((g) => g.group === "all");
  if (r.design.maturityDays === null && all && all.deals.open > 0)
    out.push({
      code: "no_maturity_window",
      level: "warning",
      text: `Fewer than 20 closed deals with both dates: no maturity window, so ${n(all.deals.open)} open deals are left out of the win rate whatever their age. If many are old, the win rate is too high; give --maturity-days.`,
    });
  if (all && all.deals.stalled > 0)
    out.push({
      code: "stalled_deals",
      level: "note",
      text: `${n(all.deals.stalled)} open deals are older than the maturity window (${r.design.maturityDays} days, created before ${r.design.stalledBefore}) and count as lost; ${n(all.deals.open)} younger ones are not decided yet and are left out.`,
    });
  const partial = r.drift?.periods.filter((p) => p.partial) ?? [];
  if (partial.length)
    out.push({
      code: "partial_periods",
      level: "note",
      text: `Drift: ${partial.map((p) => `${p.period} (${p.coverage < 1 ? `${pct(p.coverage)} of it inside the data` : "too soon after the data began: the deals created before it would close here"})`).join(", ")} ${partial.length === 1 ? "is" : "are"} incomplete, so ${partial.length === 1 ? "it is" : "they are"} shown but neither tested nor used as history.`,
    });
  return out;
}

/**
 * A profile discovered from some deals and validated on the same deals scores itself on what it
 * was fitted to: the figures are flattering. Said when the deals file is one the profile records
 * (same SHA-256), or when most closed deals closed on or before the last outcome discovery saw —
 * unless --closed-after already cut them away. The cure is a time split.
 */
function discoveryOverlap(
  r: ValidationReport,
  profile: Profile,
  inputs: PlausibilityInputs,
): ValidationWarning | null {
  const d = profile.discovered;
  if (!d) return null;
  const through = d.outcomesThrough;
  if (through && r.design.closedAfter && r.design.closedAfter >= through) return null;
  const cure = through
    ? `validate on outcomes after ${through}: --closed-after ${through} (a time split), or on deals from a later export`
    : "validate on deals that closed after discovery (--closed-after DATE)";
  const same = inputs.dealsSha256 ? d.from.find((f) => f.sha256 === inputs.dealsSha256) : undefined;
  if (same)
    return {
      code: "validated_on_discovery_data",
      level: "warning",
      text: `This profile was discovered from these very deals (${same.file}, same SHA-256): its figures here are in-sample and flattering — the criteria were chosen because they separate these wins from these losses. To test it, ${cure}.`,
    };
  if (!through || !inputs.deals) return null;
  let closed = 0;
  let before = 0;
  for (const x of inputs.deals)
    if ((x.status === "won" || x.status === "lost") && x.closed !== null) {
      closed++;
      if (x.closed <= through) before++;
    }
  if (closed && before / closed >= 0.5)
    return {
      code: "validated_on_discovery_data",
      level: "warning",
      text: `${n(before)} of ${n(closed)} closed deals closed on or before ${through}, the last outcome this profile was discovered from: if they are the same deals, the figures are in-sample and flattering. To test it, ${cure}.`,
    };
  return null;
}

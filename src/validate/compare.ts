/**
 * In-ICP against out-of-ICP, metric by metric: the effect with its interval and p-value, the
 * p-values adjusted together (Benjamini–Hochberg), and a verdict in words. A metric is *material*
 * when its adjusted p < 0.05 and the effect is at least 10% (ratios ≥ 1.1×, cycle ≥ 10% shorter,
 * NRR ≥ 5 points); the ICP is validated when at least one metric is materially better and none is
 * materially worse.
 */

import { Rng } from "../generate/random.js";
import {
  type ClusterSum,
  clusterBootstrap2,
  clusterDifference,
  clustered,
  clusteredRate,
  clusteredRateRatio,
  clusterPermutationTest,
  rankSums,
} from "../stats/cluster.js";
import { normalCdf } from "../stats/distributions.js";
import { bootstrap2, mannWhitney, medianInPlace, resamplesFor, welch } from "../stats/location.js";
import { benjaminiHochberg } from "../stats/multiple.js";
import { compareRates, type Interval, rateRatio, sampleSizePerGroup, Z95 } from "../stats/proportions.js";
import {
  type AccountDeals,
  type AccountEconomics,
  type AccountRetention,
  cohortOf,
  type GroupFigures,
  isRetained,
  paybackOf,
  paybackRows,
} from "./metrics.js";

export type Direction = "better" | "worse" | "no difference" | "not enough data";

export interface Comparison {
  metric:
    | "win_rate"
    | "sales_cycle"
    | "deal_size"
    | "retention_12m"
    | "nrr"
    | "grr"
    | "gross_margin"
    | "cac_payback";
  /** The in and out values compared (rate, median days, mean amount, rate, NRR). */
  inValue: number | null;
  outValue: number | null;
  nIn: number;
  nOut: number;
  /** "ratio" (in / out) or "difference" (in − out). */
  effectKind: "ratio" | "difference";
  effect: number | null;
  ci: Interval | null;
  p: number | null;
  q: number | null;
  direction: Direction;
  verdict: string;
  /**
   * The design: how many accounts the observations come from, the design effects, and the test
   * used (deal metrics with several deals per account are tested account by account).
   */
  design?: { accountsIn: number; accountsOut: number; deffIn: number; deffOut: number; method: string };
}

export interface Verdict {
  status: "validated" | "mixed" | "not validated" | "not enough data";
  text: string;
  /**
   * For too little data: closed deals per group a 5%-level test at 80% power would need (inflated
   * by the design effect when deals cluster in accounts), and about how many accounts that is.
   */
  dealsNeededPerGroup?: number;
  accountsNeededPerGroup?: number;
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
const times = (x: number) => `${x.toFixed(x >= 10 ? 0 : 2)}×`;
const money = (x: number) => `$${Math.round(x).toLocaleString("en-US")}`;
const months = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : x > 0 ? "never" : "−never");
const pText = (p: number) => (p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`);
const pq = (c: Comparison) => `${pText(c.p as number)}, adjusted ${pText(c.q as number).replace("p", "q")}`;
const MIN_N = 10;

/**
 * A ratio of sums (Σy ÷ Σx: NRR, gross margin, CAC payback) in against out: the difference, a
 * two-sample bootstrap interval over accounts, and a p-value from the bootstrap standard error.
 */
function pooledRatio(
  metric: Comparison["metric"],
  a: readonly { x: number; y: number }[],
  b: readonly { x: number; y: number }[],
  seed: number,
): Comparison {
  const value = (rows: readonly { x: number; y: number }[]) => {
    const sx = rows.reduce((t, r) => t + r.x, 0);
    return sx ? rows.reduce((t, r) => t + r.y, 0) / sx : null;
  };
  const va = value(a);
  const vb = value(b);
  const ok = a.length >= MIN_N && b.length >= MIN_N && va !== null && vb !== null;
  const stat = (rows: readonly { x: number; y: number }[]) => (ix: Float64Array) => {
    let sx = 0;
    let sy = 0;
    for (const i of ix) {
      const r = rows[i] as { x: number; y: number };
      sx += r.x;
      sy += r.y;
    }
    return sx ? sy / sx : Number.NaN;
  };
  const fa = stat(a);
  const fb = stat(b);
  const ci = ok
    ? bootstrap2(
        a.map((_, i) => i),
        b.map((_, i) => i),
        (x, y) => fa(x) - fb(y),
        seed,
      )
    : null;
  let p: number | null = null;
  if (ci && va !== null && vb !== null) {
    const se = (ci.hi - ci.lo) / (2 * Z95);
    p = se > 0 ? Math.min(1, 2 * (1 - normalCdf(Math.abs(va - vb) / se))) : 1;
  }
  return {
    metric,
    inValue: va,
    outValue: vb,
    nIn: a.length,
    nOut: b.length,
    effectKind: "difference",
    effect: va !== null && vb !== null ? va - vb : null,
    ci,
    p,
    q: null,
    direction: "not enough data",
    verdict: "",
  };
}

/**
 * CAC payback in against out: Σ CAC ÷ Σ monthly gross profit over every account with both —
 * loss-making accounts included (leaving them out would select on the outcome). A group whose
 * profit is not positive never pays back (Infinity). Two-sample bootstrap over accounts; resamples
 * that never pay back stay in (as ±Infinity), and the p-value is the bootstrap's two-sided
 * percentile p (twice the smaller share of differences on either side of 0).
 */
function paybackComparison(
  a: readonly { x: number; y: number }[],
  b: readonly { x: number; y: number }[],
  seed: number,
): Comparison {
  const value = (rows: readonly { x: number; y: number }[]) =>
    rows.length
      ? paybackOf(
          rows.reduce((t, r) => t + r.x, 0),
          rows.reduce((t, r) => t + r.y, 0),
        )
      : null;
  const va = value(a);
  const vb = value(b);
  const ok = a.length >= MIN_N && b.length >= MIN_N && va !== null && vb !== null;
  let ci: Interval | null = null;
  let p: number | null = null;
  if (ok) {
    const rng = new Rng(seed);
    const reps = resamplesFor(a.length + b.length);
    const diffs: number[] = [];
    const draw = (rows: readonly { x: number; y: number }[]) => {
      let sx = 0;
      let sy = 0;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[Math.floor(rng.next() * rows.length)] as { x: number; y: number };
        sx += r.x;
        sy += r.y;
      }
      return paybackOf(sx, sy);
    };
    for (let r = 0; r < reps; r++) {
      const d = draw(a) - draw(b);
      if (!Number.isNaN(d)) diffs.push(d); // both never pay back: no difference to tell
    }
    if (diffs.length) {
      diffs.sort((x, y) => x - y);
      const at = (q: number) =>
        diffs[Math.min(diffs.length - 1, Math.max(0, Math.floor(q * diffs.length)))] as number;
      ci = { lo: at(0.025), hi: at(0.975) };
      const below = diffs.filter((d) => d <= 0).length / diffs.length;
      const above = diffs.filter((d) => d >= 0).length / diffs.length;
      p = Math.min(1, Math.max(1 / diffs.length, 2 * Math.min(below, above)));
    }
  }
  const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
  return {
    metric: "cac_payback",
    inValue: finite(va),
    outValue: finite(vb),
    nIn: a.length,
    nOut: b.length,
    effectKind: "difference",
    effect: finite(va) !== null && finite(vb) !== null ? (va as number) - (vb as number) : null,
    ci,
    p: finite(va) !== null && finite(vb) !== null ? p : null,
    q: null,
    direction: "not enough data",
    verdict: "",
  };
}

const sorted = (xs: readonly number[]) => Float64Array.from(xs).sort();

/** A cluster sum per account: y over x. */
const sums = (as: readonly AccountDeals[], y: (a: AccountDeals) => number, x: (a: AccountDeals) => number) =>
  as.map((a): ClusterSum => ({ y: y(a), x: x(a) })).filter((c) => c.x > 0);

const deffOf = (cs: readonly ClusterSum[]) => clusteredRate(cs)?.deff ?? 1;

export function compareGroups(
  inAccounts: readonly AccountDeals[],
  outAccounts: readonly AccountDeals[],
  inFig: GroupFigures,
  outFig: GroupFigures,
  retention: { in: readonly AccountRetention[]; out: readonly AccountRetention[] } | null,
  seed: number,
  economics: { in: readonly AccountEconomics[]; out: readonly AccountEconomics[] } | null = null,
): Comparison[] {
  const out: Comparison[] = [];
  const accountsWith = (cs: readonly ClusterSum[]) => cs.length;
  // Win rate: deals of one account are one unit of evidence. Without clustering (one closed deal
  // per account), Fisher's exact test and Katz's interval; with it, the account-level permutation
  // test and the effective-sample-size interval (stats/cluster.ts).
  {
    const a = inFig.winRate;
    const b = outFig.winRate;
    const ca = sums(
      inAccounts,
      (x) => x.won,
      (x) => x.won + x.lost,
    );
    const cb = sums(
      outAccounts,
      (x) => x.won,
      (x) => x.won + x.lost,
    );
    const isClustered = clustered(ca) || clustered(cb);
    const rr = isClustered ? clusteredRateRatio(ca, cb) : rateRatio(a.hits, a.n, b.hits, b.n);
    out.push({
      metric: "win_rate",
      inValue: a.rate,
      outValue: b.rate,
      nIn: a.n,
      nOut: b.n,
      effectKind: "ratio",
      effect: rr?.ratio ?? null,
      ci: rr?.ci ?? null,
      p:
        a.n && b.n
          ? isClustered
            ? clusterPermutationTest(ca, cb, seed)
            : compareRates(a.hits, a.n, b.hits, b.n)
          : null,
      q: null,
      direction: "not enough data",
      verdict: "",
      design: {
        accountsIn: accountsWith(ca),
        accountsOut: accountsWith(cb),
        deffIn: deffOf(ca),
        deffOut: deffOf(cb),
        method: isClustered
          ? "account-level permutation test of the studentised difference; Katz interval on effective counts"
          : "Fisher's exact test; Katz interval",
      },
    });
  }
  // Sales cycle: difference of medians (in − out). Unclustered: Mann–Whitney and a bootstrap of
  // deals; clustered: a rank-sum test permuting accounts and a bootstrap of accounts.
  {
    const ia = inAccounts.filter((x) => x.cycles.length);
    const ob = outAccounts.filter((x) => x.cycles.length);
    const a = ia.flatMap((x) => x.cycles);
    const b = ob.flatMap((x) => x.cycles);
    const isClustered = ia.some((x) => x.cycles.length > 1) || ob.some((x) => x.cycles.length > 1);
    const ok = a.length >= MIN_N && b.length >= MIN_N && ia.length >= 2 && ob.length >= 2;
    const ma = inFig.cycle.median;
    const mb = outFig.cycle.median;
    let ci: Interval | null = null;
    let p: number | null = null;
    if (ok && isClustered) {
      const [ra, rb] = rankSums([ia.map((x) => x.cycles), ob.map((x) => x.cycles)]);
      p = clusterPermutationTest(ra ?? [], rb ?? [], seed);
      ci = clusterBootstrap2(
        ia.map((x) => x.cycles),
        ob.map((x) => x.cycles),
        (x, y) => medianInPlace(x) - medianInPlace(y),
        seed,
      );
    } else if (ok) {
      // Sorted, so the bootstrap draws the same resamples whatever order the rows came in.
      const sa = [...sorted(a)];
      const sb = [...sorted(b)];
      p = mannWhitney(sa, sb);
      ci = bootstrap2(sa, sb, (x, y) => medianInPlace(x) - medianInPlace(y), seed);
    }
    out.push({
      metric: "sales_cycle",
      inValue: ma,
      outValue: mb,
      nIn: a.length,
      nOut: b.length,
      effectKind: "difference",
      effect: ma !== null && mb !== null ? ma - mb : null,
      ci,
      p,
      q: null,
      direction: "not enough data",
      verdict: "",
      design: {
        accountsIn: ia.length,
        accountsOut: ob.length,
        deffIn: 1,
        deffOut: 1,
        method: isClustered
          ? "rank-sum test permuting accounts; bootstrap of accounts"
          : "Mann–Whitney test; bootstrap of deals",
      },
    });
  }
  // Deal size: difference of means. Unclustered: Welch; clustered: the cluster-robust
  // (Satterthwaite) interval and the account-level permutation test.
  {
    const ca = sums(
      inAccounts,
      (x) => x.amounts.reduce((s, v) => s + v, 0),
      (x) => x.amounts.length,
    );
    const cb = sums(
      outAccounts,
      (x) => x.amounts.reduce((s, v) => s + v, 0),
      (x) => x.amounts.length,
    );
    const a = inAccounts.flatMap((x) => x.amounts);
    const b = outAccounts.flatMap((x) => x.amounts);
    const isClustered = clustered(ca) || clustered(cb);
    const ok = a.length >= MIN_N && b.length >= MIN_N && ca.length >= 2 && cb.length >= 2;
    let w: { difference: number; ci: Interval; p: number } | null = null;
    if (ok && isClustered) {
      const d = clusterDifference(ca, cb);
      if (d) w = { difference: d.difference, ci: d.ci, p: clusterPermutationTest(ca, cb, seed) };
    } else if (ok) w = welch([...sorted(a)], [...sorted(b)]);
    out.push({
      metric: "deal_size",
      inValue: inFig.dealSize.mean,
      outValue: outFig.dealSize.mean,
      nIn: a.length,
      nOut: b.length,
      effectKind: "difference",
      effect: w?.difference ?? null,
      ci: w?.ci ?? null,
      p: w?.p ?? null,
      q: null,
      direction: "not enough data",
      verdict: "",
      design: {
        accountsIn: ca.length,
        accountsOut: cb.length,
        deffIn: 1,
        deffOut: 1,
        method: isClustered
          ? "account-level permutation test; cluster-robust t interval (Satterthwaite df)"
          : "Welch's t-test",
      },
    });
  }
  if (retention) {
    const ra = cohortOf(retention.in);
    const rb = cohortOf(retention.out);
    const ka = ra.filter(isRetained).length;
    const kb = rb.filter(isRetained).length;
    const rr = rateRatio(ka, ra.length, kb, rb.length);
    out.push({
      metric: "retention_12m",
      inValue: ra.length ? ka / ra.length : null,
      outValue: rb.length ? kb / rb.length : null,
      nIn: ra.length,
      nOut: rb.length,
      effectKind: "ratio",
      effect: rr?.ratio ?? null,
      ci: rr?.ci ?? null,
      p: ra.length && rb.length ? compareRates(ka, ra.length, kb, rb.length) : null,
      q: null,
      direction: "not enough data",
      verdict: "",
    });
    out.push(
      pooledRatio(
        "nrr",
        ra.map((r) => ({ x: r.startMrr, y: r.endMrr })),
        rb.map((r) => ({ x: r.startMrr, y: r.endMrr })),
        seed,
      ),
    );
    out.push(
      pooledRatio(
        "grr",
        ra.map((r) => ({ x: r.startMrr, y: Math.min(r.startMrr, r.endMrr) })),
        rb.map((r) => ({ x: r.startMrr, y: Math.min(r.startMrr, r.endMrr) })),
        seed,
      ),
    );
  }
  if (economics) {
    const withMargin = (rows: readonly AccountEconomics[]) =>
      [...rows]
        .filter((r) => r.revenue > 0 && r.margin !== null)
        .sort((x, y) => x.revenue - y.revenue || (x.margin as number) - (y.margin as number));
    const gp = (r: AccountEconomics) => r.revenue * (r.margin as number);
    const ea = withMargin(economics.in);
    const eb = withMargin(economics.out);
    out.push(
      pooledRatio(
        "gross_margin",
        ea.map((r) => ({ x: r.revenue, y: gp(r) })),
        eb.map((r) => ({ x: r.revenue, y: gp(r) })),
        seed,
      ),
    );
    out.push(paybackComparison(paybackRows(economics.in), paybackRows(economics.out), seed));
  }
  const tested = out.filter((c) => c.p !== null && c.nIn >= MIN_N && c.nOut >= MIN_N);
  const qs = benjaminiHochberg(tested.map((c) => c.p as number));
  tested.forEach((c, i) => {
    c.q = qs[i] ?? null;
  });
  for (const c of out) describe(c);
  return out;
}

function material(c: Comparison): boolean {
  if (c.effect === null || c.q === null || c.q >= 0.05) return false;
  switch (c.metric) {
    case "win_rate":
    case "retention_12m":
      return c.effect >= 1.1 || c.effect <= 1 / 1.1;
    case "sales_cycle":
      return c.outValue !== null && c.outValue > 0 && Math.abs(c.effect) >= 0.1 * c.outValue;
    case "deal_size":
      return c.outValue !== null && c.outValue > 0 && Math.abs(c.effect) >= 0.1 * c.outValue;
    case "nrr":
    case "grr":
    case "gross_margin":
      return Math.abs(c.effect) >= 0.05;
    case "cac_payback":
      return c.outValue !== null && c.outValue > 0 && Math.abs(c.effect) >= 0.1 * c.outValue;
  }
}

function describe(c: Comparison): void {
  const enough = c.nIn >= MIN_N && c.nOut >= MIN_N && c.effect !== null && c.q !== null;
  if (!enough) {
    c.direction = "not enough data";
    c.verdict = `${NAMES[c.metric]}: not enough data (${c.nIn} in ICP, ${c.nOut} out; at least ${MIN_N} each needed)`;
    return;
  }
  const e = c.effect as number;
  const good =
    c.metric === "sales_cycle" || c.metric === "cac_payback"
      ? e < 0
      : c.effectKind === "ratio"
        ? e > 1
        : e > 0;
  c.direction = material(c) ? (good ? "better" : "worse") : "no difference";
  const ci = c.ci;
  const qTxt = pq(c);
  const iv = c.inValue as number;
  const ov = c.outValue as number;
  switch (c.metric) {
    case "win_rate":
      c.verdict =
        c.direction === "no difference"
          ? `win rate shows no material difference (${pct(iv)} in ICP vs ${pct(ov)} out; ratio ${times(e)}, 95% CI ${ci ? `${times(ci.lo)}–${times(ci.hi)}` : "—"}, ${qTxt})`
          : `in-ICP accounts win ${e >= 1 ? `${times(e)} as often` : `less often (${times(e)})`} (95% CI ${ci ? `${times(ci.lo)}–${times(ci.hi)}` : "—"}; ${pct(iv)} vs ${pct(ov)}, ${qTxt})`;
      break;
    case "sales_cycle":
      c.verdict =
        c.direction === "no difference"
          ? `sales cycle shows no material difference (median ${iv} vs ${ov} days, ${qTxt})`
          : `in-ICP deals close ${Math.abs(e)} days ${e < 0 ? "faster" : "slower"} (median ${iv} vs ${ov} days; 95% CI of the difference ${ci ? `${ci.lo}–${ci.hi}` : "—"} days, ${qTxt})`;
      break;
    case "deal_size":
      c.verdict =
        c.direction === "no difference"
          ? `deal size shows no material difference (mean ${money(iv)} vs ${money(ov)}, ${qTxt})`
          : `in-ICP deals are ${e > 0 ? "larger" : "smaller"}: mean ${money(iv)} vs ${money(ov)} (${times(iv / ov)}; 95% CI of the difference ${ci ? `${money(ci.lo)} to ${money(ci.hi)}` : "—"}, ${qTxt})`;
      break;
    case "retention_12m":
      c.verdict =
        c.direction === "no difference"
          ? `12-month retention shows no material difference (${pct(iv)} vs ${pct(ov)}, ${qTxt})`
          : `in-ICP accounts are ${e > 1 ? "retained more" : "retained less"} at 12 months: ${pct(iv)} vs ${pct(ov)} (${times(e)}, 95% CI ${ci ? `${times(ci.lo)}–${times(ci.hi)}` : "—"}, ${qTxt})`;
      break;
    case "nrr":
      c.verdict =
        c.direction === "no difference"
          ? `net revenue retention shows no material difference (${pct(iv)} vs ${pct(ov)}, ${qTxt})`
          : `net revenue retention is ${e > 0 ? "higher" : "lower"} in ICP: ${pct(iv)} vs ${pct(ov)} (95% CI of the difference ${ci ? `${(100 * ci.lo).toFixed(0)} to ${(100 * ci.hi).toFixed(0)} points` : "—"}, ${qTxt})`;
      break;
    case "grr":
      c.verdict =
        c.direction === "no difference"
          ? `gross revenue retention shows no material difference (${pct(iv)} vs ${pct(ov)}, ${qTxt})`
          : `gross revenue retention is ${e > 0 ? "higher" : "lower"} in ICP: ${pct(iv)} vs ${pct(ov)} (95% CI of the difference ${ci ? `${(100 * ci.lo).toFixed(0)} to ${(100 * ci.hi).toFixed(0)} points` : "—"}, ${qTxt})`;
      break;
    case "gross_margin":
      c.verdict =
        c.direction === "no difference"
          ? `gross margin shows no material difference (${pct(iv)} vs ${pct(ov)}, ${qTxt})`
          : `gross margin is ${e > 0 ? "higher" : "lower"} in ICP: ${pct(iv)} vs ${pct(ov)} (95% CI of the difference ${ci ? `${(100 * ci.lo).toFixed(0)} to ${(100 * ci.hi).toFixed(0)} points` : "—"}, ${qTxt})`;
      break;
    case "cac_payback":
      c.verdict =
        c.direction === "no difference"
          ? `CAC payback shows no material difference (${iv.toFixed(1)} vs ${ov.toFixed(1)} months, ${qTxt})`
          : `in-ICP accounts pay back their acquisition cost ${Math.abs(e).toFixed(1)} months ${e < 0 ? "sooner" : "later"} (${iv.toFixed(1)} vs ${ov.toFixed(1)} months; 95% CI of the difference ${ci ? `${months(ci.lo)} to ${months(ci.hi)}` : "—"}, ${qTxt})`;
      break;
  }
}

const NAMES: Record<Comparison["metric"], string> = {
  win_rate: "win rate",
  sales_cycle: "sales cycle",
  deal_size: "deal size",
  retention_12m: "12-month retention",
  nrr: "net revenue retention",
  grr: "gross revenue retention",
  gross_margin: "gross margin",
  cac_payback: "CAC payback",
};

/** The overall verdict from the comparisons. */
export function overallVerdict(
  cs: readonly Comparison[],
  base: { in: GroupFigures; out: GroupFigures },
): Verdict {
  const better = cs.filter((c) => c.direction === "better");
  const worse = cs.filter((c) => c.direction === "worse");
  const win = cs.find((c) => c.metric === "win_rate");
  const list = (xs: readonly Comparison[]) => xs.map((c) => NAMES[c.metric]).join(", ");
  if (better.length && !worse.length)
    return {
      status: "validated",
      text: `Validated: in-ICP accounts materially outperform on ${list(better)}; no metric is materially worse.`,
    };
  if (better.length && worse.length)
    return {
      status: "mixed",
      text: `Mixed: in-ICP accounts do better on ${list(better)} but worse on ${list(worse)}. Review the criteria behind the worse metrics.`,
    };
  if (worse.length)
    return {
      status: "not validated",
      text: `Not validated: in-ICP accounts do worse on ${list(worse)}. Your profile is pointing at the wrong accounts.`,
    };
  // No material difference found: is that evidence of none, or too little data to tell? When the
  // win-rate interval still reaches a material lift (1.1×), the data cannot rule it out.
  const inconclusive =
    !win ||
    win.direction === "not enough data" ||
    win.nIn < 30 ||
    win.nOut < 30 ||
    (win.ci !== null && win.ci.hi >= 1.1);
  if (inconclusive) {
    const p = base.out.winRate.rate ?? base.in.winRate.rate ?? 0.2;
    // Deals of one account are not independent: a test needs the design effect times as many.
    const deff = Math.max(1, base.in.winRate.deff ?? 1, base.out.winRate.deff ?? 1);
    const independent = sampleSizePerGroup(Math.min(0.99, p * 1.25), p);
    const need = Math.ceil(independent * deff);
    const have = Math.min(win?.nIn ?? 0, win?.nOut ?? 0);
    const accounts = (base.in.winRate.accounts ?? 0) + (base.out.winRate.accounts ?? 0);
    const perAccount = accounts ? (base.in.winRate.n + base.out.winRate.n) / accounts : 1;
    const accountsNeeded = Math.ceil(need / Math.max(1, perAccount));
    const clusteredNote =
      deff > 1.05
        ? `, counting that deals of one account move together (design effect ${deff.toFixed(1)}: about ${accountsNeeded.toLocaleString("en-US")} accounts per group at ${perAccount.toFixed(1)} closed deals each)`
        : "";
    return {
      status: "not enough data",
      text: `Not enough data to judge: ${win?.nIn ?? 0} closed deals in ICP and ${win?.nOut ?? 0} out${win?.design ? ` (from ${win.design.accountsIn} and ${win.design.accountsOut} accounts)` : ""}${win?.ci ? `, and the win-rate ratio could be anywhere from ${times(win.ci.lo)} to ${times(win.ci.hi)}` : ""}. Detecting a 1.25× win-rate lift at a ${pct(p)} base rate needs about ${need.toLocaleString("en-US")} closed deals per group${clusteredNote} (${Math.max(0, need - have).toLocaleString("en-US")} more in the smaller group).`,
      dealsNeededPerGroup: need,
      accountsNeededPerGroup: accountsNeeded,
    };
  }
  return {
    status: "not validated",
    text: "Not validated: in-ICP accounts do not materially outperform out-of-ICP ones on any metric. Either the profile is wrong, or it does not separate the accounts you win from the ones you lose.",
  };
}

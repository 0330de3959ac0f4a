/**
 * The validation report and the one-page ICP document as self-contained HTML: inline CSS, charts as
 * inline SVG (charts.ts), every text escaped, no script, no network. Same report → same bytes.
 */
import type { Criterion, Profile } from "../profile/model.js";
import type { Comparison } from "../validate/compare.js";
import type { Drift } from "../validate/drift.js";
import type { GroupFigures } from "../validate/metrics.js";
import type { ValidationReport } from "../validate/validate.js";
import { type Bar, barsWithIntervals, chartSvg, lines, type Series } from "./charts.js";
import { interval as iv, num, pct } from "./format.js";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;margin:0;background:#f9fafb}
main{max-width:1040px;margin:0 auto;padding:24px 32px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.muted{color:#6b7280}.verdict{font-size:16px;padding:12px 16px;border-radius:6px;margin:16px 0}
.validated{background:#ecfdf5;border-left:4px solid #10b981}.mixed{background:#fffbeb;border-left:4px solid #f59e0b}
.not-validated{background:#fef2f2;border-left:4px solid #ef4444}.not-enough-data{background:#f3f4f6;border-left:4px solid #6b7280}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{padding:4px 8px;border-bottom:1px solid #f3f4f6;text-align:right}
th{background:#f9fafb;font-weight:600}td:first-child,th:first-child{text-align:left}
ul.warnings{padding-left:18px}ul.warnings li.warning{color:#92400e}ul.warnings li.note{color:#374151}ul.cmp{list-style:none;padding:0}ul.cmp li{padding:4px 0}.better{color:#047857}.worse{color:#b91c1c}
.charts{display:flex;flex-wrap:wrap;gap:24px}.charts figure{margin:0}svg{max-width:100%;height:auto}
@media print{body{background:#fff}main{padding:0}}
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body></html>
`;
}

const statusClass = (s: string) => s.replace(/ /g, "-");
const mark = (c: Comparison) => (c.direction === "better" ? "▲" : c.direction === "worse" ? "▼" : "·");

function groupTable(groups: readonly GroupFigures[]): string {
  const ret = groups.some((g) => g.retention);
  const eco = groups.some((g) => g.economics);
  const head = [
    "group",
    "accounts",
    "won",
    "lost",
    "stalled",
    "open",
    "win rate",
    "95% CI",
    "cycle median (days)",
    "cycle mean",
    "deal mean",
    "deal median",
    ...(ret
      ? [
          "cohort",
          "logo retention",
          "95% CI",
          "NRR",
          "95% CI",
          "GRR",
          "95% CI",
          "expansion",
          "contraction",
          "churned MRR",
        ]
      : []),
    ...(eco ? ["gross margin", "95% CI", "CAC payback (months)", "95% CI"] : []),
  ];
  const rows = groups.map((g) => [
    g.group,
    num(g.accounts),
    num(g.deals.won),
    num(g.deals.lost),
    num(g.deals.stalled),
    num(g.deals.open),
    pct(g.winRate.rate),
    iv(g.winRate.ci, (x) => pct(x, 0)),
    num(g.cycle.median, 1),
    num(g.cycle.mean, 1),
    num(g.dealSize.mean),
    num(g.dealSize.median),
    ...(ret
      ? [
          num(g.retention?.eligible),
          pct(g.retention?.rate),
          iv(g.retention?.ci, (x) => pct(x, 0)),
          pct(g.retention?.nrr),
          iv(g.retention?.nrrCi, (x) => pct(x, 0)),
          pct(g.retention?.grr),
          iv(g.retention?.grrCi, (x) => pct(x, 0)),
          pct(g.retention?.expansion),
          pct(g.retention?.contraction),
          pct(g.retention?.churn),
        ]
      : []),
    ...(eco
      ? [
          pct(g.economics?.grossMargin),
          iv(g.economics?.grossMarginCi, (x) => pct(x, 0)),
          num(g.economics?.cacPaybackMonths, 1),
          iv(g.economics?.cacPaybackCi, (x) => num(x, 1)),
        ]
      : []),
  ]);
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

const shown = (g: GroupFigures) => g.group !== "all" && g.group !== "unlinked";

async function charts(
  r: ValidationReport,
): Promise<{ groups: string; gains: string; drift: string | null; retention?: string }> {
  const colour = (g: string) => (g === "in ICP" ? "in" : g === "out of ICP" ? "out" : "other");
  const winBars: Bar[] = r.groups
    .filter((g) => shown(g) && g.winRate.rate !== null)
    .map((g) => ({
      label: `${g.group} (n=${g.winRate.n})`,
      value: g.winRate.rate as number,
      lo: g.winRate.ci?.lo ?? (g.winRate.rate as number),
      hi: g.winRate.ci?.hi ?? (g.winRate.rate as number),
      colour: colour(g.group),
    }));
  const groups = await chartSvg(barsWithIntervals("Win rate by group (95% CI)", winBars, "win rate"));
  const gainPoints: Series[] = [];
  for (const p of r.gains.curve) {
    gainPoints.push({ x: p.top, y: p.winsShare, series: "wins" });
    gainPoints.push({ x: p.top, y: p.revenueShare, series: "won revenue" });
    gainPoints.push({ x: p.top, y: p.top, series: "random order" });
  }
  const gains = await chartSvg(
    lines(
      "Gains: share captured by the top-scored accounts",
      gainPoints,
      { title: "top share of accounts (by score)", type: "quantitative", format: ".0%" },
      { title: "share captured", format: ".0%" },
    ),
  );
  const drift = r.drift ? await driftChart(r.drift) : null;
  const out: { groups: string; gains: string; drift: string | null; retention?: string } = {
    groups,
    gains,
    drift,
  };
  if (r.groups.some((g) => g.retention?.nrr != null)) {
    const bars: Bar[] = r.groups
      .filter((g) => shown(g) && g.retention?.nrr != null)
      .map((g) => ({
        label: `${g.group} (n=${g.retention?.eligible ?? 0})`,
        value: g.retention?.nrr as number,
        lo: g.retention?.nrrCi?.lo ?? (g.retention?.nrr as number),
        hi: g.retention?.nrrCi?.hi ?? (g.retention?.nrr as number),
        colour: colour(g.group),
      }));
    out.retention = await chartSvg(
      barsWithIntervals("Net revenue retention at 12 months (95% CI)", bars, "NRR"),
    );
  }
  return out;
}

async function driftChart(drift: Drift): Promise<string> {
  const driftPoints: Series[] = [];
  for (const p of drift.periods) {
    if (p.inRate.rate !== null)
      driftPoints.push({
        x: p.period,
        y: p.inRate.rate,
        series: "in ICP",
        lo: p.inRate.ci?.lo ?? 0,
        hi: p.inRate.ci?.hi ?? 1,
      });
    if (p.outRate.rate !== null)
      driftPoints.push({
        x: p.period,
        y: p.outRate.rate,
        series: "out of ICP",
        lo: p.outRate.ci?.lo ?? 0,
        hi: p.outRate.ci?.hi ?? 1,
      });
  }
  return chartSvg(
    lines(
      `Win rate by ${drift.by}, in vs out of ICP (95% CI)`,
      driftPoints,
      { title: drift.by, type: "ordinal" },
      { title: "win rate", format: ".0%" },
    ),
  );
}

/** Drift and the off-ICP review (deal-level: absent when the aggregates were computed in a database). */
function driftAndReview(r: ValidationReport, chart: string | null): string {
  const { drift, review } = r;
  const d = drift
    ? `<h2>Drift</h2>
<p>${escapeHtml(drift.text)}</p>
<div class="charts"><figure>${chart ?? ""}</figure></div>
<table><thead><tr><th>${escapeHtml(drift.by)}</th><th>closed</th><th>win rate</th><th>in ICP</th><th>out of ICP</th><th>gap</th><th>cycle median</th><th>flags</th></tr></thead><tbody>${drift.periods
        .map(
          (p) =>
            `<tr><td>${escapeHtml(p.period)}</td><td>${num(p.closed)}</td><td>${pct(p.winRate.rate)}</td><td>${pct(p.inRate.rate)}</td><td>${pct(p.outRate.rate)}</td><td>${p.gap === null ? "—" : `${p.gap.toFixed(2)}×`}</td><td>${num(p.medianCycle, 1)}</td><td>${escapeHtml(
              p.tests
                .filter((t) => t.flagged)
                .map((t) => t.text)
                .join("; "),
            )}</td></tr>`,
        )
        .join("")}</tbody></table>
${
  drift.churn.some((c) => c.active > 0)
    ? `<table><thead><tr><th>${escapeHtml(drift.by)}</th><th>active at start</th><th>churned</th><th>logo churn</th><th>flag</th></tr></thead><tbody>${drift.churn
        .map(
          (c) =>
            `<tr><td>${escapeHtml(c.period)}</td><td>${num(c.active)}</td><td>${num(c.churned)}</td><td>${pct(c.rate)}</td><td>${escapeHtml(c.test?.flagged ? c.test.text : "")}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : ""
}
${
  drift.movedCriteria.length
    ? `<p>Criteria whose evidence moved:</p><ul>${drift.movedCriteria
        .map(
          (m) =>
            `<li>${escapeHtml(`${m.period}: ${m.criterion} — win-rate ratio ${m.ratioPeriod.toFixed(2)}× vs ${m.ratioRest.toFixed(2)}× elsewhere (q = ${m.q.toFixed(3)})`)}</li>`,
        )
        .join("")}</ul>`
    : ""
}`
    : `<h2>Drift</h2>\n<p class="muted">Drift by period needs the deals row by row; the aggregates here were computed in ${escapeHtml(r.computedIn ?? "the database")}. Run <code>icp validate</code> on exported files for drift.</p>`;
  const v = review
    ? `<h2>Off-ICP review</h2>
<p>${review.deals.length} open or recently won (last ${review.windowDays} days) deals on out-of-ICP accounts.</p>
<table><thead><tr><th>deal</th><th>account</th><th>stage</th><th>amount</th><th>state</th><th>tier</th><th>why out</th></tr></thead><tbody>${review.deals
        .slice(0, 100)
        .map(
          (x) =>
            `<tr><td>${escapeHtml(x.id ?? `row ${x.row}`)}</td><td>${escapeHtml(x.account ?? "—")}</td><td>${escapeHtml(x.stage ?? "")}</td><td>${num(x.amount)}</td><td>${escapeHtml(x.state)}</td><td>${escapeHtml(x.tier ?? "")}</td><td>${escapeHtml(x.reasons)}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : "";
  return `${d}\n${v}`;
}

function outboundSection(o: NonNullable<ValidationReport["outbound"]>): string {
  const head = ["group", "delivered", "accounts", "reply rate", "95% CI", "meeting rate", "qualified"];
  const rows = o.groups.map((g) => [
    g.group,
    num(g.delivered),
    num(g.accounts),
    pct(g.replied.rate),
    iv(g.replied.ci, (x) => pct(x, 1)),
    pct(g.meeting.rate),
    pct(g.qualified.rate),
  ]);
  return `<h2>Outbound</h2>
<p>${escapeHtml(o.text)} ${num(o.contacts)} contacts from ${escapeHtml(o.file)}, ${num(o.linked)} linked to accounts.</p>
<ul class="cmp">${o.comparisons.map((c) => `<li class="${c.direction === "better" ? "better" : c.direction === "worse" ? "worse" : ""}">${escapeHtml(c.text)}</li>`).join("")}</ul>
<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>${
    o.campaigns.length
      ? `<table><thead><tr><th>campaign</th><th>delivered</th><th>in ICP</th><th>reply rate</th><th>meeting rate</th></tr></thead><tbody>${o.campaigns
          .map(
            (c) =>
              `<tr><td>${escapeHtml(c.campaign)}</td><td>${num(c.delivered)}</td><td>${pct(c.inIcpShare)}</td><td>${pct(c.replyRate)}</td><td>${pct(c.meetingRate)}</td></tr>`,
          )
          .join("")}</tbody></table>`
      : ""
  }`;
}

export async function renderValidationHtml(r: ValidationReport): Promise<string> {
  const c = await charts(r);
  const d = r.inputs.deals;
  const body = `
<h1>ICP validation: ${escapeHtml(r.profile.name)} <span class="muted">${escapeHtml(r.profile.version)}</span></h1>
<p class="muted">Profile ${escapeHtml(r.profile.hash)} · as of ${escapeHtml(r.asOf)} · in ICP = tiers ${escapeHtml(r.icpTiers.join(", ") || "(none)")}${
    r.backtest
      ? ` · backtest as of each deal's date (read as today: ${escapeHtml(r.backtest.undatedFields.join(", "))})`
      : ""
  }</p>
<div class="verdict ${statusClass(r.verdict.status)}"><strong>${escapeHtml(r.verdict.text)}</strong></div>
<ul class="cmp">${r.comparisons
    .map(
      (x) =>
        `<li class="${x.direction === "better" ? "better" : x.direction === "worse" ? "worse" : ""}">${mark(x)} ${escapeHtml(x.verdict)}</li>`,
    )
    .join("")}</ul>
${
  r.warnings.length
    ? `<h2>Read this first</h2><ul class="warnings">${r.warnings
        .map((w) => `<li class="${w.level}"><strong>${w.level}</strong>: ${escapeHtml(w.text)}</li>`)
        .join("")}</ul>`
    : ""
}
${r.outbound ? outboundSection(r.outbound) : ""}
<h2>Groups</h2>
<div class="charts"><figure>${c.groups}</figure>${c.retention ? `<figure>${c.retention}</figure>` : ""}</div>
${groupTable(r.groups)}
<h2>Gains</h2>
<div class="charts"><figure>${c.gains}</figure></div>
${r.gains.capacity ? `<p>${escapeHtml(r.gains.capacity.text)}</p>` : ""}
${driftAndReview(r, c.drift)}
<h2>Data</h2>
<p>Accounts: ${escapeHtml(r.inputs.accounts.file)}, ${num(r.inputs.accounts.rows)} read, ${r.inputs.accounts.rejected} rejected.
Deals: ${escapeHtml(d.file)}, ${num(d.rows)} read, ${d.rejected} rejected, ${num(d.linked)} linked to accounts (by id ${d.linkedBy.id}, domain ${d.linkedBy.domain}, name ${d.linkedBy.name}), ${num(d.unlinked)} not linked${
    d.unlinkedReasons.length
      ? ` (${escapeHtml(d.unlinkedReasons.map((u) => `${u.count} × ${u.reason}`).join("; "))})`
      : ""
  }.</p>
<p class="muted">Design: the account is the unit of inference — deals of one account are not independent, so deal metrics are tested by permuting whole accounts and bounded with cluster-robust intervals (Wilson on the effective sample size, t for means, Woodruff for medians; design effects in the JSON). Open deals older than ${r.design.maturityDays === null ? "— (no maturity window)" : `${r.design.maturityDays} days (${escapeHtml(r.design.maturityFrom)})`} count as lost. Retention follows the trailing-twelve-month cohort convention (NRR and GRR over the accounts paying 12 months before as-of). In-vs-out p-values are adjusted together (Benjamini–Hochberg); a difference is material at q &lt; 0.05 and an effect of at least 10%. Every resampling uses seed ${r.design.seed}. Definitions: docs/validation.md.</p>
`;
  return page(`ICP validation — ${r.profile.name}`, body);
}

function criterionInWords(c: Criterion): string {
  const t = c.test;
  const list = (xs: readonly string[]) => xs.join(", ");
  const f = c.field.name;
  switch (t.op) {
    case "in":
      return `${f} is one of ${list(t.values)}`;
    case "not_in":
      return `${f} is none of ${list(t.values)}`;
    case "range":
      return t.min !== undefined && t.max !== undefined
        ? `${f} between ${num(t.min)} and ${num(t.max)}`
        : t.min !== undefined
          ? `${f} at least ${num(t.min)}`
          : `${f} at most ${num(t.max)}`;
    case "any":
      return `${f} includes any of ${list(t.values)}`;
    case "all":
      return `${f} includes all of ${list(t.values)}`;
    case "none":
      return `${f} includes none of ${list(t.values)}`;
    case "contains":
      return `${f} mentions ${list(t.keywords)}`;
    case "matches":
      return `${f} matches /${t.pattern}/`;
    case "is":
      return `${f} is ${t.value ? "true" : "false"}`;
    case "within": {
      const span = [
        t.years ? `${t.years} years` : "",
        t.months ? `${t.months} months` : "",
        t.days ? `${t.days} days` : "",
      ]
        .filter(Boolean)
        .join(" ");
      return `${f} within the last ${span}`;
    }
  }
}

/** The one-page ICP document: the profile in words, its evidence and its validation. */
export async function renderIcpDocument(p: Profile, r: ValidationReport): Promise<string> {
  const c = await charts(r);
  const req = p.criteria.filter((x) => x.role === "require");
  const exc = p.criteria.filter((x) => x.role === "exclude");
  const sig = p.criteria
    .filter((x) => x.role === "signal" && x.weight > 0)
    .sort((a, b) => b.weight - a.weight);
  const neg = p.criteria.filter((x) => x.role === "signal" && x.weight < 0);
  const li = (x: Criterion, extra = "") =>
    `<li><strong>${escapeHtml(x.label)}</strong> <span class="muted">(${escapeHtml(criterionInWords(x))}${extra})</span></li>`;
  const inG = r.groups.find((g) => g.group === "in ICP");
  const outG = r.groups.find((g) => g.group === "out of ICP");
  const body = `
<h1>Ideal Customer Profile: ${escapeHtml(p.name)}</h1>
<p class="muted">Version ${escapeHtml(p.version)} · ${escapeHtml(p.hash)}${p.owner ? ` · owner ${escapeHtml(p.owner)}` : ""} · validated as of ${escapeHtml(r.asOf)}</p>
${p.description ? `<p>${escapeHtml(p.description)}</p>` : ""}
<h2>Who we sell to</h2>
${req.length ? `<p>Every account must meet:</p><ul>${req.map((x) => li(x)).join("")}</ul>` : ""}
${sig.length ? `<p>Signals of fit, strongest first:</p><ul>${sig.map((x) => li(x, `, +${x.weight}`)).join("")}</ul>` : ""}
<h2>Who we do not sell to</h2>
${exc.length || neg.length ? `<ul>${exc.map((x) => li(x, ", excluded")).join("")}${neg.map((x) => li(x, `, ${x.weight}`)).join("")}</ul>` : "<p>No negative ICP defined.</p>"}
${p.tiers.length ? `<p>Tiers: ${escapeHtml(p.tiers.map((t) => `${t.name}${t.minScore !== undefined ? ` (score ≥ ${t.minScore})` : ""}${t.route ? ` → ${t.route}` : ""}`).join(" · "))}</p>` : ""}
${p.personas.length ? `<h2>Who decides</h2><ul>${p.personas.map((x) => `<li><strong>${escapeHtml(x.name)}</strong> <span class="muted">(${escapeHtml([x.role.replace("_", " "), ...x.functions, ...x.seniorities].join(", "))})</span></li>`).join("")}</ul>` : ""}
<h2>Does it win?</h2>
<div class="verdict ${statusClass(r.verdict.status)}"><strong>${escapeHtml(r.verdict.text)}</strong></div>
<ul class="cmp">${r.comparisons.map((x) => `<li>${mark(x)} ${escapeHtml(x.verdict)}</li>`).join("")}</ul>
<p class="muted">${num(inG?.winRate.n)} closed deals in ICP, ${num(outG?.winRate.n)} out, from ${escapeHtml(r.inputs.deals.file)}.</p>
<div class="charts"><figure>${c.groups}</figure><figure>${c.gains}</figure></div>
`;
  return page(`ICP — ${p.name}`, body);
}

/**
 * The discovery report as one offline HTML page: the finding (or the plain "no reliable signal"),
 * lift per segment with 95% intervals, the scorecard's gains on held-out data, the attributes
 * table and the draft criteria with their evidence.
 */
import type { DiscoverAnalysis, SegmentStats } from "../discover/discover.js";
import type { DraftCriterion } from "../discover/draft.js";
import type { ColumnDecision } from "../discover/examine.js";
import { type ScorecardValidation, validationLines } from "../discover/scorecard.js";
import { type Bar, barsWithIntervals, chartSvg, lines, type Series } from "./charts.js";
import { pct } from "./format.js";
import { escapeHtml, page } from "./validation-html.js";

export async function renderDiscoverHtml(
  a: DiscoverAnalysis,
  criteria: readonly DraftCriterion[],
  meta: {
    labels: string;
    sources: string;
    asOf: string;
    validation?: ScorecardValidation;
    /** Every column: examined as what, or set aside and why. */
    columns?: readonly ColumnDecision[];
  },
): Promise<string> {
  // the segments worth looking at: significant ones first, then the strongest by |WoE|, at most 24
  const segs: { attr: string; s: SegmentStats }[] = a.attributes.flatMap((x) =>
    x.segments.filter((s) => s.p !== null && s.n > 0).map((s) => ({ attr: x.field, s })),
  );
  segs.sort(
    (p, q) =>
      Number((q.s.q ?? 1) < 0.05) - Number((p.s.q ?? 1) < 0.05) || Math.abs(q.s.woe) - Math.abs(p.s.woe),
  );
  const bars: Bar[] = segs.slice(0, 24).map(({ attr, s }) => ({
    label: `${attr}: ${s.segment.label.length > 40 ? `${s.segment.label.slice(0, 39)}…` : s.segment.label} (n=${s.n})`,
    value: s.lift,
    lo: s.liftCi.lo,
    hi: s.liftCi.hi,
    colour: (s.q ?? 1) < 0.05 ? (s.lift > 1 ? "better" : "worse") : "not significant",
  }));
  const lift = bars.length
    ? await chartSvg(barsWithIntervals("Lift per segment over the base rate (95% CI)", bars, "lift", ".2f"))
    : "";
  let gains = "";
  const v = meta.validation;
  if (v && v.test.auc !== null) {
    const pts: Series[] = [{ x: 0, y: 0, series: "scorecard (held out)" }];
    let cum = 0;
    const pos = v.test.positives || 1;
    for (const d of v.test.deciles) {
      cum += d.observed * d.n;
      pts.push({ x: d.decile / 10, y: cum / pos, series: "scorecard (held out)" });
    }
    for (let k = 0; k <= 10; k++) pts.push({ x: k / 10, y: k / 10, series: "random order" });
    gains = await chartSvg(
      lines(
        "Gains on held-out data: share of the best in the top-scored",
        pts,
        { title: "top share by score", type: "quantitative", format: ".0%" },
        { title: "share of best captured", format: ".0%" },
      ),
    );
  }
  const finding = a.noSignal
    ? `<div class="verdict not-enough-data"><strong>${escapeHtml(a.noSignal.text)}</strong></div>`
    : `<div class="verdict validated"><strong>${escapeHtml(
        `Kept after adjusting for each other: ${a.kept.join(", ")}. ${criteria.length} draft criteria.`,
      )}</strong></div>`;
  const body = `
<h1>ICP discovery</h1>
<p class="muted">${escapeHtml(meta.sources)} · as of ${escapeHtml(meta.asOf)}</p>
<p>${escapeHtml(meta.labels)}: ${a.best.toLocaleString("en-US")} best of ${a.n.toLocaleString("en-US")} labelled (${pct(a.baseRate)})${
    a.dispersion > 1.05 ? `; examples clustered by account (dispersion ${a.dispersion.toFixed(2)})` : ""
  }.</p>
${finding}
${a.warnings.map((w) => `<p class="worse">⚠ ${escapeHtml(w)}</p>`).join("")}
<h2>Draft criteria</h2>
${
  criteria.length
    ? `<table><thead><tr><th>criterion</th><th>weight</th><th>evidence</th></tr></thead><tbody>${criteria
        .map(
          (c) =>
            `<tr><td>${escapeHtml(c.label)}</td><td>${c.role === "exclude" ? "exclude" : escapeHtml(String(c.weight))}</td><td style="text-align:left">${escapeHtml(c.comment)}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : "<p>None: the data does not support any.</p>"
}
<h2>Segments</h2>
<div class="charts"><figure>${lift}</figure>${gains ? `<figure>${gains}</figure>` : ""}</div>
${v ? `<p>Scorecard. ${validationLines(v).map(escapeHtml).join(" ")}</p>` : ""}
<h2>Attributes</h2>
<table><thead><tr><th>attribute</th><th>column</th><th>kind</th><th>IV</th><th>AUC alone</th><th>screened</th><th>kept</th><th>LRT p</th><th>note</th></tr></thead><tbody>${[
    ...a.attributes,
  ]
    .sort((p, q) => q.iv - p.iv)
    .map(
      (x) =>
        `<tr><td>${escapeHtml(x.field)}</td><td>${escapeHtml(x.column)}</td><td>${x.kind}</td><td>${x.iv.toFixed(3)}</td><td>${Number.isFinite(x.auc) ? x.auc.toFixed(2) : "—"}</td><td>${x.screened ? "yes" : "no"}</td><td>${x.kept ? "yes" : "no"}</td><td>${x.lrtP === null ? "—" : x.lrtP < 0.001 ? "&lt; 0.001" : x.lrtP.toFixed(3)}</td><td>${x.redundantWith ? `repeats ${escapeHtml(x.redundantWith)}` : ""}</td></tr>`,
    )
    .join("")}</tbody></table>
${
  a.leakage?.length
    ? `<h2>Leakage suspects</h2><table><thead><tr><th>column</th><th>why</th><th>to leave it out</th></tr></thead><tbody>${a.leakage
        .map(
          (l) =>
            `<tr><td>${escapeHtml(l.column)}</td><td style="text-align:left">${escapeHtml(l.reason)}</td><td><code>${escapeHtml(l.suggestion)}</code></td></tr>`,
        )
        .join("")}</tbody></table>`
    : ""
}
${
  meta.columns?.length
    ? `<h2>Columns</h2><table><thead><tr><th>column</th><th>decision</th><th>read as missing</th></tr></thead><tbody>${meta.columns
        .map(
          (c) =>
            `<tr><td>${escapeHtml(c.column)}</td><td style="text-align:left">${escapeHtml(c.kind === null ? `set aside: ${c.reason}` : c.reason)}</td><td style="text-align:left">${escapeHtml(c.missing.map((m) => `${JSON.stringify(m.value)} × ${m.rows.toLocaleString("en-US")} (${m.why})`).join("; "))}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : ""
}
<p class="muted">Segments are compared with the rest by Fisher's exact test, all adjusted together (Benjamini–Hochberg, 5% FDR); screened attributes are then tested given each other (likelihood ratio, p &lt; 0.001). Definitions: docs/discover.md.</p>
`;
  return page("ICP discovery", body);
}

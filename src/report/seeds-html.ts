/** The HTML report of best customers against a universe: one offline page, no script. */
import type { SeedsAnalysis } from "../discover/seeds.js";
import { escapeHtml, page } from "./validation-html.js";

const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;

export function renderSeedsHtml(a: SeedsAnalysis, meta: { sources: string; asOf: string }): string {
  const rows = a.tests
    .filter((t) => t.testable)
    .slice(0, 200)
    .map(
      (t) =>
        `<tr class="${t.direction === "more among the best" ? "better" : t.direction === "less among the best" ? "worse" : ""}"><td>${escapeHtml(t.column)}</td><td>${escapeHtml(t.label)}</td><td>${t.seeds} / ${t.seedsKnown}</td><td>${pct(t.universeShare)}</td><td>${t.lift === null ? "∞" : `${t.lift.toFixed(1)}×`}</td><td>${Number.isFinite(t.liftCi.lo) ? `${t.liftCi.lo.toFixed(1)}–${Number.isFinite(t.liftCi.hi) ? t.liftCi.hi.toFixed(1) : "∞"}×` : "—"}</td><td>${t.q < 0.001 ? "&lt; 0.001" : t.q.toFixed(3)}</td></tr>`,
    )
    .join("");
  const body = `
<h1>Best customers against the universe</h1>
<p class="muted">${escapeHtml(meta.sources)} · as of ${escapeHtml(meta.asOf)}</p>
<div class="verdict"><strong>${escapeHtml(a.noSignal ?? a.coverage.text)}</strong></div>
${a.pattern ? `<p>${escapeHtml(a.pattern.text)}</p>` : ""}
${a.warnings.length ? `<ul class="warnings">${a.warnings.map((w) => `<li class="warning">${escapeHtml(w)}</li>`).join("")}</ul>` : ""}
<h2>Criteria of the draft</h2>
<ul class="cmp">${a.criteria.map((c) => `<li>${c.role === "require" ? "filter" : `weight ${c.weight}`}: ${escapeHtml(c.label)} — ${escapeHtml(c.evidence)}</li>`).join("")}</ul>
<h2>Every value tested</h2>
<table><thead><tr><th>column</th><th>value</th><th>best customers</th><th>universe</th><th>lift</th><th>95% CI</th><th>q</th></tr></thead><tbody>${rows}</tbody></table>
<p class="muted">${escapeHtml(a.design)}. ${a.supported.map(escapeHtml).join(" ")}</p>`;
  return page("Best customers against the universe", body);
}

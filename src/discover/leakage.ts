/**
 * Leakage suspects: columns that look recorded after (or because of) the outcome. A column that
 * leaks makes a discovery look brilliant on the data it was fitted on and useless on the next lead,
 * so each suspect is named with its reason and the `--exclude` that removes it. The rules:
 *
 * - too good alone: one attribute separates best from rest with AUC above 0.9;
 * - far ahead: one attribute with AUC ≥ 0.8 at least 0.15 above every other attribute (a call's
 *   duration, a stage-dependent field);
 * - too strong: information value above 0.5 — "suspicious" by the credit-scorecard convention
 *   (Siddiqi, Credit Risk Scorecards, 2006) — with AUC ≥ 0.75 alone;
 * - missing by outcome: the column is filled for (nearly) one class only — ≥ 90% of one and ≤ 10% of
 *   the other, or a filled/empty split that alone gives AUC ≥ 0.8 (a close date, a "lost reason");
 * - follows the row order: a number that tracks the examples' order (correlation ≥ 0.9), when the
 *   outcome rate also moves with the order — a timestamp or a sequence, not a trait;
 * - random vs time split: the scorecard's random-split AUC beats its time-split AUC by more than 0.1
 *   (reported by the validation, see scorecard.ts).
 */

import { isMissing, toNumber } from "../engine/values.js";
import type { ExampleColumns } from "./columns.js";
import type { AttributeStats } from "./discover.js";
import { type ColumnDecision, orderCorrelation } from "./examine.js";
import type { Label } from "./labels.js";

export interface LeakageSuspect {
  column: string;
  rule: "too-good" | "far-ahead" | "too-strong" | "missing-by-outcome" | "row-order";
  reason: string;
  /** What to pass to leave it out. */
  suggestion: string;
}

const exclude = (c: string) => `--exclude ${JSON.stringify(c)}`;

export function leakageSuspects(
  t: ExampleColumns,
  y: readonly Label[],
  columns: readonly ColumnDecision[],
  attributes: readonly AttributeStats[],
): LeakageSuspect[] {
  const out: LeakageSuspect[] = [];
  const seen = new Set<string>();
  const add = (s: LeakageSuspect) => {
    if (seen.has(s.column)) return;
    seen.add(s.column);
    out.push(s);
  };
  const byAuc = [...attributes].sort((a, b) => b.auc - a.auc);
  for (const a of byAuc) {
    if (a.auc > 0.9)
      add({
        column: a.column,
        rule: "too-good",
        reason: `alone separates best from rest with AUC ${a.auc.toFixed(2)}: too good to be true`,
        suggestion: exclude(a.column),
      });
  }
  const [first, second] = byAuc;
  if (first && first.auc >= 0.8 && first.auc - (second?.auc ?? 0.5) >= 0.15)
    add({
      column: first.column,
      rule: "far-ahead",
      reason: `AUC ${first.auc.toFixed(2)} alone, far ahead of every other attribute (next: ${second ? `${second.field} ${second.auc.toFixed(2)}` : "none"}); a value known only once the outcome is (a call's length, a stage's field)?`,
      suggestion: exclude(first.column),
    });
  // Siddiqi's convention for scorecard characteristics: information value above 0.5 is suspicious
  for (const a of byAuc)
    if (a.iv > 0.5 && a.auc >= 0.75)
      add({
        column: a.column,
        rule: "too-strong",
        reason: `information value ${a.iv.toFixed(2)} (above 0.5, "suspicious" by the scorecard convention) and AUC ${a.auc.toFixed(2)} alone: is it known before the outcome?`,
        suggestion: exclude(a.column),
      });
  let best = 0;
  let rest = 0;
  for (const v of y)
    if (v === 1) best++;
    else if (v === 0) rest++;
  if (best === 0 || rest === 0) return out;
  for (const d of columns) {
    if (d.forced === "exclude" || t.wide?.(d.column)) continue;
    let col: ReturnType<ExampleColumns["column"]>;
    try {
      col = t.column(d.column);
    } catch {
      continue;
    }
    const missing = col.values.map(
      (v) => isMissing(v) || d.placeholders.includes(String(v).trim().toLowerCase()),
    );
    let knownBest = 0;
    let knownRest = 0;
    for (let i = 0; i < col.codes.length; i++) {
      const v = y[i];
      if (v === null || v === undefined || missing[col.codes[i] as number]) continue;
      if (v) knownBest++;
      else knownRest++;
    }
    const fb = knownBest / best;
    const fr = knownRest / rest;
    // AUC of "filled" as a score: P(filled | best) vs P(filled | rest)
    const aucFilled = 0.5 + (fb - fr) / 2;
    if ((fb >= 0.9 && fr <= 0.1) || (fr >= 0.9 && fb <= 0.1) || Math.abs(aucFilled - 0.5) >= 0.3)
      add({
        column: d.column,
        rule: "missing-by-outcome",
        reason: `filled on ${(100 * fb).toFixed(0)}% of best and ${(100 * fr).toFixed(0)}% of rest examples: recorded because of the outcome?`,
        suggestion: exclude(d.column),
      });
  }
  // numbers that track the row order, when the outcome moves with the order too
  const order = orderCorrelation(y.map((v) => (v === null ? null : v)));
  if (order !== null && Math.abs(order) >= 0.1)
    for (const d of columns) {
      if (d.kind !== "number" || t.wide?.(d.column)) continue;
      const col = t.column(d.column);
      const nums = col.values.map((v) => toNumber(v));
      const r = orderCorrelation({
        length: col.codes.length,
        get: (i) => nums[col.codes[i] as number] ?? null,
      });
      if (r !== null && Math.abs(r) >= 0.9)
        add({
          column: d.column,
          rule: "row-order",
          reason: `follows the row order (correlation ${r.toFixed(2)}) while the best rate moves with the order too (${order.toFixed(2)}): a timestamp or sequence, not a trait of the account?`,
          suggestion: exclude(d.column),
        });
    }
  return out;
}

/**
 * The learned scorecard: the discovery model's log-odds per segment written as a profile (points
 * per bin, 20 points double the odds), so it scores through the same engines as any profile; and
 * its validation on data it never saw — a time-aware split (train on older outcomes, test on newer)
 * and 5-fold cross-validation, each refitting the whole discovery (binning, screening, selection)
 * on the training part only.
 */

import { Rng } from "../generate/random.js";
import { parseDerivedField } from "../profile/derived.js";
import { yamlFlowItem, yamlFlowList } from "../profile/yaml-text.js";
import { auc } from "../stats/auc.js";
import { type Attribute, buildAttributes } from "./attributes.js";
import type { ExampleColumns } from "./columns.js";
import { analyse, type DiscoverModel } from "./discover.js";
import type { Label, Labels } from "./labels.js";

/** Points that double the odds. */
export const PDO = 20;

/** The model's log-odds for a row (attribute look-ups resolved once, not per row). */
export function logOdds(attrs: readonly Attribute[], model: DiscoverModel): (row: number) => number {
  const byField = new Map(attrs.map((a) => [a.field, a]));
  const terms = model.features.map((f) => ({ attr: byField.get(f.field), segment: f.segment, beta: f.beta }));
  return (row) => {
    let z = model.intercept;
    for (const t of terms)
      if (t.attr?.cellSegments[t.attr.codes[row] as number]?.includes(t.segment)) z += t.beta;
    return z;
  };
}

export interface Decile {
  decile: number;
  n: number;
  observed: number;
  predicted: number;
  lift: number;
}

export interface HoldoutFigures {
  n: number;
  positives: number;
  auc: number;
  deciles: Decile[];
  /** Share of the positives in the top 10, 20, 30% by score. */
  capture: { top10: number; top20: number; top30: number };
}

export interface ScorecardValidation {
  split: "time" | "random";
  splitNote: string;
  test: HoldoutFigures;
  folds: number[];
  foldMean: number;
  foldSd: number;
}

function holdout(scores: readonly number[], y: readonly number[]): HoldoutFigures {
  const n = scores.length;
  const positives = y.reduce((s, v) => s + v, 0);
  const order = scores
    .map((_, i) => i)
    .sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  const base = n ? positives / n : 0;
  const deciles: Decile[] = [];
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * n) / 10);
    const to = Math.floor(((d + 1) * n) / 10);
    let obs = 0;
    let pred = 0;
    for (let k = from; k < to; k++) {
      const i = order[k] as number;
      obs += y[i] as number;
      pred += 1 / (1 + Math.exp(-(scores[i] as number)));
    }
    const m = to - from;
    deciles.push({
      decile: d + 1,
      n: m,
      observed: m ? obs / m : 0,
      predicted: m ? pred / m : 0,
      lift: m && base ? obs / m / base : 0,
    });
  }
  const cap = (share: number) => {
    const k = Math.round(share * n);
    let s = 0;
    for (let j = 0; j < k; j++) s += y[order[j] as number] as number;
    return positives ? s / positives : 0;
  };
  return {
    n,
    positives,
    auc: auc(scores, y),
    deciles,
    capture: { top10: cap(0.1), top20: cap(0.2), top30: cap(0.3) },
  };
}

export interface FitInput {
  table: ExampleColumns;
  labels: Labels;
  asOf: string;
  minSupport: number;
  exclude: ReadonlySet<string>;
}

/** Refit discovery on the rows `train` marks and return log-odds for every row. */
function fitOn(input: FitInput, train: (i: number) => boolean): (i: number) => number {
  const y: Label[] = input.labels.y.map((v, i) => (train(i) ? v : null));
  const attrs = buildAttributes(input.table, y, {
    asOf: input.asOf,
    minSupport: input.minSupport,
    exclude: input.exclude,
  });
  const a = analyse(attrs, y, input.labels.accountOf ? { clusters: input.labels.accountOf } : {});
  const model = a.model;
  if (!model) {
    const rate = a.n ? a.best / a.n : 0.5;
    const z = Math.log((rate + 1e-9) / (1 - rate + 1e-9));
    return () => z;
  }
  return logOdds(attrs, model);
}

export function validateScorecard(input: FitInput, seed = 1): ScorecardValidation {
  const labelled: number[] = [];
  input.labels.y.forEach((v, i) => {
    if (v !== null) labelled.push(i);
  });
  const dated = labelled.filter((i) => input.labels.when[i] != null);
  let split: "time" | "random";
  let testSet: Set<number>;
  let splitNote: string;
  if (dated.length >= 0.5 * labelled.length && dated.length >= 50) {
    const sorted = [...dated].sort(
      (a, b) => ((input.labels.when[a] as string) < (input.labels.when[b] as string) ? -1 : 1) || a - b,
    );
    const cut = Math.floor(0.7 * sorted.length);
    testSet = new Set(sorted.slice(cut));
    split = "time";
    splitNote = `trained on the ${cut.toLocaleString("en-US")} oldest outcomes (to ${input.labels.when[sorted[cut - 1] as number]}), tested on the ${(sorted.length - cut).toLocaleString("en-US")} newest`;
  } else {
    const rng = new Rng(seed);
    testSet = new Set(labelled.filter(() => rng.next() < 0.3));
    split = "random";
    splitNote = `no dates on most outcomes: a seeded random 70/30 split (${testSet.size.toLocaleString("en-US")} tested)`;
  }
  const score = fitOn(input, (i) => !testSet.has(i));
  const tIdx = [...testSet].sort((a, b) => a - b);
  const test = holdout(
    tIdx.map(score),
    tIdx.map((i) => (input.labels.y[i] ? 1 : 0)),
  );
  // 5-fold cross-validation (seeded folds)
  const rng = new Rng(seed + 7);
  const fold = new Map<number, number>();
  for (const i of labelled) fold.set(i, Math.floor(rng.next() * 5));
  const folds: number[] = [];
  for (let k = 0; k < 5; k++) {
    const f = fitOn(input, (i) => fold.get(i) !== k);
    const idx = labelled.filter((i) => fold.get(i) === k);
    folds.push(
      auc(
        idx.map(f),
        idx.map((i) => (input.labels.y[i] ? 1 : 0)),
      ),
    );
  }
  const mean = folds.reduce((s, x) => s + x, 0) / folds.length;
  const sd = Math.sqrt(folds.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, folds.length - 1));
  return { split, splitNote, test, folds, foldMean: mean, foldSd: sd };
}

/** The scorecard as a profile: one criterion per segment with points (log-odds × 20 / ln 2). */
export function scorecardYaml(
  attrs: readonly Attribute[],
  model: DiscoverModel,
  meta: { name: string; sources: string; asOf: string; validation?: ScorecardValidation },
): string {
  const byField = new Map(attrs.map((a) => [a.field, a]));
  const lines: string[] = [];
  lines.push(
    `# Learned scorecard (regularised logistic regression over binned attributes) from ${meta.sources}, as of ${meta.asOf}.`,
  );
  lines.push(
    `# Points: ${PDO} points double the odds of a best account. Unknown values add nothing (min_coverage 0).`,
  );
  const v = meta.validation;
  if (v)
    lines.push(
      `# Validation (${v.split} split: ${v.splitNote}): test AUC ${v.test.auc.toFixed(3)}; top 10/20/30% capture ${(100 * v.test.capture.top10).toFixed(0)}/${(100 * v.test.capture.top20).toFixed(0)}/${(100 * v.test.capture.top30).toFixed(0)}% of the best; 5-fold AUC ${v.foldMean.toFixed(3)} ± ${v.foldSd.toFixed(3)}.`,
    );
  lines.push("icp: 1");
  lines.push(`name: ${JSON.stringify(`${meta.name} scorecard`)}`);
  lines.push("version: 0.1.0");
  lines.push("min_coverage: 0%");
  const custom = [...new Set(model.features.map((f) => f.field))]
    .map((f) => byField.get(f) as Attribute)
    .filter((a) => !a.standard && !parseDerivedField(a.field)?.ok);
  if (custom.length) {
    lines.push("fields:");
    for (const a of custom)
      lines.push(`  ${a.field}: { type: ${a.kind}, column: ${JSON.stringify(a.column)}, normalize: none }`);
  }
  const crit: string[] = [];
  for (const f of model.features) {
    const a = byField.get(f.field) as Attribute;
    const seg = a.segments[f.segment];
    const points = Math.round(((f.beta * PDO) / Math.LN2) * 10) / 10;
    if (!seg || seg.kind === "missing" || points === 0) continue;
    const name = a.field.replace(/_/g, " ");
    let test: string;
    if (seg.kind === "range")
      test = `range: { ${[seg.min !== undefined ? `min: ${seg.min}` : "", seg.max !== undefined ? `below: ${seg.max}` : ""].filter(Boolean).join(", ")} }`;
    else if (seg.kind === "item") test = `any: ${yamlFlowList([seg.label])}`;
    else if (seg.kind === "other") {
      const named = a.segments.filter((s) => s.kind === "value").flatMap((s) => s.values ?? []);
      test = `not_in: ${yamlFlowList(named)}`;
    } else test = `in: ${yamlFlowList(seg.values ?? [])}`;
    crit.push(`  - label: ${yamlFlowItem(`${name}: ${seg.label}`)}`);
    crit.push(`    field: ${a.field}`);
    crit.push(`    ${test}`);
    crit.push(`    weight: ${points}`);
  }
  if (crit.length === 0) lines.push("criteria: []");
  else lines.push("criteria:", ...crit);
  return `${lines.join("\n")}\n`;
}

/**
 * The learned scorecard: a regularised logistic regression over the binned attributes, written as a
 * profile whose score is an increasing linear function of the model's log-odds on every row, and
 * validated as written.
 *
 * The file is the model. Every segment the model gives points to is written — unknown values
 * included: within an attribute exactly one segment applies to a row (lists: each item is present or
 * not), so the points of the "unknown" segment are subtracted from the attribute's other segments
 * and every criterion says `missing: fail`. An unknown value then fails every criterion of its
 * attribute and gets that attribute's (shifted) 0 points, which is what the model gives it, and no
 * criterion is ever unknown, so no row is rescaled over a different set of signals: the 0–100 score
 * is `a + b × log-odds` with the same a and b for every row.
 *
 * Validation refits the whole discovery on the training part only — exactly as a run on that part
 * alone would (same examination, minimum support, binning, screening) — writes that model as this
 * file is written, and scores the held-out rows with the written profile through the engine. The
 * printed held-out figures are those of a file, not of an idealised model.
 */

import { compileJs } from "../engine/compile-js.js";
import type { RawValue } from "../engine/values.js";
import { Rng } from "../generate/random.js";
import { lower } from "../ir/lower.js";
import { checkProfileText } from "../profile/check.js";
import { parseDerivedField } from "../profile/derived.js";
import { yamlFlowItem, yamlFlowList } from "../profile/yaml-text.js";
import { auc, aucInterval } from "../stats/auc.js";
import { fitLogistic, type Pattern } from "../stats/logistic.js";
import type { Attribute } from "./attributes.js";
import type { CodedColumn, ExampleColumns } from "./columns.js";
import { type Provenance, provenanceYaml } from "./draft.js";
import type { Label } from "./labels.js";

/** Points that double the odds. */
export const PDO = 20;
/** The scorecard's ridge penalty (on the sum of the log-likelihood, as scikit-learn's C = 1). */
const SCORECARD_LAMBDA = 1;
/** Above this many labelled examples, the scorecard is fitted on a seeded sample of this many. */
const SCORECARD_SAMPLE = 200_000;

/** The fitted scorecard: per attribute, points per segment (the unknown segment at 0). */
export interface ScorecardModel {
  /** Log-odds of a row with 0 points. */
  intercept: number;
  attributes: { field: string; points: number[] }[];
}

/**
 * Fit the scorecard over these attributes: every segment a 0/1 feature (the largest known segment of
 * each single-valued attribute the reference), ridge-penalised; then per attribute the points of its
 * unknown segment subtracted from the others (the intercept absorbs it).
 */
export function fitScorecard(attrs: readonly Attribute[], y: readonly Label[]): ScorecardModel | null {
  const use = attrs.filter((a) => a.segments.length > 1);
  if (use.length === 0) return null;
  const featureOf: Int32Array[] = [];
  let nf = 0;
  for (const a of use) {
    let ref = -1;
    if (a.kind !== "list") {
      const seen = new Float64Array(a.segments.length);
      a.cellSegments.forEach((segs, c) => {
        for (const s of segs) seen[s] = (seen[s] as number) + (a.cellN[c] as number);
      });
      let bestN = -1;
      a.segments.forEach((s, k) => {
        if (s.kind !== "missing" && (seen[k] as number) > bestN) {
          bestN = seen[k] as number;
          ref = k;
        }
      });
    }
    const map = new Int32Array(a.segments.length).fill(-1);
    a.segments.forEach((_, k) => {
      if (k !== ref) map[k] = nf++;
    });
    featureOf.push(map);
  }
  const rows: number[] = [];
  y.forEach((v, i) => {
    if (v !== null && v !== undefined) rows.push(i);
  });
  let sample = rows;
  if (rows.length > SCORECARD_SAMPLE) {
    const rng = new Rng(20261207);
    const a = rows.slice();
    for (let i = 0; i < SCORECARD_SAMPLE; i++) {
      const j = i + Math.floor(rng.next() * (a.length - i));
      [a[i], a[j]] = [a[j] as number, a[i] as number];
    }
    sample = a.slice(0, SCORECARD_SAMPLE).sort((x, z) => x - z);
  }
  // rows pooled by their features
  const pool = new Map<string, Pattern>();
  for (const i of sample) {
    const f: number[] = [];
    use.forEach((a, t) => {
      const map = featureOf[t] as Int32Array;
      for (const s of a.cellSegments[a.codes[i] as number] ?? []) {
        const j = map[s] as number;
        if (j >= 0) f.push(j);
      }
    });
    const key = f.join(",");
    let p = pool.get(key);
    if (!p) {
      p = { features: Int32Array.from(f.sort((x, z) => x - z)), n: 0, successes: 0 };
      pool.set(key, p);
    }
    p.n++;
    p.successes += y[i] ? 1 : 0;
  }
  const fit = fitLogistic([...pool.values()], nf, { lambda: SCORECARD_LAMBDA });
  let intercept = fit.intercept;
  const out: ScorecardModel["attributes"] = use.map((a, t) => {
    const map = featureOf[t] as Int32Array;
    const beta = a.segments.map((_, k) => {
      const j = map[k] as number;
      return j >= 0 ? (fit.beta[j] ?? 0) : 0;
    });
    const m = a.segments.findIndex((s) => s.kind === "missing");
    const shift = m >= 0 ? (beta[m] as number) : 0;
    intercept += shift;
    return {
      field: a.field,
      points: beta.map((b, k) => (k === m ? 0 : round2(((b - shift) * PDO) / Math.LN2))),
    };
  });
  return { intercept, attributes: out };
}

const round2 = (x: number) => {
  const r = Math.round(x * 100) / 100;
  return r === 0 ? 0 : r;
};

/** The tiers a scorecard writes: shares of the training examples, best scores first. */
const TIER_SHARES: readonly { name: string; top: number }[] = [
  { name: "A", top: 0.1 },
  { name: "B", top: 0.3 },
  { name: "C", top: 0.6 },
];

export interface ScorecardTier {
  name: string;
  minScore?: number;
  /** Training examples in the tier, best among them. */
  n: number;
  best: number;
}

/** The scorecard's criteria (YAML lines) and custom field declarations. */
function criteriaLines(
  attrs: readonly Attribute[],
  model: ScorecardModel,
): { fields: string[]; crit: string[] } {
  const byField = new Map(attrs.map((a) => [a.field, a]));
  const fields: string[] = [];
  const crit: string[] = [];
  for (const m of model.attributes) {
    const a = byField.get(m.field) as Attribute;
    let any = false;
    a.segments.forEach((seg, k) => {
      const points = m.points[k] ?? 0;
      if (seg.kind === "missing" || points === 0) return;
      any = true;
      const name = a.field.replace(/_/g, " ");
      let test: string;
      if (seg.kind === "range") {
        // a sentinel (999 for "never") is missing: the open end of the bin stops before it
        const max =
          seg.max ??
          (a.sentinel !== undefined && a.sentinel > (seg.min ?? -Infinity) ? a.sentinel : undefined);
        const above = seg.min === undefined && a.sentinel !== undefined && a.sentinel < (seg.max ?? Infinity);
        test = `range: { ${[
          seg.min !== undefined ? `min: ${seg.min}` : above ? `above: ${a.sentinel}` : "",
          max !== undefined ? `below: ${max}` : "",
        ]
          .filter(Boolean)
          .join(", ")} }`;
      } else if (seg.kind === "item") test = `any: ${yamlFlowList([seg.label])}`;
      else if (seg.kind === "other") {
        // other values: none of the named ones, and not a placeholder (those are unknown)
        const named = a.segments.filter((s) => s.kind === "value").flatMap((s) => s.values ?? []);
        test = `not_in: ${yamlFlowList([...named, ...a.placeholders.filter((p) => !named.includes(p))])}`;
      } else test = `in: ${yamlFlowList(seg.values ?? [])}`;
      crit.push(`  - label: ${yamlFlowItem(`${name}: ${seg.label}`)}`);
      crit.push(`    field: ${a.field}`);
      crit.push(`    ${test}`);
      crit.push(`    weight: ${points}`);
      crit.push("    missing: fail");
    });
    if (any && !a.standard && !parseDerivedField(a.field)?.ok)
      fields.push(`  ${a.field}: { type: ${a.kind}, column: ${JSON.stringify(a.column)}, normalize: none }`);
    else if (any && a.standard && a.normalize === null)
      fields.push(`  ${a.field}: { type: ${a.kind}, column: ${JSON.stringify(a.column)}, normalize: none }`);
  }
  return { fields, crit };
}

export interface ScorecardMeta {
  name: string;
  sources: string;
  asOf: string;
  validation?: ScorecardValidation;
  tiers?: readonly ScorecardTier[];
  provenance?: Provenance;
}

/** The scorecard as a profile. */
export function scorecardYaml(
  attrs: readonly Attribute[],
  model: ScorecardModel,
  meta: ScorecardMeta,
): string {
  const lines: string[] = [];
  lines.push(
    `# Learned scorecard (L2-regularised logistic regression over binned attributes) from ${meta.sources}, as of ${meta.asOf}.`,
  );
  lines.push(
    `# Points: ${PDO} points double the odds of a best account. Every criterion is known on every row ("missing: fail";`,
  );
  lines.push(
    "# an unknown value scores its attribute's 0 points), so the 0–100 score rises with the model's log-odds on every row.",
  );
  const v = meta.validation;
  if (v) for (const l of validationLines(v)) lines.push(`# ${l}`);
  const tiers = meta.tiers ?? [];
  if (tiers.length) {
    lines.push("# Tiers: cut at the training examples' scores (A: top 10%, B: next 20%, C: next 30%):");
    for (const t of tiers)
      lines.push(
        `#   ${t.name}: ${t.n.toLocaleString("en-US")} training examples, ${t.n ? ((100 * t.best) / t.n).toFixed(1) : "0.0"}% best`,
      );
  }
  lines.push("icp: 1");
  lines.push(`name: ${JSON.stringify(`${meta.name} scorecard`)}`);
  lines.push("version: 0.1.0");
  if (meta.provenance) lines.push(...provenanceYaml(meta.provenance));
  lines.push("min_coverage: 0%");
  const { fields, crit } = criteriaLines(attrs, model);
  if (fields.length) lines.push("fields:", ...fields);
  if (crit.length === 0) lines.push("criteria: []");
  else lines.push("criteria:", ...crit);
  if (tiers.length) {
    lines.push("tiers:");
    for (const t of tiers)
      lines.push(
        t.minScore === undefined
          ? `  - { name: ${t.name} }`
          : `  - { name: ${t.name}, min_score: ${t.minScore} }`,
      );
  }
  return `${lines.join("\n")}\n`;
}

/** The held-out figures in words (the file header, the terminal). */
export function validationLines(v: ScorecardValidation): string[] {
  const t = v.test;
  const head = `Validation (${v.split} split: ${v.splitNote})`;
  const aucText =
    t.auc === null
      ? `test AUC not computed: ${t.note}`
      : `test AUC ${t.auc.toFixed(3)} (95% CI ${t.aucLo?.toFixed(3)}–${t.aucHi?.toFixed(3)}, DeLong)`;
  const capture =
    t.auc === null
      ? ""
      : `; top 10/20/30% capture ${(100 * t.capture.top10).toFixed(0)}/${(100 * t.capture.top20).toFixed(0)}/${(100 * t.capture.top30).toFixed(0)}% of the best; top-10% lift ${t.lift10.toFixed(2)}×`;
  const folds =
    v.foldMean === null
      ? `${v.foldKind}: no figure (no model, or too few test outcomes, in every fold)`
      : `${v.foldKind} AUC ${v.foldMean.toFixed(3)} ± ${(v.foldSd ?? 0).toFixed(3)} over ${v.folds.filter((f) => f !== null).length} folds`;
  return [`${head}: ${aucText}${capture}.`, `${folds}.`];
}

/**
 * Score rows of `t` with a profile text through the compiled engine (every column read as written):
 * each row's score in tenths (-1 when not scored).
 */
export function scoreWith(text: string, t: ExampleColumns, rows: readonly number[], asOf: string): number[] {
  return scoreAndOdds(text, t, rows, asOf).tenths;
}

/**
 * The same, with each row's log-odds read back from its score: a scorecard's score is
 * `100 (raw − lo) / (hi − lo)` over every criterion, raw its points, and log-odds = intercept + raw × ln 2 / PDO.
 */
export function scoreAndOdds(
  text: string,
  t: ExampleColumns,
  rows: readonly number[],
  asOf: string,
  intercept = 0,
): { tenths: number[]; logOdds: number[] } {
  const res = checkProfileText(text);
  if (!res.profile)
    throw new Error(
      `internal error: a written scorecard does not check: ${res.diagnostics.map((d) => d.message).join("; ")}`,
    );
  const ir = lower(res.profile, { asOf, columns: t.columns });
  const scorer = compileJs(ir);
  const used = [...new Set(ir.criteria.map((c) => c.column).filter((c): c is string => c !== null))];
  const cols: [string, CodedColumn][] = used.map((c) => [c, t.column(c)]);
  let hi = 0;
  let lo = 0;
  for (const c of ir.criteria) {
    if (c.role !== "signal") continue;
    if (c.points > 0) hi += c.points;
    else lo += c.points;
  }
  const tenths = rows.map((i) => {
    const row: Record<string, RawValue> = {};
    for (const [name, col] of cols) row[name] = col.values[col.codes[i] as number] ?? null;
    const r = scorer.score(row);
    return r.tenths === null ? -1 : r.tenths;
  });
  const logOdds = tenths.map(
    (x) => intercept + ((lo + (Math.max(0, x) / 1000) * (hi - lo)) / 100) * (Math.LN2 / PDO),
  );
  return { tenths, logOdds };
}

/** Tier cut-offs at the training examples' score quantiles, with each tier's observed best rate. */
export function scorecardTiers(scores: readonly number[], y: readonly number[]): ScorecardTier[] {
  const order = scores
    .map((_, i) => i)
    .sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  const n = order.length;
  const tiers: ScorecardTier[] = [];
  let from = 0;
  for (const s of TIER_SHARES) {
    const k = Math.min(n, Math.ceil(s.top * n));
    if (k <= from) continue;
    // the score of the k-th example is the cut: every example at or above it is in this tier or a higher one
    const cut = scores[order[k - 1] as number] as number;
    let to = from;
    while (to < n && (scores[order[to] as number] as number) >= cut) to++;
    let best = 0;
    for (let j = from; j < to; j++) best += y[order[j] as number] as number;
    tiers.push({ name: s.name, minScore: cut / 10, n: to - from, best });
    from = to;
  }
  let best = 0;
  for (let j = from; j < n; j++) best += y[order[j] as number] as number;
  tiers.push({ name: "D", n: n - from, best });
  return tiers;
}

export interface Decile {
  decile: number;
  n: number;
  observed: number;
  /** Mean predicted probability (the model's, read back from the score). */
  predicted: number;
  lift: number;
}

export interface HoldoutFigures {
  n: number;
  positives: number;
  /** Null when the test part lacks best or rest outcomes (see note). */
  auc: number | null;
  aucLo: number | null;
  aucHi: number | null;
  note?: string;
  deciles: Decile[];
  /** Share of the positives in the top 10, 20, 30% by score. */
  capture: { top10: number; top20: number; top30: number };
  /** Best rate in the top 10% by score over the test part's best rate. */
  lift10: number;
}

export interface ScorecardValidation {
  split: "time" | "random";
  splitNote: string;
  test: HoldoutFigures;
  /** "time-ordered folds" (each trained on the blocks before it) or "5-fold cross-validation". */
  foldKind: string;
  /** AUC per fold; null where a fold lacked best or rest outcomes. */
  folds: (number | null)[];
  foldMean: number | null;
  foldSd: number | null;
  /** With a time split: the AUC a seeded random 70/30 split gives (far above the time split's: leakage or drift). */
  randomSplitAuc?: number | null;
}

export function holdout(
  scores: readonly number[],
  y: readonly number[],
  logOdds?: readonly number[],
): HoldoutFigures {
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
      obs += y[order[k] as number] as number;
      pred += logOdds ? 1 / (1 + Math.exp(-(logOdds[order[k] as number] as number))) : 0;
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
  const k10 = Math.round(0.1 * n);
  let top = 0;
  for (let j = 0; j < k10; j++) top += y[order[j] as number] as number;
  const ok = positives > 0 && positives < n;
  const ci = ok ? aucInterval(scores, y) : null;
  return {
    n,
    positives,
    auc: ok ? auc(scores, y) : null,
    aucLo: ci ? ci.lo : null,
    aucHi: ci ? ci.hi : null,
    ...(ok ? {} : { note: `too few test outcomes (${positives} best, ${n - positives} rest)` }),
    deciles,
    capture: { top10: cap(0.1), top20: cap(0.2), top30: cap(0.3) },
    lift10: k10 && base ? top / k10 / base : 0,
  };
}

/** What a scorecard fit on some examples needs: their columns and labels, and the fit itself. */
export interface ScorecardFitter {
  table: ExampleColumns;
  y: readonly Label[];
  /** When each outcome became known (null: unknown). */
  when: readonly (string | null)[];
  asOf: string;
  /** Fit the whole discovery on the examples `rows` (of `table`), as a run on them alone would: the profile text. */
  fit(rows: readonly number[]): { text: string; intercept: number } | null;
}

/**
 * Held-out validation of the scorecard as written. Time split when most outcomes have a date (train
 * on the oldest 70%, test on the newest 30%; folds then respect time: the dated examples in six
 * blocks, each of blocks 2–6 tested on a model fitted on the blocks before it); else a seeded
 * random 70/30 split and seeded 5-fold cross-validation.
 */
export function validateScorecard(f: ScorecardFitter, seed = 1): ScorecardValidation {
  const labelled: number[] = [];
  f.y.forEach((v, i) => {
    if (v !== null) labelled.push(i);
  });
  const dated = labelled.filter((i) => f.when[i] != null);
  const label = (i: number) => (f.y[i] ? 1 : 0);
  const evaluate = (train: number[], test: number[]): { tenths: number[]; logOdds: number[] } | null => {
    const m = f.fit(train);
    return m === null ? null : scoreAndOdds(m.text, f.table, test, f.asOf, m.intercept);
  };
  const aucOn = (train: number[], test: number[]): number | null => {
    const ys = test.map(label);
    const pos = ys.reduce((s: number, v) => s + v, 0);
    if (pos === 0 || pos === ys.length || train.length === 0) return null;
    // no attribute to give points to on this part: no model, no figure
    const s = evaluate(train, test);
    return s === null ? null : auc(s.tenths, ys);
  };
  let split: "time" | "random";
  let train: number[];
  let test: number[];
  let splitNote: string;
  const folds: (number | null)[] = [];
  let foldKind: string;
  let randomSplitAuc: number | null | undefined;
  if (dated.length >= 0.5 * labelled.length && dated.length >= 50) {
    const sorted = [...dated].sort((a, b) =>
      (f.when[a] as string) < (f.when[b] as string)
        ? -1
        : (f.when[a] as string) > (f.when[b] as string)
          ? 1
          : a - b,
    );
    const cut = Math.floor(0.7 * sorted.length);
    train = sorted.slice(0, cut).sort((a, b) => a - b);
    test = sorted.slice(cut).sort((a, b) => a - b);
    split = "time";
    splitNote = `trained on the ${cut.toLocaleString("en-US")} oldest outcomes (to ${f.when[sorted[cut - 1] as number]}), tested on the ${(sorted.length - cut).toLocaleString("en-US")} newest`;
    foldKind = "time-ordered folds";
    const blocks = 6;
    const at = (k: number) => Math.floor((k * sorted.length) / blocks);
    const rng = new Rng(seed);
    const inTest = new Set(labelled.filter(() => rng.next() < 0.3));
    randomSplitAuc = aucOn(
      labelled.filter((i) => !inTest.has(i)),
      labelled.filter((i) => inTest.has(i)),
    );
    for (let k = 1; k < blocks; k++)
      folds.push(
        aucOn(
          sorted.slice(0, at(k)).sort((a, b) => a - b),
          sorted.slice(at(k), at(k + 1)).sort((a, b) => a - b),
        ),
      );
  } else {
    const rng = new Rng(seed);
    const inTest = new Set(labelled.filter(() => rng.next() < 0.3));
    train = labelled.filter((i) => !inTest.has(i));
    test = labelled.filter((i) => inTest.has(i));
    split = "random";
    splitNote = `no dates on most outcomes: a seeded random 70/30 split (${test.length.toLocaleString("en-US")} tested)`;
    foldKind = "5-fold cross-validation";
    const r2 = new Rng(seed + 7);
    const fold = new Map<number, number>();
    for (const i of labelled) fold.set(i, Math.floor(r2.next() * 5));
    for (let k = 0; k < 5; k++)
      folds.push(
        aucOn(
          labelled.filter((i) => fold.get(i) !== k),
          labelled.filter((i) => fold.get(i) === k),
        ),
      );
  }
  const ys = test.map(label);
  const scored = evaluate(train, test);
  const done = folds.filter((x): x is number => x !== null);
  const mean = done.length ? done.reduce((s, x) => s + x, 0) / done.length : null;
  const sd =
    mean !== null && done.length > 1
      ? Math.sqrt(done.reduce((s, x) => s + (x - mean) ** 2, 0) / (done.length - 1))
      : mean !== null
        ? 0
        : null;
  const figures = scored
    ? holdout(scored.tenths, ys, scored.logOdds)
    : {
        ...holdout(
          test.map(() => 0),
          ys,
        ),
        auc: null,
        aucLo: null,
        aucHi: null,
        note: "no attribute had a segment to give points to on the training part: there is no model to test",
      };
  return {
    split,
    splitNote,
    test: figures,
    foldKind,
    folds,
    foldMean: mean,
    foldSd: sd,
    ...(randomSplitAuc !== undefined ? { randomSplitAuc } : {}),
  };
}

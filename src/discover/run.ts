/**
 * One discovery run, from loaded tables to the analysis, the draft profile and (when asked) the
 * validated scorecard — the pipeline `icp discover` and the HTTP API's discovery jobs share.
 */

import type { RelatedTables } from "../data/derive.js";
import type { LoadedTable } from "../data/load.js";
import { InputError } from "../io/formats.js";
import type { Attribute } from "./attributes.js";
import { buildAttributes } from "./attributes.js";
import { columnsOfRows, type ExampleColumns, subsetColumns, withColumns } from "./columns.js";
import { type AttributeStats, analyse, type DiscoverAnalysis } from "./discover.js";
import { type DraftCriterion, draftCriteria, draftYaml, type Provenance } from "./draft.js";
import { type ColumnDecision, type ExamineOptions, NO_EXAMINE_OPTIONS } from "./examine.js";
import {
  dealExamples,
  type Label,
  type Labels,
  labelsFromColumn,
  labelsFromDeals,
  labelsFromSubscriptions,
  parseBest,
  parseWorst,
} from "./labels.js";
import { leakageSuspects } from "./leakage.js";
import { defaultResamples, resample, STABLE_SHARE, sameCriterion } from "./stability.js";

/** The bootstrap resamples' seed: the same data gives the same stability. */
const STABILITY_SEED = 20261207;

import {
  fitScorecard,
  type ScorecardFitter,
  type ScorecardValidation,
  scorecardTiers,
  scorecardYaml,
  scoreWith,
  validateScorecard,
} from "./scorecard.js";
import { triggerColumns } from "./triggers.js";

export interface DiscoveryInput {
  /**
   * The accounts, read into rows; or, for one table with an outcome column and no related tables,
   * read coded (columns-duckdb.ts).
   */
  accounts: LoadedTable | ExampleColumns;
  /** One table with an outcome column (`Converted`, `stage=Closed Won`). */
  outcome?: string;
  date?: string;
  deals?: LoadedTable;
  /** The deals table is the accounts table itself (its outcome columns are not attributes). */
  dealsAreAccounts?: boolean;
  subscriptions?: LoadedTable;
  best?: string;
  worst?: string;
  exclude?: readonly string[];
  /** --include / --exclude / --missing-value / --keep-value, decided per column from its values. */
  examine?: ExamineOptions;
  minSupport?: number;
  /** See SELECTION_SAMPLE (discover.ts). */
  selectionSample?: number;
  /** Bootstrap resamples for each criterion's stability (default: stability.ts defaultResamples; 0: none). */
  stability?: number;
  asOf: string;
  name: string;
  /** Where the data came from, for the draft's header. */
  sources: string;
  /** The files read and their SHA-256, written into the draft so validation can tell in-sample runs. */
  fingerprints?: readonly { file: string; sha256: string }[];
  /** Fit and validate the learned scorecard too. */
  scorecard?: boolean;
  /** Events and job postings: counts in the window before each example become attributes. */
  related?: RelatedTables;
  /** The trigger window in days (default 180). */
  eventWindowDays?: number;
  /** Told as each stage ends (for progress lines on long runs). */
  onStage?: (text: string) => void;
}

export interface DiscoveryResult {
  labels: Labels;
  minSupport: number;
  analysis: DiscoverAnalysis;
  /** Every column: examined as what, or set aside and why. */
  columns: ColumnDecision[];
  criteria: DraftCriterion[];
  /** The draft profile (YAML with evidence comments). */
  draft: string;
  validation?: ScorecardValidation;
  /** The learned scorecard as a profile, when one was fitted. */
  scorecard?: string;
}

export function runDiscovery(o: DiscoveryInput): DiscoveryResult {
  const { asOf } = o;
  const table = "rows" in o.accounts ? o.accounts : null;
  const coded = table ? columnsOfRows(table) : (o.accounts as ExampleColumns);
  /** The accounts as rows: linking deals, subscriptions and events to accounts needs them. */
  const accountRows = (): LoadedTable => {
    if (!table) throw new Error("internal error: deals, subscriptions and events need the accounts as rows");
    return table;
  };
  // the outcome's own columns are never attributes; the user's --exclude is reported per column
  const exclude = new Set<string>();
  const examineOpts: ExamineOptions = {
    ...(o.examine ?? NO_EXAMINE_OPTIONS),
    exclude: new Set([...(o.examine?.exclude ?? []), ...(o.exclude ?? [])]),
  };
  let labels: Labels;
  try {
    if (o.outcome) {
      labels = labelsFromColumn(coded, o.outcome, o.date, asOf);
      exclude.add(o.outcome.split("=")[0]?.trim() ?? "");
      if (o.date) exclude.add(o.date);
    } else if (o.deals) {
      const best = parseBest(o.best ?? "won");
      const worst = parseWorst(o.worst ?? "lost");
      labels =
        best.kind === "won" && worst.kind === "lost"
          ? dealExamples(accountRows(), o.deals, asOf)
          : labelsFromDeals(accountRows(), o.deals, best, worst, asOf);
      if (o.dealsAreAccounts)
        for (const m of o.deals.mapping)
          if (["stage", "amount", "closed", "created", "owner", "product"].includes(m.field))
            exclude.add(m.column);
    } else if (o.subscriptions) {
      labels = labelsFromSubscriptions(accountRows(), o.subscriptions, asOf);
    } else
      throw new InputError(
        "give an outcome column, deals or subscriptions to say which accounts are the best",
      );
  } catch (e) {
    if (e instanceof Error && /^(no outcome column|--best|--worst)/.test(e.message))
      throw new InputError(e.message);
    throw e;
  }
  if (labels.best === 0 || labels.rest === 0)
    throw new InputError(
      `${labels.description}: ${labels.best} best and ${labels.rest} rest — nothing to compare`,
      { hint: "choose another best/worst rule or outcome" },
    );
  const stage = o.onStage ?? (() => {});
  stage(
    `labelled ${(labels.best + labels.rest).toLocaleString("en-US")} examples: ${labels.best.toLocaleString("en-US")} best, ${labels.rest.toLocaleString("en-US")} rest`,
  );
  // the smallest segment examined: max(10, 1% of the labelled examples) unless the user says
  const supportOf = (labelled: number) => o.minSupport ?? Math.max(10, Math.ceil(0.01 * labelled));
  const minSupport = supportOf(labels.best + labels.rest);
  // deal-level examples read their account's attributes; their clusters are the accounts
  let anchorNote: string | null = null;
  let examples: ExampleColumns = labels.accountOf ? columnsOfRows(accountRows(), labels.accountOf) : coded;
  if ((o.related?.events?.length ?? 0) + (o.related?.jobs?.length ?? 0) > 0) {
    const accountOf = labels.accountOf;
    const anchor = triggerAnchor(labels, asOf);
    if (anchor.note) anchorNote = anchor.note;
    const t = triggerColumns(
      accountRows(),
      o.related ?? {},
      {
        n: examples.n,
        account: (i) => (accountOf ? (accountOf[i] ?? i) : i),
        ref: anchor.ref,
      },
      { asOf, windowDays: o.eventWindowDays ?? 180 },
    );
    examples = withColumns(examples, t.columns, (i, k) => t.values[i]?.[k] ?? "0");
  }
  const fit = (t: ExampleColumns, y: readonly Label[], clusters: Int32Array | undefined, support: number) => {
    const built = buildAttributes(t, y, { asOf, minSupport: support, exclude, examine: examineOpts });
    const analysis = analyse(built.attributes, y, {
      ...(clusters ? { clusters } : {}),
      ...(o.selectionSample !== undefined ? { selectionSample: o.selectionSample } : {}),
    });
    return { built, analysis };
  };
  const { built, analysis } = fit(examples, labels.y, labels.accountOf, minSupport);
  if (anchorNote) analysis.warnings.push(anchorNote);
  const attrs = built.attributes;
  const leakage = leakageSuspects(examples, labels.y, built.columns, analysis.attributes);
  analysis.leakage = leakage;
  for (const l of leakage)
    analysis.warnings.push(
      `leakage suspect: ${JSON.stringify(l.column)} ${l.reason} If it is recorded after the outcome, pass ${l.suggestion}.`,
    );
  stage(`${attrs.length} attributes examined (${built.columns.length - attrs.length} columns set aside)`);
  stage(
    `${analysis.attributes.filter((a) => a.screened).length} screened at 5% FDR, ${analysis.kept.length} kept given the others${analysis.selection ? ` (selected on a sample of ${analysis.selection.sample.toLocaleString("en-US")})` : ""}`,
  );
  const criteria = draftCriteria(analysis, { minSupport });
  // stability: the whole discovery on bootstrap resamples, each criterion's share of them
  const labelled = labels.best + labels.rest;
  const resamples = o.stability ?? defaultResamples(labelled);
  if (resamples > 0 && criteria.length > 0) {
    const found = criteria.map(() => 0);
    for (let b = 0; b < resamples; b++) {
      const r = resample(labels.y, labels.accountOf, STABILITY_SEED + b);
      const y = r.rows.map((i) => labels.y[i] ?? null);
      const again = fit(subsetColumns(examples, r.rows), y, r.clusters, supportOf(r.rows.length));
      const theirs = draftCriteria(again.analysis, { minSupport: supportOf(r.rows.length) });
      criteria.forEach((c, k) => {
        if (theirs.some((t) => sameCriterion(c, t))) found[k] = (found[k] as number) + 1;
      });
    }
    criteria.forEach((c, k) => {
      const selected = found[k] as number;
      c.stability = { selected, of: resamples, stable: selected >= STABLE_SHARE * resamples };
      c.comment += `; in ${selected} of ${resamples} bootstrap resamples${c.stability.stable ? "" : " — UNSTABLE"}`;
    });
    stage(`stability: ${resamples} bootstrap resamples${labels.accountOf ? " (by account)" : ""}`);
  } else if (criteria.length > 0 && resamples === 0 && o.stability === undefined)
    analysis.warnings.push(
      `stability not measured: ${labelled.toLocaleString("en-US")} labelled examples make each bootstrap refit long; pass --stability N to run N resamples`,
    );
  // Provenance: the files, and the latest outcome the examples hold (validate on later ones).
  let through: string | null = null;
  labels.y.forEach((v, i) => {
    const w = labels.when[i];
    if (v !== null && w != null && (through === null || w > through)) through = w;
  });
  const provenance: Provenance = {
    from: [...(o.fingerprints ?? [])],
    asOf,
    ...(through !== null ? { outcomesThrough: through } : {}),
    examples: labels.best + labels.rest,
  };
  const draft = draftYaml(analysis, criteria, {
    name: o.name,
    sources: o.sources,
    asOf,
    labels: labels.description,
    provenance,
  });
  const out: DiscoveryResult = { labels, minSupport, analysis, columns: built.columns, criteria, draft };
  if (o.scorecard) {
    const fitter: ScorecardFitter = {
      table: examples,
      y: labels.y,
      when: labels.when,
      asOf,
      fit(rows) {
        // the whole discovery on these examples alone, as a run on a file of them would do
        const sub = subsetColumns(examples, rows);
        const y = rows.map((i) => labels.y[i] ?? null);
        const clusters = labels.accountOf
          ? Int32Array.from(rows, (i) => labels.accountOf?.[i] ?? i)
          : undefined;
        const labelled = y.filter((v) => v !== null).length;
        const r = fit(sub, y, clusters, supportOf(labelled));
        const model = fitScorecard(scorecardAttributes(r.built.attributes, r.analysis), y);
        return model
          ? {
              text: scorecardYaml(r.built.attributes, model, { name: o.name, sources: o.sources, asOf }),
              intercept: model.intercept,
            }
          : null;
      },
    };
    const validation = validateScorecard(fitter);
    stage(`scorecard validated (${validation.split} split, ${validation.foldKind})`);
    if (
      validation.randomSplitAuc != null &&
      validation.test.auc !== null &&
      validation.randomSplitAuc - validation.test.auc > 0.1
    )
      analysis.warnings.push(
        `leakage or drift: the scorecard's AUC on a random split (${validation.randomSplitAuc.toFixed(3)}) is far above its AUC on newer outcomes (${validation.test.auc.toFixed(3)}): something known only after the outcome, or a pattern that no longer holds, inflates the random split; trust the time split`,
      );
    out.validation = validation;
    const model = fitScorecard(scorecardAttributes(attrs, analysis), labels.y);
    if (model) {
      const plain = scorecardYaml(attrs, model, { name: o.name, sources: o.sources, asOf });
      const rows: number[] = [];
      labels.y.forEach((v, i) => {
        if (v !== null) rows.push(i);
      });
      const tiers = scorecardTiers(
        scoreWith(plain, examples, rows, asOf),
        rows.map((i) => (labels.y[i] ? 1 : 0)),
      );
      out.scorecard = scorecardYaml(attrs, model, {
        name: o.name,
        sources: o.sources,
        asOf,
        validation,
        tiers,
        provenance,
      });
    }
  }
  return out;
}

/**
 * The attributes the scorecard is fitted over: every attribute with a segment that passed screening
 * (its evidence alone, adjusted over all segments) and that does not repeat a more informative one
 * (Cramér's V ≥ 0.7). The ridge penalty shrinks what adds little; attributes that say the same thing
 * twice are left to the stronger one, as in the draft, because two binned copies of one signal split
 * its points unstably and, when the data drifts, disagree (on the bank-marketing time split, keeping
 * the macro-economic copies of the month cost 0.06 AUC).
 */
export function scorecardAttributes(attrs: readonly Attribute[], a: DiscoverAnalysis): Attribute[] {
  const st = new Map<string, AttributeStats>(a.attributes.map((x) => [x.field, x]));
  return attrs.filter((x) => {
    const s = st.get(x.field);
    return s !== undefined && (s.kept || (s.screened && !s.redundantWith));
  });
}

/**
 * Where each example's trigger window ends, the same way for best and rest: the deal's start when
 * most examples of both classes have one, else the outcome date when most of both have one, else the
 * as-of date for every example. A date that only one class carries (an acquisition date on won
 * accounts) would make a window that differs by outcome, and a trigger out of that difference alone.
 */
export function triggerAnchor(labels: Labels, asOf: string): { ref: (i: number) => string; note?: string } {
  const covered = (dates: readonly (string | null)[] | undefined) => {
    if (!dates) return false;
    let best = 0;
    let rest = 0;
    let bestDated = 0;
    let restDated = 0;
    labels.y.forEach((v, i) => {
      if (v === null) return;
      const d = dates[i] != null;
      if (v) {
        best++;
        if (d) bestDated++;
      } else {
        rest++;
        if (d) restDated++;
      }
    });
    return { both: bestDated >= 0.5 * best && restDated >= 0.5 * rest, bestDated, restDated, best, rest };
  };
  const start = covered(labels.start);
  if (start !== false && start.both) return { ref: (i) => labels.start?.[i] ?? asOf };
  const when = covered(labels.when);
  if (when !== false && when.both) return { ref: (i) => labels.when[i] ?? asOf };
  const c = when || { bestDated: 0, restDated: 0, best: labels.best, rest: labels.rest };
  const note =
    c.bestDated + c.restDated > 0
      ? `trigger windows end at the as-of date ${asOf} for every example: outcome dates are on ${c.bestDated} of ${c.best} best and ${c.restDated} of ${c.rest} rest examples, and windows anchored on a date one class lacks would make triggers out of that difference alone`
      : undefined;
  return { ref: () => asOf, ...(note ? { note } : {}) };
}

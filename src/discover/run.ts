/**
 * One discovery run, from loaded tables to the analysis, the draft profile and (when asked) the
 * validated scorecard — the pipeline `icp discover` and the HTTP API's discovery jobs share.
 */

import type { RelatedTables } from "../data/derive.js";
import type { LoadedTable } from "../data/load.js";
import { InputError } from "../io/formats.js";
import { buildAttributes } from "./attributes.js";
import { columnsOfRows, type ExampleColumns, withColumns } from "./columns.js";
import { analyse, type DiscoverAnalysis } from "./discover.js";
import { type DraftCriterion, draftCriteria, draftYaml } from "./draft.js";
import {
  dealExamples,
  type Labels,
  labelsFromColumn,
  labelsFromDeals,
  labelsFromSubscriptions,
  parseBest,
  parseWorst,
} from "./labels.js";
import { type ScorecardValidation, scorecardYaml, validateScorecard } from "./scorecard.js";
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
  minSupport?: number;
  /** See SELECTION_SAMPLE (discover.ts). */
  selectionSample?: number;
  asOf: string;
  name: string;
  /** Where the data came from, for the draft's header. */
  sources: string;
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
  criteria: DraftCriterion[];
  /** The draft profile (YAML with evidence comments). */
  draft: string;
  validation?: ScorecardValidation;
  /** The learned scorecard as a profile, when one was fitted and a model was kept. */
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
  const exclude = new Set(o.exclude ?? []);
  // identifiers are not attributes
  for (const m of coded.mapping) if (m.field === "id" || m.field === "name") exclude.add(m.column);
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
  const minSupport = o.minSupport ?? Math.max(10, Math.ceil(0.01 * (labels.best + labels.rest)));
  // deal-level examples read their account's attributes; their clusters are the accounts
  let examples: ExampleColumns = labels.accountOf ? columnsOfRows(accountRows(), labels.accountOf) : coded;
  if ((o.related?.events?.length ?? 0) + (o.related?.jobs?.length ?? 0) > 0) {
    const accountOf = labels.accountOf;
    const t = triggerColumns(
      accountRows(),
      o.related ?? {},
      {
        n: examples.n,
        account: (i) => (accountOf ? (accountOf[i] ?? i) : i),
        ref: (i) => labels.start?.[i] ?? labels.when[i] ?? asOf,
      },
      { asOf, windowDays: o.eventWindowDays ?? 180 },
    );
    examples = withColumns(examples, t.columns, (i, k) => t.values[i]?.[k] ?? "0");
  }
  const attrs = buildAttributes(examples, labels.y, { asOf, minSupport, exclude });
  stage(`${attrs.length} attributes examined`);
  const analysis = analyse(attrs, labels.y, {
    ...(labels.accountOf ? { clusters: labels.accountOf } : {}),
    ...(o.selectionSample !== undefined ? { selectionSample: o.selectionSample } : {}),
  });
  stage(
    `${analysis.attributes.filter((a) => a.screened).length} screened at 5% FDR, ${analysis.kept.length} kept given the others${analysis.selection ? ` (selected on a sample of ${analysis.selection.sample.toLocaleString("en-US")})` : ""}`,
  );
  const criteria = draftCriteria(analysis, { minSupport });
  const draft = draftYaml(analysis, criteria, {
    name: o.name,
    sources: o.sources,
    asOf,
    labels: labels.description,
  });
  const out: DiscoveryResult = { labels, minSupport, analysis, criteria, draft };
  if (o.scorecard) {
    const validation = validateScorecard({ table: examples, labels, asOf, minSupport, exclude });
    stage("scorecard validated (time split and k-fold)");
    out.validation = validation;
    if (analysis.model)
      out.scorecard = scorecardYaml(attrs, analysis.model, {
        name: o.name,
        sources: o.sources,
        asOf,
        validation,
      });
  }
  return out;
}

/** `icp discover`: derive a draft ICP from the best accounts, with its evidence, or say there is none. */
import { writeFileSync } from "node:fs";
import { loadTable } from "../data/load.js";
import { buildAttributes } from "../discover/attributes.js";
import { analyse, type DiscoverAnalysis } from "../discover/discover.js";
import { type DraftCriterion, draftCriteria, draftYaml } from "../discover/draft.js";
import {
  dealExamples,
  type Labels,
  labelsFromColumn,
  labelsFromDeals,
  labelsFromSubscriptions,
  parseBest,
  parseWorst,
} from "../discover/labels.js";
import { type ScorecardValidation, scorecardYaml, validateScorecard } from "../discover/scorecard.js";
import { renderDiscoverHtml } from "../report/discover-html.js";
import { pct } from "../report/format.js";
import { fail, resolveAsOf } from "./io.js";

interface DiscoverOpts {
  accounts?: string;
  deals?: string;
  subscriptions?: string;
  outcome?: string;
  date?: string;
  best: string;
  worst: string;
  exclude?: string[];
  minSupport?: number;
  output?: string;
  scorecard?: string;
  report?: string;
  validateModel?: boolean;
  json?: boolean;
  name: string;
  asOf?: string;
}

export function renderDiscovery(
  a: DiscoverAnalysis,
  labels: Labels,
  criteria: readonly DraftCriterion[],
): string {
  const out: string[] = [];
  out.push(`${labels.description}`);
  out.push(
    `labelled: ${a.n.toLocaleString("en-US")} (${a.best.toLocaleString("en-US")} best, ${pct(a.baseRate)}); no outcome: ${labels.unlabelled.toLocaleString("en-US")}${a.dispersion > 1.05 ? `; clustered by account, dispersion ${a.dispersion.toFixed(2)}` : ""}`,
  );
  out.push("");
  out.push("attribute                 kind      IV     AUC   screened  kept   LRT p");
  for (const x of [...a.attributes].sort((p, q) => q.iv - p.iv))
    out.push(
      `${x.field.slice(0, 24).padEnd(24)}  ${x.kind.padEnd(8)}  ${x.iv.toFixed(3).padStart(5)}  ${x.auc.toFixed(2).padStart(5)}  ${(x.screened ? "yes" : "no").padEnd(8)}  ${(x.kept ? "yes" : "no").padEnd(5)}  ${x.lrtP === null ? "—" : x.lrtP < 0.001 ? "<0.001" : x.lrtP.toFixed(3)}`,
    );
  out.push("");
  if (a.noSignal) out.push(a.noSignal.text);
  else {
    out.push(`draft criteria (${criteria.length}):`);
    for (const c of criteria)
      out.push(
        `  ${c.role === "exclude" ? "exclude" : (c.weight ?? 0) > 0 ? `+${c.weight}` : String(c.weight)}  ${c.label}\n        ${c.comment}`,
      );
  }
  for (const w of a.warnings) out.push(`warning: ${w}`);
  return out.join("\n");
}

export async function commandDiscover(file: string | undefined, opts: DiscoverOpts): Promise<void> {
  const { asOf, note } = resolveAsOf(opts.asOf);
  const accountsFile = file ?? opts.accounts;
  if (!accountsFile)
    return fail("give a table with --outcome, or --accounts with --deals or --subscriptions");
  const accounts = await loadTable(accountsFile, { entity: "accounts" });
  let labels: Labels;
  const exclude = new Set(opts.exclude ?? []);
  // identifiers are not attributes
  for (const m of accounts.mapping) if (m.field === "id" || m.field === "name") exclude.add(m.column);
  try {
    if (opts.outcome) {
      labels = labelsFromColumn(accounts, opts.outcome, opts.date, asOf);
      exclude.add(opts.outcome.split("=")[0]?.trim() ?? "");
      if (opts.date) exclude.add(opts.date);
    } else if (opts.deals) {
      const deals = await loadTable(opts.deals, { entity: "deals" });
      const best = parseBest(opts.best);
      const worst = parseWorst(opts.worst);
      labels =
        best.kind === "won" && worst.kind === "lost"
          ? dealExamples(accounts, deals, asOf)
          : labelsFromDeals(accounts, deals, best, worst, asOf);
      // the deals file's own columns are outcomes, not attributes, when it is the accounts file too
      if (opts.deals === accountsFile)
        for (const m of deals.mapping)
          if (["stage", "amount", "closed", "created", "owner", "product"].includes(m.field))
            exclude.add(m.column);
    } else if (opts.subscriptions) {
      const subs = await loadTable(opts.subscriptions, { entity: "subscriptions" });
      labels = labelsFromSubscriptions(accounts, subs, asOf);
    } else return fail("give --outcome, --deals or --subscriptions to say which accounts are the best");
  } catch (e) {
    if (e instanceof Error && /^(no outcome column|--best|--worst)/.test(e.message)) return fail(e.message);
    throw e;
  }
  if (labels.best === 0 || labels.rest === 0)
    return fail(
      `${labels.description}: ${labels.best} best and ${labels.rest} rest — nothing to compare. Choose another --best/--worst rule or --outcome.`,
    );
  const minSupport = opts.minSupport ?? Math.max(10, Math.ceil(0.01 * (labels.best + labels.rest)));
  // deal-level examples read their account's attributes; their clusters are the accounts
  const examples = labels.accountOf
    ? { ...accounts, rows: Array.from(labels.accountOf, (a) => accounts.rows[a] ?? {}) }
    : accounts;
  const attrs = buildAttributes(examples, labels.y, { asOf, minSupport, exclude });
  const analysis = analyse(attrs, labels.y, labels.accountOf ? { clusters: labels.accountOf } : {});
  const criteria = draftCriteria(analysis, { minSupport });
  const sources = [accountsFile, opts.deals, opts.subscriptions]
    .filter((x, i, all) => x && all.indexOf(x) === i)
    .join(" + ");
  const yaml = draftYaml(analysis, criteria, { name: opts.name, sources, asOf, labels: labels.description });
  if (opts.output) writeFileSync(opts.output, yaml);
  let validation: ScorecardValidation | undefined;
  if (opts.scorecard || opts.validateModel || opts.report) {
    validation = validateScorecard({ table: examples, labels, asOf, minSupport, exclude });
    if (opts.scorecard && analysis.model)
      writeFileSync(
        opts.scorecard,
        scorecardYaml(attrs, analysis.model, { name: opts.name, sources, asOf, validation }),
      );
  }
  if (opts.report)
    writeFileSync(
      opts.report,
      await renderDiscoverHtml(analysis, criteria, {
        labels: labels.description,
        sources,
        asOf,
        ...(validation ? { validation } : {}),
      }),
    );
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ asOf, labels: { description: labels.description, best: labels.best, rest: labels.rest, unlabelled: labels.unlabelled }, minSupport, analysis, criteria, ...(validation ? { validation } : {}) }, null, 2)}\n`,
    );
    return;
  }
  process.stderr.write(`${note}\n`);
  process.stdout.write(`${renderDiscovery(analysis, labels, criteria)}\n`);
  if (validation) {
    const v = validation;
    process.stdout.write(
      `scorecard, ${v.split} split (${v.splitNote}): test AUC ${v.test.auc.toFixed(3)}; top 10/20/30% capture ${pct(v.test.capture.top10)} / ${pct(v.test.capture.top20)} / ${pct(v.test.capture.top30)} of the best; 5-fold AUC ${v.foldMean.toFixed(3)} ± ${v.foldSd.toFixed(3)}\n`,
    );
    process.stdout.write(
      `  lift by decile: ${v.test.deciles.map((d) => d.lift.toFixed(2)).join(" ")}\n  calibration (predicted → observed): ${v.test.deciles.map((d) => `${(100 * d.predicted).toFixed(0)}→${(100 * d.observed).toFixed(0)}%`).join(" ")}\n`,
    );
    if (opts.scorecard && !analysis.model)
      process.stdout.write("no scorecard written: no attribute was kept\n");
    else if (opts.scorecard) process.stdout.write(`scorecard written to ${opts.scorecard}\n`);
  }
  if (opts.output)
    process.stdout.write(
      `draft written to ${opts.output} (icp check ${opts.output}; icp score FILE -p ${opts.output})\n`,
    );
}

/** `icp discover`: derive a draft ICP from the best accounts, with its evidence, or say there is none. */

import { writeFileSync } from "node:fs";
import { loadRelated } from "../data/derive.js";
import { type Entity, mapEntityColumns } from "../data/entities.js";
import { type LoadedTable, loadTable } from "../data/load.js";
import { columnsToExamine } from "../discover/attributes.js";
import type { ExampleColumns } from "../discover/columns.js";
import { readColumns } from "../discover/columns-duckdb.js";
import type { DiscoverAnalysis } from "../discover/discover.js";
import type { DraftCriterion } from "../discover/draft.js";
import { type ColumnDecision, columnValues, type ExamineOptions } from "../discover/examine.js";
import type { Labels } from "../discover/labels.js";
import { type DiscoveryResult, runDiscovery } from "../discover/run.js";
import { validationLines } from "../discover/scorecard.js";
import { analyseSeeds, type SeedsAnalysis } from "../discover/seeds.js";
import { fingerprints } from "../io/fingerprint.js";
import { formatOf, InputError } from "../io/formats.js";
import type { Reject } from "../io/read.js";
import { pct } from "../report/format.js";
import { dealReadOptions, fail, resolveAsOf } from "./io.js";

interface DiscoverOpts {
  stageMap?: string[];
  fx?: string;
  seeds?: string;
  universe?: string;
  accounts?: string;
  deals?: string;
  subscriptions?: string;
  outcome?: string;
  date?: string;
  best: string;
  worst: string;
  exclude?: string[];
  include?: string[];
  missingValue?: string[];
  keepValue?: string[];
  minSupport?: number;
  selectionSample?: number;
  stability?: number;
  progress?: boolean;
  output?: string;
  scorecard?: string;
  report?: string;
  validateModel?: boolean;
  json?: boolean;
  name: string;
  asOf?: string;
  events?: string[];
  jobs?: string[];
  eventWindow: number;
}

/** One line per column: examined as what, or set aside and why; the values read as missing. */
export function renderColumns(columns: readonly ColumnDecision[]): string {
  const out: string[] = ["columns:"];
  const w = Math.min(28, Math.max(8, ...columns.map((c) => c.column.length)));
  for (const c of columns) {
    const name = c.column.length > w ? `${c.column.slice(0, w - 1)}…` : c.column.padEnd(w);
    out.push(`  ${name}  ${c.kind === null ? `set aside: ${c.reason}` : c.reason}`);
    for (const m of c.missing)
      out.push(
        `  ${"".padEnd(w)}    ${JSON.stringify(m.value)} on ${m.rows.toLocaleString("en-US")} rows read as missing (${m.why === "user" ? "--missing-value" : m.why === "sentinel" ? "a sentinel far outside the other values; --keep-value to keep it" : "a placeholder; --keep-value to keep it"})`,
      );
  }
  return out.join("\n");
}

export function renderDiscovery(
  a: DiscoverAnalysis,
  labels: Labels,
  criteria: readonly DraftCriterion[],
  columns: readonly ColumnDecision[] = [],
): string {
  const out: string[] = [];
  out.push(`${labels.description}`);
  out.push(
    `labelled: ${a.n.toLocaleString("en-US")} (${a.best.toLocaleString("en-US")} best, ${pct(a.baseRate)}); no outcome: ${labels.unlabelled.toLocaleString("en-US")}${a.dispersion > 1.05 ? `; clustered by account, dispersion ${a.dispersion.toFixed(2)}` : ""}`,
  );
  out.push("");
  if (columns.length) out.push(renderColumns(columns), "");
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

/** The columns of a header that map to the entity's fields. */
const mappedColumns = (entity: Entity, header: readonly string[]) =>
  mapEntityColumns(entity, header).map((m) => m.column);

export async function commandDiscover(file: string | undefined, opts: DiscoverOpts): Promise<void> {
  const { asOf, note } = resolveAsOf(opts.asOf);
  if (
    opts.selectionSample !== undefined &&
    !(Number.isInteger(opts.selectionSample) && opts.selectionSample >= 1000)
  )
    return fail(
      `--selection-sample: expected a whole number of at least 1000 examples, found ${opts.selectionSample}`,
    );
  if (opts.stability !== undefined && !(Number.isInteger(opts.stability) && opts.stability >= 0))
    return fail(`--stability: expected a whole number of resamples (0 to skip), found ${opts.stability}`);
  if (opts.seeds || opts.universe) return discoverSeeds(opts, asOf, note);
  const accountsFile = file ?? opts.accounts;
  if (!accountsFile)
    return fail("give a table with --outcome, or --accounts with --deals or --subscriptions");
  // Stage lines on stderr for long runs: at a terminal, or when asked.
  const started = performance.now();
  const say =
    opts.progress || process.stderr.isTTY
      ? (text: string) =>
          process.stderr.write(`discover: ${text} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`)
      : () => {};
  // One table with an outcome column is read coded by DuckDB (only the columns discovery can use);
  // joining deals, subscriptions or events to accounts needs the accounts as rows.
  const oneTable = Boolean(opts.outcome) && !opts.events && !opts.jobs && accountsFile !== "-";
  let accounts: LoadedTable | ExampleColumns;
  let rejects: Reject[];
  const exclude = new Set(opts.exclude ?? []);
  let examine: ExamineOptions;
  try {
    examine = {
      include: new Set(opts.include ?? []),
      exclude,
      missingValues: columnValues(opts.missingValue ?? [], "--missing-value"),
      keepValues: columnValues(opts.keepValue ?? [], "--keep-value"),
    };
  } catch (e) {
    if (e instanceof InputError) return fail(e.message);
    throw e;
  }
  try {
    if (oneTable) {
      const outcomeColumn = (opts.outcome ?? "").split("=")[0]?.trim() ?? "";
      const r = await readColumns(accountsFile, formatOf(accountsFile), "accounts", (columns) => [
        ...columnsToExamine(columns, exclude),
        outcomeColumn,
        ...(opts.date ? [opts.date] : []),
      ]);
      accounts = r.examples;
      rejects = r.rejects;
    } else {
      // rows keep what discovery and linking read (a wide table of a million rows is large)
      accounts = await loadTable(accountsFile, {
        entity: "accounts",
        keep: (header) => [
          ...columnsToExamine(header, exclude),
          ...mappedColumns("accounts", header),
          ...(opts.deals === accountsFile ? mappedColumns("deals", header) : []),
        ],
      });
      rejects = accounts.rejects;
    }
  } catch (e) {
    if (e instanceof InputError) return fail(e.message + (e.detail.hint ? `. ${e.detail.hint}` : ""));
    throw e;
  }
  const rowsRead = "rows" in accounts ? accounts.rows.length : accounts.n;
  say(`read ${rowsRead.toLocaleString("en-US")} rows from ${accountsFile}`);
  // nothing lost: the rows no reader could make sense of are counted and shown
  if (rejects.length) {
    const lines = [
      `${accountsFile}: ${(rowsRead + rejects.length).toLocaleString("en-US")} rows in = ${rowsRead.toLocaleString("en-US")} read + ${rejects.length.toLocaleString("en-US")} rejected`,
      ...rejects.slice(0, 5).map((j) => `  rejected line ${j.line}: ${j.reason}`),
      ...(rejects.length > 5
        ? [`  … ${rejects.length - 5} more (icp inspect ${accountsFile} --rejects FILE lists them)`]
        : []),
    ];
    process.stderr.write(`${lines.join("\n")}\n`);
  }
  // a table that is both the accounts and their deals is read once: the same rows, mapped as deals
  const deals =
    !opts.outcome && opts.deals
      ? opts.deals === accountsFile && "rows" in accounts
        ? {
            ...accounts,
            entity: "deals" as const,
            mapping: mapEntityColumns("deals", accounts.columns),
            dealRead: dealReadOptions(opts),
          }
        : await loadTable(opts.deals, {
            entity: "deals",
            keep: (header) => mappedColumns("deals", header),
            dealRead: dealReadOptions(opts),
          })
      : undefined;
  const subscriptions =
    !opts.outcome && !opts.deals && opts.subscriptions
      ? await loadTable(opts.subscriptions, {
          entity: "subscriptions",
          keep: (header) => mappedColumns("subscriptions", header),
        })
      : undefined;
  if (!opts.outcome && !deals && !subscriptions)
    return fail("give --outcome, --deals or --subscriptions to say which accounts are the best");
  const sources = [accountsFile, opts.deals, opts.subscriptions]
    .filter((x, i, all) => x && all.indexOf(x) === i)
    .join(" + ");
  let run: DiscoveryResult;
  try {
    run = runDiscovery({
      accounts,
      ...(opts.outcome ? { outcome: opts.outcome } : {}),
      ...(opts.date ? { date: opts.date } : {}),
      ...(deals ? { deals, dealsAreAccounts: opts.deals === accountsFile } : {}),
      ...(subscriptions ? { subscriptions } : {}),
      best: opts.best,
      worst: opts.worst,
      exclude: opts.exclude ?? [],
      examine,
      ...(opts.minSupport !== undefined ? { minSupport: opts.minSupport } : {}),
      ...(opts.selectionSample !== undefined ? { selectionSample: opts.selectionSample } : {}),
      ...(opts.stability !== undefined ? { stability: opts.stability } : {}),
      onStage: say,
      asOf,
      name: opts.name,
      sources,
      fingerprints: await fingerprints([accountsFile, opts.deals, opts.subscriptions]),
      scorecard: Boolean(opts.scorecard || opts.validateModel || opts.report),
      ...(opts.events || opts.jobs
        ? {
            related: await loadRelated({
              ...(opts.events ? { events: opts.events } : {}),
              ...(opts.jobs ? { jobs: opts.jobs } : {}),
            }),
            eventWindowDays: opts.eventWindow,
          }
        : {}),
    });
  } catch (e) {
    if (e instanceof InputError) return fail(e.message + (e.detail.hint ? `. ${e.detail.hint}` : ""));
    throw e;
  }
  const { labels, analysis, criteria, minSupport, validation } = run;
  if (opts.output) writeFileSync(opts.output, run.draft);
  if (opts.scorecard && run.scorecard) writeFileSync(opts.scorecard, run.scorecard);
  if (opts.report) {
    // the chart code (Vega) loads only when a report is asked for
    const { renderDiscoverHtml } = await import("../report/discover-html.js");
    writeFileSync(
      opts.report,
      await renderDiscoverHtml(analysis, criteria, {
        labels: labels.description,
        sources,
        asOf,
        columns: run.columns,
        ...(validation ? { validation } : {}),
      }),
    );
  }
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ asOf, labels: { description: labels.description, best: labels.best, rest: labels.rest, unlabelled: labels.unlabelled }, minSupport, columns: run.columns, analysis, criteria, ...(validation ? { validation } : {}) }, null, 2)}\n`,
    );
    return;
  }
  process.stderr.write(`${note}\n`);
  process.stdout.write(`${renderDiscovery(analysis, labels, criteria, run.columns)}\n`);
  if (validation) {
    const v = validation;
    process.stdout.write(`scorecard: ${validationLines(v).join(" ")}\n`);
    if (v.test.auc !== null)
      process.stdout.write(
        `  lift by decile: ${v.test.deciles.map((d) => d.lift.toFixed(2)).join(" ")}\n  calibration (predicted → observed): ${v.test.deciles.map((d) => `${(100 * d.predicted).toFixed(0)}→${(100 * d.observed).toFixed(0)}%`).join(" ")}\n`,
      );
    if (opts.scorecard && !run.scorecard)
      process.stdout.write("no scorecard written: no attribute has a segment to give points to\n");
    else if (opts.scorecard) process.stdout.write(`scorecard written to ${opts.scorecard}\n`);
  }
  if (opts.output)
    process.stdout.write(
      `draft written to ${opts.output} (icp check ${opts.output}; icp score FILE -p ${opts.output})\n`,
    );
}

/** `--seeds best.csv --universe companies.csv`: the best customers against the market they came from. */
async function discoverSeeds(opts: DiscoverOpts, asOf: string, note: string): Promise<void> {
  if (!opts.seeds || !opts.universe)
    return fail(
      "--seeds and --universe go together: the best customers, and the companies to compare them with",
    );
  if (opts.deals || opts.subscriptions || opts.outcome)
    return fail(
      "--seeds/--universe compare best customers with a universe; --deals, --subscriptions and --outcome are for won-vs-lost discovery",
    );
  let seeds: LoadedTable;
  let universe: LoadedTable;
  try {
    seeds = await loadTable(opts.seeds, { entity: "accounts" });
    universe = await loadTable(opts.universe, { entity: "accounts" });
  } catch (e) {
    if (e instanceof InputError) return fail(e.message + (e.detail.hint ? `. ${e.detail.hint}` : ""));
    throw e;
  }
  for (const [f, t] of [
    [opts.seeds, seeds],
    [opts.universe, universe],
  ] as const)
    if (t.rejects.length)
      process.stderr.write(
        `${f}: ${(t.rows.length + t.rejects.length).toLocaleString("en-US")} rows in = ${t.rows.length.toLocaleString("en-US")} read + ${t.rejects.length.toLocaleString("en-US")} rejected${t.rejects[0] ? ` (line ${t.rejects[0].line}: ${t.rejects[0].reason})` : ""}\n`,
      );
  let examine: ExamineOptions;
  try {
    examine = {
      include: new Set(opts.include ?? []),
      exclude: new Set(opts.exclude ?? []),
      missingValues: columnValues(opts.missingValue ?? [], "--missing-value"),
      keepValues: columnValues(opts.keepValue ?? [], "--keep-value"),
    };
  } catch (e) {
    if (e instanceof InputError) return fail(e.message);
    throw e;
  }
  const sources = `${opts.seeds} + ${opts.universe}`;
  const prints = await fingerprints([opts.seeds, opts.universe]);
  const r = analyseSeeds({
    seeds,
    universe,
    asOf,
    name: opts.name,
    sources,
    examine,
    exclude: opts.exclude ?? [],
    provenance: { from: prints, asOf, examples: 0 },
  });
  if (opts.output) writeFileSync(opts.output, r.draft);
  if (opts.report) {
    const { renderSeedsHtml } = await import("../report/seeds-html.js");
    writeFileSync(opts.report, renderSeedsHtml(r.analysis, { sources, asOf }));
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ asOf, ...r.analysis }, null, 2)}\n`);
    return;
  }
  process.stderr.write(`${note}\n`);
  process.stdout.write(`${renderSeeds(r.analysis)}\n`);
  if (!opts.output) process.stdout.write(`\n${r.draft}`);
}

export function renderSeeds(a: SeedsAnalysis): string {
  const out: string[] = [];
  const m = a.match;
  out.push(
    `best customers: ${m.rows} rows; ${m.byDomain + m.byName + m.byId} found in the universe (domain ${m.byDomain}, name ${m.byName}, id ${m.byId}), ${m.ownRows} profiled from their own rows, ${m.notFound.length} not found${m.duplicates ? `, ${m.duplicates} repeated` : ""}`,
  );
  out.push(`design: ${a.design}`);
  out.push("");
  const shown = a.tests.filter((t) => t.direction !== "no difference").slice(0, 25);
  if (shown.length) {
    out.push("what sets the best customers apart (q < 0.05):");
    for (const t of shown)
      out.push(
        `  ${t.direction === "more among the best" ? "▲" : "▼"} ${t.column}: ${t.label} — ${t.seeds} of ${t.seedsKnown} best vs ${pct(t.universeShare)} of the universe (lift ${t.lift === null ? "∞" : `${t.lift.toFixed(1)}×`}, q ${t.q < 0.001 ? "< 0.001" : `= ${t.q.toFixed(3)}`})`,
      );
  }
  if (a.noSignal) out.push(a.noSignal);
  if (a.pattern) out.push("", `pattern: ${a.pattern.text}`);
  out.push(`coverage: ${a.coverage.text}`);
  if (a.criteria.length) {
    out.push("criteria:");
    for (const c of a.criteria)
      out.push(
        `  ${c.role === "require" ? "filter" : `weight ${c.weight}`}: ${c.label} (best customers it misses: ${c.seedsFailing}; companies with it: ${c.universeKept.toLocaleString("en-US")})`,
      );
  }
  for (const s of a.supported) out.push(`note: ${s}`);
  for (const w of a.warnings) out.push(`warning: ${w}`);
  return out.join("\n");
}

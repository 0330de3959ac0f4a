#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ENTITIES } from "../data/entities.js";
import { ENCODINGS } from "../io/csv-dialect.js";
/** The `icp` command line. A face over the library: parsing arguments, printing, exit codes. */
import { packageFile } from "../package-root.js";
import { DIALECT_NAMES } from "../sql/dialect.js";
import { EXIT, handleError } from "./io.js";

/** The workspace file `icp serve` and `icp workspace` use when none is given. */
const DEFAULT_WORKSPACE = "icp-workspace.duckdb";

/**
 * A command's module is loaded when that command runs: start-up then costs only what the command
 * needs (loading every command's libraries — DuckDB, Vega, the Postgres client, the SQL parsers —
 * took about 0.6 s before `icp score` could start).
 */
const lazy =
  <A extends unknown[]>(load: () => Promise<(...args: A) => unknown>) =>
  async (...args: A): Promise<void> => {
    const command = await load();
    await command(...args);
  };

const pkg = JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as {
  version: string;
};

const program = new Command()
  .name("icp")
  .description("Ideal Customer Profile engine: check, score, tier and explain accounts against a profile.")
  .version(pkg.version)
  .showHelpAfterError()
  .exitOverride();

const encodingOption = () =>
  new Option("--encoding <name>", "CSV encoding (default: detected — UTF-8, BOM, else Windows-1252)").choices(
    [...ENCODINGS],
  );
const delimiterOption = () =>
  new Option("--delimiter <char>", "CSV delimiter (default: detected among , ; tab |)").choices([
    ",",
    ";",
    "tab",
    "|",
  ]);
const dayOrderOption = () =>
  new Option(
    "--day-order <order>",
    "how to read dates like 01/02/2024 (default: left unknown, reported)",
  ).choices(["dmy", "mdy"]);
const asOf = () => new Option("--as-of <date>", "score as of this ISO date (default: today, printed)");
const engine = () =>
  new Option(
    "--engine <engine>",
    "js (compiled, row at a time), interpreter (reference), duckdb (SQL, set at a time); default duckdb for files, js for stdin",
  ).choices(["js", "interpreter", "duckdb"]);

program
  .command("inspect")
  .description(
    "what a file holds: detected table and column mapping, rows read and rejected, and per column fill rate, distinct values, top values and unreadable values",
  )
  .argument("<file>", "CSV, Parquet, JSON or NDJSON file, or - for stdin (CSV)")
  .addOption(new Option("--entity <table>", "the table type (default: detected)").choices([...ENTITIES]))
  .option("--input-format <format>", "override the input format (csv, parquet, json, ndjson)")
  .addOption(encodingOption())
  .option("--sheet <name>", "the Excel sheet to read: its name or number (default: the first)")
  .addOption(delimiterOption())
  .addOption(dayOrderOption())
  .addOption(asOf())
  .option("--top <n>", "top values per column", (v) => Number.parseInt(v, 10))
  .option("--rejects <file>", "write unreadable records (line, reason, text) to this CSV")
  .option("--json", "the report as JSON")
  .action(lazy(() => import("./inspect.js").then((m) => m.commandInspect)));

/** Repeatable options collect into a list. */
const collect = (v: string, prev: string[] = []) => [...prev, v];
/** A whole number ≥ 0, or a usage error that says what was given. */
const wholeNumber = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`expected a whole number of 0 or more, found ${JSON.stringify(v)}`);
  return n;
};

program
  .command("score")
  .description("score a file of companies against one or more profiles; prints the funnel")
  .argument("[file]", "CSV, Parquet, JSON or NDJSON file, or - for stdin (CSV); omit with --db")
  .requiredOption(
    "-p, --profile <files...>",
    "profile YAML file(s); several → each row gets every result and the best match",
  )
  .option("--db <url>", "score inside PostgreSQL (postgres://user:password@host:port/database)")
  .option("--table <name>", "with --db: the table or view to score (table or schema.table)")
  .option(
    "--into <name>",
    "with --db: the table written (replaced in one transaction), stamped with the profile",
  )
  .option("--view", "with --db: write a view instead of a table")
  .option("--key <column>", "with --db: the column that orders rows (ties; required for capacity tiers)")
  .option(
    "--events <file>",
    "trigger events (account, type, date[, title]) for events.<type>.* and hiring.<function>.* fields (repeatable)",
    collect,
  )
  .option(
    "--jobs <file>",
    "job postings (account, title, date) for hiring.<function>.* fields (repeatable)",
    collect,
  )
  .option("--contacts <file>", "contacts (account or e-mail, title) for committee.* fields")
  .option("-o, --output <file>", "output file (.csv, .parquet, .json, .ndjson) or - for stdout", "-")
  .addOption(
    new Option(
      "--for <crm>",
      "write an import file for the CRM instead: its record id plus ICP score, tier, fit and reasons (docs/crm-import.md)",
    ).choices(["hubspot", "salesforce"]),
  )
  .option("--input-format <format>", "override the input format (csv, parquet, json, ndjson)")
  .option("--output-format <format>", "override the output format")
  .addOption(engine())
  .addOption(asOf())
  .option("--json", "print the run summary (funnel, missing fields) as JSON on stdout")
  .option("--progress", "show a progress bar on stderr even when it is not a terminal")
  .option("--threads <n>", "DuckDB threads", (v) => Number.parseInt(v, 10))
  .option("--memory-limit <size>", "DuckDB memory limit (default 1GB; it spills to disk beyond it)")
  .addOption(encodingOption())
  .option("--sheet <name>", "the Excel sheet to read: its name or number (default: the first)")
  .addOption(delimiterOption())
  .option(
    "--rejects <file>",
    "where unreadable records go (default: beside the output, <output>.rejects.csv)",
  )
  .option("--map <column=field...>", "read a field from this column (overrides the automatic mapping)")
  .option(
    "--no-normalize",
    "compare raw values: no employee-range, country, industry, domain or date normalising",
  )
  .addOption(dayOrderOption())
  .action(lazy(() => import("./score.js").then((m) => m.commandScore)));

program
  .command("explain")
  .description("a readable breakdown of one account's score")
  .argument("<file>", "data file")
  .requiredOption("-p, --profile <file>", "profile YAML file")
  .option("--row <n>", "data row number (1 = first row after the header)", (v) => Number.parseInt(v, 10))
  .option("--id <id>", "value of the id column (id, account_id, company_id, …)")
  .option("--domain <domain>", "company domain (matched against the domain/website column)")
  .option("--input-format <format>", "override the input format")
  .addOption(asOf())
  .option("--json", "print the explanation as JSON")
  .option(
    "--contacts <file>",
    "also show the account's contacts, matched personas and missing personas (and compute committee.* fields)",
  )
  .option("--events <file>", "trigger events for events.* and hiring.* fields (repeatable)", collect)
  .option("--jobs <file>", "job postings for hiring.* fields (repeatable)", collect)
  .action(lazy(() => import("./explain.js").then((m) => m.commandExplain)));

program
  .command("compile")
  .description("print the compiled scorer: JavaScript, or SQL for a dialect")
  .argument("<profile>", "profile YAML file")
  .addOption(new Option("--target <target>", "js or sql").choices(["js", "sql", "ir"]).default("sql"))
  .addOption(new Option("--dialect <dialect>", "SQL dialect").choices([...DIALECT_NAMES]).default("duckdb"))
  .option("--columns <list>", "input columns, comma-separated (default: each field's first column name)")
  .option("--source <name>", "table or view to score", "accounts")
  .option("--params", "values as $n parameters (printed after the SQL) instead of escaped literals")
  .addOption(asOf())
  .action(lazy(() => import("./compile.js").then((m) => m.commandCompile)));

program
  .command("export")
  .description("export a profile for other tools")
  .command("dbt")
  .description("a dbt model (SQL for a dialect), its schema.yml tests and a seed of normalised values")
  .requiredOption("-p, --profile <file>", "profile YAML file")
  .requiredOption(
    "--source <name>",
    "the model's input: a dbt model (accounts) or source_name.table (crm.accounts)",
  )
  .requiredOption("-o, --output <dir>", "folder to write models/, seeds/ and README.md into")
  .addOption(
    new Option("--dialect <dialect>", "warehouse SQL dialect")
      .choices([...DIALECT_NAMES])
      .default("postgres"),
  )
  .option(
    "--sample <file>",
    "data whose columns bind the fields and whose distinct values seed the normaliser lookup",
  )
  .option(
    "--columns <list>",
    "the source's columns, comma-separated (default: --sample's header, else field names)",
  )
  .option("--model <name>", "model name (default icp_<profile name>)")
  .option("--key <column>", "column ordering rows, for capacity tiers")
  .addOption(asOf())
  .action(lazy(() => import("./export.js").then((m) => m.commandExportDbt)));

program
  .command("check")
  .description("check profiles: every problem at once, with file:line:col and hints")
  .argument("<profiles...>", "profile YAML files")
  .option("--data <file>", "also check against a data file (missing fields, too broad / too narrow)")
  .option("--input-format <format>", "override the data file's format")
  .addOption(asOf())
  .option("--json", "print diagnostics as JSON")
  .action(lazy(() => import("./check.js").then((m) => m.commandCheck)));

program
  .command("schema")
  .description("print the JSON Schema of the profile format (for editor autocomplete)")
  .option("-o, --output <file>", "write to a file instead of stdout")
  .action(async (opts: { output?: string }) => {
    const { profileJsonSchema } = await import("../profile/schema.js");
    const text = `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
    if (opts.output) writeFileSync(opts.output, text);
    else process.stdout.write(text);
  });

program
  .command("personas")
  .description(
    "job titles → function, seniority and personas; contacts → accounts and buying-committee coverage",
  )
  .argument("<file>", "contacts file (CSV, JSON, NDJSON, Parquet)")
  .option("-p, --profile <file>", "profile whose `personas:` to match")
  .option("--json", "print one object per input row, in input order, with function, seniority and personas")
  .option(
    "-o, --output <file>",
    "write the contacts with their function, seniority, personas and account",
    "-",
  )
  .option("--committee <file>", "write per-account buying-committee coverage as CSV")
  .option("--input-format <format>", "override the input format")
  .action(lazy(() => import("./personas.js").then((m) => m.commandPersonas)));

program
  .command("enrich")
  .description(
    "fill the empty fields of leads or best customers from a company universe: by domain (website or company e-mail), LinkedIn URL, name and country; with provenance and match confidence",
  )
  .argument("<file>", "the leads, contacts or best customers to enrich")
  .requiredOption("--from <file>", "the company universe (CSV, Parquet…)")
  .option("-o, --output <file>", "write the enriched rows (default: CSV on stdout)")
  .option("--overwrite", "replace cells that are not empty too (default: fill empty ones only)")
  .option("--json", "print the match report as JSON (rows are written only with -o)")
  .action(lazy(() => import("./enrich.js").then((m) => m.commandEnrich)));

program
  .command("lookalike")
  .description(
    "rank a universe of companies by similarity to your best customers (0–100, reasons naming the closest ones), with a leave-one-out check",
  )
  .requiredOption("--seeds <file>", "your best customers (full rows, or domains / names found in --universe)")
  .requiredOption("--universe <file>", "the companies to rank (a purchased list, a company database)")
  .option(
    "-o, --output <file>",
    "write the ranked universe (every input column, plus icp_similarity, icp_rank, icp_seed, icp_lookalike_reasons)",
  )
  .option("--top <n>", "only the N most similar companies", (v) => Number.parseInt(v, 10))
  .option("--exclude <column>", "never use this column; repeatable", collect)
  .addOption(asOf())
  .option("--json", "print the weights, the leave-one-out check and the top 100 as JSON")
  .action(lazy(() => import("./lookalike.js").then((m) => m.commandLookalike)));

program
  .command("validate")
  .description(
    "does the ICP win? win rate, sales cycle, deal size, retention and NRR in vs out of ICP and per tier, with intervals, a verdict, gains, drift and the off-ICP review",
  )
  .requiredOption("-p, --profile <file>", "the profile")
  .requiredOption("--accounts <file>", "accounts table (with --db: a table or view name)")
  .requiredOption("--deals <file>", "deals / opportunities table (with --db: a table or view name)")
  .option(
    "--stage-map <stage=status>",
    "read a deal stage as won, lost or open (repeatable; overrides the stage vocabulary)",
    collect,
  )
  .option("--fx <file>", "exchange rates for deals in several currencies: currency,usd_per_unit per line")
  .option(
    "--subscriptions <file>",
    "subscriptions (MRR or ARR, start, end) for retention and NRR (with --db: a table or view name)",
  )
  .option(
    "--db <url>",
    "validate inside PostgreSQL (postgres://…): --accounts, --deals, --subscriptions name tables there; only aggregates leave the database",
  )
  .option("--key <column>", "with --db: the accounts column that orders rows (capacity tiers)")
  .option("--events <file>", "trigger events for events.* and hiring.* fields (repeatable)", collect)
  .option("--jobs <file>", "job postings for hiring.* fields (repeatable)", collect)
  .option("--contacts <file>", "contacts for committee.* fields")
  .option("--churn <file>", "churn events (account, churn date, reason) for churn reasons per group")
  .option(
    "--costs <file>",
    "per-account CAC and gross margin (or monthly cost to serve): gross margin and CAC payback",
  )
  .option(
    "--activities <file>",
    "outreach export (contacts or activities: sent, opened, replied, meeting booked, qualified): reply, meeting and qualification rates in vs out of ICP",
  )
  .addOption(asOf())
  .option(
    "--as-of-deal-date",
    "backtest: score each deal's account with the data it had when the deal was created",
  )
  .addOption(new Option("--by <period>", "drift periods").choices(["month", "quarter"]).default("quarter"))
  .option("--capacity <n>", "accounts your team can work per month: the tier cut that fits", (v) =>
    Number.parseFloat(v),
  )
  .option(
    "--icp-tiers <names>",
    "tiers that count as in the ICP, comma-separated (default: tiers routed to ae or nurture, else all but the last)",
  )
  .option(
    "--review-days <n>",
    "recently won = closed within this many days",
    (v) => Number.parseInt(v, 10),
    90,
  )
  .option(
    "--maturity-days <n>",
    "open deals older than this count as lost (stalled); default: the 90th-percentile sales cycle of closed deals",
    wholeNumber,
  )
  .option("--seed <n>", "seed of every resampling and permutation (default 1)", wholeNumber)
  .option(
    "--closed-after <date>",
    "a time split: only outcomes after this day (YYYY-MM-DD) count — validate a discovered profile on deals it never saw",
    (v) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
        throw new InvalidArgumentError(`expected a day as YYYY-MM-DD, found ${JSON.stringify(v)}`);
      return v;
    },
  )
  .option("--map <column=field>", "use this deals column for a field (repeatable)", collect)
  .addOption(dayOrderOption())
  .option("--json", "print the whole report as JSON")
  .option("--report <file>", "write the HTML report (charts inline, opens offline)")
  .option("--document <file>", "write the one-page ICP document (HTML)")
  .option("--pdf <file>", "write the ICP document as PDF (needs Chromium)")
  .option("--review <file>", "write the off-ICP review deals as CSV")
  .action(lazy(() => import("./validate.js").then((m) => m.commandValidate)));

program
  .command("init")
  .description(
    "write a starter profile from first principles (industry, size, geography, tech and trigger hypotheses), from flags or, at a terminal, by asking",
  )
  .option("-o, --output <file>", "where to write it", "icp.yaml")
  .option("--force", "overwrite an existing file")
  .option("--name <name>", "the profile's name", "Our ICP")
  .option("--owner <who>", "who owns it")
  .option("--description <text>", "one line on who the ICP is")
  .option("--industry <names>", "industries you sell best to (comma-separated, repeatable)", collect)
  .option("--exclude-industry <names>", "industries you never sell to (negative ICP)", collect)
  .option("--employees <range>", "employee range: 50-1000, 200+, -50")
  .option("--revenue <range>", "annual revenue range in USD: 1m-50m, 10m+")
  .option("--country <names>", "countries (names or codes)", collect)
  .option("--region <names>", "regions: north america, latam, europe, middle east & africa, apac", collect)
  .option("--tech <names>", "tools they use (any of)", collect)
  .option("--funding-stage <names>", "funding stages (seed, series a, …)", collect)
  .option("--funding-within <days>", "trigger: raised money within this many days", (v) =>
    Number.parseInt(v, 10),
  )
  .option("--hiring <n>", "trigger: at least this many open jobs", (v) => Number.parseInt(v, 10))
  .option(
    "--workspace <file>",
    "also create this workspace (DuckDB file) with the profile as its first version, and print its API token",
  )
  .addOption(asOf())
  .action(lazy(() => import("./init.js").then((m) => m.commandInit)));

program
  .command("discover")
  .description(
    "derive a draft ICP from your best accounts: every attribute's segments with lift, intervals, weight of evidence and adjusted p-values; the draft profile with its evidence, or a plain statement that the data shows no reliable signal",
  )
  .argument("[table]", "one table with an outcome column (use with --outcome)")
  .option("--seeds <file>", "your best customers (full rows, or only domains / names found in --universe)")
  .option(
    "--universe <file>",
    "the companies to compare the best customers with (a purchased list, a company database)",
  )
  .option("--accounts <file>", "accounts table (with --deals or --subscriptions)")
  .option("--deals <file>", "deals: best = accounts with a won deal")
  .option(
    "--stage-map <stage=status>",
    "read a deal stage as won, lost or open (repeatable; overrides the stage vocabulary)",
    collect,
  )
  .option("--fx <file>", "exchange rates for deals in several currencies: currency,usd_per_unit per line")
  .option("--subscriptions <file>", "subscriptions: best = retained, rest = churned")
  .option("--outcome <column>", "the outcome column of the one table: Converted, or stage=Closed Won")
  .option("--date <column>", "when each outcome was known (one-table mode)")
  .option("--best <rule>", "won, retained, top-quartile:acv, top-quartile:revenue", "won")
  .option("--worst <rule>", "lost, churned, rest, bottom-quartile", "lost")
  .option(
    "--exclude <column>",
    "never use this column (leakage: recorded after the outcome); repeatable",
    collect,
  )
  .option(
    "--include <column>",
    "examine this column even when its values look like an identifier, free text or dates; repeatable",
    collect,
  )
  .option(
    "--missing-value <col=value>",
    "read this value of this column (or *=value: of every column) as missing; repeatable",
    collect,
  )
  .option(
    "--keep-value <col=value>",
    "read this value as a value although it looks like a placeholder or sentinel (unknown, 999); repeatable",
    collect,
  )
  .option("--min-support <n>", "smallest segment examined (default max(10, 1% of labelled))", (v) =>
    Number.parseInt(v, 10),
  )
  .option(
    "--selection-sample <n>",
    "above this many labelled examples, the multivariable selection runs on a seeded random sample of this many (default 100000)",
    (v) => Number.parseInt(v, 10),
  )
  .option(
    "--stability <n>",
    "bootstrap resamples for each criterion's stability (default 10 up to 20,000 labelled examples, else none; 0 to skip)",
    (v) => Number.parseInt(v, 10),
  )
  .option("--progress", "print each stage as it ends on stderr even when it is not a terminal")
  .option("--name <name>", "the draft profile's name", "Discovered ICP")
  .addOption(asOf())
  .option("-o, --output <file>", "write the draft profile (YAML)")
  .option(
    "--scorecard <file>",
    "write the learned scorecard (points per bin) as a profile, validated on held-out data",
  )
  .option("--validate-model", "report the scorecard's held-out AUC, lift by decile, capture and calibration")
  .option("--report <file>", "write the HTML report (lift per segment, gains on held-out data), offline")
  .option(
    "--events <file>",
    "trigger events (account, type, date): counts in the window before each deal become attributes (repeatable)",
    collect,
  )
  .option(
    "--jobs <file>",
    "job postings (account, title, date): postings per function in the window (repeatable)",
    collect,
  )
  .option("--event-window <days>", "the trigger window before each deal", (v) => Number.parseInt(v, 10), 180)
  .option("--json", "print the analysis as JSON")
  .action(lazy(() => import("./discover.js").then((m) => m.commandDiscover)));

program
  .command("link")
  .description(
    "link deals, subscriptions, contacts or events to accounts (by id, else domain or e-mail domain, else company name) and report what did not link",
  )
  .argument("<file>", "the table to link (CSV, Parquet, JSON, NDJSON)")
  .requiredOption("--accounts <file>", "the accounts table")
  .addOption(new Option("--entity <table>", "the table type (default: detected)").choices([...ENTITIES]))
  .option("--map <column=field>", "use this column for a field of the table (repeatable)", collect)
  .option("--account-map <column=field>", "use this column for an accounts field: id, name, domain", collect)
  .option("-o, --output <file>", "write the table with icp_account_* columns added")
  .option("--json", "print the link report as JSON")
  .option("--rejects <file>", "write unreadable rows of the table")
  .option("--input-format <format>", "override the input format")
  .addOption(encodingOption())
  .option("--sheet <name>", "the Excel sheet to read: its name or number (default: the first)")
  .addOption(delimiterOption())
  .action(lazy(() => import("./link.js").then((m) => m.commandLink)));

program
  .command("dedupe")
  .description("fold duplicate accounts (same registrable domain or normalised name) and report each group")
  .argument("<file>", "accounts table")
  .addOption(
    new Option("--keep <rule>", "which row a group keeps: first, complete (most filled), merge (fill gaps)")
      .choices(["first", "complete", "merge"])
      .default("merge"),
  )
  .option("--by <keys>", "what makes a duplicate: domain, name, or domain,name", "domain,name")
  .option("--map <column=field>", "use this column for id, name or domain (repeatable)", collect)
  .option("-o, --output <file>", "write the deduplicated accounts")
  .option("--report <file>", "write one line per folded row: row, kept_row, matched_by, rule")
  .option("--json", "print the groups as JSON")
  .option("--input-format <format>", "override the input format")
  .addOption(encodingOption())
  .option("--sheet <name>", "the Excel sheet to read: its name or number (default: the first)")
  .addOption(delimiterOption())
  .action(lazy(() => import("./link.js").then((m) => m.commandDedupe)));

program
  .command("generate")
  .description("generate realistic, seeded data")
  .argument("<what>", "companies")
  .option("--rows <n>", "number of rows", (v) => Number.parseInt(v, 10), 1000)
  .option("--seed <n>", "random seed (same seed → same bytes)", (v) => Number.parseInt(v, 10), 1)
  .option("-o, --output <file>", "output CSV file, or - for stdout", "-")
  .option(
    "--plant <profile>",
    "add outcome columns (won/lost) drawn from this profile; its weights are log-odds",
  )
  .option(
    "--base-log-odds <x>",
    "log-odds of a win before any planted signal",
    (v) => Number.parseFloat(v),
    -1.5,
  )
  .option("--as-of <date>", "reference date for ages and outcome dates", "2026-06-30")
  .action(lazy(() => import("./generate.js").then((m) => m.commandGenerate)));

const workspaceOption = () =>
  new Option("-w, --workspace <file>", "the workspace file").default(DEFAULT_WORKSPACE);
const intArg = (v: string) => Number.parseInt(v, 10);

program
  .command("serve")
  .description(
    "serve the workspace: the HTTP API (/openapi.json), inbound lead routing and the web UI; binds 127.0.0.1 unless --host, which then needs the workspace's API token",
  )
  .addOption(workspaceOption())
  .option("--port <n>", "port", intArg, 4321)
  .option("--host <host>", "address to bind", "127.0.0.1")
  .option("--max-body <bytes>", "JSON body limit", intArg)
  .option("--max-upload <bytes>", "dataset upload limit", intArg)
  .option("--as-of <date>", "fixed as-of date (default: today, per request)")
  .option("--quiet", "no request log on stderr (one line per request: time, method, path, status, ms)")
  .action(lazy(() => import("./serve.js").then((m) => m.commandServe)));

const workspace = program
  .command("workspace")
  .description(
    "the workspace file: import datasets, save profile versions, history, diff, roll back, API token",
  );
workspace
  .command("import")
  .argument("<file>", "CSV, Parquet, JSON or NDJSON")
  .option("--name <name>", "dataset name (default: the file's name)")
  .option("--entity <entity>", "accounts, deals, subscriptions, contacts or events", "accounts")
  .option("--input-format <format>", "override the input format")
  .addOption(workspaceOption())
  .description("import a file as a dataset (replacing one of that name in one transaction)")
  .action(lazy(() => import("./serve.js").then((m) => m.commandWorkspaceImport)));
workspace
  .command("save")
  .argument("<profile>", "profile YAML")
  .option("-m, --message <text>", "what changed and why")
  .option("--author <who>", "author (default: $USER)")
  .addOption(workspaceOption())
  .description("save a profile as its next version")
  .action(lazy(() => import("./serve.js").then((m) => m.commandWorkspaceSave)));
workspace
  .command("log")
  .argument("[profile]", "a profile's versions (default: every profile and dataset)")
  .addOption(workspaceOption())
  .description("profiles and datasets, or one profile's history")
  .action(lazy(() => import("./serve.js").then((m) => m.commandWorkspaceLog)));
workspace
  .command("diff")
  .argument("<profile>")
  .argument("<from>", "version")
  .argument("<to>", "version")
  .addOption(workspaceOption())
  .description("unified diff of two versions")
  .action(lazy(() => import("./serve.js").then((m) => m.commandWorkspaceDiff)));
workspace
  .command("rollback")
  .argument("<profile>")
  .argument("<version>", "the version whose text becomes the next version")
  .option("-m, --message <text>", "why")
  .option("--author <who>", "author (default: $USER)")
  .addOption(workspaceOption())
  .description("roll back: a new version with an old version's text (history is kept)")
  .action(lazy(() => import("./serve.js").then((m) => m.commandWorkspaceRollback)));
workspace
  .command("token")
  .option("--rotate", "replace the existing token")
  .addOption(workspaceOption())
  .description("create (or rotate) the API token a non-loopback `icp serve` requires; printed once")
  .action(lazy(() => import("./serve.js").then((m) => m.commandWorkspaceToken)));

async function main() {
  // `icp … | head`: a closed pipe ends the run quietly, as other command-line tools do.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(EXIT.ok);
    throw e;
  });
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    handleError(e);
  }
}

await main();

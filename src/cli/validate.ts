/** `icp validate`: the ICP's economic test, printed as tables, JSON, an HTML report, and an ICP document. */

import { writeFileSync } from "node:fs";
import { deriveColumns, loadRelated, withColumns } from "../data/derive.js";
import { loadTable, parseMapPairs } from "../data/load.js";
import type { DayOrder } from "../data/normalise/dates.js";
import { PostgresEngine } from "../engine/postgres.js";
import { fileSha256 } from "../io/fingerprint.js";
import { createRowWriter } from "../io/write.js";
import type { Profile } from "../profile/model.js";
import { interval, num, pct } from "../report/format.js";
import { htmlToPdf } from "../report/pdf.js";
import { renderIcpDocument, renderValidationHtml } from "../report/validation-html.js";
import { hasRelated } from "../score/related-files.js";
import { buildValidationData } from "../validate/dataset.js";
import type { PeriodUnit } from "../validate/drift.js";
import type { GroupFigures } from "../validate/metrics.js";
import { validateInPostgres } from "../validate/postgres.js";
import { type ValidationReport, validate } from "../validate/validate.js";
import { dealReadOptions, fail, loadProfiles, resolveAsOf } from "./io.js";

interface ValidateOpts {
  profile: string;
  accounts: string;
  deals: string;
  subscriptions?: string;
  churn?: string;
  costs?: string;
  activities?: string;
  asOf?: string;
  asOfDealDate?: boolean;
  by: PeriodUnit;
  capacity?: number;
  icpTiers?: string;
  reviewDays: number;
  json?: boolean;
  report?: string;
  document?: string;
  pdf?: string;
  review?: string;
  dayOrder?: DayOrder;
  stageMap?: string[];
  fx?: string;
  map?: string[];
  db?: string;
  key?: string;
  events?: string[];
  jobs?: string[];
  contacts?: string;
  maturityDays?: number;
  seed?: number;
  closedAfter?: string;
}

const ci = (c: { lo: number; hi: number } | null | undefined, f: (x: number) => string) =>
  interval(c, f, "–");

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join("  ");
  return [line(head), line(w.map((n) => "─".repeat(n))), ...rows.map(line)].join("\n");
}

export function renderValidation(r: ValidationReport): string {
  const out: string[] = [];
  const d = r.inputs.deals;
  out.push(
    `${r.profile.name} ${r.profile.version} (${r.profile.hash}) validated as of ${r.asOf}; in ICP = tiers ${r.icpTiers.join(", ") || "(none)"}`,
  );
  out.push(
    `accounts: ${num(r.inputs.accounts.rows)} read + ${r.inputs.accounts.rejected} rejected; deals: ${num(d.rows)} read + ${d.rejected} rejected, ${num(d.linked)} linked (id ${d.linkedBy.id}, domain ${d.linkedBy.domain}, name ${d.linkedBy.name}), ${num(d.unlinked)} not linked`,
  );
  for (const u of d.unlinkedReasons.slice(0, 3)) out.push(`  ${u.count} × ${u.reason}`);
  for (const [field, u] of Object.entries(d.unreadable))
    out.push(
      `  deals ${field}: ${u.count} values not readable, e.g. ${u.examples.map((e) => JSON.stringify(e)).join(", ")}`,
    );
  const s = r.inputs.subscriptions;
  if (s)
    out.push(
      `subscriptions: ${num(s.rows)} read + ${s.rejected} rejected, ${num(s.linked)} linked, ${num(s.unlinked)} not linked`,
    );
  const m = r.design;
  if (m.closedAfter)
    out.push(
      `time split: only outcomes after ${m.closedAfter} (${num(m.censored.closedBeforeSplit)} deals closed on or before it left out)`,
    );
  out.push(
    `unit of inference: the account (deals of one account are not independent); open deals older than ${m.maturityDays === null ? "— (no maturity window: too few closed deals)" : `${m.maturityDays} days (${m.maturityFrom}) count as lost`}${m.censored.createdAfter || m.censored.closedAfter ? `; as of ${r.asOf}: ${num(m.censored.createdAfter)} deals created later left out, ${num(m.censored.closedAfter)} closed later read as open` : ""}`,
  );
  if (r.backtest)
    out.push(
      `backtest: accounts scored as of each deal's created date; read as today (no date): ${r.backtest.undatedFields.join(", ") || "none"}`,
    );
  out.push("");
  const rows = r.groups.map((g: GroupFigures) => [
    g.group,
    num(g.accounts),
    num(g.winRate.n),
    `${pct(g.winRate.rate)} (${ci(g.winRate.ci, (x) => (100 * x).toFixed(0))})`,
    num(g.cycle.median, g.cycle.median !== null && g.cycle.median % 1 ? 1 : 0),
    num(g.cycle.mean, 1),
    num(g.dealSize.mean),
    num(g.dealSize.median),
    ...(g.retention
      ? [num(g.retention.eligible), pct(g.retention.rate), pct(g.retention.nrr), pct(g.retention.grr)]
      : []),
  ]);
  out.push(
    table(
      [
        "group",
        "accounts",
        "closed",
        "win rate (95% CI)",
        "cycle med",
        "cycle mean",
        "deal mean",
        "deal med",
        ...(r.groups[0]?.retention ? ["cohort", "logo ret.", "NRR", "GRR"] : []),
      ],
      rows,
    ),
  );
  const ret = r.groups[0]?.retention;
  if (ret)
    out.push(
      `retention: accounts paying on ${ret.windowStart} (the cohort), their MRR on ${ret.windowEnd} against then; logo churn from ${ret.logoFrom}`,
    );
  out.push("");
  out.push("In ICP vs out of ICP:");
  for (const c of r.comparisons)
    out.push(`  ${c.direction === "better" ? "▲" : c.direction === "worse" ? "▼" : "·"} ${c.verdict}`);
  const ob = r.outbound;
  if (ob) {
    out.push("");
    out.push(
      `Outbound (${ob.file}): ${num(ob.contacts)} contacts${ob.activityRows ? ` from ${num(ob.rows)} activity rows` : ""}, ${num(ob.linked)} linked to accounts, ${num(ob.unlinked)} not`,
    );
    for (const [field, u] of Object.entries(ob.unreadable))
      out.push(
        `  ${field}: ${u.count} values not readable, e.g. ${u.examples.map((e) => JSON.stringify(e)).join(", ")}`,
      );
    out.push(
      table(
        ["group", "delivered", "accounts", "reply rate (95% CI)", "meeting rate", "qualified"],
        ob.groups.map((g) => [
          g.group,
          num(g.delivered),
          num(g.accounts),
          `${pct(g.replied.rate)} (${ci(g.replied.ci, (x) => (100 * x).toFixed(1))})`,
          pct(g.meeting.rate),
          pct(g.qualified.rate),
        ]),
      ),
    );
    for (const c of ob.comparisons)
      out.push(`  ${c.direction === "better" ? "▲" : c.direction === "worse" ? "▼" : "·"} ${c.text}`);
    for (const c of ob.campaigns.slice(0, 10))
      out.push(
        `  campaign ${c.campaign}: ${num(c.delivered)} delivered, ${pct(c.inIcpShare)} in ICP, reply ${pct(c.replyRate)}, meeting ${pct(c.meetingRate)}`,
      );
    out.push(ob.text);
  }
  out.push("");
  out.push(r.verdict.text);
  if (r.warnings.length) {
    out.push("");
    for (const w of r.warnings) out.push(`${w.level === "warning" ? "warning" : "note"}: ${w.text}`);
  }
  out.push("");
  const g = r.gains;
  const at = (t: number) => g.curve.find((p) => Math.abs(p.top - t) < 1e-9) ?? g.curve[Math.round(t * 20)];
  out.push(
    `gains: top 10% of accounts → ${pct(at(0.1)?.winsShare)} of wins, top 20% → ${pct(at(0.2)?.winsShare)}, top 30% → ${pct(at(0.3)?.winsShare)} (${num(g.wins)} wins over ${num(g.accounts)} accounts)`,
  );
  if (g.capacity) out.push(`capacity: ${g.capacity.text}`);
  if (r.drift) {
    out.push(`drift by ${r.drift.by}: ${r.drift.text}`);
    const flagged = r.drift.periods.filter((p) => p.tests.some((t) => t.flagged));
    for (const p of flagged)
      for (const t of p.tests.filter((x) => x.flagged))
        out.push(`  ${p.period}: ${t.text} (q = ${t.q.toFixed(3)})`);
  } else
    out.push(
      `drift: not computed in ${r.computedIn ?? "the database"} (it needs deals row by row; run on files)`,
    );
  if (r.review) {
    out.push(
      `off-ICP review: ${r.review.deals.length} open or recently won (${r.review.windowDays} days) deals on out-of-ICP accounts`,
    );
    for (const x of r.review.deals.slice(0, 10))
      out.push(
        `  ${x.id ?? `row ${x.row}`}  ${x.account ?? "—"}  ${x.stage ?? ""}  ${x.amount === null ? "" : `$${num(x.amount)}`}  ${x.state}${x.tier ? ` ${x.tier}` : ""}: ${x.reasons}`,
      );
  }
  return out.join("\n");
}

export async function commandValidate(opts: ValidateOpts): Promise<void> {
  const { asOf, note } = resolveAsOf(opts.asOf);
  const [profile] = loadProfiles([opts.profile]);
  if (!profile) return fail("no profile");
  if (opts.db) return validateInDb(opts, profile, asOf, note);
  if (opts.key) return fail("--key orders the accounts of a database table: it needs --db");
  const map = parseMapPairs(opts.map ?? []);
  let accounts = await loadTable(opts.accounts, { entity: "accounts" });
  const related = {
    ...(opts.events ? { events: opts.events } : {}),
    ...(opts.jobs ? { jobs: opts.jobs } : {}),
    ...(opts.contacts ? { contacts: opts.contacts } : {}),
  };
  if (hasRelated(related))
    accounts = withColumns(
      accounts,
      deriveColumns([profile], accounts, await loadRelated(related), { asOf }),
    );
  const deals = await loadTable(opts.deals, { entity: "deals", map, dealRead: dealReadOptions(opts) });
  const subscriptions = opts.subscriptions
    ? await loadTable(opts.subscriptions, { entity: "subscriptions" })
    : undefined;
  const churn = opts.churn ? await loadTable(opts.churn, { entity: "subscriptions" }) : undefined;
  const costs = opts.costs ? await loadTable(opts.costs, { entity: "costs" }) : undefined;
  const activities = opts.activities ? await loadTable(opts.activities, { entity: "activities" }) : undefined;
  let icpTiers: string[] | undefined;
  if (opts.icpTiers) icpTiers = opts.icpTiers.split(",").map((t) => t.trim());
  let data: ReturnType<typeof buildValidationData>;
  try {
    data = buildValidationData({
      profile,
      asOf,
      accounts,
      deals,
      ...(subscriptions ? { subscriptions } : {}),
      ...(churn ? { churn } : {}),
      ...(costs ? { costs } : {}),
      ...(activities ? { activities } : {}),
      ...(icpTiers ? { icpTiers } : {}),
      ...(opts.dayOrder ? { dayOrder: opts.dayOrder } : {}),
      ...(opts.asOfDealDate ? { asOfDealDate: true } : {}),
      ...(opts.closedAfter ? { closedAfter: opts.closedAfter } : {}),
    });
  } catch (e) {
    if (e instanceof Error && /^no tier/.test(e.message)) return fail(e.message);
    throw e;
  }
  const report = validate(data, {
    by: opts.by,
    reviewDays: opts.reviewDays,
    ...(opts.maturityDays !== undefined ? { maturityDays: opts.maturityDays } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.closedAfter ? { closedAfter: opts.closedAfter } : {}),
    ...(profile.discovered ? { dealsSha256: await fileSha256(opts.deals) } : {}),
    ...(opts.capacity ? { capacityPerMonth: opts.capacity } : {}),
  });
  await writeOutputs(opts, profile, report, note);
}

/** `--db`: the aggregates computed inside PostgreSQL; the same report, rendered the same way. */
async function validateInDb(opts: ValidateOpts, profile: Profile, asOf: string, note: string): Promise<void> {
  const fileOnly = (
    [
      ["--churn", opts.churn],
      ["--costs", opts.costs],
      ["--activities", opts.activities],
      ["--as-of-deal-date", opts.asOfDealDate],
      ["--review", opts.review],
      ["--map", opts.map?.length ? opts.map : undefined],
      ["--day-order", opts.dayOrder],
      ["--events", opts.events],
      ["--jobs", opts.jobs],
      ["--contacts", opts.contacts],
    ] as const
  ).filter(([, v]) => v !== undefined && v !== false);
  if (fileOnly.length)
    return fail(
      `${fileOnly.map(([f]) => f).join(", ")} ${fileOnly.length > 1 ? "are" : "is"} not available with --db (deal-level work runs on files); rename columns in a view instead of --map`,
    );
  const engine = await PostgresEngine.connect(opts.db as string);
  let report: ValidationReport;
  try {
    report = await validateInPostgres(engine, {
      profile,
      asOf,
      accounts: opts.accounts,
      deals: opts.deals,
      ...(opts.subscriptions ? { subscriptions: opts.subscriptions } : {}),
      ...(opts.icpTiers ? { icpTiers: opts.icpTiers.split(",").map((t) => t.trim()) } : {}),
      ...(opts.key ? { key: opts.key } : {}),
      ...(opts.capacity ? { capacityPerMonth: opts.capacity } : {}),
      ...(opts.maturityDays !== undefined ? { maturityDays: opts.maturityDays } : {}),
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.closedAfter ? { closedAfter: opts.closedAfter } : {}),
    });
  } catch (e) {
    if (e instanceof Error && /^no tier/.test(e.message)) return fail(e.message);
    throw e;
  } finally {
    await engine.close();
  }
  await writeOutputs(opts, profile, report, note);
}

async function writeOutputs(
  opts: ValidateOpts,
  profile: Profile,
  report: ValidationReport,
  note: string,
): Promise<void> {
  if (opts.report) writeFileSync(opts.report, await renderValidationHtml(report));
  const doc = opts.document || opts.pdf ? await renderIcpDocument(profile, report) : null;
  if (opts.document && doc) writeFileSync(opts.document, doc);
  if (opts.pdf && doc) {
    const r = await htmlToPdf(doc, opts.pdf);
    if (!r.ok) process.stderr.write(`icp: no PDF written: ${r.reason}\n`);
  }
  if (opts.review) {
    const cols = [
      "row",
      "id",
      "account",
      "stage",
      "status",
      "amount",
      "created",
      "closed",
      "state",
      "tier",
      "score",
      "reasons",
    ] as const;
    const w = await createRowWriter(opts.review, "csv", [...cols]);
    for (const x of report.review?.deals ?? [])
      await w.write(cols.map((c) => (x[c] === null || x[c] === undefined ? null : String(x[c]))));
    await w.end();
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  process.stderr.write(`${note}\n`);
  process.stdout.write(`${renderValidation(report)}\n`);
}

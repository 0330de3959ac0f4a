/**
 * `icp validate --db`: validation where the accounts and deals live. PostgreSQL scores the accounts
 * (the profile's compiled SQL), links deals and subscriptions to them (id, else domain, else name;
 * a key on two accounts links nothing), and reduces everything to aggregates: accounts per group,
 * deals per group and status, the won deals' cycle lengths and amounts as value → count, MRR per
 * subscribed account at its start and twelve months on, churn reasons per group, and gains buckets
 * (accounts, wins, revenue per score). Only those aggregates leave the database.
 *
 * Raw values are read by the same JavaScript as file validation (id and name keys, registrable
 * domains, stages, money, dates), once per distinct value, into a temporary lookup table the SQL
 * joins; the statistics are computed by the same functions. So file and database give the same
 * figures. Drift by period, the off-ICP review and the backtest stay with file validation.
 */
import { type MappedField, mapEntityColumns } from "../data/entities.js";
import type { DayOrder } from "../data/normalise/dates.js";
import { normaliseDate } from "../data/normalise/dates.js";
import { isFreeMail, registrableDomain } from "../data/normalise/domain.js";
import { companyKey } from "../data/normalise/names.js";
import { parseMoney } from "../data/normalise/numbers.js";
import { dealStatus } from "../data/normalise/stage.js";
import { type PostgresEngine, relationName } from "../engine/postgres.js";
import { isMissing, type RawValue, trimWs } from "../engine/values.js";
import { InputError } from "../io/formats.js";
import { lower } from "../ir/lower.js";
import type { RowResult, State } from "../ir/types.js";
import type { Profile } from "../profile/model.js";
import { icpGroup, icpTiers } from "../score/rows.js";
import { compileSql } from "../sql/compile.js";
import { quoteIdent, quoteLiteral } from "../sql/escape.js";
import { compareGroups, overallVerdict } from "./compare.js";
import type { Unreadable } from "./dataset.js";
import { type GainsBucket, gainsOf, monthsBetween } from "./gains.js";
import {
  type AccountDeals,
  type AccountRetention,
  churnReasonsOf,
  type DealCounts,
  dealFiguresOf,
  type GroupFigures,
  retentionFigures,
  retentionWindow,
  sortAccounts,
} from "./metrics.js";
import { groupOrder, labels, maturityWindow, type ValidationReport } from "./validate.js";
import { plausibility } from "./warnings.js";

export interface PgValidateArgs {
  profile: Profile;
  asOf: string;
  accounts: string;
  deals: string;
  subscriptions?: string;
  icpTiers?: readonly string[];
  dayOrder?: DayOrder;
  /** Column ordering the accounts (capacity tiers rank rows; a table has no input order). */
  key?: string;
  capacityPerMonth?: number;
  seed?: number;
  maturityDays?: number;
  /** A time split: deals closed on or before this day are left out. */
  closedAfter?: string;
}

const KEYS = "pg_temp.__icp_v_keys";
const ACC = "pg_temp.__icp_v_acc";
const UNIQ = "pg_temp.__icp_v_uniq";
const DEALS_ALL = "pg_temp.__icp_v_deals_all";
const DEALS = "pg_temp.__icp_v_deals";
const SUBS = "pg_temp.__icp_v_subs";
const LABELS = "pg_temp.__icp_v_labels";
const TEMP = [KEYS, ACC, UNIQ, DEALS_ALL, DEALS, SUBS, LABELS];
const UNLINKED = "(unlinked)";

type KeyKind = "id" | "domain" | "email" | "name" | "status" | "money" | "arr_mrr" | "date" | "text";
// (and "plus12": an ISO day → the same day twelve months on, filled from the subscriptions' starts)

const text = (v: RawValue): string | null => (isMissing(v) ? null : trimWs(String(v)));

function money(v: RawValue): number | null {
  if (isMissing(v)) return null;
  const m = parseMoney(v);
  return m.ok ? m.value.usd : null;
}

/** How each kind of raw value is read: the functions file validation and linking use. */
function readers(
  asOf: string,
  dayOrder: DayOrder | undefined,
): Record<KeyKind, (v: string) => string | null> {
  return {
    id: text,
    domain: registrableDomain,
    email: (v) => {
      const d = registrableDomain(v);
      return d !== null && isFreeMail(d) ? null : d;
    },
    name: (v) => {
      const t = text(v);
      return t ? companyKey(t) || null : null;
    },
    status: (v) => (isMissing(v) ? null : dealStatus(v)),
    money: (v) => {
      const m = money(v);
      return m === null ? null : String(m);
    },
    arr_mrr: (v) => {
      const m = money(v);
      return m === null ? null : String(Math.round((m / 12) * 100) / 100);
    },
    date: (v) => (isMissing(v) ? null : normaliseDate(v, { asOf, ...(dayOrder ? { dayOrder } : {}) })),
    text,
  };
}

interface Table {
  rel: string;
  given: string;
  columns: string[];
  mapping: MappedField[];
}

const colOf = (t: Table, field: string) => t.mapping.find((m) => m.field === field)?.column;
const mapOf = (t: Table) => t.mapping.map(({ field, column }) => ({ field, column }));

export async function validateInPostgres(
  engine: PostgresEngine,
  a: PgValidateArgs,
): Promise<ValidationReport> {
  const c = engine.client;
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await c.query<T>(sql, params)).rows;
  const read = readers(a.asOf, a.dayOrder);

  const table = async (given: string, entity: "accounts" | "deals" | "subscriptions"): Promise<Table> => {
    const rel = relationName(given);
    const columns = await engine.columnsOf(rel);
    return { rel: rel.sql, given, columns, mapping: mapEntityColumns(entity, columns) };
  };
  const accounts = await table(a.accounts, "accounts");
  const deals = await table(a.deals, "deals");
  const subs = a.subscriptions ? await table(a.subscriptions, "subscriptions") : null;
  for (const [t, fields] of [
    [accounts, ["id", "domain", "name"]],
    [deals, ["account", "account_name", "account_domain", "email"]],
    ...(subs ? [[subs, ["account", "account_name", "account_domain", "email"]] as const] : []),
  ] as const)
    if (!fields.some((f) => colOf(t, f)))
      throw new InputError(`${t.rel} has no column to link by (${fields.join(", ")})`, {
        hint: `columns: ${t.columns.join(", ")}; rename one in a view`,
      });
  for (const t of TEMP) await c.query(`DROP TABLE IF EXISTS ${t}`);
  try {
    // 1. Lookup of every distinct raw value the validation reads.
    await c.query(
      `CREATE TABLE ${KEYS} (kind text NOT NULL, raw text NOT NULL, key text, missing boolean NOT NULL, PRIMARY KEY (kind, raw))`,
    );
    const fill = async (kind: KeyKind, t: Table, column: string | undefined) => {
      if (!column) return;
      const col = quoteIdent(column);
      const raws = (
        await q<{ v: string }>(
          `SELECT DISTINCT CAST(${col} AS text) AS v FROM ${t.rel} WHERE ${col} IS NOT NULL`,
        )
      ).map((r) => r.v);
      for (let i = 0; i < raws.length; i += 5000) {
        const chunk = raws.slice(i, i + 5000);
        await c.query(
          `INSERT INTO ${KEYS} SELECT $1, r, k, m FROM unnest($2::text[], $3::text[], $4::boolean[]) AS t(r, k, m) ON CONFLICT DO NOTHING`,
          [kind, chunk, chunk.map(read[kind]), chunk.map((r) => isMissing(r))],
        );
      }
    };
    await fill("id", accounts, colOf(accounts, "id"));
    await fill("domain", accounts, colOf(accounts, "domain"));
    await fill("name", accounts, colOf(accounts, "name"));
    for (const t of subs ? [deals, subs] : [deals]) {
      await fill("id", t, colOf(t, "account"));
      await fill("domain", t, colOf(t, "account_domain"));
      await fill("email", t, colOf(t, "email"));
      await fill("name", t, colOf(t, "account_name"));
      await fill("name", t, colOf(t, "account"));
    }
    await fill("status", deals, colOf(deals, "stage"));
    await fill("money", deals, colOf(deals, "amount"));
    await fill("date", deals, colOf(deals, "created"));
    await fill("date", deals, colOf(deals, "closed"));
    if (subs) {
      await fill("money", subs, colOf(subs, "mrr"));
      await fill("arr_mrr", subs, colOf(subs, "arr"));
      await fill("date", subs, colOf(subs, "start"));
      await fill("date", subs, colOf(subs, "end"));
      await fill("text", subs, colOf(subs, "churn_reason"));
    }
    const lookup = (alias: string, kind: KeyKind, expr: string | null) =>
      expr === null
        ? ""
        : `\nLEFT JOIN ${KEYS} AS ${alias} ON ${alias}.kind = ${quoteLiteral(kind)} AND ${alias}.raw = CAST(${expr} AS text)`;
    const keyOf = (alias: string, expr: string | null) =>
      expr === null ? "CAST(NULL AS text)" : `${alias}.key`;

    // 2. Accounts scored in the database, with their link keys.
    const ir = lower(a.profile, {
      asOf: a.asOf,
      columns: accounts.columns,
      ...(a.dayOrder ? { dayOrder: a.dayOrder } : {}),
    });
    if (ir.capacity && !a.key)
      throw new InputError("capacity tiers rank rows, and a table has no input order: pass --key <column>", {
        hint: "name a column that orders the accounts (an id or a created-at column)",
      });
    if (a.key && !accounts.columns.includes(a.key))
      throw new InputError(`--key ${JSON.stringify(a.key)} is not a column of ${accounts.rel}`, {
        hint: `columns: ${accounts.columns.join(", ")}`,
      });
    const keyCols = (["id", "domain", "name"] as const).map((f) => colOf(accounts, f));
    const carried = [...new Set(keyCols.filter((x): x is string => x !== undefined))];
    const normalised = await engine.fillNormalised([ir], accounts.rel, "pg_temp");
    const scored = compileSql([ir], {
      dialect: "postgres",
      mode: "inline",
      source: accounts.rel,
      columns: carried,
      normalisedTable: normalised.table,
      ...(a.key ? { rowColumn: a.key } : {}),
    });
    const clash = scored.outputColumns.filter((x) => carried.includes(x));
    if (clash.length)
      throw new InputError(`${accounts.rel} already has column(s) ${clash.join(", ")}, which scoring adds`, {
        hint: "validate on the unscored table, or a view without those columns",
      });
    const [idC, domC, nameC] = keyCols.map((x) => (x === undefined ? null : `s.${quoteIdent(x)}`));
    await c.query(
      `CREATE TABLE ${ACC} AS
SELECT row_number() OVER () AS acc, s.icp_state AS state, s.icp_tier AS tier,
  CAST(round(s.icp_score * 10) AS integer) AS tenths,
  ${keyOf("ki", idC ?? null)} AS k_id, ${keyOf("kd", domC ?? null)} AS k_domain, ${keyOf("kn", nameC ?? null)} AS k_name
FROM (${scored.sql}) AS s${lookup("ki", "id", idC ?? null)}${lookup("kd", "domain", domC ?? null)}${lookup("kn", "name", nameC ?? null)}`,
    );
    await c.query(
      `CREATE TABLE ${UNIQ} AS
${(["id", "domain", "name"] as const)
  .map(
    (k) =>
      `SELECT ${quoteLiteral(k)} AS kind, k_${k} AS key, min(acc) AS acc, count(*) AS n FROM ${ACC} WHERE k_${k} IS NOT NULL GROUP BY k_${k}`,
  )
  .join("\nUNION ALL\n")}`,
    );

    // 3. Deals and subscriptions linked and read.
    const linked = (t: Table, select: string, joins: string) => {
      const e = (f: string) => {
        const x = colOf(t, f);
        return x === undefined ? null : `t.${quoteIdent(x)}`;
      };
      const ref = e("account");
      const aName = e("account_name");
      const aDom = e("account_domain");
      const email = e("email");
      const refs = [ref, aName, aDom, email].filter((x): x is string => x !== null);
      return `SELECT
  CASE WHEN ui.n = 1 THEN ui.acc WHEN ud.n = 1 THEN ud.acc WHEN un1.n = 1 THEN un1.acc WHEN un2.n = 1 THEN un2.acc END AS acc,
  CASE WHEN ui.n = 1 THEN 'id' WHEN ud.n = 1 THEN 'domain' WHEN un1.n = 1 OR un2.n = 1 THEN 'name' END AS linked_by,
  ${refs.length ? `(${refs.map((r) => `(lr_${refs.indexOf(r)}.missing IS NOT FALSE)`).join(" AND ")})` : "true"} AS no_ref,
  ${select}
FROM ${t.rel} AS t${lookup("kr", "id", ref)}${lookup("kdo", "domain", aDom)}${lookup("kem", "email", email)}${lookup("kn1", "name", aName)}${lookup("kn2", "name", ref)}${refs
        .map(
          (r, i) =>
            `\nLEFT JOIN ${KEYS} AS lr_${i} ON lr_${i}.raw = CAST(${r} AS text) AND lr_${i}.kind = 'text'`,
        )
        .join("")}
LEFT JOIN ${UNIQ} AS ui ON ui.kind = 'id' AND ui.key = ${keyOf("kr", ref)}
LEFT JOIN ${UNIQ} AS ud ON ud.kind = 'domain' AND ud.key = COALESCE(${keyOf("kdo", aDom)}, ${keyOf("kem", email)})
LEFT JOIN ${UNIQ} AS un1 ON un1.kind = 'name' AND un1.key = ${keyOf("kn1", aName)}
LEFT JOIN ${UNIQ} AS un2 ON un2.kind = 'name' AND un2.key = ${keyOf("kn2", ref)}${joins}`;
    };
    // Whether a reference is empty: the same missing-value test, through the 'text' lookup.
    for (const t of subs ? [deals, subs] : [deals])
      for (const f of ["account", "account_name", "account_domain", "email"])
        await fill("text", t, colOf(t, f));

    const dcol = (f: string) => {
      const x = colOf(deals, f);
      return x === undefined ? null : `t.${quoteIdent(x)}`;
    };
    await c.query(
      `CREATE TABLE ${DEALS_ALL} AS\nSELECT row_number() OVER () AS drow, x.* FROM (\n${linked(
        deals,
        `${keyOf("st", dcol("stage"))} AS status, ${dcol("stage") ? "st.missing" : "true"} AS status_missing, CAST(${keyOf("am", dcol("amount"))} AS float8) AS amount, ${keyOf("cr", dcol("created"))} AS created, ${keyOf("cl", dcol("closed"))} AS closed`,
        `${lookup("st", "status", dcol("stage"))}${lookup("am", "money", dcol("amount"))}${lookup("cr", "date", dcol("created"))}${lookup("cl", "date", dcol("closed"))}`,
      )}\n) AS x`,
    );
    // As of the as-of date: deals created later did not exist; deals closed later were open.
    const censoredRow = (
      await q<{ created_after: string; closed_after: string }>(
        `SELECT count(*) FILTER (WHERE created > $1) AS created_after,
  count(*) FILTER (WHERE (created IS NULL OR created <= $1) AND closed > $1) AS closed_after FROM ${DEALS_ALL}`,
        [a.asOf],
      )
    )[0];
    const censored = {
      createdAfter: Number(censoredRow?.created_after ?? 0),
      closedAfter: Number(censoredRow?.closed_after ?? 0),
      closedBeforeSplit: 0,
    };
    const split = a.closedAfter
      ? ` AND NOT (closed IS NOT NULL AND closed <= ${quoteLiteral(a.closedAfter)})`
      : "";
    if (a.closedAfter)
      censored.closedBeforeSplit = Number(
        (
          await q<{ n: string }>(
            `SELECT count(*) AS n FROM ${DEALS_ALL} WHERE (created IS NULL OR created <= $1) AND closed IS NOT NULL AND closed <= $2`,
            [a.asOf, a.closedAfter],
          )
        )[0]?.n ?? 0,
      );
    await c.query(
      `CREATE TABLE ${DEALS} AS SELECT * FROM ${DEALS_ALL} WHERE (created IS NULL OR created <= ${quoteLiteral(a.asOf)})${split}`,
    );
    await c.query(
      `UPDATE ${DEALS} SET status = CASE WHEN status IN ('won', 'lost') THEN 'open' ELSE status END, closed = NULL WHERE closed > $1`,
      [a.asOf],
    );
    // The maturity window: the same nearest-rank 90th percentile as file validation.
    let mature: ReturnType<typeof maturityWindow>;
    if (a.maturityDays !== undefined) mature = maturityWindow(a.asOf, a.maturityDays, "--maturity-days");
    else {
      const m = (
        await q<{ n: string; p90: number | null }>(
          `SELECT count(*) AS n, percentile_disc(0.9) WITHIN GROUP (ORDER BY CAST(closed AS date) - CAST(created AS date)) AS p90
FROM ${DEALS} WHERE status IN ('won', 'lost') AND created IS NOT NULL AND closed IS NOT NULL AND closed >= created`,
        )
      )[0];
      mature =
        Number(m?.n ?? 0) >= 20 && m?.p90 != null
          ? maturityWindow(a.asOf, Number(m.p90), "closed deals' 90th-percentile cycle")
          : { maturityDays: null, maturityFrom: "too few closed deals", stalledBefore: null };
    }
    // status2: won, lost (stalled counted), open (undecided), stalled kept apart for counts
    await c.query(`ALTER TABLE ${DEALS} ADD COLUMN stalled boolean`);
    await c.query(
      `UPDATE ${DEALS} SET stalled = (status = 'open' AND created IS NOT NULL AND created < $1)`,
      [mature.stalledBefore ?? "0000-00-00"],
    );
    if (subs) {
      const scol = (f: string) => {
        const x = colOf(subs, f);
        return x === undefined ? null : `t.${quoteIdent(x)}`;
      };
      await c.query(
        `CREATE TABLE ${SUBS} AS\n${linked(
          subs,
          `CAST(COALESCE(${keyOf("mr", scol("mrr"))}, ${keyOf("ar", scol("arr"))}) AS float8) AS mrr, ${keyOf("ss", scol("start"))} AS start_day, ${keyOf("se", scol("end"))} AS end_day, ${keyOf("rs", scol("churn_reason"))} AS reason`,
          `${lookup("mr", "money", scol("mrr"))}${lookup("ar", "arr_mrr", scol("arr"))}${lookup("ss", "date", scol("start"))}${lookup("se", "date", scol("end"))}${lookup("rs", "text", scol("churn_reason"))}`,
        )}`,
      );
    }

    // 4. Group labels per (state, tier): the same rule as file validation.
    const tiers = icpTiers(a.profile, a.icpTiers);
    const combos = await q<{ state: State; tier: string | null }>(`SELECT DISTINCT state, tier FROM ${ACC}`);
    const labelRows: [string, string | null, string][] = [
      [UNLINKED, null, "all"],
      [UNLINKED, null, "unlinked"],
    ];
    for (const { state, tier } of combos) {
      const r: RowResult = { state, tier, tenths: null, reasons: "" };
      labelRows.push([state, tier, "all"]);
      for (const l of labels({ group: icpGroup(r, tiers), result: r })) labelRows.push([state, tier, l]);
    }
    await c.query(`CREATE TABLE ${LABELS} (state text NOT NULL, tier text, label text NOT NULL)`);
    await c.query(`INSERT INTO ${LABELS} SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [
      labelRows.map((r) => r[0]),
      labelRows.map((r) => r[1]),
      labelRows.map((r) => r[2]),
    ]);
    const withLabel = (rel: string) =>
      `${rel} AS d LEFT JOIN ${ACC} AS a ON a.acc = d.acc JOIN ${LABELS} AS l ON l.state = COALESCE(a.state, '${UNLINKED}') AND l.tier IS NOT DISTINCT FROM a.tier`;

    // 5. Aggregates.
    const accountsBy = new Map<string, number>();
    for (const r of await q<{ label: string; n: string }>(
      `SELECT l.label, count(*) AS n FROM ${ACC} AS a JOIN ${LABELS} AS l ON l.state = a.state AND l.tier IS NOT DISTINCT FROM a.tier GROUP BY l.label`,
    ))
      accountsBy.set(r.label, Number(r.n));
    const countsBy = new Map<string, DealCounts>();
    for (const r of await q<{ label: string; status: string | null; stalled: boolean | null; n: string }>(
      `SELECT l.label, d.status, d.stalled, count(*) AS n FROM ${withLabel(DEALS)} GROUP BY l.label, d.status, d.stalled`,
    )) {
      const k = countsBy.get(r.label) ?? { won: 0, lost: 0, open: 0, stalled: 0, unknownStage: 0 };
      if (r.status === "won" || r.status === "lost") k[r.status] += Number(r.n);
      else if (r.status === "open") k[r.stalled ? "stalled" : "open"] += Number(r.n);
      else k.unknownStage += Number(r.n);
      countsBy.set(r.label, k);
    }
    // Per account (the unit of inference): closed outcomes, and the won deals' cycles and
    // amounts as value → count. Unlinked deals are each their own unit.
    const unit = "CASE WHEN d.acc IS NULL THEN 'row:' || d.drow ELSE 'a:' || (d.acc - 1) END";
    const accountsOf = new Map<string, Map<string, AccountDeals>>();
    const entry = (label: string, key: string): AccountDeals => {
      let m = accountsOf.get(label);
      if (!m) {
        m = new Map();
        accountsOf.set(label, m);
      }
      let e = m.get(key);
      if (!e) {
        e = { key, won: 0, lost: 0, cycles: [], amounts: [] };
        m.set(key, e);
      }
      return e;
    };
    for (const r of await q<{ label: string; unit: string; won: string; lost: string }>(
      `SELECT l.label, ${unit} AS unit, count(*) FILTER (WHERE d.status = 'won') AS won,
  count(*) FILTER (WHERE d.status = 'lost' OR d.stalled) AS lost
FROM ${withLabel(DEALS)} GROUP BY l.label, unit`,
    )) {
      const e = entry(r.label, r.unit);
      e.won = Number(r.won);
      e.lost = Number(r.lost);
    }
    const histogram = async (expr: string, where: string, into: "cycles" | "amounts") => {
      for (const r of await q<{ label: string; unit: string; v: number; n: string }>(
        `SELECT l.label, ${unit} AS unit, ${expr} AS v, count(*) AS n FROM ${withLabel(DEALS)} WHERE ${where} GROUP BY l.label, unit, v`,
      )) {
        const l = entry(r.label, r.unit)[into];
        for (let i = 0; i < Number(r.n); i++) l.push(Number(r.v));
      }
    };
    await histogram(
      "(CAST(d.closed AS date) - CAST(d.created AS date))",
      "d.status = 'won' AND d.created IS NOT NULL AND d.closed IS NOT NULL AND d.closed >= d.created",
      "cycles",
    );
    await histogram("d.amount", "d.status = 'won' AND d.amount IS NOT NULL", "amounts");
    const accountDealsOf = (label: string) => sortAccounts([...(accountsOf.get(label)?.values() ?? [])]);

    let retentionBy: Map<string, AccountRetention[]> | null = null;
    const reasonsBy = new Map<string, Map<string, number>>();
    if (subs) {
      retentionBy = new Map();
      // The trailing-twelve-month window, by the same calendar rule as file validation.
      const w = retentionWindow(a.asOf);
      const rows = await q<{
        acc: string;
        first_start: string;
        m0: number | null;
        m1: number | null;
        active0: boolean;
        state: State;
        tier: string | null;
      }>(
        `WITH s AS (SELECT * FROM ${SUBS} WHERE acc IS NOT NULL AND start_day IS NOT NULL AND mrr IS NOT NULL AND start_day <= $2)
SELECT s.acc, min(s.start_day) AS first_start,
  sum(s.mrr) FILTER (WHERE s.start_day <= $1 AND (s.end_day IS NULL OR s.end_day > $1)) AS m0,
  sum(s.mrr) FILTER (WHERE s.start_day <= $2 AND (s.end_day IS NULL OR s.end_day > $2)) AS m1,
  bool_or(s.start_day <= $1 AND (s.end_day IS NULL OR s.end_day > $1)) AS active0,
  a.state, a.tier
FROM s JOIN ${ACC} AS a ON a.acc = s.acc
GROUP BY s.acc, a.state, a.tier
ORDER BY s.acc`,
        [w.start, w.end],
      );
      const cents = (x: number | null) => Math.round((x ?? 0) * 100) / 100;
      for (const r of rows) {
        const res: RowResult = { state: r.state, tier: r.tier, tenths: null, reasons: "" };
        const ar: AccountRetention = {
          account: Number(r.acc),
          startMrr: cents(r.m0),
          endMrr: cents(r.m1),
          activeAtStart: !!r.active0,
          firstStart: r.first_start,
        };
        for (const l of ["all", ...labels({ group: icpGroup(res, tiers), result: res })]) {
          const list = retentionBy.get(l) ?? [];
          list.push(ar);
          retentionBy.set(l, list);
        }
      }
      for (const r of await q<{ label: string; reason: string; n: string }>(
        `SELECT l.label, d.reason, count(*) AS n FROM ${withLabel(SUBS)} WHERE d.end_day IS NOT NULL AND d.reason IS NOT NULL GROUP BY l.label, d.reason`,
      )) {
        const m = reasonsBy.get(r.label) ?? new Map<string, number>();
        m.set(r.reason, Number(r.n));
        reasonsBy.set(r.label, m);
      }
    }

    const seed = a.seed ?? 1;
    const groups: GroupFigures[] = [];
    groupOrder(a).forEach((g) => {
      const counts = countsBy.get(g) ?? { won: 0, lost: 0, open: 0, stalled: 0, unknownStage: 0 };
      const total = counts.won + counts.lost + counts.open + counts.stalled + counts.unknownStage;
      const n = accountsBy.get(g) ?? 0;
      if (!total && !n && g !== "in ICP" && g !== "out of ICP") return;
      const f = dealFiguresOf(g, n, counts, accountDealsOf(g));
      if (retentionBy) {
        f.retention = retentionFigures(retentionBy.get(g) ?? [], a.asOf, seed);
        f.churnReasons = churnReasonsOf(reasonsBy.get(g) ?? new Map());
      }
      groups.push(f);
    });
    const fig = (g: string) => groups.find((x) => x.group === g) as GroupFigures;
    const comparisons = compareGroups(
      accountDealsOf("in ICP"),
      accountDealsOf("out of ICP"),
      fig("in ICP"),
      fig("out of ICP"),
      retentionBy ? { in: retentionBy.get("in ICP") ?? [], out: retentionBy.get("out of ICP") ?? [] } : null,
      seed,
    );
    const verdict = overallVerdict(comparisons, { in: fig("in ICP"), out: fig("out of ICP") });

    const buckets: GainsBucket[] = (
      await q<{
        state: State;
        tenths: number | null;
        tier: string | null;
        accounts: string;
        wins: string;
        revenue: number;
        closed: string;
      }>(
        `SELECT a.state, a.tenths, a.tier, count(*) AS accounts, COALESCE(sum(x.wins), 0) AS wins,
  COALESCE(sum(x.revenue), 0) AS revenue, COALESCE(sum(x.closed), 0) AS closed
FROM ${ACC} AS a LEFT JOIN (
  SELECT acc, count(*) FILTER (WHERE status = 'won') AS wins,
    COALESCE(sum(COALESCE(amount, 0)) FILTER (WHERE status = 'won'), 0) AS revenue,
    count(*) FILTER (WHERE status IN ('won', 'lost') OR stalled) AS closed
  FROM ${DEALS} WHERE acc IS NOT NULL GROUP BY acc) AS x ON x.acc = a.acc
GROUP BY a.state, a.tenths, a.tier`,
      )
    ).map((r) => ({
      state: r.state,
      tenths: r.tenths,
      tier: r.tier,
      accounts: Number(r.accounts),
      wins: Number(r.wins),
      revenue: Number(r.revenue),
      closed: Number(r.closed),
    }));
    const span = (
      await q<{ lo: string | null; hi: string | null }>(
        `SELECT min(created) AS lo, max(created) AS hi FROM ${DEALS} WHERE status IN ('won', 'lost') AND created IS NOT NULL`,
      )
    )[0];
    const gainsFig = gainsOf(
      buckets,
      monthsBetween(span?.lo ?? null, span?.hi ?? null),
      a.capacityPerMonth,
      a.profile.tiers.map((t) => t.name),
    );

    // 6. What was read: rows, links, values that could not be read.
    const linkStats = async (rel: string) => {
      const by = { id: 0, domain: 0, name: 0 };
      let rows = 0;
      let noRef = 0;
      for (const r of await q<{ linked_by: keyof typeof by | null; no_ref: boolean; n: string }>(
        `SELECT linked_by, no_ref, count(*) AS n FROM ${rel} GROUP BY linked_by, no_ref`,
      )) {
        rows += Number(r.n);
        if (r.linked_by) by[r.linked_by] += Number(r.n);
        else if (r.no_ref) noRef += Number(r.n);
      }
      const linkedN = by.id + by.domain + by.name;
      const reasons = [
        ...(noRef
          ? [
              {
                reason: "no account reference (account, company, domain and e-mail are empty)",
                count: noRef,
                examples: [],
              },
            ]
          : []),
        ...(rows - linkedN - noRef
          ? [
              {
                reason: "its account reference matches no single account (not found, or on several)",
                count: rows - linkedN - noRef,
                examples: [],
              },
            ]
          : []),
      ].sort((x, y) => y.count - x.count);
      return { rows, by, linked: linkedN, unlinked: rows - linkedN, reasons };
    };
    const unreadable = async (t: Table, fields: [string, KeyKind][]): Promise<Unreadable> => {
      const out: Unreadable = {};
      for (const [field, kind] of fields) {
        const column = colOf(t, field);
        if (!column) continue;
        const col = `t.${quoteIdent(column)}`;
        const r = await q<{ n: string; examples: string[] | null }>(
          `SELECT count(*) AS n, (array_agg(DISTINCT k.raw ORDER BY k.raw))[1:3] AS examples
FROM ${t.rel} AS t JOIN ${KEYS} AS k ON k.kind = $1 AND k.raw = CAST(${col} AS text)
WHERE k.key IS NULL AND NOT k.missing`,
          [kind],
        );
        const n = Number(r[0]?.n ?? 0);
        if (n) out[field] = { count: n, examples: r[0]?.examples ?? [] };
      }
      return out;
    };
    const dl = await linkStats(DEALS_ALL);
    const accountRows = accountsBy.get("all") ?? 0;
    const report: ValidationReport = {
      profile: { name: a.profile.name, version: a.profile.version, hash: a.profile.hash },
      asOf: a.asOf,
      icpTiers: tiers,
      inputs: {
        accounts: { file: `postgres: ${accounts.rel}`, rows: accountRows, rejected: 0 },
        deals: {
          file: `postgres: ${deals.rel}`,
          rows: dl.rows,
          rejected: 0,
          linked: dl.linked,
          unlinked: dl.unlinked,
          linkedBy: dl.by,
          unlinkedReasons: dl.reasons,
          unreadable: await unreadable(deals, [
            ["stage", "status"],
            ["amount", "money"],
            ["created", "date"],
            ["closed", "date"],
          ]),
          mapping: mapOf(deals),
        },
        ...(subs
          ? {
              subscriptions: await (async () => {
                const sl = await linkStats(SUBS);
                return {
                  file: `postgres: ${subs.rel}`,
                  rows: sl.rows,
                  rejected: 0,
                  linked: sl.linked,
                  unlinked: sl.unlinked,
                  unreadable: await unreadable(subs, [
                    ["mrr", "money"],
                    ["arr", "arr_mrr"],
                    ["start", "date"],
                    ["end", "date"],
                  ]),
                  mapping: mapOf(subs),
                };
              })(),
            }
          : {}),
      },
      design: {
        unit: "account",
        ...mature,
        censored,
        ...(a.closedAfter ? { closedAfter: a.closedAfter } : {}),
        seed,
      },
      warnings: [],
      groups,
      comparisons,
      verdict,
      gains: gainsFig,
      computedIn: "postgres",
    };
    report.warnings = plausibility(report, a.profile);
    return report;
  } finally {
    for (const t of TEMP) await c.query(`DROP TABLE IF EXISTS ${t}`);
    await c.query(`DROP TABLE IF EXISTS pg_temp.${quoteIdent("icp_normalised")}`);
  }
}

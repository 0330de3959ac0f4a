/**
 * A workspace: one DuckDB file holding imported datasets (each a table in input order, with its
 * rejects), profiles with every version (content hash, author, message; roll back = a new version
 * with an old text), score runs stamped with the profile version, and validation results.
 *
 * Every change is one transaction: an import writes the new table, then swaps it in and records it;
 * a crash before the commit leaves the previous state as it was (DuckDB replays its log on open).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createTwoFilesPatch } from "diff";
import { type Entity, mapEntityColumns } from "../data/entities.js";
import { DuckDbEngine } from "../engine/duckdb.js";
import { type FileFormat, InputError } from "../io/formats.js";
import type { Reject } from "../io/read.js";
import { lower } from "../ir/lower.js";
import type { IrProgram, RowResult } from "../ir/types.js";
import { checkProfileText } from "../profile/check.js";
import { ProfileError } from "../profile/diagnostics.js";
import type { Profile } from "../profile/model.js";
import { buildFunnel, type Funnel } from "../score/funnel.js";
import { groupsFromCodes } from "../score/funnel-codes.js";
import { compileSql, rowResultOf } from "../sql/compile.js";
import { quoteIdent } from "../sql/escape.js";

export const WORKSPACE_SCHEMA_VERSION = "1";

export interface DatasetInfo {
  name: string;
  entity: string;
  rows: number;
  rejected: number;
  columns: string[];
  mapping: Array<{ field: string; column: string }>;
  source: string;
  importedAt: string;
}

export interface ProfileVersion {
  name: string;
  version: number;
  hash: string;
  author: string;
  message: string;
  createdAt: string;
  /** The profile's own `version:` field. */
  declaredVersion: string;
}

export interface RunInfo {
  id: number;
  dataset: string;
  profile: string;
  version: number;
  hash: string;
  asOf: string;
  rows: number;
  funnel: Funnel;
  createdAt: string;
}

export interface RunRow {
  row: number;
  state: RowResult["state"];
  score: number | null;
  tier: string | null;
  reasons: string;
  record: Record<string, string | null>;
}

export interface RunRowQuery {
  tier?: string;
  state?: string;
  /** Case-insensitive text search over every column. */
  q?: string;
  offset?: number;
  limit?: number;
}

export interface WorkspaceOptions {
  /** The clock for timestamps (tests fix it). */
  now?: () => Date;
}

const datasetTable = (name: string) => `ds_${createHash("sha256").update(name).digest("hex").slice(0, 16)}`;
const hashToken = (t: string) => createHash("sha256").update(t).digest();

/** A dataset or profile name: 1–120 characters, no control characters, not blank. */
export function checkName(kind: string, name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (name.trim() === "" || name.length > 120 || /[\u0000-\u001f\u007f]/.test(name))
    throw new InputError(`${kind} name ${JSON.stringify(name)} is not valid`, {
      hint: "give 1–120 characters without control characters",
    });
  return name;
}

export class Workspace {
  private constructor(
    readonly path: string,
    readonly engine: DuckDbEngine,
    private readonly now: () => Date,
  ) {}

  /** Open a workspace file, creating it (with its tables) when missing. */
  static async open(path: string, opts: WorkspaceOptions = {}): Promise<Workspace> {
    let engine: DuckDbEngine;
    try {
      engine = await DuckDbEngine.open({ path });
    } catch (e) {
      throw new InputError(`cannot open workspace ${path}: ${(e as Error).message.split("\n")[0]}`, {
        file: path,
        hint: "is another `icp serve` using it? A workspace has one writer at a time",
      });
    }
    const ws = new Workspace(path, engine, opts.now ?? (() => new Date()));
    await ws.migrate();
    return ws;
  }

  close(): void {
    this.engine.close();
  }

  private get conn() {
    return this.engine.conn;
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private async all(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const r = await this.conn.runAndReadAll(sql, params as never);
    return r.getRowObjectsJS() as Record<string, unknown>[];
  }

  /** The write in progress: transactions queue behind it (one connection holds one transaction). */
  private writes: Promise<unknown> = Promise.resolve();

  /**
   * Run `f` in one transaction: all of it, or none of it. Transactions of concurrent requests run
   * one after another, in arrival order — two users saving at once both get their version — and a
   * failed one does not stop the queue. `f` must not start another transaction (it would wait for
   * itself).
   */
  async transaction<T>(f: () => Promise<T>): Promise<T> {
    const turn = this.writes.then(
      () => this.runTransaction(f),
      () => this.runTransaction(f),
    );
    this.writes = turn.catch(() => undefined);
    return turn;
  }

  private async runTransaction<T>(f: () => Promise<T>): Promise<T> {
    await this.conn.run("BEGIN TRANSACTION");
    try {
      const out = await f();
      await this.conn.run("COMMIT");
      return out;
    } catch (e) {
      await this.conn.run("ROLLBACK");
      throw e;
    }
  }

  private async migrate(): Promise<void> {
    await this.conn.run(`
      CREATE TABLE IF NOT EXISTS icp_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
      CREATE TABLE IF NOT EXISTS icp_datasets (name VARCHAR PRIMARY KEY, tbl VARCHAR NOT NULL, entity VARCHAR NOT NULL,
        rows BIGINT NOT NULL, rejected BIGINT NOT NULL, columns VARCHAR NOT NULL, mapping VARCHAR NOT NULL,
        rejects VARCHAR NOT NULL, source VARCHAR NOT NULL, imported_at VARCHAR NOT NULL);
      CREATE TABLE IF NOT EXISTS icp_profile_versions (name VARCHAR NOT NULL, version INTEGER NOT NULL,
        hash VARCHAR NOT NULL, yaml VARCHAR NOT NULL, author VARCHAR NOT NULL, message VARCHAR NOT NULL,
        declared_version VARCHAR NOT NULL, created_at VARCHAR NOT NULL, PRIMARY KEY (name, version));
      CREATE TABLE IF NOT EXISTS icp_runs (id INTEGER PRIMARY KEY, dataset VARCHAR NOT NULL, profile VARCHAR NOT NULL,
        version INTEGER NOT NULL, hash VARCHAR NOT NULL, as_of VARCHAR NOT NULL, tbl VARCHAR NOT NULL, rows BIGINT NOT NULL,
        funnel VARCHAR NOT NULL, created_at VARCHAR NOT NULL);
      CREATE TABLE IF NOT EXISTS icp_validations (id INTEGER PRIMARY KEY, profile VARCHAR NOT NULL, version INTEGER NOT NULL,
        hash VARCHAR NOT NULL, inputs VARCHAR NOT NULL, as_of VARCHAR NOT NULL, report VARCHAR NOT NULL, created_at VARCHAR NOT NULL);
      INSERT OR IGNORE INTO icp_meta VALUES ('schema_version', '${WORKSPACE_SCHEMA_VERSION}');
    `);
    // A run reads the very table it scored (a re-import makes a new one): its name and columns.
    await this.conn.run("ALTER TABLE icp_runs ADD COLUMN IF NOT EXISTS dataset_table VARCHAR");
    await this.conn.run("ALTER TABLE icp_runs ADD COLUMN IF NOT EXISTS dataset_columns VARCHAR");
  }

  // ── API token ──────────────────────────────────────────────────────────────────────────────

  /** A new API token (returned once; only its hash is kept). Replaces any previous token. */
  async newToken(): Promise<string> {
    const token = `icp_${randomBytes(24).toString("base64url")}`;
    await this.conn.run("INSERT OR REPLACE INTO icp_meta VALUES ('token_sha256', $1)", [
      hashToken(token).toString("hex"),
    ]);
    return token;
  }

  async hasToken(): Promise<boolean> {
    return (await this.all("SELECT 1 FROM icp_meta WHERE key = 'token_sha256'")).length > 0;
  }

  /** The stored token hash, for checking requests without a query each time. */
  async tokenHash(): Promise<Buffer | null> {
    const r = await this.all("SELECT value FROM icp_meta WHERE key = 'token_sha256'");
    const v = r[0]?.["value"];
    return typeof v === "string" ? Buffer.from(v, "hex") : null;
  }

  static tokenMatches(given: string, hash: Buffer | null): boolean {
    if (hash === null) return false;
    const h = hashToken(given);
    return h.length === hash.length && timingSafeEqual(h, hash);
  }

  // ── Datasets ───────────────────────────────────────────────────────────────────────────────

  /**
   * Import a file as dataset `name` (replacing one of that name): the new table is written, then
   * swapped in with its record in one transaction. Rows DuckDB cannot read are kept as rejects.
   */
  async importDataset(
    name: string,
    file: string,
    opts: { format?: FileFormat; entity?: Entity; source?: string } = {},
  ): Promise<DatasetInfo & { rejects: Reject[] }> {
    checkName("dataset", name);
    const format = opts.format ?? "csv";
    const src = await this.engine.source(file, format);
    try {
      const info = await this.transaction(async () => {
        // each import is a table of its own: score runs keep reading the rows they scored
        const previous = (await this.all("SELECT tbl FROM icp_datasets WHERE name = $1", [name]))[0]?.["tbl"];
        const seq = Number(
          (await this.all("SELECT value FROM icp_meta WHERE key = 'import_seq'"))[0]?.["value"] ?? 0,
        );
        await this.conn.run("INSERT OR REPLACE INTO icp_meta VALUES ('import_seq', $1)", [String(seq + 1)]);
        const tbl = `${datasetTable(name)}__${seq + 1}`;
        const staging = `${tbl}__new`;
        await this.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(staging)}`);
        await this.conn.run(`CREATE TABLE ${quoteIdent(staging)} AS SELECT * FROM ${src.sql}`);
        const n = Number((await this.all(`SELECT count(*) AS n FROM ${quoteIdent(staging)}`))[0]?.["n"] ?? 0);
        const rejects = await src.rejects();
        const entity = opts.entity ?? "accounts";
        const mapping = mapEntityColumns(entity, src.columns).map(({ field, column }) => ({
          field,
          column,
        }));
        await this.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(tbl)}`);
        await this.conn.run(`ALTER TABLE ${quoteIdent(staging)} RENAME TO ${quoteIdent(tbl)}`);
        if (typeof previous === "string") await this.dropUnlessRead(previous);
        const importedAt = this.stamp();
        const source = opts.source ?? file;
        await this.conn.run("DELETE FROM icp_datasets WHERE name = $1", [name]);
        await this.conn.run("INSERT INTO icp_datasets VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", [
          name,
          tbl,
          entity,
          n,
          rejects.length,
          JSON.stringify(src.columns),
          JSON.stringify(mapping),
          JSON.stringify(rejects.slice(0, 1000)),
          source,
          importedAt,
        ]);
        return {
          name,
          entity,
          rows: n,
          rejected: rejects.length,
          columns: src.columns,
          mapping,
          source,
          importedAt,
          rejects,
        };
      });
      return info;
    } finally {
      src.close();
    }
  }

  /** Drop a replaced dataset table unless a score run still reads it. */
  private async dropUnlessRead(table: string): Promise<void> {
    const used = Number(
      (await this.all("SELECT count(*) AS n FROM icp_runs WHERE dataset_table = $1", [table]))[0]?.["n"] ?? 0,
    );
    if (used === 0) await this.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
  }

  /** Delete a score run: its results, and the dataset rows it pinned unless the dataset or another run reads them. */
  async deleteRun(id: number): Promise<void> {
    const run = await this.run(id);
    const { table: pinned } = await this.runData(run);
    await this.transaction(async () => {
      await this.conn.run("DELETE FROM icp_runs WHERE id = $1", [id]);
      await this.conn.run(`DROP TABLE IF EXISTS ${quoteIdent(run.table)}`);
      const current = Number(
        (await this.all("SELECT count(*) AS n FROM icp_datasets WHERE tbl = $1", [pinned]))[0]?.["n"] ?? 0,
      );
      if (current === 0) await this.dropUnlessRead(pinned);
    });
  }

  /** The rows a run scored: the dataset table as it was then, and its columns. */
  async runData(run: RunInfo & { table: string }): Promise<{ table: string; columns: string[] }> {
    const r = (
      await this.all("SELECT dataset_table, dataset_columns FROM icp_runs WHERE id = $1", [run.id])
    )[0];
    if (r?.["dataset_table"] && r["dataset_columns"])
      return {
        table: String(r["dataset_table"]),
        columns: JSON.parse(String(r["dataset_columns"])) as string[],
      };
    // a run from before runs were pinned reads the dataset as it is now
    const d = await this.dataset(run.dataset);
    return { table: d.table, columns: d.columns };
  }

  /** Records of a run's rows as they were scored (1-based row numbers). */
  async runRecords(
    run: RunInfo & { table: string },
    offset = 0,
    limit = 100,
  ): Promise<Array<Record<string, string | null>>> {
    const d = await this.runData(run);
    return this.tableRows(d.table, d.columns, offset, limit);
  }

  private async tableRows(
    table: string,
    columns: readonly string[],
    offset: number,
    limit: number,
  ): Promise<Array<Record<string, string | null>>> {
    const proj = columns.map((c) => `CAST(${quoteIdent(c)} AS VARCHAR) AS ${quoteIdent(c)}`).join(", ");
    return (await this.all(`SELECT ${proj} FROM ${quoteIdent(table)} ORDER BY rowid LIMIT $1 OFFSET $2`, [
      Math.max(0, Math.trunc(limit)),
      Math.max(0, Math.trunc(offset)),
    ])) as Array<Record<string, string | null>>;
  }

  async datasets(): Promise<DatasetInfo[]> {
    return (await this.all("SELECT * FROM icp_datasets ORDER BY name")).map(datasetOf);
  }

  async dataset(name: string): Promise<DatasetInfo & { table: string; rejects: Reject[] }> {
    const r = (await this.all("SELECT * FROM icp_datasets WHERE name = $1", [name]))[0];
    if (!r) throw new NotFound(`no dataset ${JSON.stringify(name)} in the workspace`);
    return {
      ...datasetOf(r),
      table: String(r["tbl"]),
      rejects: JSON.parse(String(r["rejects"])) as Reject[],
    };
  }

  /** Rows of a dataset in input order (row numbers from 1), every value as text. */
  async datasetRows(name: string, offset = 0, limit = 100): Promise<Array<Record<string, string | null>>> {
    const d = await this.dataset(name);
    return this.tableRows(d.table, d.columns, offset, limit);
  }

  /** Every value of some columns, in input order (the live funnel loads its universe this way). */
  async columnValues(name: string, columns: readonly string[]): Promise<Map<string, Array<string | null>>> {
    const d = await this.dataset(name);
    const out = new Map<string, Array<string | null>>();
    for (const c of columns) {
      if (!d.columns.includes(c)) continue;
      const r = await this.conn.runAndReadAll(
        `SELECT CAST(${quoteIdent(c)} AS VARCHAR) FROM ${quoteIdent(d.table)} ORDER BY rowid`,
      );
      out.set(c, r.getColumnsJS()[0]?.map((v) => (v === null ? null : String(v))) ?? []);
    }
    return out;
  }

  // ── Profiles and versions ──────────────────────────────────────────────────────────────────

  /**
   * Save a profile text as the next version of the profile it names. Refused (ProfileError, with
   * every diagnostic) when it does not check. The same content as the latest version adds nothing.
   */
  async saveProfile(yaml: string, meta: { author: string; message: string }): Promise<ProfileVersion> {
    const checked = checkProfileText(yaml, "profile.yaml");
    if (!checked.profile) throw new ProfileError(checked.diagnostics);
    const p = checked.profile;
    checkName("profile", p.name);
    return this.transaction(async () => {
      const head = await this.latest(p.name);
      if (head && head.hash === p.hash) return head;
      const version = (head?.version ?? 0) + 1;
      const createdAt = this.stamp();
      await this.conn.run("INSERT INTO icp_profile_versions VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", [
        p.name,
        version,
        p.hash,
        yaml,
        meta.author,
        meta.message,
        p.version,
        createdAt,
      ]);
      return {
        name: p.name,
        version,
        hash: p.hash,
        author: meta.author,
        message: meta.message,
        createdAt,
        declaredVersion: p.version,
      };
    });
  }

  private async latest(name: string): Promise<ProfileVersion | null> {
    const r = await this.all(
      "SELECT * FROM icp_profile_versions WHERE name = $1 ORDER BY version DESC LIMIT 1",
      [name],
    );
    return r[0] ? versionOf(r[0]) : null;
  }

  /** Every profile with its latest version. */
  async profiles(): Promise<ProfileVersion[]> {
    return (
      await this.all(
        "SELECT * FROM icp_profile_versions QUALIFY row_number() OVER (PARTITION BY name ORDER BY version DESC) = 1 ORDER BY name",
      )
    ).map(versionOf);
  }

  async history(name: string): Promise<ProfileVersion[]> {
    const r = await this.all("SELECT * FROM icp_profile_versions WHERE name = $1 ORDER BY version DESC", [
      name,
    ]);
    if (!r.length) throw new NotFound(`no profile ${JSON.stringify(name)} in the workspace`);
    return r.map(versionOf);
  }

  /** One version (default the latest) with its text and parsed profile. */
  async profileVersion(
    name: string,
    version?: number,
  ): Promise<ProfileVersion & { yaml: string; profile: Profile }> {
    const r = (
      await this.all(
        version === undefined
          ? "SELECT * FROM icp_profile_versions WHERE name = $1 ORDER BY version DESC LIMIT 1"
          : "SELECT * FROM icp_profile_versions WHERE name = $1 AND version = $2",
        version === undefined ? [name] : [name, version],
      )
    )[0];
    if (!r)
      throw new NotFound(
        version === undefined
          ? `no profile ${JSON.stringify(name)} in the workspace`
          : `profile ${JSON.stringify(name)} has no version ${version}`,
      );
    const yaml = String(r["yaml"]);
    const checked = checkProfileText(yaml, `${name}@${r["version"]}`);
    if (!checked.profile) throw new ProfileError(checked.diagnostics);
    return { ...versionOf(r), yaml, profile: checked.profile };
  }

  /** A unified diff of two versions' texts. */
  async diff(name: string, from: number, to: number): Promise<string> {
    const a = await this.profileVersion(name, from);
    const b = await this.profileVersion(name, to);
    return createTwoFilesPatch(`${name}@${from}`, `${name}@${to}`, a.yaml, b.yaml, a.message, b.message);
  }

  /** Roll back: a new version whose text is that of `to` (history is never rewritten). */
  async rollback(
    name: string,
    to: number,
    meta: { author: string; message?: string },
  ): Promise<ProfileVersion> {
    const old = await this.profileVersion(name, to);
    const head = await this.latest(name);
    if (head && head.hash === old.hash)
      throw new InputError(`profile ${name} is already at the content of version ${to}`);
    return this.saveProfile(old.yaml, {
      author: meta.author,
      message: meta.message ?? `roll back to version ${to}`,
    });
  }

  // ── Score runs ─────────────────────────────────────────────────────────────────────────────

  /** Score a dataset with a profile version inside the workspace (DuckDB SQL), keeping the results. */
  async scoreDataset(
    dataset: string,
    profile: string,
    opts: { version?: number; asOf: string },
  ): Promise<RunInfo> {
    const d = await this.dataset(dataset);
    const pv = await this.profileVersion(profile, opts.version);
    const ir = lower(pv.profile, { asOf: opts.asOf, columns: d.columns });
    await this.engine.prepare([ir]);
    const source = `(SELECT rowid + 1 AS __icp_row, * FROM ${quoteIdent(d.table)})`;
    const compiled = compileSql([ir], {
      source,
      columns: ["__icp_row"],
      rowColumn: "__icp_row",
      mode: "inline",
    });
    const codes = compileSql([ir], {
      source,
      columns: ir.capacity ? ["__icp_row"] : [],
      mode: "inline",
      stage: "codes",
    });
    return this.transaction(async () => {
      const id = Number(
        (await this.all("SELECT coalesce(max(id), 0) + 1 AS id FROM icp_runs"))[0]?.["id"] ?? 1,
      );
      const tbl = `run_${id}`;
      await this.conn.run(`CREATE TABLE ${quoteIdent(tbl)} AS ${compiled.sql}`);
      const groups = await this.funnelGroups(ir, tbl, codes.sql, codes.outputColumns);
      const funnel = buildFunnel(ir, groups);
      const createdAt = this.stamp();
      await this.conn.run(
        "INSERT INTO icp_runs (id, dataset, profile, version, hash, as_of, tbl, rows, funnel, created_at, dataset_table, dataset_columns) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        [
          id,
          dataset,
          profile,
          pv.version,
          pv.hash,
          opts.asOf,
          tbl,
          d.rows,
          JSON.stringify(funnel),
          createdAt,
          d.table,
          JSON.stringify(d.columns),
        ],
      );
      return {
        id,
        dataset,
        profile,
        version: pv.version,
        hash: pv.hash,
        asOf: opts.asOf,
        rows: d.rows,
        funnel,
        createdAt,
      };
    });
  }

  private async funnelGroups(ir: IrProgram, runTable: string, codesSql: string, codeCols: string[]) {
    const cols = codeCols.map((c) => `c.${quoteIdent(c)}`).join(", ");
    if (ir.capacity) {
      // Capacity tiers depend on ranks: count the codes with the tiers the run wrote.
      const r = await this.all(
        `SELECT ${cols}, r.icp_tier AS __icp_t0, count(*) AS n FROM (${codesSql}) AS c JOIN ${quoteIdent(runTable)} AS r USING (__icp_row) GROUP BY ALL`,
      );
      return groupsFromCodes([ir], r, ["__icp_t0"])[0] ?? [];
    }
    const r = await this.all(`SELECT ${cols}, count(*) AS n FROM (${codesSql}) AS c GROUP BY ALL`);
    return groupsFromCodes([ir], r, [null])[0] ?? [];
  }

  async runs(): Promise<RunInfo[]> {
    return (await this.all("SELECT * FROM icp_runs ORDER BY id DESC")).map(runOf);
  }

  async run(id: number): Promise<RunInfo & { table: string }> {
    const r = (await this.all("SELECT * FROM icp_runs WHERE id = $1", [id]))[0];
    if (!r) throw new NotFound(`no score run ${id} in the workspace`);
    return { ...runOf(r), table: String(r["tbl"]) };
  }

  /** Scored rows of a run with their records, filtered, best first (score desc, then input order). */
  /** The FROM and WHERE of a run's rows with a filter, with their parameters. */
  private async runRowsQuery(id: number, query: RunRowQuery) {
    const run = await this.run(id);
    const d = await this.runData(run);
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (query.tier) where.push(`r.icp_tier = ${p(query.tier)}`);
    if (query.state) where.push(`r.icp_state = ${p(query.state)}`);
    if (query.q) {
      // the text is searched for as written: % and _ are characters, not wildcards
      const needle = p(`%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(
        `(${d.columns.map((c) => `lower(CAST(s.${quoteIdent(c)} AS VARCHAR)) LIKE ${needle} ESCAPE '\\'`).join(" OR ")})`,
      );
    }
    const from = `${quoteIdent(run.table)} AS r JOIN (SELECT rowid + 1 AS __icp_row, * FROM ${quoteIdent(d.table)}) AS s USING (__icp_row)`;
    const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const proj = d.columns
      .map((c) => `CAST(s.${quoteIdent(c)} AS VARCHAR) AS ${quoteIdent(`c_${c}`)}`)
      .join(", ");
    const select = `SELECT r.__icp_row, r.icp_state, r.icp_score, r.icp_tier, r.icp_reasons${proj ? `, ${proj}` : ""} FROM ${from} ${w}
       ORDER BY CASE r.icp_state WHEN 'scored' THEN 0 WHEN 'insufficient_data' THEN 1 ELSE 2 END, r.icp_score DESC NULLS LAST, r.__icp_row`;
    return { columns: d.columns, from, w, select, params, p };
  }

  private runRowOf(columns: readonly string[], o: Record<string, unknown>): RunRow {
    const res = rowResultOf(o);
    return {
      row: Number(o["__icp_row"]),
      state: res.state,
      score: res.tenths === null ? null : res.tenths / 10,
      tier: res.tier,
      reasons: res.reasons,
      record: Object.fromEntries(columns.map((c) => [c, (o[`c_${c}`] as string | null | undefined) ?? null])),
    };
  }

  async runRows(id: number, query: RunRowQuery = {}): Promise<{ total: number; rows: RunRow[] }> {
    const q = await this.runRowsQuery(id, query);
    const total = Number(
      (await this.all(`SELECT count(*) AS n FROM ${q.from} ${q.w}`, q.params))[0]?.["n"] ?? 0,
    );
    const limit = Math.min(1000, Math.max(0, Math.trunc(query.limit ?? 50)));
    const offset = Math.max(0, Math.trunc(query.offset ?? 0));
    const rows = await this.all(`${q.select} LIMIT ${q.p(limit)} OFFSET ${q.p(offset)}`, q.params);
    return { total, rows: rows.map((o) => this.runRowOf(q.columns, o)) };
  }

  /**
   * Every row of a run (filtered), in the order the list shows them, from one streamed query on a
   * connection of its own: memory stays flat and the time linear, however many rows.
   */
  async *streamRunRows(id: number, query: RunRowQuery = {}): AsyncGenerator<RunRow[]> {
    const q = await this.runRowsQuery(id, query);
    const conn = await this.engine.connect();
    try {
      const result = await conn.stream(q.select, q.params as never);
      for await (const chunk of result.yieldRowObjectJs())
        yield chunk.map((o) => this.runRowOf(q.columns, o as Record<string, unknown>));
    } finally {
      conn.closeSync();
    }
  }

  /** The lowest score each tier took in a run (capacity tiers' cut-offs), in tenths. */
  async tierCutoffs(id: number): Promise<Record<string, number>> {
    const run = await this.run(id);
    const out: Record<string, number> = {};
    for (const o of await this.all(
      `SELECT icp_tier AS tier, min(icp_score) AS s FROM ${quoteIdent(run.table)} WHERE icp_state = 'scored' AND icp_tier IS NOT NULL GROUP BY icp_tier`,
    ))
      out[String(o["tier"])] = Math.round(Number(o["s"]) * 10);
    return out;
  }

  /** Scored rows of a run per 5-point score bucket and tier. */
  async scoreDistribution(
    id: number,
  ): Promise<Array<{ bucket: number; tier: string | null; count: number }>> {
    const run = await this.run(id);
    return (
      await this.all(
        `SELECT CAST(floor(least(icp_score, 99.9) / 5) * 5 AS INTEGER) AS bucket, icp_tier AS tier, count(*) AS n FROM ${quoteIdent(run.table)} WHERE icp_state = 'scored' GROUP BY ALL ORDER BY bucket, tier`,
      )
    ).map((o) => ({
      bucket: Number(o["bucket"]),
      tier: (o["tier"] as string | null) ?? null,
      count: Number(o["n"]),
    }));
  }

  /** The tier a run gave one row (capacity tiers depend on the whole run). */
  async runTier(id: number, row: number): Promise<string | null> {
    const run = await this.run(id);
    const r = await this.all(`SELECT icp_tier FROM ${quoteIdent(run.table)} WHERE __icp_row = $1`, [row]);
    return (r[0]?.["icp_tier"] as string | null) ?? null;
  }

  // ── Validations ────────────────────────────────────────────────────────────────────────────

  async saveValidation(v: {
    profile: string;
    version: number;
    hash: string;
    inputs: Record<string, string>;
    asOf: string;
    report: unknown;
  }): Promise<number> {
    return this.transaction(async () => {
      const id = Number(
        (await this.all("SELECT coalesce(max(id), 0) + 1 AS id FROM icp_validations"))[0]?.["id"] ?? 1,
      );
      await this.conn.run("INSERT INTO icp_validations VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", [
        id,
        v.profile,
        v.version,
        v.hash,
        JSON.stringify(v.inputs),
        v.asOf,
        JSON.stringify(v.report),
        this.stamp(),
      ]);
      return id;
    });
  }

  async validations(): Promise<
    Array<{
      id: number;
      profile: string;
      version: number;
      hash: string;
      asOf: string;
      createdAt: string;
      inputs: Record<string, string>;
    }>
  > {
    return (
      await this.all(
        "SELECT id, profile, version, hash, as_of, created_at, inputs FROM icp_validations ORDER BY id DESC",
      )
    ).map((r) => ({
      id: Number(r["id"]),
      profile: String(r["profile"]),
      version: Number(r["version"]),
      hash: String(r["hash"]),
      asOf: String(r["as_of"]),
      createdAt: String(r["created_at"]),
      inputs: JSON.parse(String(r["inputs"])) as Record<string, string>,
    }));
  }

  async validation(id: number): Promise<unknown> {
    const r = (await this.all("SELECT report FROM icp_validations WHERE id = $1", [id]))[0];
    if (!r) throw new NotFound(`no validation ${id} in the workspace`);
    return JSON.parse(String(r["report"]));
  }
}

/** Something asked for by name or id that is not in the workspace. */
export class NotFound extends Error {}

function datasetOf(r: Record<string, unknown>): DatasetInfo {
  return {
    name: String(r["name"]),
    entity: String(r["entity"]),
    rows: Number(r["rows"]),
    rejected: Number(r["rejected"]),
    columns: JSON.parse(String(r["columns"])) as string[],
    mapping: JSON.parse(String(r["mapping"])) as DatasetInfo["mapping"],
    source: String(r["source"]),
    importedAt: String(r["imported_at"]),
  };
}

function versionOf(r: Record<string, unknown>): ProfileVersion {
  return {
    name: String(r["name"]),
    version: Number(r["version"]),
    hash: String(r["hash"]),
    author: String(r["author"]),
    message: String(r["message"]),
    createdAt: String(r["created_at"]),
    declaredVersion: String(r["declared_version"]),
  };
}

function runOf(r: Record<string, unknown>): RunInfo {
  return {
    id: Number(r["id"]),
    dataset: String(r["dataset"]),
    profile: String(r["profile"]),
    version: Number(r["version"]),
    hash: String(r["hash"]),
    asOf: String(r["as_of"]),
    rows: Number(r["rows"]),
    funnel: JSON.parse(String(r["funnel"])) as Funnel,
    createdAt: String(r["created_at"]),
  };
}

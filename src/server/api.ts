/**
 * `icp serve`: the workspace behind an HTTP API (and the web UI's static files). Every answer is
 * computed by the core — the same checker, compiled scorer, SQL runs, live funnel, validation and
 * discovery as the CLI — so nothing here forks the logic. Routes are listed once (`routes`) and
 * documented in `openapi.ts`; a test holds the two equal.
 */

import { randomUUID } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join, normalize, sep } from "node:path";
import { deriveColumns } from "../data/derive.js";
import { ENTITIES, type Entity, mapEntityColumns } from "../data/entities.js";
import { inspectFile } from "../data/inspect.js";
import type { LoadedTable } from "../data/load.js";
import type { DiscoverAnalysis } from "../discover/discover.js";
import type { DraftCriterion } from "../discover/draft.js";
import type { ColumnDecision } from "../discover/examine.js";
import { lookalike } from "../discover/lookalike.js";
import { runDiscovery } from "../discover/run.js";
import { analyseSeeds, type SeedsAnalysis } from "../discover/seeds.js";
import { type CompiledScorer, compileJs } from "../engine/compile-js.js";
import { explainRow } from "../explain.js";
import { csvLine } from "../io/csv-cell.js";
import type { FileFormat } from "../io/formats.js";
import { lower } from "../ir/lower.js";
import type { IrProgram } from "../ir/types.js";
import { packageRoot } from "../package-root.js";
import { accountCommittee, committeeKeys } from "../personas/committee.js";
import { checkProfileText } from "../profile/check.js";
import { checkAgainstData, type DataSample } from "../profile/data-check.js";
import { bindField } from "../profile/fields.js";
import type { Profile } from "../profile/model.js";
import { chartSvg, scoreDistribution } from "../report/charts.js";
import { renderDiscoverHtml } from "../report/discover-html.js";
import { renderSeedsHtml } from "../report/seeds-html.js";
import { renderValidationHtml } from "../report/validation-html.js";
import { LiveUniverse } from "../score/live-funnel.js";
import { writeWithColumns } from "../score/related-input.js";
import { buildValidationData } from "../validate/dataset.js";
import { type ValidationReport, validate } from "../validate/validate.js";
import { Workspace } from "../workspace/workspace.js";
import { decodePath, errorBody, field, HttpError, type Route, Router, readJson, sendJson } from "./http.js";
import { type CapacityCuts, leadRecord, leadRoute, leadTier } from "./leads.js";
import { openApiDocument } from "./openapi.js";

export interface ServeOptions {
  host: string;
  port: number;
  /** JSON body limit in bytes (default 1 MiB). */
  maxBody?: number;
  /** Dataset upload limit in bytes (default 2 GiB). */
  maxUpload?: number;
  /** Fixed as-of date (tests, reproducible runs); default: today, per request. */
  asOf?: string;
  /** Directory of the web UI's static files (default: the repo's `ui/`). */
  uiDir?: string;
  /** Require the workspace's API token even on loopback. */
  requireToken?: boolean;
  /** Where to write one line per request (method, path, status, milliseconds); default none. */
  log?: (line: string) => void;
}

export const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);
/** Host names a loopback server answers to. */
const LOOPBACK_NAMES = new Set(["127.0.0.1", "::1", "localhost"]);
/** Headers on every answer: no sniffing, no framing, no referrer, not readable by other origins. */
const SECURITY_HEADERS: ReadonlyArray<[string, string]> = [
  ["x-content-type-options", "nosniff"],
  ["x-frame-options", "DENY"],
  ["referrer-policy", "no-referrer"],
  ["cross-origin-resource-policy", "same-origin"],
];
/** The web UI's pages load only this server's scripts and cannot be framed. */
/** Upload folders a killed server left behind (older than a day) are removed when a server starts. */
function removeStaleUploads(): void {
  const cutoff = Date.now() - 24 * 3600 * 1000;
  try {
    for (const name of readdirSync(tmpdir())) {
      if (!name.startsWith("icp-upload-")) continue;
      const p = join(tmpdir(), name);
      try {
        if (statSync(p).mtimeMs < cutoff) rmSync(p, { recursive: true, force: true });
      } catch {
        // gone already, or another user's: leave it
      }
    }
  } catch {
    // no temporary directory to read: nothing to clean
  }
}

const UI_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

interface ScorerEntry {
  profile: Profile;
  version: number;
  hash: string;
  ir: IrProgram;
  scorer: CompiledScorer;
  cuts: CapacityCuts | null;
  /** Route of a scored lead per tier (null key: no tier). */
  routes: Map<string | null, ReturnType<typeof leadRoute>>;
  /** The profile stamp of answers, built once. */
  stampBase: { name: string; version: number; declared_version: string; hash: string };
  stamps: Map<string, Record<string, unknown>>;
}

interface DiscoverJobResult {
  labels: { description: string; best: number; rest: number; unlabelled: number };
  analysis: DiscoverAnalysis;
  /** Every column: examined as what, or set aside and why. */
  columns: ColumnDecision[];
  criteria: DraftCriterion[];
  draft: string;
  sources: string;
  asOf: string;
}

interface Job {
  id: string;
  kind: "validate" | "discover" | "seeds" | "lookalike";
  state: "queued" | "running" | "done" | "failed";
  progress: { stage: string; fraction: number };
  createdAt: string;
  result?: unknown;
  error?: Record<string, unknown>;
}

const UI_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
};

const ROOT = packageRoot();
const YAML_BROWSER = join(dirname(createRequire(import.meta.url).resolve("yaml")), "../browser/dist");

export class IcpServer {
  readonly router: Router;
  private readonly scorers = new Map<string, ScorerEntry>();
  /** Profile versions read for scoring ("latest" too), dropped whenever a profile changes. */
  private readonly versions = new Map<string, Awaited<ReturnType<Workspace["profileVersion"]>>>();
  private readonly universes = new Map<string, LiveUniverse>();
  private readonly samples = new Map<string, DataSample>();
  private readonly jobs = new Map<string, Job>();
  private tokenHash: Buffer | null = null;
  private needToken = false;
  private server: Server | null = null;
  private readonly maxBody: number;
  private readonly maxUpload: number;
  private readonly uiDir: string;

  constructor(
    readonly ws: Workspace,
    readonly opts: ServeOptions,
  ) {
    this.maxBody = opts.maxBody ?? 1 << 20;
    this.maxUpload = opts.maxUpload ?? 2 * 1024 ** 3;
    this.uiDir = opts.uiDir ?? join(ROOT, "ui");
    this.router = new Router(this.routes());
  }

  private asOf(q?: URLSearchParams | string | null): string {
    const given = typeof q === "string" ? q : q?.get("as_of");
    if (given) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(given) || Number.isNaN(Date.parse(given)))
        throw new HttpError(
          400,
          `as_of expects an ISO date such as 2026-11-23, received ${JSON.stringify(given)}`,
          {
            field: "as_of",
          },
        );
      return given;
    }
    return this.opts.asOf ?? new Date().toISOString().slice(0, 10);
  }

  /** Start listening; refuses a non-loopback bind without an API token in the workspace. */
  async listen(): Promise<{ url: string; port: number }> {
    this.tokenHash = await this.ws.tokenHash();
    this.needToken = Boolean(this.opts.requireToken) || !LOOPBACK.has(this.opts.host);
    if (this.needToken && !this.tokenHash)
      throw new HttpError(400, `binding ${this.opts.host} needs an API token, and the workspace has none`, {
        hint: "create one with `icp init --workspace FILE` or `icp workspace token --rotate`, or bind 127.0.0.1",
      });
    removeStaleUploads();
    const log = this.opts.log;
    const server = createServer((req, res) => {
      for (const [k, v] of SECURITY_HEADERS) res.setHeader(k, v);
      if (log) {
        const t0 = performance.now();
        res.once("close", () => {
          const path = (req.url ?? "/").split("?")[0] ?? "/";
          log(
            `${new Date().toISOString()} ${req.method ?? "?"} ${path} ${res.statusCode}${res.writableFinished ? "" : " (aborted)"} ${(performance.now() - t0).toFixed(1)} ms`,
          );
        });
      }
      this.handle(req, res).catch((e) => {
        const { status, body } = errorBody(e);
        if (!res.headersSent) sendJson(res, status, body);
        else res.destroy();
      });
    });
    server.keepAliveTimeout = 65_000;
    this.server = server;
    await new Promise<void>((ok, ko) => {
      server.once("error", ko);
      server.listen(this.opts.port, this.opts.host, () => ok());
    });
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : this.opts.port;
    const host = this.opts.host.includes(":") ? `[${this.opts.host}]` : this.opts.host;
    return { url: `http://${host}:${port}`, port };
  }

  async close(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((ok) => s.close(() => ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    if (!path.startsWith("/api/") && path !== "/openapi.json" && req.method === "GET")
      return this.ui(path, res);
    this.refuseForeignRequests(req);
    const m = this.router.match(req.method ?? "GET", path);
    if (m instanceof HttpError) throw m;
    if (this.needToken && !m.route.open) {
      const auth = req.headers.authorization ?? "";
      const token = auth.startsWith("Bearer ") ? auth.slice(7).trim() : "";
      if (!token || !Workspace.tokenMatches(token, this.tokenHash))
        throw new HttpError(401, token ? "the API token is not valid" : "this server needs an API token", {
          hint: "send Authorization: Bearer <token> (printed by icp init --workspace)",
        });
    }
    await m.route.handler(
      {
        method: req.method ?? "GET",
        path,
        params: m.params,
        query: new URLSearchParams(q < 0 ? "" : url.slice(q + 1)),
        raw: req,
      },
      res,
    );
  }

  /**
   * Requests a browser makes for another site never reach a handler. On a loopback bind the Host
   * must name this machine (a DNS-rebinding page's Host names the attacker's domain). A request that
   * changes state must come from this server's own pages: a cross-site `Origin` or `Sec-Fetch-Site`
   * is refused (a page elsewhere posting a profile or a dataset, as a form or as text/plain "JSON").
   * Clients that are not browsers (curl, scripts) send neither header and are not affected.
   */
  private refuseForeignRequests(req: IncomingMessage): void {
    const host = req.headers.host ?? "";
    if (LOOPBACK.has(this.opts.host)) {
      const name = host
        .replace(/:\d+$/, "")
        .replace(/^\[|\]$/g, "")
        .toLowerCase();
      if (name !== "" && !LOOPBACK_NAMES.has(name))
        throw new HttpError(
          403,
          `this server answers to localhost only, not to Host ${JSON.stringify(host)}`,
          {
            hint: "open it as http://127.0.0.1:<port> (a page that rebinds its own domain to this machine is refused)",
          },
        );
    }
    const method = req.method ?? "GET";
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return;
    const site = req.headers["sec-fetch-site"];
    const origin = req.headers.origin;
    let sameOrigin = site === undefined || site === "same-origin" || site === "none";
    if (origin !== undefined) {
      try {
        sameOrigin &&= origin !== "null" && new URL(origin).host === host;
      } catch {
        sameOrigin = false;
      }
    }
    if (!sameOrigin)
      throw new HttpError(
        403,
        `cross-site ${method} refused (Origin ${JSON.stringify(origin ?? "")}, Sec-Fetch-Site ${JSON.stringify(site ?? "")})`,
        {
          hint: "change the workspace from its own pages, or from a client that is not a browser",
        },
      );
  }

  /** Static files of the web UI (index.html for `/`), and the browser build of `yaml` it edits with. */
  private ui(path: string, res: ServerResponse): void {
    const vendor = path.startsWith("/vendor/yaml/");
    const base = vendor ? YAML_BROWSER : this.uiDir;
    const rel = path === "/" ? "index.html" : decodePath(path.slice(vendor ? "/vendor/yaml/".length : 1));
    const file = normalize(join(base, rel));
    if (!file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile())
      throw new HttpError(404, `no such page: ${path}`);
    res.writeHead(200, {
      "content-type": UI_TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
      "content-security-policy": UI_CSP,
    });
    createReadStream(file).pipe(res);
  }

  // ── scoring helpers ────────────────────────────────────────────────────────────────────────

  /** The compiled scorer of a profile version (latest by default), cached until a new version is saved. */
  private async scorer(name: string, version: number | undefined, asOf: string, columns: readonly string[]) {
    const key = `${name}\u0000${version ?? "latest"}\u0000${asOf}\u0000${columns.join("\u0001")}`;
    const hit = this.scorers.get(key);
    if (hit) return hit;
    // A record with other keys usually binds the profile's fields to the same columns: the compiled
    // scorer depends on that binding only, so it is found by it instead of being compiled again.
    const vkey = `${name}\u0000${version ?? "latest"}`;
    let pv = this.versions.get(vkey);
    if (!pv) {
      pv = await this.ws.profileVersion(name, version);
      this.versions.set(vkey, pv);
    }
    const binding = pv.profile.criteria
      .map((c) => {
        const b = bindField(c.field, columns);
        return b ? `${b.column}\u0002${b.normalize ?? ""}` : "";
      })
      .join("\u0001");
    const bkey = `${name}\u0000${pv.version}\u0000${asOf}\u0000\u0003${binding}`;
    const same = this.scorers.get(bkey);
    if (same) {
      if (this.scorers.size > 2000) this.scorers.clear();
      this.scorers.set(key, same);
      this.scorers.set(bkey, same);
      return same;
    }
    const ir = lower(pv.profile, { asOf, columns });
    let cuts: CapacityCuts | null = null;
    if (ir.capacity) cuts = await this.capacityCuts(name, pv.version);
    const routes = new Map<string | null, ReturnType<typeof leadRoute>>();
    for (const t of [null, ...pv.profile.tiers.map((x) => x.name)])
      routes.set(t, leadRoute(pv.profile, "scored", t));
    const entry: ScorerEntry = {
      profile: pv.profile,
      version: pv.version,
      hash: pv.hash,
      ir,
      scorer: compileJs(ir),
      cuts,
      routes,
      stampBase: {
        name: pv.profile.name,
        version: pv.version,
        declared_version: pv.profile.version,
        hash: pv.hash,
      },
      stamps: new Map(),
    };
    if (this.scorers.size > 2000) this.scorers.clear();
    this.scorers.set(key, entry);
    this.scorers.set(bkey, entry);
    return entry;
  }

  /** Cut-offs of capacity tiers: the lowest score each tier took in the latest run of this version. */
  private async capacityCuts(profile: string, version: number): Promise<CapacityCuts | null> {
    const run = (await this.ws.runs()).find((r) => r.profile === profile && r.version === version);
    if (!run) return null;
    const minTenths = await this.ws.tierCutoffs(run.id);
    return { run: run.id, minTenths };
  }

  private scoreRecord(e: ScorerEntry, record: Record<string, string | null>) {
    const r = e.scorer.score(record);
    const tier = e.ir.capacity ? leadTier(e.profile, r, e.cuts) : r.tier;
    return {
      state: r.state,
      score: r.tenths === null ? null : r.tenths / 10,
      tier,
      reasons: r.reasons,
      route:
        r.state === "scored"
          ? (e.routes.get(tier) ?? leadRoute(e.profile, r.state, tier))
          : leadRoute(e.profile, r.state, tier),
    };
  }

  private stamp(e: ScorerEntry, asOf: string) {
    let st = e.stamps.get(asOf);
    if (!st) {
      st = { ...e.stampBase, as_of: asOf };
      e.stamps.set(asOf, st);
    }
    return st;
  }

  /** The first 5,000 rows of a dataset, which data checks read as the editor types (kept until it is re-imported). */
  private async sample(dataset: string) {
    let s = this.samples.get(dataset);
    if (!s) {
      const d = await this.ws.dataset(dataset);
      s = {
        file: `dataset ${dataset}`,
        columns: d.columns,
        rows: await this.ws.datasetRows(dataset, 0, 5000),
      };
      this.samples.set(dataset, s);
    }
    return s;
  }

  /** A dataset changed: drop what was kept of it. */
  private forget(dataset: string): void {
    this.universes.delete(dataset);
    this.samples.delete(dataset);
  }

  /** The live universe of a dataset (columns loaded as criteria need them). */
  private async universe(dataset: string, ir: IrProgram): Promise<LiveUniverse> {
    let u = this.universes.get(dataset);
    if (!u) {
      const d = await this.ws.dataset(dataset);
      u = new LiveUniverse(d.rows);
      this.universes.set(dataset, u);
    }
    const missing = u.missingColumns(ir);
    if (missing.length) for (const [c, v] of await this.ws.columnValues(dataset, missing)) u.addColumn(c, v);
    return u;
  }

  /** A dataset read whole as a table for validation or discovery, mapped as `entity`. */
  private async loaded(
    name: string,
    entity: "accounts" | "deals" | "subscriptions" | "events" | "contacts",
  ): Promise<LoadedTable> {
    const d = await this.ws.dataset(name);
    const rows = await this.ws.datasetRows(name, 0, d.rows);
    return {
      file: `dataset ${name}`,
      entity,
      columns: d.columns,
      mapping: mapEntityColumns(entity, d.columns),
      rows,
      rejects: [],
    };
  }

  private startJob(
    kind: Job["kind"],
    work: (progress: (stage: string, fraction: number) => Promise<void>) => Promise<unknown>,
  ): Job {
    const job: Job = {
      id: randomUUID(),
      kind,
      state: "queued",
      progress: { stage: "queued", fraction: 0 },
      createdAt: new Date().toISOString(),
    };
    this.jobs.set(job.id, job);
    const progress = async (stage: string, fraction: number) => {
      job.progress = { stage, fraction };
      // let status requests in between stages
      await new Promise((ok) => setImmediate(ok));
    };
    setImmediate(() => {
      job.state = "running";
      work(progress).then(
        (result) => {
          job.state = "done";
          job.progress = { stage: "done", fraction: 1 };
          job.result = result;
        },
        (e) => {
          job.state = "failed";
          job.error = errorBody(e).body.error;
        },
      );
    });
    return job;
  }

  // ── routes ─────────────────────────────────────────────────────────────────────────────────

  routes(): Route[] {
    const json = (res: ServerResponse, body: unknown, status = 200) => sendJson(res, status, body);
    const num = (v: string | null, name: string): number | undefined => {
      if (v === null || v === "") return undefined;
      const n = Number(v);
      // ids and counts live in 32-bit range here: 2^63 is a client's mistake, not a database error
      if (!Number.isSafeInteger(n) || n < 0 || n > 2_147_483_647)
        throw new HttpError(
          400,
          `${name} expects a whole number up to 2147483647, received ${JSON.stringify(v)}`,
          {
            field: name,
          },
        );
      return n;
    };
    const author = (b: Record<string, unknown>) => field(b, "author", "string", false) ?? "api";

    return [
      {
        method: "GET",
        path: "/openapi.json",
        open: true,
        handler: (_q, res) => json(res, openApiDocument()),
      },
      {
        method: "GET",
        path: "/api/health",
        open: true,
        handler: (_q, res) =>
          json(res, { ok: true, workspace: basename(this.ws.path), token_required: this.needToken }),
      },
      {
        method: "POST",
        path: "/api/check",
        handler: async (req, res) => {
          const b = await readJson(req.raw, this.maxBody);
          const yaml = field(b, "yaml", "string", true) as string;
          const c = checkProfileText(yaml, "profile.yaml");
          const dataset = field(b, "dataset", "string", false);
          const extra = [];
          if (c.profile && dataset) {
            extra.push(...checkAgainstData(c.profile, await this.sample(dataset), this.asOf(null)));
          }
          json(res, {
            ok: c.profile !== undefined && c.diagnostics.every((d) => d.severity !== "error"),
            diagnostics: [...c.diagnostics, ...extra],
            profile: c.profile
              ? { name: c.profile.name, version: c.profile.version, hash: c.profile.hash }
              : null,
          });
        },
      },
      {
        method: "GET",
        path: "/api/profiles",
        handler: async (_q, res) => json(res, { profiles: await this.ws.profiles() }),
      },
      {
        method: "POST",
        path: "/api/profiles",
        handler: async (req, res) => {
          const b = await readJson(req.raw, this.maxBody);
          const v = await this.ws.saveProfile(field(b, "yaml", "string", true) as string, {
            author: author(b),
            message: field(b, "message", "string", false) ?? "",
          });
          this.scorers.clear();
          this.versions.clear();
          json(res, v, 201);
        },
      },
      {
        method: "GET",
        path: "/api/profiles/{name}",
        handler: async (req, res) => {
          const pv = await this.ws.profileVersion(
            req.params["name"] as string,
            num(req.query.get("version"), "version"),
          );
          const { profile: _p, ...meta } = pv;
          json(res, meta);
        },
      },
      {
        method: "GET",
        path: "/api/profiles/{name}/versions",
        handler: async (req, res) =>
          json(res, { versions: await this.ws.history(req.params["name"] as string) }),
      },
      {
        method: "GET",
        path: "/api/profiles/{name}/diff",
        handler: async (req, res) => {
          const name = req.params["name"] as string;
          const from = num(req.query.get("from"), "from");
          const to = num(req.query.get("to"), "to");
          if (from === undefined || to === undefined)
            throw new HttpError(400, "diff needs ?from=N&to=M", { field: "from" });
          json(res, { name, from, to, diff: await this.ws.diff(name, from, to) });
        },
      },
      {
        method: "POST",
        path: "/api/profiles/{name}/rollback",
        handler: async (req, res) => {
          const b = await readJson(req.raw, this.maxBody);
          const to = field(b, "version", "number", true) as number;
          const msg = field(b, "message", "string", false);
          const v = await this.ws.rollback(req.params["name"] as string, to, {
            author: author(b),
            ...(msg ? { message: msg } : {}),
          });
          this.scorers.clear();
          this.versions.clear();
          json(res, v, 201);
        },
      },
      {
        method: "GET",
        path: "/api/datasets",
        handler: async (_q, res) => json(res, { datasets: await this.ws.datasets() }),
      },
      {
        method: "POST",
        path: "/api/datasets/{name}",
        handler: async (req, res) => {
          const name = req.params["name"] as string;
          const format = (req.query.get("format") ?? "csv") as FileFormat;
          if (!["csv", "parquet", "json", "ndjson"].includes(format))
            throw new HttpError(400, `format ${JSON.stringify(format)} is not csv, parquet, json or ndjson`, {
              field: "format",
            });
          const given = req.query.get("entity");
          if (given !== null && !(ENTITIES as readonly string[]).includes(given))
            throw new HttpError(400, `entity ${JSON.stringify(given)} is not one of ${ENTITIES.join(", ")}`, {
              field: "entity",
            });
          const dir = mkdtempSync(join(tmpdir(), "icp-upload-"));
          try {
            const file = join(dir, `upload.${format}`);
            let size = 0;
            const limit = this.maxUpload;
            const declared = Number(req.raw.headers["content-length"] ?? Number.NaN);
            if (Number.isFinite(declared) && declared > limit) {
              // said before a byte is stored: the client reads a 413, not a reset connection
              req.raw.resume();
              res.setHeader("connection", "close");
              throw new HttpError(413, `upload of ${declared} bytes exceeds the limit of ${limit} bytes`, {
                hint: "icp serve --max-upload",
              });
            }
            // Past the limit the rest is read and dropped, and the client gets a 413 it can read
            // (destroying the request would reset the connection before the answer is seen).
            await new Promise<void>((ok, ko) => {
              const out = createWriteStream(file);
              let over = false;
              out.on("error", ko);
              req.raw.on("data", (c: Buffer) => {
                if (over) return;
                size += c.length;
                if (size > limit) {
                  over = true;
                  req.raw.unpipe(out);
                  req.raw.resume(); // unpiping the last destination pauses the request: keep reading, dropping
                }
              });
              req.raw.once("error", ko);
              req.raw.once("end", () => {
                if (over) {
                  out.destroy();
                  res.setHeader("connection", "close");
                  ko(
                    new HttpError(413, `upload exceeds the limit of ${limit} bytes`, {
                      hint: "icp serve --max-upload",
                    }),
                  );
                } else out.end(() => ok());
              });
              req.raw.pipe(out, { end: false });
            });
            // The data layer's report (what the file holds, per-column fill and the values its
            // parser cannot read), as `icp inspect` prints it; it also detects the table's kind.
            const report =
              req.query.get("inspect") === "false"
                ? null
                : await inspectFile(file, format, {
                    asOf: this.asOf(null),
                    ...(given ? { entity: given as Entity } : {}),
                  });
            const info = await this.ws.importDataset(name, file, {
              format,
              entity: (given as Entity | null) ?? report?.entity ?? "accounts",
              source: req.query.get("source") ?? "upload",
            });
            const inspect = report
              ? {
                  entity: report.entity,
                  because: report.entityBecause,
                  dialect: report.dialect,
                  columns: report.columns,
                }
              : null;
            this.forget(name);
            json(
              res,
              { ...info, rejects: info.rejects.slice(0, 100), rows_in: info.rows + info.rejected, inspect },
              201,
            );
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      },
      {
        method: "GET",
        path: "/api/datasets/{name}",
        handler: async (req, res) => {
          const { table: _t, rejects, ...d } = await this.ws.dataset(req.params["name"] as string);
          json(res, { ...d, rejects: rejects.slice(0, 100) });
        },
      },
      {
        method: "GET",
        path: "/api/datasets/{name}/rows",
        handler: async (req, res) => {
          const rows = await this.ws.datasetRows(
            req.params["name"] as string,
            num(req.query.get("offset"), "offset") ?? 0,
            Math.min(1000, num(req.query.get("limit"), "limit") ?? 100),
          );
          json(res, { rows });
        },
      },
      {
        method: "POST",
        path: "/api/funnel",
        handler: async (req, res) => {
          const b = await readJson(req.raw, this.maxBody);
          const dataset = field(b, "dataset", "string", true) as string;
          const c = checkProfileText(field(b, "yaml", "string", true) as string, "profile.yaml");
          if (!c.profile) return json(res, { ok: false, diagnostics: c.diagnostics }, 422);
          const d = await this.ws.dataset(dataset);
          const ir = lower(c.profile, {
            asOf: this.asOf(field(b, "as_of", "string", false) ?? null),
            columns: d.columns,
          });
          const t0 = performance.now();
          const funnel = (await this.universe(dataset, ir)).funnel(ir);
          json(res, {
            ok: true,
            funnel,
            hints: funnelHints(c.profile, funnel),
            ms: Math.round(performance.now() - t0),
          });
        },
      },
      {
        method: "POST",
        path: "/api/score",
        handler: async (req, res) => {
          const b = await readJson(req.raw, this.maxBody);
          const name = field(b, "profile", "string", true) as string;
          const asOf = this.asOf(field(b, "as_of", "string", false) ?? null);
          const version = field(b, "version", "number", false);
          const one = field(b, "record", "object", false);
          const many = b["records"];
          if (!one && !Array.isArray(many))
            throw new HttpError(400, 'give "record" (an object) or "records" (an array of objects)', {
              field: "record",
            });
          const records = (one ? [one] : (many as unknown[])).map((r, i) => {
            if (r === null || typeof r !== "object" || Array.isArray(r))
              throw new HttpError(400, `records[${i}] is not an object`, { field: `records[${i}]` });
            return leadRecord({ record: r });
          });
          const columns =
            records.length === 1
              ? Object.keys(records[0] as object)
              : [...new Set(records.flatMap((r) => Object.keys(r)))];
          const e = await this.scorer(name, version, asOf, columns);
          const results = records.map((r) => this.scoreRecord(e, r));
          json(
            res,
            one ? { profile: this.stamp(e, asOf), ...results[0] } : { profile: this.stamp(e, asOf), results },
          );
        },
      },
      {
        method: "POST",
        path: "/api/leads",
        handler: async (req, res) => {
          const name = req.query.get("profile");
          if (!name) throw new HttpError(400, "the webhook needs ?profile=<name>", { field: "profile" });
          const asOf = this.asOf(req.query);
          const record = leadRecord(await readJson(req.raw, this.maxBody));
          const e = await this.scorer(
            name,
            num(req.query.get("version"), "version"),
            asOf,
            Object.keys(record).sort(),
          );
          json(res, {
            profile: this.stamp(e, asOf),
            ...this.scoreRecord(e, record),
            ...(e.ir.capacity && !e.cuts
              ? { note: "capacity tiers take their cut-offs from a score run of this version; none yet" }
              : {}),
          });
        },
      },
      {
        method: "POST",
        path: "/api/runs",
        handler: async (req, res) => {
          const b = await readJson(req.raw, this.maxBody);
          const profileName = field(b, "profile", "string", true) as string;
          let dataset = field(b, "dataset", "string", true) as string;
          const list = (name: string) => {
            const v = b[name];
            if (v === undefined || v === null) return [];
            const xs = Array.isArray(v) ? v : [v];
            if (!xs.every((x) => typeof x === "string"))
              throw new HttpError(400, `${name} names datasets`, {
                field: name,
                expected: "a dataset name or a list of them",
              });
            return xs as string[];
          };
          const events = list("events");
          const jobs = list("jobs");
          const contacts = field(b, "contacts", "string", false);
          if (events.length || jobs.length || contacts) {
            // Derived fields (events, hiring, committee): computed from the related datasets and
            // kept as a dataset of their own, "<dataset> + signals", which the run then scores.
            const pv = await this.ws.profileVersion(profileName, field(b, "version", "number", false));
            const accounts = await this.loaded(dataset, "accounts");
            const derived = deriveColumns(
              [pv.profile],
              accounts,
              {
                events: await Promise.all(events.map((d) => this.loaded(d, "events"))),
                jobs: await Promise.all(jobs.map((d) => this.loaded(d, "events"))),
                ...(contacts ? { contacts: await this.loaded(contacts, "contacts") } : {}),
              },
              { asOf: this.asOf(field(b, "as_of", "string", false) ?? null) },
            );
            const dir = mkdtempSync(join(tmpdir(), "icp-signals-"));
            try {
              const file = join(dir, "signals.csv");
              writeWithColumns(accounts, derived, file);
              dataset = `${dataset} + signals`;
              await this.ws.importDataset(dataset, file, {
                entity: "accounts",
                source: `${accounts.file} with ${[...events, ...jobs, ...(contacts ? [contacts] : [])].join(", ")}`,
              });
              this.forget(dataset);
            } finally {
              rmSync(dir, { recursive: true, force: true });
            }
          }
          const run = await this.ws.scoreDataset(dataset, profileName, {
            asOf: this.asOf(field(b, "as_of", "string", false) ?? null),
            ...(field(b, "version", "number", false) !== undefined
              ? { version: field(b, "version", "number", false) as number }
              : {}),
          });
          this.scorers.clear();
          this.versions.clear();
          json(res, run, 201);
        },
      },
      {
        method: "GET",
        path: "/api/runs",
        handler: async (_q, res) => json(res, { runs: await this.ws.runs() }),
      },
      {
        method: "GET",
        path: "/api/runs/{id}",
        handler: async (req, res) => {
          const { table: _t, ...run } = await this.ws.run(num(req.params["id"] ?? null, "id") as number);
          json(res, { ...run, distribution: await this.ws.scoreDistribution(run.id) });
        },
      },
      {
        method: "DELETE",
        path: "/api/runs/{id}",
        handler: async (req, res) => {
          const id = num(req.params["id"] ?? null, "id") as number;
          await this.ws.deleteRun(id);
          json(res, { deleted: id });
        },
      },
      {
        method: "GET",
        path: "/api/runs/{id}/rows",
        handler: async (req, res) => {
          const q = req.query;
          json(
            res,
            await this.ws.runRows(num(req.params["id"] ?? null, "id") as number, {
              ...(q.get("tier") ? { tier: q.get("tier") as string } : {}),
              ...(q.get("state") ? { state: q.get("state") as string } : {}),
              ...(q.get("q") ? { q: q.get("q") as string } : {}),
              offset: num(q.get("offset"), "offset") ?? 0,
              limit: num(q.get("limit"), "limit") ?? 50,
            }),
          );
        },
      },
      {
        method: "GET",
        path: "/api/runs/{id}/rows/{row}",
        handler: async (req, res) => {
          const run = await this.ws.run(num(req.params["id"] ?? null, "id") as number);
          const rowNo = num(req.params["row"] ?? null, "row") as number;
          // the rows as they were scored, whatever was imported since
          const d = await this.ws.runData(run);
          if (rowNo < 1 || rowNo > run.rows)
            throw new HttpError(404, `run ${run.id} has no row ${rowNo} (rows 1–${run.rows})`);
          const [record] = await this.ws.runRecords(run, rowNo - 1, 1);
          const pv = await this.ws.profileVersion(run.profile, run.version);
          const ir = lower(pv.profile, { asOf: run.asOf, columns: d.columns });
          const explanation = explainRow(
            ir,
            record ?? {},
            ir.capacity ? await this.ws.runTier(run.id, rowNo) : undefined,
          );
          const contacts = req.query.get("contacts");
          let committee = null;
          if (contacts) {
            const c = await this.ws.dataset(contacts);
            committee = await accountCommittee(
              pv.profile,
              committeeKeys(pv.profile, d.columns, record ?? {}),
              c.columns,
              await this.ws.datasetRows(contacts, 0, c.rows),
            );
          }
          json(res, {
            run: run.id,
            row: rowNo,
            record,
            profile: { name: run.profile, version: run.version, hash: run.hash },
            ...explanation,
            committee,
          });
        },
      },
      {
        method: "GET",
        path: "/api/runs/{id}/export.csv",
        handler: async (req, res) => {
          const id = num(req.params["id"] ?? null, "id") as number;
          const run = await this.ws.run(id);
          const d = await this.ws.runData(run);
          const q = req.query;
          const filter = {
            ...(q.get("tier") ? { tier: q.get("tier") as string } : {}),
            ...(q.get("state") ? { state: q.get("state") as string } : {}),
            ...(q.get("q") ? { q: q.get("q") as string } : {}),
          };
          res.writeHead(200, {
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": `attachment; filename="run-${id}.csv"`,
          });
          res.write(`${csvLine([...d.columns, "icp_score", "icp_tier", "icp_state", "icp_reasons"])}\n`);
          // one streamed query; a slow reader slows the query down instead of filling memory
          for await (const rows of this.ws.streamRunRows(id, filter)) {
            let text = "";
            for (const r of rows)
              text += `${csvLine([...d.columns.map((c) => r.record[c] ?? null), r.score === null ? null : r.score.toFixed(1), r.tier, r.state, r.reasons])}\n`;
            if (!res.write(text))
              await new Promise<void>((ok) => {
                res.once("drain", () => ok());
                res.once("close", () => ok());
              });
            if (res.destroyed) break;
          }
          res.end();
        },
      },
      {
        method: "POST",
        path: "/api/jobs",
        handler: async (req, res) => {
          const b = await readJson(req.raw, this.maxBody);
          const kind = field(b, "kind", "string", true);
          if (kind !== "validate" && kind !== "discover" && kind !== "seeds" && kind !== "lookalike")
            throw new HttpError(
              400,
              `kind ${JSON.stringify(kind)} is not validate, discover, seeds or lookalike`,
              {
                field: "kind",
              },
            );
          if (kind === "seeds" || kind === "lookalike") {
            // best customers (a dataset of full rows, or of domains / names) against a universe dataset
            const seedsName = field(b, "seeds", "string", true) as string;
            const universeName = field(b, "universe", "string", true) as string;
            await this.ws.dataset(seedsName);
            await this.ws.dataset(universeName);
            const asOfS = this.asOf(field(b, "as_of", "string", false) ?? null);
            const top = field(b, "top", "number", false);
            if (top !== undefined && top !== null && !(Number.isInteger(top) && top > 0))
              throw new HttpError(400, `top: expected a whole number above 0, found ${top}`, {
                field: "top",
              });
            const job = this.startJob(kind, async (progress) => {
              await progress("loading datasets", 0.1);
              const seeds = await this.loaded(seedsName, "accounts");
              const universe = await this.loaded(universeName, "accounts");
              await progress(kind === "seeds" ? "testing every value" : "ranking", 0.4);
              if (kind === "seeds") {
                const r = analyseSeeds({
                  seeds,
                  universe,
                  asOf: asOfS,
                  name: field(b, "name", "string", false) ?? "best customers",
                  sources: `${seedsName} + ${universeName}`,
                });
                return {
                  analysis: r.analysis,
                  draft: r.draft,
                  sources: `${seedsName} + ${universeName}`,
                  asOf: asOfS,
                };
              }
              const r = lookalike({ seeds, universe, asOf: asOfS });
              const nameCol = universe.mapping.find((m) => m.field === "name")?.column;
              const domainCol = universe.mapping.find((m) => m.field === "domain")?.column;
              return {
                match: r.match,
                seeds: r.seeds,
                universe: r.universe,
                weights: r.weights,
                leaveOneOut: r.leaveOneOut,
                ranked: r.ranked.slice(0, top ?? 100).map((x, i) => ({
                  rank: i + 1,
                  row: x.row + 1,
                  name: nameCol ? (universe.rows[x.row]?.[nameCol] ?? null) : null,
                  domain: domainCol ? (universe.rows[x.row]?.[domainCol] ?? null) : null,
                  similarity: Math.round(x.similarity * 10) / 10,
                  seed: x.seed,
                  reasons: x.reasons,
                })),
                asOf: asOfS,
              };
            });
            json(
              res,
              { id: job.id, kind: job.kind, state: job.state, status_url: `/api/jobs/${job.id}` },
              202,
            );
            return;
          }
          const asOf = this.asOf(field(b, "as_of", "string", false) ?? null);
          const accounts = field(b, "accounts", "string", true) as string;
          const deals = field(b, "deals", "string", false);
          const subscriptions = field(b, "subscriptions", "string", false);
          // datasets must exist before the job is accepted
          for (const d of [accounts, deals, subscriptions]) if (d) await this.ws.dataset(d);
          let job: Job;
          if (kind === "validate") {
            const name = field(b, "profile", "string", true) as string;
            const version = field(b, "version", "number", false);
            if (!deals) throw new HttpError(400, "validation needs a deals dataset", { field: "deals" });
            const capacity = field(b, "capacity", "number", false);
            await this.ws.profileVersion(name, version); // 404 now rather than a failed job
            job = this.startJob("validate", async (progress) => {
              await progress("loading datasets", 0.1);
              const pv = await this.ws.profileVersion(name, version);
              const acc = await this.loaded(accounts, "accounts");
              const dl = await this.loaded(deals, "deals");
              const subs = subscriptions ? await this.loaded(subscriptions, "subscriptions") : undefined;
              await progress("scoring and linking", 0.4);
              const data = buildValidationData({
                profile: pv.profile,
                asOf,
                accounts: acc,
                deals: dl,
                ...(subs ? { subscriptions: subs } : {}),
              });
              await progress("computing figures", 0.7);
              const report = validate(data, capacity ? { capacityPerMonth: capacity } : {});
              await progress("saving", 0.9);
              const id = await this.ws.saveValidation({
                profile: name,
                version: pv.version,
                hash: pv.hash,
                inputs: { accounts, deals, ...(subscriptions ? { subscriptions } : {}) },
                asOf,
                report,
              });
              return { validation: id, report };
            });
          } else {
            const outcome = field(b, "outcome", "string", false);
            // columns to examine although they look like identifiers, and columns never to use
            const names = (key: string): string[] => {
              const v = (b as Record<string, unknown>)[key];
              if (v === undefined) return [];
              if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
                throw new HttpError(400, `${key}: expected a list of column names`);
              return v as string[];
            };
            const include = names("include");
            const exclude = names("exclude");
            job = this.startJob("discover", async (progress) => {
              await progress("loading datasets", 0.1);
              const acc = await this.loaded(accounts, "accounts");
              const dl = deals ? await this.loaded(deals, "deals") : undefined;
              const subs = subscriptions ? await this.loaded(subscriptions, "subscriptions") : undefined;
              await progress("examining attributes", 0.4);
              const r = runDiscovery({
                accounts: acc,
                ...(outcome ? { outcome } : {}),
                ...(dl ? { deals: dl, dealsAreAccounts: deals === accounts } : {}),
                ...(subs ? { subscriptions: subs } : {}),
                best: field(b, "best", "string", false) ?? "won",
                worst: field(b, "worst", "string", false) ?? "lost",
                exclude,
                examine: {
                  include: new Set(include),
                  exclude: new Set(exclude),
                  missingValues: new Map(),
                  keepValues: new Map(),
                },
                asOf,
                name: field(b, "name", "string", false) ?? "discovered",
                sources: [accounts, deals, subscriptions].filter(Boolean).join(" + "),
              });
              const out: DiscoverJobResult = {
                labels: {
                  description: r.labels.description,
                  best: r.labels.best,
                  rest: r.labels.rest,
                  unlabelled: r.labels.unlabelled,
                },
                analysis: r.analysis,
                columns: r.columns,
                criteria: r.criteria,
                draft: r.draft,
                sources: [accounts, deals, subscriptions].filter(Boolean).join(" + "),
                asOf,
              };
              return out;
            });
          }
          json(res, { id: job.id, kind: job.kind, state: job.state, status_url: `/api/jobs/${job.id}` }, 202);
        },
      },
      {
        method: "GET",
        path: "/api/jobs/{id}",
        handler: (req, res) => {
          const job = this.jobs.get(req.params["id"] as string);
          if (!job) throw new HttpError(404, `no job ${req.params["id"]}`);
          json(res, job);
        },
      },
      {
        method: "GET",
        path: "/api/runs/{id}/chart.svg",
        handler: async (req, res) => {
          const id = num(req.params["id"] ?? null, "id") as number;
          const run = await this.ws.run(id);
          const dist = await this.ws.scoreDistribution(id);
          const svg = await chartSvg(
            scoreDistribution(`Score distribution: ${run.profile} v${run.version} on ${run.dataset}`, dist),
          );
          res.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "no-cache" });
          res.end(svg);
        },
      },
      {
        method: "GET",
        path: "/api/jobs/{id}/report.html",
        handler: async (req, res) => {
          const job = this.jobs.get(req.params["id"] as string);
          if (!job) throw new HttpError(404, `no job ${req.params["id"]}`);
          if (job.state !== "done")
            throw new HttpError(409, `job ${job.id} is ${job.state}; its report comes when it is done`);
          if (job.kind === "lookalike")
            throw new HttpError(
              409,
              "a lookalike job has no HTML report: its ranked list is in the job's result",
            );
          const html =
            job.kind === "seeds"
              ? (() => {
                  const r = job.result as { analysis: SeedsAnalysis; sources: string; asOf: string };
                  return renderSeedsHtml(r.analysis, { sources: r.sources, asOf: r.asOf });
                })()
              : job.kind === "validate"
                ? await renderValidationHtml((job.result as { report: ValidationReport }).report)
                : await (async () => {
                    const r = job.result as DiscoverJobResult;
                    return renderDiscoverHtml(r.analysis, r.criteria, {
                      labels: r.labels.description,
                      sources: r.sources,
                      asOf: r.asOf,
                      columns: r.columns,
                    });
                  })();
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end(html);
        },
      },
      {
        method: "GET",
        path: "/api/validations/{id}/report.html",
        handler: async (req, res) => {
          const report = (await this.ws.validation(
            num(req.params["id"] ?? null, "id") as number,
          )) as ValidationReport;
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end(await renderValidationHtml(report));
        },
      },
      {
        method: "GET",
        path: "/api/validations",
        handler: async (_q, res) => json(res, { validations: await this.ws.validations() }),
      },
      {
        method: "GET",
        path: "/api/validations/{id}",
        handler: async (req, res) =>
          json(res, await this.ws.validation(num(req.params["id"] ?? null, "id") as number)),
      },
    ];
  }
}

/**
 * The seeds' rules of thumb, as hints under the funnel: 4–6 criteria; an ICP that keeps nearly
 * every row filters nothing; one that keeps almost none is too narrow.
 */
export function funnelHints(
  profile: Profile,
  f: { rowsIn: number; scored: number; tiers: Array<{ name: string; count: number }> },
): string[] {
  const out: string[] = [];
  const n = profile.criteria.length;
  if (n < 4)
    out.push(`${n} criteria: most ICPs that work name 4–6; add the ones that separate your best customers`);
  if (n > 6)
    out.push(
      `${n} criteria: past 6, each adds little and makes the ICP harder to act on; keep the 4–6 that matter`,
    );
  const top = f.tiers[0];
  if (f.rowsIn > 0 && top) {
    const share = top.count / f.rowsIn;
    if (share > 0.5)
      out.push(
        `tier ${top.name} holds ${(100 * share).toFixed(0)}% of the universe: the ICP is too broad to focus a team`,
      );
    if (top.count === 0) out.push(`no row reaches tier ${top.name}: the ICP is too narrow for this universe`);
  }
  if (f.rowsIn > 0 && f.scored === f.rowsIn && profile.criteria.every((c) => c.role === "signal"))
    out.push("no hard filter removes anything: add a require/exclude for the companies you never sell to");
  return out;
}

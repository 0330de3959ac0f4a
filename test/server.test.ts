/**
 * `icp serve`: the workspace and its HTTP API on a real socket — profiles with versions, diff and
 * roll back; dataset imports (rows in = imported + rejected; a crash mid-import leaves the previous
 * state); single-record and batch scoring equal to the engines; the lead webhook (plain and
 * HubSpot shapes) with routes; the live funnel equal to `icp score`; runs, account pages, CSV
 * export; validation jobs; errors as diagnostics; body limits; the API token; the OpenAPI document.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { COMPANY_COLUMNS } from "../src/generate/companies.js";
import { loadProfileFile } from "../src/profile/check.js";
import { scoreRows } from "../src/score/rows.js";
import { IcpServer } from "../src/server/api.js";
import { openApiDocument } from "../src/server/openapi.js";
import { Workspace } from "../src/workspace/workspace.js";
import { csvText, generatedRows, icp, ROOT, tmp } from "./helpers.js";

const AS_OF = "2026-11-23";
/** Fields of examples/demo-plant.yaml, the pattern planted in generated outcomes. */
const PLANTED = ["industry", "employees", "tech"];
const dir = tmp("icp-serve-");

describe("icp serve: workspace and HTTP API", () => {
  const rows = generatedRows(3000, 9);
  rows[4]!.name = '=HYPERLINK("http://evil")';
  const accounts = join(dir, "accounts.csv");
  writeFileSync(accounts, csvText(COMPANY_COLUMNS, rows));
  let ws: Workspace;
  let server: IcpServer;
  let base = "";
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await r.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = { text };
    }
    return { status: r.status, json, text };
  };
  /** A job's state once it is done or failed (polled every 100 ms, for at most 30 s). */
  const finished = async (id: string) => {
    let job: Record<string, unknown> = {};
    for (let k = 0; k < 300; k++) {
      job = (await call("GET", `/api/jobs/${id}`)).json;
      if (job["state"] === "done" || job["state"] === "failed") break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    return job;
  };
  const saas = readFileSync(join(ROOT, "examples/b2b-saas.yaml"), "utf8");
  const ps = readFileSync(join(ROOT, "examples/professional-services.yaml"), "utf8");

  before(async () => {
    ws = await Workspace.open(join(dir, "ws.duckdb"));
    server = new IcpServer(ws, { host: "127.0.0.1", port: 0, asOf: AS_OF, maxBody: 200_000 });
    base = (await server.listen()).url;
  });
  after(async () => {
    await server.close();
    ws.close();
  });

  test("profiles: versions with hash and author, a diff, roll back as a new version; a bad profile gets its diagnostics", async () => {
    const v1 = await call("POST", "/api/profiles", { yaml: saas, author: "ana", message: "first" });
    assert.equal(v1.status, 201);
    assert.equal(v1.json["version"], 1);
    const edited = saas.replace(/weight: 25/, "weight: 35");
    assert.notEqual(edited, saas, "the example has a weight of 25 to edit");
    const v2 = await call("POST", "/api/profiles", { yaml: edited, author: "ben", message: "more weight" });
    assert.equal(v2.json["version"], 2);
    const same = await call("POST", "/api/profiles", { yaml: edited });
    assert.equal(same.json["version"], 2, "unchanged content adds no version");
    const name = encodeURIComponent(String(v1.json["name"]));
    const versions = await call("GET", `/api/profiles/${name}/versions`);
    assert.deepEqual(
      (versions.json["versions"] as Array<{ version: number; author: string }>).map((v) => [
        v.version,
        v.author,
      ]),
      [
        [2, "ben"],
        [1, "ana"],
      ],
    );
    const diff = await call("GET", `/api/profiles/${name}/diff?from=1&to=2`);
    assert.match(String(diff.json["diff"]), /-.*weight: 25[\s\S]*\+.*weight: 35/);
    const back = await call("POST", `/api/profiles/${name}/rollback`, { version: 1, author: "ana" });
    assert.equal(back.json["version"], 3);
    assert.equal(back.json["hash"], v1.json["hash"]);
    const head = await call("GET", `/api/profiles/${name}`);
    assert.equal(head.json["yaml"], saas);
    const bad = await call("POST", "/api/profiles", {
      yaml: "name: x\ncriteria:\n  - { label: a, field: employees, rnage: { min: 1 }, weight: 1 }\n",
    });
    assert.equal(bad.status, 422);
    const d = (bad.json["error"] as { diagnostics: Array<{ line: number; col: number; message: string }> })
      .diagnostics[0]!;
    assert.equal(d.line, 3);
    assert.match(d.message, /rnage/);
    assert.equal((await call("POST", "/api/profiles", { yaml: ps, message: "second profile" })).status, 201);
  });

  test("datasets: a streamed CSV import counts rows in = imported + rejected and keeps the rejects", async () => {
    const text = `${readFileSync(accounts, "utf8")}C9,"broken row with an open quote\n`;
    const r = await fetch(`${base}/api/datasets/universe`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: text,
    });
    const j = (await r.json()) as {
      rows: number;
      rejected: number;
      rows_in: number;
      rejects: Array<{ line: number }>;
    };
    assert.equal(r.status, 201);
    assert.equal(j.rows, 3000);
    assert.equal(j.rejected, 1);
    assert.equal(j.rows_in, 3001);
    assert.equal(j.rejects[0]?.line, 3002);
    // the data layer's report comes with it: the detected table and each column's fill and parser
    const inspect = (
      j as unknown as {
        inspect: { entity: string; columns: Array<{ column: string; field?: string; fillRate: number }> };
      }
    ).inspect;
    assert.equal(inspect.entity, "accounts");
    const employees = inspect.columns.find((c) => c.column === "employees");
    assert.equal(employees?.field, "employees");
    assert.ok((employees?.fillRate ?? 0) > 0.5);
    const list = await call("GET", "/api/datasets");
    assert.deepEqual(
      (list.json["datasets"] as Array<{ name: string }>).map((d) => d.name),
      ["universe"],
    );
  });

  test("scoring one record and a batch equals the compiled engine; the webhook routes plain and HubSpot leads", async () => {
    const profile = loadProfileFile(join(ROOT, "examples/b2b-saas.yaml"));
    const sample = rows.slice(0, 40);
    const want = scoreRows(profile, sample, { asOf: AS_OF, columns: [...COMPANY_COLUMNS] }).results;
    const batch = await call("POST", "/api/score", { profile: profile.name, version: 1, records: sample });
    const got = batch.json["results"] as Array<{
      state: string;
      score: number | null;
      tier: string | null;
      reasons: string;
    }>;
    got.forEach((g, i) => {
      const w = want[i]!;
      assert.deepEqual(
        [g.state, g.score, g.tier, g.reasons],
        [w.state, w.tenths === null ? null : w.tenths / 10, w.tier, w.reasons],
        `row ${i}`,
      );
    });
    const one = await call("POST", "/api/score", { profile: profile.name, version: 1, record: sample[0] });
    assert.equal(one.json["reasons"], want[0]!.reasons);
    // records with keys of their own (a form's extra fields) score the same: the scorer is found by
    // how the profile's fields bind, not compiled again per key set
    for (let i = 0; i < 20; i++) {
      const extra = { ...sample[i], [`utm_${i}`]: "x", [`form_field_${i % 3}`]: String(i) };
      const r = await call("POST", "/api/score", { profile: profile.name, version: 1, record: extra });
      assert.equal(r.json["reasons"], want[i]!.reasons, `record ${i} with extra keys`);
    }
    assert.deepEqual(one.json["profile"], {
      name: profile.name,
      version: 1,
      declared_version: profile.version,
      hash: profile.hash,
      as_of: AS_OF,
    });
    const name = encodeURIComponent(profile.name);
    const good = {
      industry: "computer software",
      employees: "300",
      country: "united states",
      business_model: "b2b",
      tech: "salesforce; hubspot",
    };
    const plain = await call("POST", `/api/leads?profile=${name}&version=1`, good);
    const hub = await call("POST", `/api/leads?profile=${name}&version=1`, {
      fields: [
        { name: "industry", value: "computer software" },
        { name: "numberofemployees", value: "300" },
        { name: "country", value: "united states" },
        { name: "business_model", value: "b2b" },
        { name: "tech", value: "salesforce; hubspot" },
        { name: "email", value: "jo@acme-widgets.com" },
      ],
    });
    assert.equal(plain.json["state"], "scored");
    assert.equal(hub.json["score"], plain.json["score"], "the HubSpot shape reads the same fields");
    assert.ok(["ae", "nurture"].includes(String(plain.json["route"])));
    const gov = await call("POST", `/api/leads?profile=${name}&version=1`, {
      ...good,
      industry: "government administration",
    });
    assert.equal(gov.json["state"], "disqualified");
    assert.equal(gov.json["route"], "disqualify");
    const empty = await call("POST", `/api/leads?profile=${name}&version=1`, { email: "x@gmail.com" });
    assert.equal(empty.json["route"], "nurture", "unknown is not bad: insufficient data is nurtured");
  });

  test("the live funnel equals `icp score`'s funnel on the same file, with hints", async () => {
    const r = await call("POST", "/api/funnel", { yaml: saas, dataset: "universe" });
    assert.equal(r.status, 200);
    const cli = icp([
      "score",
      accounts,
      "-p",
      join(ROOT, "examples/b2b-saas.yaml"),
      "-o",
      join(dir, "o.csv"),
      "--as-of",
      AS_OF,
      "--json",
    ]);
    const want = (JSON.parse(cli.stdout) as { funnels: unknown[] }).funnels[0];
    assert.deepEqual(r.json["funnel"], want);
    assert.ok((r.json["hints"] as string[]).some((h) => /criteria/.test(h)));
    const edited = await call("POST", "/api/funnel", {
      yaml: saas.replace(/min: 20\b/, "min: 500"),
      dataset: "universe",
    });
    const steps = (x: Record<string, unknown>) =>
      (x["funnel"] as { steps: Array<{ removed: number }> }).steps[0]!.removed;
    assert.ok(steps(edited.json) > steps(r.json), "a stricter filter removes more");
  });

  test("runs: capacity tiers, filtered rows, an account's breakdown, CSV export neutralised; leads get the run's cut-offs", async () => {
    const name = "Professional services on legacy time tracking";
    const run = await call("POST", "/api/runs", { dataset: "universe", profile: name });
    assert.equal(run.status, 201);
    const id = run.json["id"];
    const cli = icp([
      "score",
      accounts,
      "-p",
      join(ROOT, "examples/professional-services.yaml"),
      "-o",
      join(dir, "p.csv"),
      "--as-of",
      AS_OF,
      "--json",
    ]);
    assert.deepEqual(run.json["funnel"], (JSON.parse(cli.stdout) as { funnels: unknown[] }).funnels[0]);
    const ae = await call("GET", `/api/runs/${id}/rows?tier=AE&limit=5`);
    assert.equal(ae.json["total"], 40);
    const page = ae.json["rows"] as Array<{ row: number; score: number; tier: string }>;
    assert.ok(page.every((r) => r.tier === "AE"));
    assert.ok(page[0]!.score >= page[4]!.score, "best first");
    const first = (ae.json["rows"] as Array<{ record: Record<string, string> }>)[0]!.record;
    await fetch(`${base}/api/datasets/contacts?entity=contacts`, {
      method: "POST",
      body: `account_id,title\n${first["id"]},Chief Financial Officer\n${first["id"]},Office Manager\nC0,Intern\n`,
    });
    const acct = await call("GET", `/api/runs/${id}/rows/${page[0]!.row}?contacts=contacts`);
    assert.equal((acct.json["result"] as { tier: string }).tier, "AE");
    assert.ok((acct.json["criteria"] as unknown[]).length > 3);
    const committee = acct.json["committee"] as {
      contacts: unknown[];
      present: string[];
      missing: Array<{ name: string }>;
    };
    assert.equal(committee.contacts.length, 2, "the account's two contacts, not the other one");
    assert.deepEqual(committee.present, ["Economic buyer", "Operations champion"]);
    assert.ok(committee.missing.some((m) => m.name === "IT gatekeeper"));
    const csv = await fetch(`${base}/api/runs/${id}/export.csv?q=evil`);
    const text = await csv.text();
    assert.match(text, /'=HYPERLINK/, "formula cells are neutralised");
    assert.equal(text.trim().split("\n").length, 2, "header + the one row the search matched");
    const cutoff = (await call("GET", `/api/runs/${id}/rows?tier=AE&limit=1&offset=39`)).json[
      "rows"
    ] as Array<{ record: Record<string, string> }>;
    const lead = await call("POST", `/api/leads?profile=${encodeURIComponent(name)}`, cutoff[0]!.record);
    assert.equal(lead.json["tier"], "AE", "a lead scoring as the 40th account takes its capacity tier");
  });

  test("validation runs as a job with progress and is saved; unknown profiles and datasets are refused at once", async () => {
    const deals = rows
      .slice(0, 800)
      .map((r, i) => ({ account: r.id ?? null, stage: i % 3 ? "won" : "lost", amount: String(1000 + i) }));
    await fetch(`${base}/api/datasets/deals?entity=deals`, {
      method: "POST",
      body: csvText(["account", "stage", "amount"], deals),
    });
    const start = await call("POST", "/api/jobs", {
      kind: "validate",
      profile: "B2B SaaS mid-market",
      accounts: "universe",
      deals: "deals",
    });
    assert.equal(start.status, 202);
    const job = await finished(String(start.json["id"]));
    assert.equal(job["state"], "done", JSON.stringify(job["error"]));
    assert.deepEqual(job["progress"], { stage: "done", fraction: 1 });
    const result = job["result"] as {
      validation: number;
      report: { groups: Array<{ group: string; deals: { won: number } }> };
    };
    assert.equal(result.report.groups.find((g) => g.group === "all")?.deals.won, 533);
    const saved = await call("GET", `/api/validations/${result.validation}`);
    assert.deepEqual(saved.json, JSON.parse(JSON.stringify(result.report)));
    assert.equal(
      (
        await call("POST", "/api/jobs", {
          kind: "validate",
          profile: "nope",
          accounts: "universe",
          deals: "deals",
        })
      ).status,
      404,
    );
    assert.equal(
      (
        await call("POST", "/api/jobs", {
          kind: "validate",
          profile: "x",
          accounts: "missing",
          deals: "deals",
        })
      ).status,
      404,
    );
  });

  test("discovery runs as a job: planted criteria come back as draft criteria, with an HTML report", async () => {
    const leads = join(dir, "leads.csv");
    const gen = icp([
      "generate",
      "companies",
      "--rows",
      "4000",
      "--seed",
      "5",
      "--plant",
      join(ROOT, "examples/demo-plant.yaml"),
      "-o",
      leads,
    ]);
    assert.equal(gen.code, 0, gen.stderr);
    const up = await fetch(`${base}/api/datasets/leads`, { method: "POST", body: readFileSync(leads) });
    assert.equal(up.status, 201);
    const start = await call("POST", "/api/jobs", {
      kind: "discover",
      accounts: "leads",
      outcome: "outcome=won",
    });
    assert.equal(start.status, 202);
    const job = await finished(String(start.json["id"]));
    assert.equal(job["state"], "done", JSON.stringify(job["error"]));
    const result = job["result"] as { criteria: Array<{ field: string }>; draft: string };
    const fields = new Set(result.criteria.map((c) => c.field));
    for (const f of PLANTED) assert.ok(fields.has(f), `planted ${f} found (got ${[...fields].join(", ")})`);
    assert.match(result.draft, /criteria:/);
    const html = await fetch(`${base}/api/jobs/${start.json["id"]}/report.html`);
    assert.equal(html.status, 200);
    assert.match(await html.text(), /<svg/);
  });

  test("two discovery jobs at once, with include/exclude lists: both finish, each with its own column decisions", async () => {
    const [a, b] = await Promise.all([
      call("POST", "/api/jobs", {
        kind: "discover",
        accounts: "leads",
        outcome: "outcome=won",
        exclude: ["industry"],
      }),
      call("POST", "/api/jobs", {
        kind: "discover",
        accounts: "leads",
        outcome: "outcome=won",
        include: ["id"],
      }),
    ]);
    assert.equal(a.status, 202);
    assert.equal(b.status, 202);
    const [ja, jb] = await Promise.all([finished(String(a.json["id"])), finished(String(b.json["id"]))]);
    assert.equal(ja["state"], "done", JSON.stringify(ja["error"]));
    assert.equal(jb["state"], "done", JSON.stringify(jb["error"]));
    type Cols = { columns: Array<{ column: string; kind: string | null; forced?: string }> };
    const colA = (ja["result"] as Cols).columns.find((c) => c.column === "industry");
    const colB = (jb["result"] as Cols).columns.find((c) => c.column === "id");
    assert.equal(colA?.forced, "exclude");
    assert.equal(colB?.forced, "include");
    const bad = await call("POST", "/api/jobs", {
      kind: "discover",
      accounts: "leads",
      outcome: "outcome=won",
      include: "id",
    });
    assert.equal(bad.status, 400);
  });

  test("best customers against a universe, and their lookalikes, as jobs: the pattern found, the seeds ranked high", async () => {
    // 12 best customers from the leads dataset: software companies, given as domains only
    const leadsRows = readFileSync(join(dir, "leads.csv"), "utf8").split("\n");
    const header = (leadsRows[0] ?? "").split(",");
    const domains = leadsRows
      .slice(1)
      .map((l) => l.split(","))
      .filter((c) => c[header.indexOf("industry")] === "computer software")
      .slice(0, 12)
      .map((c) => c[header.indexOf("domain")]);
    assert.equal(domains.length, 12);
    const up = await fetch(`${base}/api/datasets/best`, {
      method: "POST",
      body: `domain\n${domains.join("\n")}\n`,
    });
    assert.equal(up.status, 201);
    const s = await call("POST", "/api/jobs", { kind: "seeds", seeds: "best", universe: "leads" });
    assert.equal(s.status, 202);
    const sj = await finished(String(s.json["id"]));
    assert.equal(sj["state"], "done", JSON.stringify(sj["error"]));
    const sr = sj["result"] as {
      analysis: { criteria: Array<{ field: string; role: string }>; coverage: { seedsRemoved: number } };
      draft: string;
    };
    assert.ok(
      sr.analysis.criteria.some((c) => c.field === "industry"),
      sr.draft,
    );
    assert.equal(sr.analysis.coverage.seedsRemoved, 0);
    const html = await fetch(`${base}/api/jobs/${s.json["id"]}/report.html`);
    assert.equal(html.status, 200);
    assert.match(await html.text(), /Best customers against the universe/);
    const l = await call("POST", "/api/jobs", {
      kind: "lookalike",
      seeds: "best",
      universe: "leads",
      top: 50,
    });
    assert.equal(l.status, 202);
    const lj = await finished(String(l.json["id"]));
    assert.equal(lj["state"], "done", JSON.stringify(lj["error"]));
    const lr = lj["result"] as {
      ranked: Array<{ rank: number; similarity: number; reasons: string }>;
      leaveOneOut: { seeds: number };
    };
    assert.equal(lr.ranked.length, 50);
    assert.equal(lr.leaveOneOut.seeds, 12);
    assert.ok(lr.ranked[0] && lr.ranked[0].similarity >= (lr.ranked[49]?.similarity ?? 0));
    assert.equal((await call("POST", "/api/jobs", { kind: "lookalike", seeds: "best" })).status, 400);
    assert.equal(
      (await call("POST", "/api/jobs", { kind: "lookalike", seeds: "nope", universe: "leads" })).status,
      404,
    );
    assert.equal(
      (await call("POST", "/api/jobs", { kind: "lookalike", seeds: "best", universe: "leads", top: -1 }))
        .status,
      400,
    );
  });

  test("two users at once: lookalike and pattern jobs started together all finish, with the same results as one at a time", async () => {
    const one = await finished(
      String(
        (await call("POST", "/api/jobs", { kind: "lookalike", seeds: "best", universe: "leads", top: 20 }))
          .json["id"],
      ),
    );
    const started = await Promise.all([
      call("POST", "/api/jobs", { kind: "lookalike", seeds: "best", universe: "leads", top: 20 }),
      call("POST", "/api/jobs", { kind: "lookalike", seeds: "best", universe: "leads", top: 20 }),
      call("POST", "/api/jobs", { kind: "seeds", seeds: "best", universe: "leads" }),
    ]);
    for (const s of started) assert.equal(s.status, 202);
    const jobs = await Promise.all(started.map((s) => finished(String(s.json["id"]))));
    for (const j of jobs) assert.equal(j["state"], "done", JSON.stringify(j["error"]));
    assert.deepEqual(
      (jobs[0]?.["result"] as { ranked: unknown } | undefined)?.ranked,
      (one["result"] as { ranked: unknown }).ranked,
    );
    assert.deepEqual(
      (jobs[1]?.["result"] as { ranked: unknown } | undefined)?.ranked,
      (one["result"] as { ranked: unknown }).ranked,
    );
  });

  test("a run with event and contact datasets scores derived fields, kept as '<dataset> + signals'", async () => {
    const ids = rows.slice(0, 3).map((r) => r.id as string);
    await fetch(`${base}/api/datasets/events?entity=events`, {
      method: "POST",
      body: `account id,event type,event date\n${ids[0]},Funding Round,2026-10-01\n${ids[1]},Funding Round,2025-01-01\n`,
    });
    await fetch(`${base}/api/datasets/people?entity=contacts`, {
      method: "POST",
      body: `account_id,title\n${ids[0]},Chief Financial Officer\n`,
    });
    const yaml = `name: Triggered
criteria:
  - { label: Funded in 180 days, field: events.funding_round.count_180d, range: { min: 1 }, weight: 20 }
  - { label: Economic buyer known, field: committee.economic_buyer, range: { min: 1 }, weight: 10 }
personas:
  - { name: Economic buyer, functions: [finance], seniorities: [c_level, vp], role: decision_maker }
tiers:
  - { name: A, min_score: 99 }
  - { name: B }
`;
    assert.equal((await call("POST", "/api/profiles", { yaml })).status, 201);
    const run = await call("POST", "/api/runs", {
      dataset: "universe",
      profile: "Triggered",
      events: ["events"],
      contacts: "people",
    });
    assert.equal(run.status, 201, JSON.stringify(run.json));
    assert.equal(run.json["dataset"], "universe + signals");
    const tiers = (run.json["funnel"] as { tiers: Array<{ name: string; count: number }> }).tiers;
    assert.deepEqual(tiers.find((t) => t.name === "A")?.count, 1, "only the funded account with a known CFO");
    const a = await call("GET", `/api/runs/${run.json["id"]}/rows?tier=A`);
    const top = (a.json["rows"] as Array<{ record: Record<string, string> }>)[0]!.record;
    assert.equal(top["id"], ids[0]);
    assert.equal(top["events.funding_round.count_180d"], "1");
  });

  test("users writing at once: 50 parallel saves keep 50 versions; parallel score runs and an import all succeed", async () => {
    const name = "Concurrent saves";
    const yamlOf = (i: number) =>
      saas.replace(/^name: .*$/m, `name: ${name}`).replace(/weight: 25/, `weight: ${100 + i}`);
    const saves = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call("POST", "/api/profiles", { yaml: yamlOf(i), author: `u${i}` }),
      ),
    );
    assert.deepEqual(
      saves.map((r) => r.status),
      Array(50).fill(201),
      saves.find((r) => r.status !== 201)?.text,
    );
    assert.deepEqual(
      saves.map((r) => r.json["version"]).sort((a, b) => Number(a) - Number(b)),
      Array.from({ length: 50 }, (_, i) => i + 1),
      "every save is a version, none lost, none twice",
    );
    const versions = await call("GET", `/api/profiles/${encodeURIComponent(name)}/versions`);
    assert.equal((versions.json["versions"] as unknown[]).length, 50);
    // score runs (double clicks included) while a dataset is re-imported and a profile saved
    const importing = fetch(`${base}/api/datasets/concurrent`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: readFileSync(accounts, "utf8"),
    });
    const runs = Promise.all(
      Array.from({ length: 5 }, () => call("POST", "/api/runs", { dataset: "universe", profile: name })),
    );
    const save = call("POST", "/api/profiles", { yaml: yamlOf(99), author: "late" });
    const [imp, done, saved] = await Promise.all([importing, runs, save]);
    assert.equal(imp.status, 201, await imp.text());
    assert.deepEqual(
      done.map((r) => r.status),
      Array(5).fill(201),
      done.find((r) => r.status !== 201)?.text,
    );
    assert.equal(new Set(done.map((r) => r.json["id"])).size, 5, "five runs, five ids");
    assert.equal(saved.json["version"], 51);
  });

  test("a run keeps the rows it scored: a re-import does not change an old run's rows, account view or export", async () => {
    const small = (names: string[]) =>
      csvText(
        ["name", "industry", "employees", "country"],
        names.map((n) => ({
          name: n,
          industry: "Computer Software",
          employees: "200",
          country: "United States",
        })),
      );
    const post = (body: string) =>
      fetch(`${base}/api/datasets/pinned`, { method: "POST", headers: { "content-type": "text/csv" }, body });
    assert.equal((await post(small(["Old 100% Co", "Old Two"]))).status, 201);
    const profile = String((await call("POST", "/api/profiles", { yaml: saas })).json["name"]);
    const run = await call("POST", "/api/runs", { dataset: "pinned", profile });
    assert.equal(run.status, 201, run.text);
    const id = run.json["id"];
    assert.equal((await post(small(["New One", "New Two", "New Three"]))).status, 201);
    const rows = await call("GET", `/api/runs/${id}/rows?limit=10`);
    const names = (rows.json["rows"] as Array<{ record: { name: string } }>).map((r) => r.record.name).sort();
    assert.deepEqual(names, ["Old 100% Co", "Old Two"]);
    const account = await call("GET", `/api/runs/${id}/rows/1`);
    assert.equal((account.json["record"] as { name: string }).name, "Old 100% Co");
    const csv = await (await fetch(`${base}/api/runs/${id}/export.csv`)).text();
    assert.match(csv, /Old Two/);
    assert.doesNotMatch(csv, /New One/);
    // search text is taken as written: "%" is a character, not a wildcard
    const pct = await call("GET", `/api/runs/${id}/rows?q=${encodeURIComponent("100%")}`);
    assert.equal(pct.json["total"], 1);
    const any = await call("GET", `/api/runs/${id}/rows?q=${encodeURIComponent("%")}`);
    assert.equal(any.json["total"], 1, "only the name that holds a % sign");
    // a new run reads the new rows
    const fresh = await call("POST", "/api/runs", { dataset: "pinned", profile });
    assert.equal((await call("GET", `/api/runs/${fresh.json["id"]}/rows`)).json["total"], 3);
    // deleting the old run drops its results and the rows only it read
    assert.equal((await call("DELETE", `/api/runs/${id}`)).status, 200);
    assert.equal((await call("GET", `/api/runs/${id}`)).status, 404);
    const rowsOf = async (sql: string) => (await ws.engine.conn.runAndReadAll(sql)).getRowObjectsJS();
    const current = String((await rowsOf("SELECT tbl FROM icp_datasets WHERE name = 'pinned'"))[0]?.["tbl"]);
    const prefix = current.replace(/__\d+$/, "__");
    const tables = (await rowsOf("SELECT table_name FROM duckdb_tables()")).map((t) =>
      String(t["table_name"]),
    );
    assert.deepEqual(
      tables.filter((t) => t.startsWith(prefix)),
      [current],
      "only the current import is left",
    );
    assert.equal((await call("GET", `/api/runs/${fresh.json["id"]}/rows`)).json["total"], 3);
  });

  test("cross-site writes and DNS rebinding are refused; the server's own pages and non-browser clients are not", async () => {
    const before = (await call("GET", "/api/profiles")).json;
    const evil = "http://evil.example";
    // a page elsewhere posting a profile as text/plain "JSON" (a simple request: no preflight)
    const plain = await fetch(`${base}/api/profiles`, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: evil },
      body: JSON.stringify({ yaml: saas, author: "mallory" }),
    });
    assert.equal(plain.status, 403);
    // the same without an Origin (an old browser, a proxy that strips it): JSON only as JSON
    const typed = await fetch(`${base}/api/profiles`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ yaml: saas, author: "mallory" }),
    });
    assert.equal(typed.status, 415);
    // replacing a dataset from another site, as a form upload
    const upload = await fetch(`${base}/api/datasets/universe`, {
      method: "POST",
      headers: { "content-type": "text/csv", "sec-fetch-site": "cross-site" },
      body: "name\nx\n",
    });
    assert.equal(upload.status, 403);
    assert.match(await upload.text(), /cross-site POST refused/);
    // a rebound domain: the browser sends the attacker's Host to 127.0.0.1
    const { request } = await import("node:http");
    const rebound = await new Promise<number>((ok, ko) => {
      const u = new URL(`${base}/api/profiles`);
      const r = request(
        { host: u.hostname, port: u.port, path: u.pathname, headers: { host: "evil.example:80" } },
        (res) => {
          res.resume();
          ok(res.statusCode ?? 0);
        },
      );
      r.on("error", ko);
      r.end();
    });
    assert.equal(rebound, 403);
    assert.deepEqual((await call("GET", "/api/profiles")).json, before, "nothing changed");
    // the UI's own requests (same origin) and scripts (no Origin) still write
    const own = await call(
      "POST",
      "/api/check",
      { yaml: saas },
      { origin: base, "sec-fetch-site": "same-origin" },
    );
    assert.equal(own.status, 200);
    // security headers on answers, a CSP on the UI's pages, no absolute path in the health check
    const page = await fetch(`${base}/`);
    assert.equal(page.headers.get("x-frame-options"), "DENY");
    assert.match(page.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
    const health = await call("GET", "/api/health");
    assert.equal(health.json["workspace"], "ws.duckdb");
  });

  test("errors: unknown endpoints, wrong methods, bad JSON, missing fields, over-limit bodies", async () => {
    assert.equal((await call("GET", "/api/nope")).status, 404);
    assert.equal((await call("DELETE", "/api/profiles")).status, 405);
    const bad = await call("POST", "/api/score", "{not json");
    assert.equal(bad.status, 400);
    assert.match(String((bad.json["error"] as { message: string }).message), /not JSON/);
    const missing = await call("POST", "/api/score", { record: {} });
    assert.equal((missing.json["error"] as { field: string }).field, "profile");
    const big = await call("POST", "/api/check", { yaml: "x".repeat(300_000) });
    assert.equal(big.status, 413);
    // inputs fuzzing found answered with 500: each is now the client's error, said plainly
    const cases: Array<[string, string, unknown, string?]> = [
      ["GET", "/api/profiles/%E0%A4%A", undefined],
      ["GET", "/api/runs/9223372036854775808", undefined],
      ["GET", "/api/runs/1e400", undefined],
      ["POST", "/api/score", `{"profile":"x","record":${"[".repeat(4000)}${"]".repeat(4000)}}`],
    ];
    for (const [method, path, body] of cases) {
      const r = await call(method, path, body);
      assert.ok(r.status >= 400 && r.status < 500, `${method} ${path}: ${r.status} ${r.text.slice(0, 200)}`);
    }
    const uploads: Array<[string, string, Buffer]> = [
      [
        "png",
        "csv",
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]),
      ],
      ["not parquet", "parquet", Buffer.from("name\nAcme\n")],
      ["nul in a header", "csv", Buffer.from("na\u0000me,industry\nAcme,Software\n")],
    ];
    for (const [what, format, bytes] of uploads) {
      const r = await fetch(`${base}/api/datasets/fuzz?format=${format}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: new Uint8Array(bytes),
      });
      const text = await r.text();
      assert.ok(r.status >= 400 && r.status < 500, `${what}: ${r.status} ${text.slice(0, 300)}`);
      assert.doesNotMatch(text, /\/tmp\//, `${what}: no local path in the answer`);
    }
  });

  test("the OpenAPI document is served, matches docs/openapi.json, and documents every route", async () => {
    const served = await call("GET", "/openapi.json");
    assert.deepEqual(
      served.json,
      JSON.parse(readFileSync(join(ROOT, "docs/openapi.json"), "utf8")),
      "run npm run openapi",
    );
    const paths = openApiDocument()["paths"] as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const routed = server.router.routes.map((r) => `${r.method} ${r.path}`).sort();
    assert.deepEqual(documented, routed);
  });
});

describe("icp serve: limits and the request log", () => {
  test("an upload over the limit is a 413 the client reads; every request is logged with its status", async () => {
    const ws = await Workspace.open(join(dir, "limits.duckdb"));
    const lines: string[] = [];
    const server = new IcpServer(ws, {
      host: "127.0.0.1",
      port: 0,
      asOf: AS_OF,
      maxUpload: 1000,
      log: (l) => lines.push(l),
    });
    const { url } = await server.listen();
    try {
      const r = await fetch(`${url}/api/datasets/big`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: `name\n${"x".repeat(5000)}\n`,
      });
      assert.equal(r.status, 413);
      assert.match(await r.text(), /exceeds the limit of 1000 bytes/);
      // the same sent in chunks, without a Content-Length: still a 413 the client reads
      const chunks = new ReadableStream<Uint8Array>({
        start(c) {
          for (let k = 0; k < 20; k++) c.enqueue(new TextEncoder().encode(`row ${k} ${"y".repeat(200)}\n`));
          c.close();
        },
      });
      const chunked = await fetch(`${url}/api/datasets/big`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: chunks,
        duplex: "half",
      } as RequestInit);
      assert.equal(chunked.status, 413);
      assert.match(await chunked.text(), /exceeds the limit of 1000 bytes/);
      assert.equal((await fetch(`${url}/api/health`)).status, 200);
      await new Promise((ok) => setTimeout(ok, 50));
      assert.ok(
        lines.some((l) => / POST \/api\/datasets\/big 413 /.test(l)),
        lines.join("\n"),
      );
      assert.ok(lines.some((l) => / GET \/api\/health 200 /.test(l)));
    } finally {
      await server.close();
      ws.close();
    }
  });
});

describe("icp serve: API token and binds", () => {
  test("with a token required, requests need the bearer token (health stays open); no token in the workspace → refuses to bind", async () => {
    const ws = await Workspace.open(join(dir, "auth.duckdb"));
    try {
      const none = new IcpServer(ws, { host: "0.0.0.0", port: 0 });
      await assert.rejects(none.listen(), /needs an API token/);
      const token = await ws.newToken();
      const s = new IcpServer(ws, { host: "127.0.0.1", port: 0, requireToken: true });
      const { url } = await s.listen();
      try {
        assert.equal((await fetch(`${url}/api/profiles`)).status, 401);
        assert.equal(
          (await fetch(`${url}/api/profiles`, { headers: { authorization: "Bearer wrong" } })).status,
          401,
        );
        assert.equal(
          (await fetch(`${url}/api/profiles`, { headers: { authorization: `Bearer ${token}` } })).status,
          200,
        );
        assert.equal((await fetch(`${url}/api/health`)).status, 200);
      } finally {
        await s.close();
      }
    } finally {
      ws.close();
    }
  });

  test("a crash (SIGKILL) in the middle of an import leaves the previous dataset intact", async () => {
    const path = join(dir, "crash.duckdb");
    const small = join(dir, "small.csv");
    writeFileSync(small, csvText(COMPANY_COLUMNS, generatedRows(50, 1)));
    const ws = await Workspace.open(path);
    await ws.importDataset("universe", small, { source: "the first import" });
    ws.close();
    const big = join(dir, "big.csv");
    const gen = icp(["generate", "companies", "--rows", "300000", "--seed", "2", "-o", big]);
    assert.equal(gen.code, 0, gen.stderr);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "test/fixtures/crash-import.ts"), path, big],
      { cwd: ROOT },
    );
    let out = "";
    await new Promise<void>((ok) => {
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("importing"))
          setTimeout(() => {
            child.kill("SIGKILL");
            ok();
          }, 300);
      });
    });
    await new Promise((ok) => child.once("exit", ok));
    assert.ok(!out.includes("imported"), "killed before the import finished");
    const again = await Workspace.open(path);
    try {
      const d = await again.dataset("universe");
      assert.equal(d.rows, 50);
      assert.equal(d.source, "the first import");
      assert.equal((await again.datasetRows("universe", 0, 100)).length, 50);
    } finally {
      again.close();
    }
  });
});

/**
 * From a few best customers to a ranked target list: the best customers against a real universe
 * (PDL's 21,000 companies, YC's 6,000), a lookalike ranking with its leave-one-out check, and
 * enrichment from a company universe. The "best customers" are drawn from the real lists, sharing a
 * planted pattern of 2–3 attributes — one of them the universe's most common value, one a list item
 * — plus a few that break one attribute each.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { enrich } from "../src/data/enrich.js";
import { type LoadedTable, loadTable } from "../src/data/load.js";
import { lookalike } from "../src/discover/lookalike.js";
import { analyseSeeds } from "../src/discover/seeds.js";
import { evaluateCriterion } from "../src/engine/interpreter.js";
import type { Record_ } from "../src/io/read.js";
import { lower } from "../src/ir/lower.js";
import { checkProfileText } from "../src/profile/check.js";
import { icp, SHARED_DATA, SHARED_SKIP, tmp } from "./helpers.js";

const dir = tmp();
const PDL = join(SHARED_DATA, "pdl-companies-top21k/companies_sorted_top21000.csv");
const YC = join(SHARED_DATA, "yc-companies/yc_companies_ycradar_snapshot.csv");
const tags = (r: Record_) =>
  String(r.tags ?? "")
    .split(";")
    .map((x) => x.trim());

interface Case {
  name: string;
  universe: () => LoadedTable;
  key: string;
  n: number;
  plant: (r: Record_) => boolean;
  breakers: ((r: Record_) => boolean)[];
  /** The profile fields the planted values bind to. */
  fields: string[];
}

describe("best customers against a real universe", { skip: SHARED_SKIP }, () => {
  let pdl: LoadedTable;
  let yc: LoadedTable;
  before(async () => {
    pdl = await loadTable(PDL, { entity: "accounts" });
    yc = await loadTable(YC, { entity: "accounts" });
  });
  const cases: Case[] = [
    {
      name: "PDL, 12: IT services, United States (the most common country), 5,001–10,000 employees",
      universe: () => pdl,
      key: "domain",
      n: 10,
      plant: (r) =>
        r.industry === "information technology and services" &&
        r.country === "united states" &&
        r["size range"] === "5001 - 10000",
      breakers: [
        (r) =>
          r.industry === "information technology and services" &&
          r.country === "united states" &&
          r["size range"] === "1001 - 5000",
      ],
      fields: ["industry", "country", "employees"],
    },
    {
      name: "PDL, 30: hospitals, United States, 1,001–5,000 employees (the most common size)",
      universe: () => pdl,
      key: "domain",
      n: 27,
      plant: (r) =>
        r.industry === "hospital & health care" &&
        r.country === "united states" &&
        r["size range"] === "1001 - 5000",
      breakers: [
        (r) =>
          r.industry === "medical practice" &&
          r.country === "united states" &&
          r["size range"] === "1001 - 5000",
        (r) =>
          r.industry === "hospital & health care" &&
          r.country === "united kingdom" &&
          r["size range"] === "1001 - 5000",
        (r) =>
          r.industry === "hospital & health care" &&
          r.country === "united states" &&
          r["size range"] === "5001 - 10000",
      ],
      fields: ["industry", "country", "employees"],
    },
    {
      name: "YC, 12: B2B (the most common industry), tagged Developer Tools, 10–49 people",
      universe: () => yc,
      key: "website",
      n: 10,
      plant: (r) =>
        r.industry === "B2B" &&
        tags(r).includes("Developer Tools") &&
        Number(r.team_size) >= 10 &&
        Number(r.team_size) < 50,
      breakers: [
        (r) =>
          r.industry === "B2B" &&
          !tags(r).includes("Developer Tools") &&
          Number(r.team_size) >= 10 &&
          Number(r.team_size) < 50,
        (r) => r.industry === "B2B" && tags(r).includes("Developer Tools") && Number(r.team_size) >= 200,
      ],
      fields: ["industry", "tags", "employees"],
    },
    {
      name: "YC, 30: Fintech, tagged SaaS, growth stage",
      universe: () => yc,
      key: "website",
      n: 27,
      plant: (r) => r.industry === "Fintech" && tags(r).includes("SaaS") && r.stage === "Growth",
      breakers: [
        (r) => r.industry === "Fintech" && !tags(r).includes("SaaS") && r.stage === "Growth",
        (r) => r.industry === "Fintech" && tags(r).includes("SaaS") && r.stage === "Early",
        (r) => r.industry === "Healthcare" && tags(r).includes("SaaS") && r.stage === "Growth",
      ],
      // YC's "stage" (Early, Growth) is its own field: a bare "Stage" column is never read as funding stage
      fields: ["industry", "tags", "stage"],
    },
  ];
  const drawn = new Map<string, { file: string; planted: Record_ }>();
  const draw = (c: Case) => {
    const hit = drawn.get(c.name);
    if (hit) return hit;
    const u = c.universe();
    const keyed = (r: Record_) => String(r[c.key] ?? "").trim() !== "";
    const match = u.rows.filter((r) => c.plant(r) && keyed(r));
    const step = Math.max(1, Math.floor(match.length / c.n));
    const chosen = match.filter((_, i) => i % step === 0).slice(0, c.n);
    for (const b of c.breakers) {
      const x = u.rows.find((r) => b(r) && keyed(r));
      if (x) chosen.push(x);
    }
    const file = join(dir, `${c.name.slice(0, 6).replace(/\W/g, "")}-${c.n}.csv`);
    // only the key: the best customers are looked up in the universe
    writeFileSync(file, `${c.key}\n${chosen.map((r) => r[c.key]).join("\n")}\n`);
    const out = { file, planted: chosen[0] as Record_ };
    drawn.set(c.name, out);
    return out;
  };

  for (const c of cases)
    test(`${c.name}: every planted value is in the draft, and no filter removes a best customer`, async () => {
      const { file, planted } = draw(c);
      const seeds = await loadTable(file, { entity: "accounts" });
      const r = analyseSeeds({ seeds, universe: c.universe(), asOf: "2026-12-07", name: "t", sources: "t" });
      const a = r.analysis;
      assert.equal(a.match.notFound.length, 0);
      assert.ok(!JSON.stringify(a).includes("NaN"), "no NaN anywhere");
      const checked = checkProfileText(r.draft);
      assert.ok(checked.profile, JSON.stringify(checked.diagnostics));
      const ir = lower(checked.profile, { asOf: "2026-12-07", columns: c.universe().columns });
      for (const f of c.fields) {
        const on = ir.criteria.filter((x) => x.field === f && (x.role === "require" || x.points > 0));
        assert.ok(on.length, `${f}: no criterion in the draft\n${r.draft}`);
        assert.ok(
          on.some((x) => evaluateCriterion(ir, x, planted) === "pass"),
          `${f}: the draft's criterion does not hold for a planted best customer\n${r.draft}`,
        );
      }
      assert.equal(a.coverage.seedsRemoved, 0, a.coverage.text);
      for (const x of a.criteria.filter((k) => k.role === "require"))
        assert.equal(x.seedsFailing, 0, x.label);
      assert.match(a.coverage.text, /^Your ICP describes [\d,]+ of these [\d,]+ companies/);
    });

  test("lookalike leave-one-out: held-out best customers rank in the top 5% of the universe in at least 80% of cases", async () => {
    let top5 = 0;
    let all = 0;
    for (const c of cases) {
      const { file } = draw(c);
      const seeds = await loadTable(file, { entity: "accounts" });
      const r = lookalike({ seeds, universe: c.universe(), asOf: "2026-12-07" });
      top5 += r.leaveOneOut.top5;
      all += r.leaveOneOut.seeds;
      assert.ok(r.ranked.every((x) => x.similarity >= 0 && x.similarity <= 100));
      assert.equal(r.ranked.length, c.universe().rows.length, "every universe company is ranked");
    }
    assert.ok(top5 / all >= 0.8, `${top5} of ${all} held-out best customers in the top 5%`);
  });

  test("best customers drawn at random show no reliable signal, and say what n = 12 can show", async () => {
    const file = join(dir, "random-12.csv");
    const rows = yc.rows.filter((r) => String(r.website ?? "").trim() !== "");
    writeFileSync(
      file,
      `website\n${rows
        .filter((_, i) => i % 487 === 3)
        .slice(0, 12)
        .map((r) => r.website)
        .join("\n")}\n`,
    );
    const r = analyseSeeds({
      seeds: await loadTable(file, { entity: "accounts" }),
      universe: yc,
      asOf: "2026-12-07",
      name: "t",
      sources: "t",
    });
    assert.ok(r.analysis.criteria.filter((c) => c.role === "require").length === 0, r.draft);
    assert.match(
      r.analysis.supported[0] ?? "",
      /With 12 best customers, a value stands out .* More universe rows do not change this/,
    );
    assert.ok(!JSON.stringify(r.analysis).includes("NaN"));
  });

  test("the CLI: discover --seeds --universe writes a draft that checks; lookalike writes every company ranked", async () => {
    const { file } = draw(cases[3] as Case);
    const draft = join(dir, "seeds-draft.yaml");
    const d = icp(["discover", "--seeds", file, "--universe", YC, "-o", draft, "--as-of", "2026-12-07"]);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /what sets the best customers apart/);
    assert.match(d.stdout, /coverage: Your ICP describes/);
    assert.equal(icp(["check", draft]).code, 0);
    const out = join(dir, "ranked.csv");
    const l = icp(["lookalike", "--seeds", file, "--universe", YC, "-o", out, "--as-of", "2026-12-07"]);
    assert.equal(l.code, 0, l.stderr);
    const ranked = await loadTable(out);
    assert.equal(ranked.rows.length, yc.rows.length, "every company of the universe, ranked");
    assert.deepEqual(ranked.columns.slice(-4), [
      "icp_similarity",
      "icp_rank",
      "icp_seed",
      "icp_lookalike_reasons",
    ]);
    assert.equal(ranked.rows[0]?.icp_rank, "1");
    assert.match(readFileSync(out, "utf8").split("\n")[0] ?? "", /^id,name,/);
    assert.match(l.stdout, /Leave one out: hiding each best customer in turn/);
    const bad = icp(["discover", "--seeds", file, "--as-of", "2026-12-07"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--seeds and --universe go together/);
  });
});

describe("enrich from a company universe", () => {
  test("by domain (website or company e-mail), LinkedIn URL, name and country; empty fields only, with provenance; nothing lost", async () => {
    const universe = join(dir, "universe.csv");
    writeFileSync(
      universe,
      [
        "name,domain,industry,country,employees,linkedin url",
        "Acme Corp,acme.com,computer software,United States,120,https://www.linkedin.com/company/acme-corp/",
        "Globex,globex.io,retail,Germany,5000,linkedin.com/company/globex",
        "Initech,initech.com,banking,United States,800,",
        "Initech,initech.co.uk,banking,United Kingdom,300,",
        "Umbrella,umbrella.com,biotechnology,Canada,2000,",
      ].join("\n"),
    );
    const leads = join(dir, "leads.csv");
    writeFileSync(
      leads,
      [
        "Email,Company,Website,Industry,Country,LinkedIn",
        "ana@acme.com,,,,,", // company e-mail → domain
        "bo@gmail.com,,,,,http://linkedin.com/company/globex?trk=x", // free mail; LinkedIn
        "cy@hotmail.com,Initech,,,United Kingdom,", // name + country
        "di@yahoo.com,Initech,,,,", // name alone names two companies: no match
        "ed@umbrella.com,,,consulting,,", // a filled cell is kept
        "fa@unknown-firm.example,,,,,", // not in the universe
        "ga@gmail.com,,,,,", // nothing to match by
      ].join("\n"),
    );
    const e = enrich(
      await loadTable(leads, { entity: "accounts" }),
      await loadTable(universe, { entity: "accounts" }),
      {
        sourceName: "universe.csv",
      },
    );
    assert.equal(e.rows.length, 7, "rows in = rows out");
    assert.deepEqual(e.report.matched, { domain: 2, linkedin: 1, "name+country": 1, name: 0 });
    const col = (name: string) => e.columns.indexOf(name);
    const cell = (r: number, c: string) => e.rows[r]?.[col(c)];
    assert.equal(cell(0, "Industry"), "computer software");
    assert.equal(cell(0, "Industry__source"), "universe.csv by domain");
    assert.equal(cell(0, "icp_match_confidence"), "1");
    assert.equal(cell(1, "Industry"), "retail");
    assert.equal(cell(1, "icp_match"), "linkedin");
    assert.equal(cell(2, "Country"), "United Kingdom");
    assert.equal(cell(2, "Website"), "initech.co.uk");
    assert.equal(cell(2, "icp_match"), "name+country");
    assert.equal(cell(3, "icp_match"), null);
    assert.equal(cell(4, "Industry"), "consulting", "never overwritten unless asked");
    assert.equal(cell(4, "Industry__source"), null);
    assert.ok(e.report.unmatched.some((u) => /name on 2 companies/.test(u.reason)));
    assert.ok(e.report.unmatched.some((u) => /domain not in the universe/.test(u.reason)));
    assert.ok(e.report.unmatched.some((u) => /only a free-mail address/.test(u.reason)));
    const over = enrich(
      await loadTable(leads, { entity: "accounts" }),
      await loadTable(universe, { entity: "accounts" }),
      {
        sourceName: "universe.csv",
        overwrite: true,
      },
    );
    assert.equal(over.rows[4]?.[over.columns.indexOf("Industry")], "biotechnology");
  });
});

/** The `icp` command line, run as a user runs it (from source), with its files and exit codes. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import Papa from "papaparse";
import { icp, ROOT, scoreBothEngines, tmp } from "./helpers.js";

const AS_OF = "2026-11-23";
let dir: string;
let companies: string;

before(() => {
  dir = tmp();
  companies = join(dir, "companies.csv");
  const g = icp(["generate", "companies", "--rows", "3000", "--seed", "42", "-o", companies]);
  assert.equal(g.code, 0, g.stderr);
});

const parse = (file: string) =>
  Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true }).data;

describe("icp generate", () => {
  test("the same seed gives the same bytes; another seed gives other rows", () => {
    const a = icp(["generate", "companies", "--rows", "200", "--seed", "7"]);
    const b = icp(["generate", "companies", "--rows", "200", "--seed", "7"]);
    const c = icp(["generate", "companies", "--rows", "200", "--seed", "8"]);
    assert.equal(a.stdout, b.stdout);
    assert.notEqual(a.stdout, c.stdout);
    const rows = Papa.parse<Record<string, string>>(a.stdout, { header: true, skipEmptyLines: true }).data;
    assert.equal(rows.length, 200);
    assert.equal(Object.keys(rows[0]!).length, 30);
  });
  test("--plant adds outcomes that follow the planted pattern", () => {
    const plant = join(dir, "plant.yaml");
    writeFileSync(
      plant,
      "name: planted\ncriteria:\n  - { label: software, field: industry, in: [computer software, internet], weight: 3 }\n",
    );
    const out = join(dir, "planted.csv");
    assert.equal(
      icp(["generate", "companies", "--rows", "4000", "--seed", "3", "--plant", plant, "-o", out]).code,
      0,
    );
    const rows = parse(out);
    const rate = (f: (r: Record<string, string>) => boolean) => {
      const g = rows.filter(f);
      return g.filter((r) => r["outcome"] === "won").length / g.length;
    };
    const sw = rate((r) => ["computer software", "internet"].includes(r["industry"]!));
    const other = rate((r) => !["computer software", "internet", ""].includes(r["industry"]!));
    // base −1.5 → 18% win rate; +3 log-odds → 82%.
    assert.ok(sw > 0.7 && other < 0.25, `planted ${sw.toFixed(2)} vs rest ${other.toFixed(2)}`);
  });
});

describe("icp score", () => {
  test("duckdb and js engines write the same bytes, keep every input column and row, in order", () => {
    const [duck, js] = scoreBothEngines(companies, ["examples/b2b-saas.yaml"], dir, "same");
    assert.equal(duck, js);
    const a = join(dir, "same-duckdb.csv");
    const again = join(dir, "a2.csv");
    icp(["score", companies, "-p", "examples/b2b-saas.yaml", "-o", again, "--as-of", AS_OF]);
    assert.equal(readFileSync(again, "utf8"), duck, "same inputs and as-of → same bytes");
    const input = parse(companies);
    const out = parse(a);
    assert.equal(out.length, input.length);
    assert.deepEqual(
      out.map((r) => r["id"]),
      input.map((r) => r["id"]),
    );
    assert.deepEqual(Object.keys(out[0]!).slice(-7), [
      "icp_score",
      "icp_tier",
      "icp_state",
      "icp_reasons",
      "icp_profile",
      "icp_profile_version",
      "icp_profile_hash",
    ]);
    assert.equal(out[0]!["name"], input[0]!["name"]);
  });

  test("the funnel adds up: rows in = removed by each filter + insufficient data + scored", () => {
    const r = icp([
      "score",
      companies,
      "-p",
      "examples/b2b-saas.yaml",
      "-o",
      join(dir, "f.csv"),
      "--as-of",
      AS_OF,
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    const f = s.funnels[0];
    const removed = f.steps.reduce((a: number, x: { removed: number }) => a + x.removed, 0);
    assert.equal(f.rowsIn, 3000);
    assert.equal(removed + f.insufficientData + f.scored, f.rowsIn);
    assert.equal(f.disqualified, removed);
    const out = parse(join(dir, "f.csv"));
    assert.equal(out.filter((x) => x["icp_state"] === "scored").length, f.scored);
    for (const t of f.tiers)
      assert.equal(out.filter((x) => x["icp_tier"] === t.name).length, t.count, `tier ${t.name}`);
    assert.equal(s.asOf, AS_OF);
  });

  test("the human summary prints the as-of date and the funnel on stderr", () => {
    const r = icp(["score", companies, "-p", "examples/b2b-saas.yaml", "-o", join(dir, "h.csv")]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /as of \d{4}-\d{2}-\d{2} \(today; pass --as-of to reproduce this run\)/);
    assert.match(r.stderr, /3,000 → [\d,]+ scored → [\d,]+ in tier A/);
  });

  test("capacity tiers: exactly the top 40 go to the AEs, in both engines", () => {
    const [duck, js] = scoreBothEngines(companies, ["examples/professional-services.yaml"], dir, "cap");
    assert.equal(duck, js);
    const rows = Papa.parse<Record<string, string>>(duck, { header: true, skipEmptyLines: true }).data;
    const ae = rows.filter((x) => x["icp_tier"] === "AE");
    assert.equal(ae.length, 40);
    const minAe = Math.min(...ae.map((x) => Number(x["icp_score"])));
    const maxOther = Math.max(
      ...rows
        .filter((x) => x["icp_tier"] !== "AE" && x["icp_state"] === "scored")
        .map((x) => Number(x["icp_score"])),
    );
    assert.ok(minAe >= maxOther, "no row outside the AE tier scores higher than one inside");
  });

  test("two profiles: every row gets both results and the best match", () => {
    const profiles = ["examples/b2b-saas.yaml", "examples/professional-services.yaml"];
    const [duck, js] = scoreBothEngines(companies, profiles, dir, "multi");
    assert.equal(duck, js);
    const rows = Papa.parse<Record<string, string>>(duck, { header: true, skipEmptyLines: true }).data;
    const cols = Object.keys(rows[0]!);
    assert.ok(cols.includes("icp_b2b_saas_mid_market_score"));
    assert.ok(cols.includes("icp_professional_services_on_legacy_time_tracking_tier"));
    for (const x of rows.slice(0, 300)) {
      const scores = [
        x["icp_b2b_saas_mid_market_score"],
        x["icp_professional_services_on_legacy_time_tracking_score"],
      ]
        .filter((v) => v !== "")
        .map(Number);
      if (scores.length) assert.equal(Number(x["icp_score"]), Math.max(...scores));
    }
  });

  test("JSON, NDJSON and Parquet out; stdin in", () => {
    const json = join(dir, "o.json");
    assert.equal(
      icp(["score", companies, "-p", "examples/b2b-saas.yaml", "-o", json, "--as-of", AS_OF]).code,
      0,
    );
    const arr = JSON.parse(readFileSync(json, "utf8"));
    assert.equal(arr.length, 3000);
    const nd = join(dir, "o.ndjson");
    assert.equal(
      icp(["score", companies, "-p", "examples/b2b-saas.yaml", "-o", nd, "--as-of", AS_OF, "--engine", "js"])
        .code,
      0,
    );
    const lines = readFileSync(nd, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => l.icp_state),
      arr.map((a: { icp_state: string }) => a.icp_state),
    );
    const pq = join(dir, "o.parquet");
    assert.equal(
      icp(["score", companies, "-p", "examples/b2b-saas.yaml", "-o", pq, "--as-of", AS_OF]).code,
      0,
    );
    const back = icp([
      "score",
      pq,
      "-p",
      "examples/b2b-saas.yaml",
      "-o",
      "-",
      "--as-of",
      AS_OF,
      "--engine",
      "js",
    ]);
    assert.equal(back.code, 0, back.stderr);
    const csv = "name,industry,employees\nAcme,Internet,120\n";
    const s = icp(["score", "-", "-p", "examples/b2b-saas.yaml", "--as-of", AS_OF], { input: csv });
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /^name,industry,employees,icp_score/);
  });

  test("spreadsheet formulas in cells are neutralised in CSV output, numbers are not", () => {
    const f = join(dir, "formula.csv");
    writeFileSync(
      f,
      'name,industry,employees,note\n"=HYPERLINK(""x"")",internet,-5,@SUM(A1)\n+cmd,internet,+7,-2\n',
    );
    for (const engine of ["duckdb", "js"]) {
      const out = join(dir, `formula-${engine}.csv`);
      assert.equal(
        icp(["score", f, "-p", "examples/b2b-saas.yaml", "-o", out, "--as-of", AS_OF, "--engine", engine])
          .code,
        0,
      );
      const rows = parse(out);
      assert.equal(rows[0]!["name"], `'=HYPERLINK("x")`);
      assert.equal(rows[0]!["note"], "'@SUM(A1)");
      assert.equal(rows[0]!["employees"], "-5");
      assert.equal(rows[1]!["name"], "'+cmd");
      assert.equal(rows[1]!["note"], "-2");
    }
  });

  test("semicolon-separated files with CRLF line ends and no quotes read the same in both engines", () => {
    const f = join(dir, "semi.csv");
    writeFileSync(
      f,
      "name;industry;employees;tech\r\nAcme;Internet;120;HubSpot|Slack\r\nGov;government administration;5;\r\n",
    );
    const outs = scoreBothEngines(f, ["examples/b2b-saas.yaml"], dir, "semi");
    assert.equal(outs[0], outs[1]);
    assert.match(outs[0]!, /^name,industry,employees,tech,icp_score/);
    assert.match(outs[0]!, /\nGov,government administration,5,,,,disqualified,/);
  });

  test("missing columns are named in a warning; bad input gets a clear error and exit 1", () => {
    const f = join(dir, "thin.csv");
    writeFileSync(f, "name,industry\nA,internet\n");
    const r = icp([
      "score",
      f,
      "-p",
      "examples/b2b-saas.yaml",
      "-o",
      join(dir, "thin-out.csv"),
      "--as-of",
      AS_OF,
    ]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /no column for field `employees` \(tried employees, employee count/);
    const missing = icp(["score", join(dir, "nope.csv"), "-p", "examples/b2b-saas.yaml", "--engine", "js"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.csv {2}error {2}file not found/);
    assert.doesNotMatch(missing.stderr, /at .*\.ts:\d+/, "no stack trace");
    const ragged = join(dir, "ragged.csv");
    writeFileSync(ragged, 'a,b\n1,2,3\n4\n5,6\n"x\ny",7\n8,"open\n9,10\n');
    for (const engine of ["duckdb", "js"]) {
      const out = join(dir, `r-${engine}.csv`);
      const rr = icp([
        "score",
        ragged,
        "-p",
        "examples/b2b-saas.yaml",
        "-o",
        out,
        "--engine",
        engine,
        "--as-of",
        AS_OF,
      ]);
      assert.equal(rr.code, 0, rr.stderr);
      // Nothing lost: 2 rows out, 3 records rejected with their line, reason and text.
      assert.match(rr.stderr, /rows: 5 in = 2 out \+ 3 rejected \(see .*r-\w+\.rejects\.csv\)/);
      assert.equal(
        readFileSync(out, "utf8").trim().split("\n").length,
        1 + 3,
        "header + 2 rows (one spans two lines)",
      );
      assert.equal(
        readFileSync(join(dir, `r-${engine}.rejects.csv`), "utf8"),
        'line,reason,raw\n2,more cells than the header\'s 2,"1,2,3"\n3,fewer cells than the header\'s 2,4\n7,an unterminated or misplaced quote,"8,""open\n9,10"\n',
        engine,
      );
    }
  });
});

describe("icp check, compile, schema, explain", () => {
  test("check: exit 0 on the examples, exit 1 with located errors on a bad profile", () => {
    const ok = icp([
      "check",
      "examples/b2b-saas.yaml",
      "examples/professional-services.yaml",
      "examples/pdl-enterprise.yaml",
    ]);
    assert.equal(ok.code, 0, ok.stdout);
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "name: x\ncriteria:\n  - label: a\n    field: industry\n    in: [x]\n    wieght: 3\n");
    const r = icp(["check", bad]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /bad\.yaml:6:5 {2}error {2}criteria\[0\]\.wieght\n {2}unknown key `wieght`\n {2}hint: did you mean `weight`\?/,
    );
    const j = icp(["check", bad, "--json"]);
    assert.equal(JSON.parse(j.stdout).profiles[0].diagnostics[0].code, "unknown_key");
  });
  test("check --data warns about fields the data lacks and an ICP that hardly narrows", () => {
    const r = icp(["check", "examples/pdl-enterprise.yaml", "--data", companies]);
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      /field `employees` has no column in .*companies\.csv \(tried: current employee estimate\)/,
    );
    const broad = join(dir, "broad.yaml");
    writeFileSync(
      broad,
      "name: broad\ncriteria:\n  - { label: any size, field: employees, range: { min: 0 }, weight: 10 }\n",
    );
    assert.match(icp(["check", broad, "--data", companies]).stdout, /this ICP hardly narrows the list/);
  });
  test("compile prints the JS scorer and SQL per dialect", () => {
    const js = icp(["compile", "examples/b2b-saas.yaml", "--target", "js", "--as-of", AS_OF]);
    assert.match(js.stdout, /return function score\(row\)/);
    const pg = icp([
      "compile",
      "examples/b2b-saas.yaml",
      "--dialect",
      "postgres",
      "--as-of",
      AS_OF,
      "--params",
    ]);
    assert.match(pg.stdout, / ~ /);
    assert.match(pg.stdout, /-- parameters: \[/);
  });
  test("schema prints a JSON Schema", () => {
    const r = icp(["schema"]);
    assert.equal(JSON.parse(r.stdout).title, "icpkit profile");
  });
  test("explain shows each criterion's value, outcome and points for one account", () => {
    const r = icp(["explain", companies, "-p", "examples/b2b-saas.yaml", "--row", "1", "--as-of", AS_OF]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /row 1 — B2B SaaS mid-market v1\.0\.0/);
    assert.match(r.stdout, /Software or internet {2}\[weight \+25\]/);
    assert.match(r.stdout, /reasons: /);
    const id = icp([
      "explain",
      companies,
      "-p",
      "examples/b2b-saas.yaml",
      "--id",
      "C0000002",
      "--as-of",
      AS_OF,
      "--json",
    ]);
    assert.equal(JSON.parse(id.stdout).row, 2);
    const first = parse(companies)[4]!;
    const dom = icp([
      "explain",
      companies,
      "-p",
      "examples/b2b-saas.yaml",
      "--domain",
      `https://WWW.${first["domain"]}/about`,
      "--as-of",
      AS_OF,
      "--json",
    ]);
    assert.equal(JSON.parse(dom.stdout).row, 5);
  });
  test("usage errors exit 2", () => {
    assert.equal(icp(["score"]).code, 2);
    assert.equal(icp(["explain", companies, "-p", "examples/b2b-saas.yaml"]).code, 2);
    assert.equal(icp(["score", companies, "-p", "examples/b2b-saas.yaml", "--as-of", "23/11/2026"]).code, 2);
  });
});

describe("the bundled command line (what npx icp runs)", () => {
  test("bundled into a folder of its own, it finds the package's data and scores as the sources do", (t) => {
    // inside the repository, as dist/bin is: the package root (data/, package.json) is found upwards
    const scratch = join(ROOT, ".icp-tmp");
    mkdirSync(scratch, { recursive: true });
    const folder = mkdtempSync(join(scratch, "bundle-"));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const out = join(folder, "bin");
    const b = spawnSync(process.execPath, [join(ROOT, "scripts/bundle-cli.mjs"), out], { encoding: "utf8" });
    assert.equal(b.status, 0, b.stderr);
    const run = (args: string[]) =>
      spawnSync(process.execPath, [join(out, "main.js"), ...args], { cwd: dir, encoding: "utf8" });
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    assert.equal(run(["--version"]).stdout.trim(), pkg.version);
    // industries (data/industries.json) and titles (data/titles.yaml) are read from the package
    const profile = join(ROOT, "examples/b2b-saas.yaml");
    const bundled = run([
      "score",
      companies,
      "-p",
      profile,
      "-o",
      join(dir, "bundled.csv"),
      "--as-of",
      AS_OF,
    ]);
    assert.equal(bundled.status, 0, bundled.stderr);
    const source = icp(["score", companies, "-p", profile, "-o", join(dir, "source.csv"), "--as-of", AS_OF]);
    assert.equal(source.code, 0, source.stderr);
    assert.equal(
      readFileSync(join(dir, "bundled.csv"), "utf8"),
      readFileSync(join(dir, "source.csv"), "utf8"),
    );
    writeFileSync(join(dir, "contacts.csv"), "name,title\nAna,Chief Financial Officer\n");
    const titles = run(["personas", join(dir, "contacts.csv"), "--json"]);
    assert.equal(titles.status, 0, titles.stderr);
    assert.match(titles.stdout, /"function": ?"finance"/);
  });
});

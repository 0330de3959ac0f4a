#!/usr/bin/env node
// npm run demo: generate 20,000 companies, check and score them against the B2B SaaS example,
// print the funnel, the top of tier A and one account's explanation; then discover an ICP from
// generated won/lost outcomes and validate it. Writes into ./out/demo.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import Papa from "papaparse";

const icp = (...args) =>
  execFileSync(process.execPath, ["dist/bin/main.js", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
const say = (s) => process.stdout.write(`\n\x1b[1m${s}\x1b[0m\n`);

mkdirSync("out/demo", { recursive: true });
say("1. Generate 20,000 realistic companies (seeded: same bytes every time)");
icp("generate", "companies", "--rows", "20000", "--seed", "1", "-o", "out/demo/companies.csv");

say("2. Check the profile");
process.stdout.write(icp("check", "examples/b2b-saas.yaml", "--data", "out/demo/companies.csv"));

say("3. Score (funnel on stderr)");
icp(
  "score",
  "out/demo/companies.csv",
  "--profile",
  "examples/b2b-saas.yaml",
  "-o",
  "out/demo/scored.csv",
  "--as-of",
  "2026-11-23",
);

say("4. The best tier-A accounts");
const rows = Papa.parse(readFileSync("out/demo/scored.csv", "utf8"), {
  header: true,
  skipEmptyLines: true,
}).data;
const top = rows
  .filter((r) => r.icp_tier === "A")
  .sort((a, b) => Number(b.icp_score) - Number(a.icp_score))
  .slice(0, 5);
for (const r of top)
  process.stdout.write(
    `  ${r.id}  ${r.name.padEnd(28)} ${r.icp_score.padStart(5)}  ${r.industry}, ${r.employees} employees, ${r.country}\n`,
  );

say("5. Why does the first of them score what it scores?");
const id = top[0]?.id;
if (id)
  process.stdout.write(
    icp(
      "explain",
      "out/demo/companies.csv",
      "--profile",
      "examples/b2b-saas.yaml",
      "--id",
      id,
      "--as-of",
      "2026-11-23",
    ),
  );
say("6. Outcomes: 5,000 companies whose won/lost deals follow a hidden pattern (examples/demo-plant.yaml)");
icp(
  "generate",
  "companies",
  "--rows",
  "5000",
  "--seed",
  "2",
  "--plant",
  "examples/demo-plant.yaml",
  "-o",
  "out/demo/deals.csv",
);

say("7. Discover the ICP from them (draft profile, evidence, scorecard)");
process.stdout.write(
  icp(
    "discover",
    "out/demo/deals.csv",
    "--outcome",
    "outcome",
    "--date",
    "closed_at",
    "--exclude",
    "deal_amount",
    "--as-of",
    "2026-06-30",
    "-o",
    "out/demo/draft.yaml",
    "--report",
    "out/demo/discovery.html",
  ),
);

say("8. Validate the draft on the same deals: does it win?");
process.stdout.write(
  icp(
    "validate",
    "-p",
    "out/demo/draft.yaml",
    "--accounts",
    "out/demo/deals.csv",
    "--deals",
    "out/demo/deals.csv",
    "--as-of",
    "2026-06-30",
    "--capacity",
    "100",
    "--report",
    "out/demo/validation.html",
  ),
);
say(
  "9. Your 12 best customers, as a list of domains (software companies of 50–1,000 people on Salesforce, and 2 that break the pattern)",
);
const companies = Papa.parse(readFileSync("out/demo/companies.csv", "utf8"), {
  header: true,
  skipEmptyLines: true,
}).data;
const fits = (r) =>
  r.industry === "computer software" &&
  Number(r.employees) >= 50 &&
  Number(r.employees) < 1000 &&
  /salesforce/i.test(r.tech ?? "");
const best = companies.filter(fits).slice(0, 10);
best.push(
  ...companies.filter((r) => r.industry === "internet" && /salesforce/i.test(r.tech ?? "")).slice(0, 1),
);
best.push(
  ...companies.filter((r) => r.industry === "computer software" && Number(r.employees) >= 2000).slice(0, 1),
);
writeFileSync("out/demo/best-domains.csv", `domain\n${best.map((r) => r.domain).join("\n")}\n`);
process.stdout.write(`  ${best.map((r) => r.domain).join(", ")}\n`);

say("10. Enrich them from the company list (domain → every field, with provenance)");
icp("enrich", "out/demo/best-domains.csv", "--from", "out/demo/companies.csv", "-o", "out/demo/best.csv");

say("11. What do they share that the market does not? (exact tests, n = 12)");
process.stdout.write(
  icp(
    "discover",
    "--seeds",
    "out/demo/best.csv",
    "--universe",
    "out/demo/companies.csv",
    "-o",
    "out/demo/best-draft.yaml",
    "--as-of",
    "2026-11-23",
  ),
);

say("12. Lookalikes: the 200 companies most like them, and the 40 your AEs take first");
process.stdout.write(
  icp(
    "lookalike",
    "--seeds",
    "out/demo/best.csv",
    "--universe",
    "out/demo/companies.csv",
    "--top",
    "200",
    "-o",
    "out/demo/lookalikes.csv",
    "--as-of",
    "2026-11-23",
  ),
);
const ranked = Papa.parse(readFileSync("out/demo/lookalikes.csv", "utf8"), {
  header: true,
  skipEmptyLines: true,
}).data;
const ae = ranked.filter((r) => r.icp_seed !== "true").slice(0, 40);
writeFileSync(
  "out/demo/ae-targets.csv",
  `rank,name,domain,similarity,reasons\n${ae.map((r) => [r.icp_rank, r.name, r.domain, r.icp_similarity, JSON.stringify(r.icp_lookalike_reasons)].join(",")).join("\n")}\n`,
);
for (const r of ae.slice(0, 5))
  process.stdout.write(
    `  ${r.icp_similarity.padStart(5)}  ${r.name.padEnd(26)} ${r.icp_lookalike_reasons}\n`,
  );
process.stdout.write(`  … ${ae.length} targets for AEs in out/demo/ae-targets.csv\n`);

say("13. A workspace for the web UI: the companies and both profiles, versioned");
rmSync("out/demo/workspace.duckdb", { force: true });
rmSync("out/demo/workspace.duckdb.wal", { force: true });
for (const args of [
  ["workspace", "import", "out/demo/companies.csv", "--name", "companies", "-w", "out/demo/workspace.duckdb"],
  ["workspace", "save", "examples/b2b-saas.yaml", "-m", "example profile", "-w", "out/demo/workspace.duckdb"],
  [
    "workspace",
    "save",
    "out/demo/draft.yaml",
    "-m",
    "discovered from the demo's deals",
    "-w",
    "out/demo/workspace.duckdb",
  ],
])
  process.stdout.write(icp(...args));
say(
  "Files: out/demo/scored.csv, out/demo/draft.yaml, out/demo/discovery.html, out/demo/validation.html, out/demo/best-draft.yaml, out/demo/lookalikes.csv, out/demo/ae-targets.csv",
);
say("Next: npx icp serve -w out/demo/workspace.duckdb   then open http://127.0.0.1:4321");

/**
 * Trigger events as discovery attributes: events in the window before each deal are found when
 * they separate won from lost, events that happen after the deal started are never counted (no
 * leakage), noise is not an ICP, and the draft scores with `icp score --events`.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { icp, ROOT, seededRandom, tmp } from "./helpers.js";

const dir = tmp("icp-triggers-");

const rng = seededRandom;
const shift = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);

test("discover --events: a trigger before the deal is found; after-the-deal and noise events are not", () => {
  const accounts = join(dir, "accounts.csv");
  const gen = icp([
    "generate",
    "companies",
    "--rows",
    "5000",
    "--seed",
    "8",
    "--plant",
    join(ROOT, "examples/demo-plant.yaml"),
    "-o",
    accounts,
  ]);
  assert.equal(gen.code, 0, gen.stderr);
  const lines = readFileSync(accounts, "utf8").trim().split("\n");
  const header = (lines[0] ?? "").split(",");
  const at = (name: string) => header.indexOf(name);
  const r = rng(3);
  const deals = ["deal id,account id,stage,created date,close date"];
  const events = ["account id,event type,event date"];
  lines.slice(1).forEach((line, i) => {
    // the generated file's outcome columns are its last four, never quoted
    const cells = line.split(",");
    const tail = cells.slice(-4);
    const [outcome, , created, closed] = tail as [string, string, string, string];
    const id = cells[at("id")] as string;
    const won = outcome === "won";
    deals.push(`D${i},${id},${won ? "Closed Won" : "Closed Lost"},${created},${closed}`);
    if (r() < (won ? 0.5 : 0.15))
      events.push(`${id},Funding Round,${shift(created, -10 - Math.floor(r() * 140))}`);
    if (won && r() < 0.6) events.push(`${id},Leadership Change,${shift(created, 1 + Math.floor(r() * 30))}`);
    if (r() < 0.3) events.push(`${id},Press Mention,${shift(created, -10 - Math.floor(r() * 140))}`);
  });
  writeFileSync(join(dir, "deals.csv"), `${deals.join("\n")}\n`);
  writeFileSync(join(dir, "events.csv"), `${events.join("\n")}\n`);
  const draft = join(dir, "draft.yaml");
  const run = icp([
    "discover",
    "--accounts",
    accounts,
    "--deals",
    join(dir, "deals.csv"),
    "--events",
    join(dir, "events.csv"),
    ...["outcome", "deal_amount", "deal_created", "closed_at"].flatMap((c) => ["--exclude", c]),
    "--as-of",
    "2026-06-30",
    "-o",
    draft,
    "--json",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as {
    criteria: Array<{ field: string; test: { range?: { min?: number } }; weight?: number }>;
  };
  const fields = out.criteria.map((c) => c.field);
  const funding = out.criteria.find(
    (c) => c.field === "events.funding_round.count_180d" && (c.weight ?? 0) > 0,
  );
  assert.equal(funding?.test.range?.min, 1, `found: ${fields.join(", ")}`);
  assert.ok(
    !fields.some((f) => f.startsWith("events.leadership_change")),
    "events after the deal started are not counted",
  );
  assert.ok(!fields.some((f) => f.startsWith("events.press_mention")), "noise is not an ICP");
  // the draft checks and scores, the trigger computed from the same events as of the scoring date
  assert.equal(icp(["check", draft]).code, 0);
  const scored = join(dir, "scored.csv");
  const s = icp([
    "score",
    accounts,
    "-p",
    draft,
    "--events",
    join(dir, "events.csv"),
    "--as-of",
    "2026-06-30",
    "-o",
    scored,
  ]);
  assert.equal(s.code, 0, s.stderr);
  assert.match(readFileSync(scored, "utf8").split("\n")[0] ?? "", /events\.funding_round\.count_180d/);
});

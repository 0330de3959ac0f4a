/**
 * npm run bench:funnel — the live funnel on a 1M-row universe: how long counts per filter and per
 * tier take to update as a profile is edited (the UI's "is my ICP too broad?" answer; target
 * ≤ 150 ms). The universe is a workspace dataset of generated companies; each edit goes the way the
 * server takes it: YAML text → check → IR → funnel.
 *
 *   npm run bench:funnel                          # 1,000,000 rows
 *   BENCH_FUNNEL_ROWS=200000 npm run bench:funnel
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { lower } from "../src/ir/lower.js";
import { checkProfileText } from "../src/profile/check.js";
import { LiveUniverse } from "../src/score/live-funnel.js";
import { Workspace } from "../src/workspace/workspace.js";

const ROOT = join(import.meta.dirname, "..");
const DATA = join(ROOT, "bench/data");
const RESULTS = join(ROOT, "bench/results");
const ROWS = Number(process.env.BENCH_FUNNEL_ROWS ?? 1_000_000);
const REPEAT = 5;
const AS_OF = "2026-11-23";

mkdirSync(DATA, { recursive: true });
mkdirSync(RESULTS, { recursive: true });
const csv = join(DATA, `funnel-${ROWS}.csv`);
if (!existsSync(csv))
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "src/cli/main.ts"),
      "generate",
      "companies",
      "--rows",
      String(ROWS),
      "--seed",
      "11",
      "-o",
      csv,
    ],
    { stdio: "inherit" },
  );
const wsPath = join(DATA, `funnel-${ROWS}.duckdb`);
rmSync(wsPath, { force: true });
rmSync(`${wsPath}.wal`, { force: true });
const ws = await Workspace.open(wsPath);
const t = performance.now();
const ds = await ws.importDataset("universe", csv);
const importMs = performance.now() - t;

const universe = new LiveUniverse(ds.rows);
const irOf = (text: string) => {
  const c = checkProfileText(text);
  if (!c.profile) throw new Error(c.diagnostics.map((d) => d.message).join("; "));
  return lower(c.profile, { asOf: AS_OF, columns: ds.columns });
};
/** The server's path: text → IR → (columns fetched when new) → funnel. */
async function update(text: string): Promise<number> {
  const t0 = performance.now();
  const ir = irOf(text);
  const missing = universe.missingColumns(ir);
  if (missing.length) {
    const values = await ws.columnValues("universe", missing);
    for (const [c, v] of values) universe.addColumn(c, v);
  }
  universe.funnel(ir);
  return performance.now() - t0;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface Row {
  profile: string;
  edit: string;
  medianMs: number;
  maxMs: number;
}
const rows: Row[] = [];
for (const example of ["b2b-saas", "professional-services", "pdl-enterprise"]) {
  const base = readFileSync(join(ROOT, "examples", `${example}.yaml`), "utf8");
  const doc = () => parseDocument(base);
  rows.push({
    profile: example,
    edit: "first (loads and encodes its columns)",
    medianMs: await update(base),
    maxMs: 0,
  });
  rows.push({ profile: example, edit: "unchanged", medianMs: await update(base), maxMs: 0 });
  const measure = async (edit: string, make: (k: number) => string) => {
    const times: number[] = [];
    for (let k = 1; k <= REPEAT; k++) times.push(await update(make(k)));
    rows.push({ profile: example, edit, medianMs: median(times), maxMs: Math.max(...times) });
  };
  const criteria = (doc().toJS() as { criteria: Array<Record<string, unknown>> }).criteria;
  const wi = criteria.findIndex((c) => typeof c["weight"] === "number");
  await measure("a weight", (k) => {
    const d = doc();
    d.setIn(["criteria", wi, "weight"], Number(criteria[wi]?.["weight"]) + k);
    return d.toString();
  });
  const ri = criteria.findIndex((c) => c["range"] !== undefined);
  if (ri >= 0)
    await measure("a range bound (new value each time)", (k) => {
      const d = doc();
      const r = criteria[ri]?.["range"] as { min?: number; max?: number };
      if (r.min !== undefined) d.setIn(["criteria", ri, "range", "min"], r.min + 7 * k);
      else d.setIn(["criteria", ri, "range", "max"], (r.max ?? 100) + 7 * k);
      return d.toString();
    });
  await measure("add a criterion (new value each time)", (k) => {
    const d = doc();
    const list = d.get("criteria") as { add: (x: unknown) => void };
    list.add(
      d.createNode({
        label: `Founded after ${1990 + k}`,
        field: "founded_year",
        range: { min: 1990 + k },
        weight: 5,
      }),
    );
    return d.toString();
  });
}
ws.close();

const out = {
  rows: ROWS,
  importSeconds: Math.round(importMs) / 1000,
  targetMs: 150,
  node: process.version,
  measured: rows.map((r) => ({ ...r, medianMs: Math.round(r.medianMs), maxMs: Math.round(r.maxMs) })),
};
writeFileSync(join(RESULTS, "live-funnel.json"), `${JSON.stringify(out, null, 2)}\n`);
console.log(
  `live funnel, ${ROWS.toLocaleString("en-US")} rows (import into the workspace: ${out.importSeconds} s)`,
);
console.log(`${"profile".padEnd(24)}${"edit".padEnd(42)}${"median ms".padStart(10)}${"max ms".padStart(8)}`);
for (const r of out.measured)
  console.log(
    `${r.profile.padEnd(24)}${r.edit.padEnd(42)}${String(r.medianMs).padStart(10)}${String(r.maxMs || "").padStart(8)}`,
  );
console.log(`wrote bench/results/live-funnel.json`);

/** Test helpers: run the CLI from source, temporary folders, profiles from inline YAML. */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { COMPANY_COLUMNS, CompanyGenerator } from "../src/generate/companies.js";
import { csvLine } from "../src/io/csv-cell.js";
import { checkProfileText } from "../src/profile/check.js";
import type { Profile } from "../src/profile/model.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SHARED_DATA = resolve(ROOT, "../shared/data");
export const HAS_SHARED = existsSync(SHARED_DATA);
export const SHARED_SKIP = HAS_SHARED
  ? false
  : "../shared/data is absent (a user's clone has no ../shared); CI has it";

export function tmp(prefix = "icp-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `icp …` from the TypeScript sources (no build needed). */
export function icp(args: string[], opts: { input?: string; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A checked profile from YAML text; fails the test with the diagnostics when invalid. */
export function profileOf(yaml: string): Profile {
  const r = checkProfileText(yaml, "inline.yaml");
  if (!r.profile) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join("\n"));
  return r.profile;
}

export const TEST_AS_OF = "2026-11-23";

/** `icp score` into `out` with one engine; fails the test on a non-zero exit; returns the output. */
export function scoreWith(engine: string, file: string, profiles: string[], out: string): string {
  const r = icp([
    "score",
    file,
    ...profiles.flatMap((p) => ["-p", p]),
    "-o",
    out,
    "--as-of",
    TEST_AS_OF,
    "--engine",
    engine,
  ]);
  if (r.code !== 0) throw new Error(`icp score --engine ${engine} exited ${r.code}: ${r.stderr}`);
  return readFileSync(out, "utf8");
}

/** Score with the duckdb and js engines; returns both outputs (tests compare them byte for byte). */
export function scoreBothEngines(
  file: string,
  profiles: string[],
  dir: string,
  name: string,
): [string, string] {
  return [
    scoreWith("duckdb", file, profiles, join(dir, `${name}-duckdb.csv`)),
    scoreWith("js", file, profiles, join(dir, `${name}-js.csv`)),
  ];
}

/** Compare with a golden file (UPDATE_GOLDEN=1 rewrites it; a missing one is written and fails). */
export function golden(name: string, actual: string): void {
  const file = join(ROOT, "test/golden", name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    if (!process.env.UPDATE_GOLDEN)
      assert.fail(`golden file ${name} was missing and has been written; review it and run again`);
    return;
  }
  assert.equal(
    actual,
    readFileSync(file, "utf8"),
    `${name} differs from its golden file (UPDATE_GOLDEN=1 to accept)`,
  );
}

/** `n` generated companies as text rows (empty cells as null). */
export function generatedRows(n: number, seed: number): Array<Record<string, string | null>> {
  const gen = new CompanyGenerator({ rows: n, seed });
  return Array.from({ length: n }, () =>
    Object.fromEntries(gen.next().map((v, i) => [COMPANY_COLUMNS[i]!, v === "" ? null : v])),
  );
}

/** CSV text of records (header from `columns`; null as an empty cell; values as written). */
export function csvText(
  columns: readonly string[],
  rows: ReadonlyArray<Readonly<Record<string, string | null>>>,
): string {
  return `${[
    csvLine(columns, false),
    ...rows.map((r) =>
      csvLine(
        columns.map((c) => r[c] ?? null),
        false,
      ),
    ),
  ].join("\n")}\n`;
}

/** A small seeded generator (mulberry32) for test fixtures: the same data on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

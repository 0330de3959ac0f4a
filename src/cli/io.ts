/** Shared CLI plumbing: exit codes, error printing, profile loading, today's date. */
import { readFileSync } from "node:fs";
import { type DealReadOptions, readFxFile } from "../data/deals.js";
import { parseStageMap, type StageMap } from "../data/normalise/stage.js";
import { InputError } from "../io/formats.js";
import { checkProfileText } from "../profile/check.js";
import { ProfileError, renderDiagnostics } from "../profile/diagnostics.js";
import type { Profile } from "../profile/model.js";

/** Exit codes: documented in README. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function fail(message: string, code: number = EXIT.usage): never {
  process.stderr.write(`icp: ${message}\n`);
  throw new CliExit(code);
}

export function handleError(e: unknown): void {
  if (e instanceof CliExit) {
    process.exitCode = e.code;
  } else if (e instanceof ProfileError) {
    process.stderr.write(`${renderDiagnostics(e.diagnostics)}\n`);
    process.exitCode = EXIT.invalid;
  } else if (e instanceof InputError) {
    process.stderr.write(`${e.render()}\n`);
    process.exitCode = EXIT.invalid;
  } else {
    process.stderr.write(
      `icp: internal error: ${(e as Error)?.stack ?? String(e)}\nPlease report this with the command you ran.\n`,
    );
    process.exitCode = EXIT.internal;
  }
}

export function loadProfiles(paths: readonly string[]): Profile[] {
  const profiles: Profile[] = [];
  const problems = [];
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, "utf8");
    } catch {
      throw new InputError("profile file not found", { file: p });
    }
    const r = checkProfileText(text, p);
    if (r.profile) profiles.push(r.profile);
    else problems.push(...r.diagnostics);
  }
  if (problems.length) throw new ProfileError(problems);
  return profiles;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** `--as-of` or today, with a note for stderr. */
export function resolveAsOf(given: string | undefined): { asOf: string; note: string } {
  if (given !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(given) || Number.isNaN(Date.parse(given))) {
      fail(`--as-of expects an ISO date such as 2026-11-23, received ${JSON.stringify(given)}`);
    }
    return { asOf: given, note: `as of ${given}` };
  }
  const t = todayIso();
  return { asOf: t, note: `as of ${t} (today; pass --as-of to reproduce this run)` };
}

/** `--stage-map` and `--fx` as the deals reader takes them (a bad entry is a usage error). */
export function dealReadOptions(o: { stageMap?: string[]; fx?: string }): DealReadOptions {
  let stageMap: StageMap | undefined;
  try {
    stageMap = o.stageMap?.length ? parseStageMap(o.stageMap) : undefined;
  } catch (e) {
    return fail((e as Error).message);
  }
  return {
    ...(stageMap ? { stageMap } : {}),
    ...(o.fx ? { fx: readFxFile(o.fx), fxFile: o.fx } : {}),
  };
}

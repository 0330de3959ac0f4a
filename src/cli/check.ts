import { readFileSync } from "node:fs";
import type { Row } from "../engine/interpreter.js";
import { formatOf } from "../io/formats.js";
import { openTable } from "../io/read.js";
import { checkProfileText } from "../profile/check.js";
import { checkAgainstData } from "../profile/data-check.js";
import { type Diagnostic, hasErrors, renderDiagnostics } from "../profile/diagnostics.js";
import { EXIT, fail, resolveAsOf } from "./io.js";

interface CheckOpts {
  data?: string;
  inputFormat?: string;
  asOf?: string;
  json?: boolean;
}

const MAX_DATA_ROWS = 200_000;

export async function commandCheck(paths: string[], opts: CheckOpts): Promise<void> {
  const { asOf } = resolveAsOf(opts.asOf);
  let data: { file: string; columns: string[]; rows: Row[] } | undefined;
  if (opts.data) {
    const t = await openTable(opts.data, formatOf(opts.data, opts.inputFormat));
    const rows: Row[] = [];
    for await (const r of t.rows) {
      rows.push(r);
      if (rows.length >= MAX_DATA_ROWS) break;
    }
    data = { file: opts.data, columns: t.columns, rows };
  }
  const all: Array<{ file: string; valid: boolean; diagnostics: Diagnostic[] }> = [];
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, "utf8");
    } catch {
      fail(`cannot read ${p}`, EXIT.invalid);
    }
    const r = checkProfileText(text, p);
    const ds = [...r.diagnostics];
    if (r.profile && data) ds.push(...checkAgainstData(r.profile, data, asOf));
    all.push({ file: p, valid: r.profile !== undefined, diagnostics: ds });
  }
  const diagnostics = all.flatMap((a) => a.diagnostics);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ profiles: all }, null, 2)}\n`);
  } else {
    for (const a of all) {
      if (a.diagnostics.length === 0) process.stdout.write(`${a.file}: ok\n`);
    }
    if (diagnostics.length) process.stdout.write(`${renderDiagnostics(diagnostics)}\n`);
  }
  if (hasErrors(diagnostics)) process.exitCode = EXIT.invalid;
}

import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { CompanyGenerator } from "../generate/companies.js";
import { csvLine } from "../io/csv-cell.js";
import { fail, loadProfiles } from "./io.js";

interface GenerateOpts {
  rows: number;
  seed: number;
  output: string;
  plant?: string;
  baseLogOdds: number;
  asOf: string;
}

export async function commandGenerate(what: string, opts: GenerateOpts): Promise<void> {
  if (what !== "companies") fail(`unknown dataset ${JSON.stringify(what)}: icp generate companies`);
  if (!Number.isInteger(opts.rows) || opts.rows < 0) fail("--rows expects a whole number ≥ 0");
  if (!Number.isInteger(opts.seed)) fail("--seed expects a whole number");
  const plant = opts.plant
    ? { profile: loadProfiles([opts.plant])[0]!, baseLogOdds: opts.baseLogOdds }
    : undefined;
  const gen = new CompanyGenerator({
    rows: opts.rows,
    seed: opts.seed,
    asOf: opts.asOf,
    ...(plant ? { plant } : {}),
  });
  const out: Writable = opts.output === "-" ? process.stdout : createWriteStream(opts.output);
  await writeRows(out, gen, opts.rows);
  if (opts.output !== "-")
    process.stderr.write(
      `wrote ${opts.rows.toLocaleString("en-US")} companies to ${opts.output} (seed ${opts.seed})\n`,
    );
}

export async function writeRows(out: Writable, gen: CompanyGenerator, rows: number): Promise<void> {
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  await write(`${csvLine(gen.columns, false)}\n`);
  let buf = "";
  for (let i = 0; i < rows; i++) {
    buf += `${csvLine(gen.next(), false)}\n`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = "";
    }
  }
  await write(buf);
  if (out !== process.stdout) await new Promise<void>((r) => out.end(r));
}

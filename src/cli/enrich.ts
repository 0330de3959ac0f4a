/** `icp enrich`: fill the empty fields of leads or best customers from a company universe. */
import { basename } from "node:path";
import { enrich } from "../data/enrich.js";
import { enrichFile } from "../data/enrich-duckdb.js";
import { type LoadedTable, loadTable } from "../data/load.js";
import { formatOf, InputError } from "../io/formats.js";
import { createRowWriter } from "../io/write.js";
import { fail } from "./io.js";

interface EnrichOpts {
  from: string;
  output?: string;
  overwrite?: boolean;
  json?: boolean;
}

export async function commandEnrich(file: string, opts: EnrichOpts): Promise<void> {
  let leads: LoadedTable;
  let result: ReturnType<typeof enrich>;
  try {
    leads = await loadTable(file, { entity: "accounts" });
    const eo = { sourceName: basename(opts.from), ...(opts.overwrite ? { overwrite: true } : {}) };
    // a universe file is scanned by DuckDB for the rows that could match; stdin is read into rows
    result =
      opts.from === "-"
        ? enrich(leads, await loadTable(opts.from, { entity: "accounts" }), eo)
        : await enrichFile(leads, opts.from, formatOf(opts.from), eo);
  } catch (e) {
    if (e instanceof InputError) return fail(e.message + (e.detail.hint ? `. ${e.detail.hint}` : ""));
    throw e;
  }
  const out = opts.output ?? "-";
  if (opts.output || !opts.json) {
    const w = await createRowWriter(out, opts.output ? formatOf(opts.output) : "csv", result.columns);
    for (const r of result.rows) await w.write(r);
    await w.end();
  }
  const r = result.report;
  const matched = Object.values(r.matched).reduce((s, x) => s + x, 0);
  const summary = {
    rows: r.rows,
    matched,
    byKey: r.matched,
    unmatched: r.unmatched,
    filled: r.filled,
    added: r.added,
    rejected: leads.rejects.length,
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const lines = [
    `${file}: ${(r.rows + leads.rejects.length).toLocaleString("en-US")} rows in = ${r.rows.toLocaleString("en-US")} written + ${leads.rejects.length} rejected; ${matched.toLocaleString("en-US")} matched in ${opts.from} (domain ${r.matched.domain}, LinkedIn ${r.matched.linkedin}, name and country ${r.matched["name+country"]}, name ${r.matched.name}), ${(r.rows - matched).toLocaleString("en-US")} not`,
    ...r.unmatched
      .slice(0, 5)
      .map((u) => `  ${u.count} × ${u.reason}${u.examples.length ? ` (e.g. ${u.examples.join(", ")})` : ""}`),
    `filled: ${
      Object.entries(r.filled)
        .map(([c, n]) => `${c} ${n}`)
        .join(", ") || "nothing"
    }${r.added.length ? `; columns added: ${r.added.join(", ")}` : ""}`,
  ];
  process.stderr.write(`${lines.join("\n")}\n`);
}

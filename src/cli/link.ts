/** `icp link` and `icp dedupe`: join tables to accounts, fold duplicate accounts; both report what they did. */
import { type DedupeKey, dedupeAccounts, type KeepRule } from "../data/dedupe.js";
import type { Entity } from "../data/entities.js";
import { AccountIndex, type LinkReport, linkTable } from "../data/link.js";
import { type LoadedTable, loadTable, parseMapPairs } from "../data/load.js";
import { isMissing, type RawValue } from "../engine/values.js";
import type { Encoding } from "../io/csv-dialect.js";
import { formatOf } from "../io/formats.js";
import { type Cell, createRowWriter, writeRejects } from "../io/write.js";
import { fail } from "./io.js";

interface ReadFlags {
  encoding?: Encoding;
  sheet?: string;
  delimiter?: string;
  inputFormat?: string;
}

const readOpts = (o: ReadFlags) => ({
  ...(o.inputFormat ? { format: o.inputFormat } : {}),
  read: {
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.sheet ? { sheet: o.sheet } : {}),
    ...(o.delimiter ? { delimiter: o.delimiter === "tab" ? "\t" : o.delimiter } : {}),
  },
});

const cell = (v: RawValue): Cell =>
  isMissing(v) ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);

const rowsLine = (t: LoadedTable, out: number, what: string) =>
  `${t.file}: ${(t.rows.length + t.rejects.length).toLocaleString("en-US")} rows in = ${out.toLocaleString("en-US")} ${what} + ${t.rejects.length} rejected`;

export function renderLinkReport(file: string, r: LinkReport, by: readonly string[]): string {
  const pct = (n: number) => (r.rows ? `${((100 * n) / r.rows).toFixed(1)}%` : "—");
  const lines = [
    `${file}: ${r.linked.toLocaleString("en-US")} of ${r.rows.toLocaleString("en-US")} rows linked to an account (${pct(r.linked)}): by id ${r.by.id}, by domain ${r.by.domain}, by name ${r.by.name}`,
    `  accounts can be found by: ${by.length ? by.join(", ") : "nothing (no id, domain or name column)"}`,
  ];
  if (r.unlinked) {
    lines.push(`  ${r.unlinked.toLocaleString("en-US")} not linked:`);
    for (const g of r.reasons.slice(0, 8))
      lines.push(`    ${String(g.count).padStart(6)} × ${g.reason}   e.g. ${g.examples[0] ?? ""}`);
    if (r.reasons.length > 8) lines.push(`    … ${r.reasons.length - 8} more kinds of reason (see --json)`);
  }
  return lines.join("\n");
}

interface LinkOpts extends ReadFlags {
  accounts: string;
  entity?: Entity;
  map?: string[];
  accountMap?: string[];
  output?: string;
  json?: boolean;
  rejects?: string;
}

export async function commandLink(file: string, opts: LinkOpts): Promise<void> {
  const accounts = await loadTable(opts.accounts, {
    entity: "accounts",
    map: parseMapPairs(opts.accountMap ?? []),
    ...readOpts(opts),
  });
  const t = await loadTable(file, {
    ...(opts.entity ? { entity: opts.entity } : {}),
    map: parseMapPairs(opts.map ?? []),
    ...readOpts(opts),
  });
  if (t.entity === "accounts")
    fail(`${file} looks like an accounts table; pass --entity deals|subscriptions|contacts|events`);
  const index = new AccountIndex(accounts);
  const { links, report } = linkTable(index, t);
  const idCol = accounts.mapping.find((m) => m.field === "id")?.column;
  const nameCol = accounts.mapping.find((m) => m.field === "name")?.column;
  if (opts.output) {
    const extra = [
      "icp_account_row",
      "icp_account_id",
      "icp_account_name",
      "icp_linked_by",
      "icp_link_problem",
    ];
    const w = await createRowWriter(opts.output, formatOf(opts.output), [...t.columns, ...extra]);
    for (let i = 0; i < t.rows.length; i++) {
      const row = t.rows[i] ?? {};
      const l = links[i];
      const acc = l?.account != null ? accounts.rows[l.account] : undefined;
      await w.write([
        ...t.columns.map((c) => cell(row[c])),
        l?.account != null ? String(l.account + 1) : null,
        acc && idCol ? cell(acc[idCol]) : null,
        acc && nameCol ? cell(acc[nameCol]) : null,
        l?.by ?? null,
        l?.reason ?? null,
      ]);
    }
    await w.end();
  }
  const rejected = [...accounts.rejects, ...t.rejects];
  if (opts.rejects && rejected.length) await writeRejects(opts.rejects, t.rejects);
  const summary = {
    accounts: { file: accounts.file, rows: accounts.rows.length, rejected: accounts.rejects.length },
    table: { file, entity: t.entity, rows: t.rows.length, rejected: t.rejects.length },
    mapping: t.mapping,
    ...report,
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const out = opts.output === "-" ? process.stderr : process.stdout;
  out.write(`${rowsLine(accounts, accounts.rows.length, "accounts")}\n`);
  out.write(`${rowsLine(t, t.rows.length, t.entity)}\n`);
  out.write(`${renderLinkReport(file, report, index.linkableBy)}\n`);
}

interface DedupeOpts extends ReadFlags {
  keep: KeepRule;
  by?: string;
  map?: string[];
  output?: string;
  report?: string;
  json?: boolean;
}

export async function commandDedupe(file: string, opts: DedupeOpts): Promise<void> {
  const by = (opts.by ?? "domain,name").split(",").map((s) => s.trim());
  for (const b of by)
    if (b !== "domain" && b !== "name") fail(`--by expects domain, name or both, received ${b}`);
  const t = await loadTable(file, {
    entity: "accounts",
    map: parseMapPairs(opts.map ?? []),
    ...readOpts(opts),
  });
  const r = dedupeAccounts(t, opts.keep, by as DedupeKey[]);
  if (opts.output) {
    const w = await createRowWriter(opts.output, formatOf(opts.output), t.columns);
    for (const row of r.rows) await w.write(t.columns.map((c) => cell(row[c])));
    await w.end();
  }
  if (opts.report) {
    const w = await createRowWriter(opts.report, "csv", ["row", "kept_row", "matched_by", "rule"]);
    for (const g of r.groups)
      for (const row of g.rows)
        if (row !== g.kept) await w.write([String(row), String(g.kept), g.matchedBy.join("; "), opts.keep]);
    await w.end();
  }
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ file, rowsIn: r.rowsIn, rowsOut: r.rows.length, removed: r.removed, rejected: t.rejects.length, groups: r.groups }, null, 2)}\n`,
    );
    return;
  }
  const out = opts.output === "-" ? process.stderr : process.stdout;
  const keys = t.mapping.filter((m) => m.field === "domain" || m.field === "name");
  out.write(
    `${file}: ${(r.rowsIn + t.rejects.length).toLocaleString("en-US")} rows in = ${r.rows.length.toLocaleString("en-US")} accounts + ${r.removed.toLocaleString("en-US")} duplicates folded (keep ${opts.keep}) + ${t.rejects.length} rejected\n`,
  );
  out.write(
    `  matched on: ${keys.length ? keys.map((m) => `${m.field} ← ${JSON.stringify(m.column)}`).join(", ") : "nothing (no domain or name column)"}\n`,
  );
  out.write(`  ${r.groups.length} duplicate groups\n`);
  for (const g of r.groups.slice(0, 10)) {
    const c = Object.keys(g.conflicts);
    out.write(
      `    rows ${g.rows.join(", ")} → kept row ${g.kept} (${g.matchedBy.join("; ")})${c.length ? `; differing: ${c.join(", ")}` : ""}\n`,
    );
  }
  if (r.groups.length > 10) out.write(`    … ${r.groups.length - 10} more (--report FILE lists every row)\n`);
}

import { writeFileSync } from "node:fs";
import { csvLine } from "../io/csv-cell.js";
import { formatOf } from "../io/formats.js";
import { openTable, type Record_ } from "../io/read.js";
import { type Cell, createRowWriter } from "../io/write.js";
import { analyzeContact, committeeCoverage, findContactColumns } from "../personas/contacts.js";
import type { Persona } from "../profile/model.js";
import { fail, loadProfiles } from "./io.js";

interface PersonasOpts {
  profile?: string;
  json?: boolean;
  output: string;
  committee?: string;
  inputFormat?: string;
}

export async function commandPersonas(file: string, opts: PersonasOpts): Promise<void> {
  const personas: Persona[] = opts.profile ? loadProfiles([opts.profile])[0]!.personas : [];
  const table = await openTable(file, formatOf(file, opts.inputFormat));
  const cols = findContactColumns(table.columns);
  if (!cols.title) fail(`no title column in ${file} (looked for title, job title, position, …)`, 1);
  const rows: Record_[] = [];
  for await (const r of table.rows) rows.push(r);
  const results = rows.map((r) => analyzeContact(r, cols, personas));

  if (opts.json) {
    const out = rows.map((r, i) => ({ ...r, ...results[i]! }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    const extra = [
      "contact_function",
      "contact_functions",
      "contact_seniority",
      "contact_personas",
      "contact_account",
    ];
    const w = await createRowWriter(opts.output, formatOf(opts.output === "-" ? "o.csv" : opts.output), [
      ...table.columns,
      ...extra,
    ]);
    for (let i = 0; i < rows.length; i++) {
      const r = results[i]!;
      const cells: Cell[] = table.columns.map((c) =>
        rows[i]![c] === null || rows[i]![c] === undefined ? null : String(rows[i]![c]),
      );
      await w.write([
        ...cells,
        r.function,
        r.functions.join(";"),
        r.seniority,
        r.personas.join(";"),
        r.account,
      ]);
    }
    await w.end();
  }

  const committee = committeeCoverage(results, personas);
  if (opts.committee) {
    const lines = [csvLine(["account", "contacts", "coverage", "has_decision_maker", "present", "missing"])];
    for (const a of committee) {
      lines.push(
        csvLine([
          a.account,
          String(a.contacts),
          a.coverage.toFixed(2),
          String(a.hasDecisionMaker),
          a.present.join(";"),
          a.missing.join(";"),
        ]),
      );
    }
    writeFileSync(opts.committee, `${lines.join("\n")}\n`);
  }

  const err = process.stderr;
  const count = (f: (i: number) => string | null) => {
    const m = new Map<string, number>();
    results.forEach((_, i) => {
      const k = f(i) ?? "unknown";
      m.set(k, (m.get(k) ?? 0) + 1);
    });
    return [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
  };
  const linked = results.filter((r) => r.account).length;
  const how = (p: string) => results.filter((r) => r.account?.startsWith(p)).length;
  err.write(`icp personas: ${rows.length} contacts (title column "${cols.title}")\n`);
  err.write(`  functions: ${count((i) => results[i]!.function)}\n`);
  err.write(`  seniority: ${count((i) => results[i]!.seniority)}\n`);
  if (personas.length) {
    for (const p of personas)
      err.write(
        `  persona ${p.name} (${p.role}): ${results.filter((r) => r.personas.includes(p.name)).length} contacts\n`,
      );
  }
  err.write(
    `  accounts: ${committee.length} (${how("id:")} contacts linked by account id, ${how("domain:")} by email domain, ${how("name:")} by company name, ${rows.length - linked} unlinked)\n`,
  );
  if (personas.length) {
    const full = committee.filter((a) => a.missing.length === 0).length;
    const dm = committee.filter((a) => a.hasDecisionMaker).length;
    err.write(`  committee: ${full} accounts have every persona, ${dm} have a decision maker\n`);
  }
}

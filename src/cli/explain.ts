import { deriveColumns, loadRelated, withColumns } from "../data/derive.js";
import { loadTable } from "../data/load.js";
import { assignCapacityTiers, interpretRow } from "../engine/interpreter.js";
import { explainRow, renderExplanation } from "../explain.js";
import { formatOf, InputError } from "../io/formats.js";
import { openTable, type Record_ } from "../io/read.js";
import { lower } from "../ir/lower.js";
import {
  type AccountCommittee,
  accountCommittee,
  bareDomain,
  committeeKeys,
  ID_COLUMNS,
} from "../personas/committee.js";
import { derivedFieldsOf } from "../profile/derived.js";
import { columnKey, resolveColumn } from "../profile/fields.js";
import { hasRelated } from "../score/related-files.js";
import { fail, loadProfiles, resolveAsOf } from "./io.js";

interface ExplainOpts {
  profile: string;
  row?: number;
  id?: string;
  domain?: string;
  inputFormat?: string;
  asOf?: string;
  json?: boolean;
  contacts?: string;
  events?: string[];
  jobs?: string[];
}

export async function commandExplain(file: string, opts: ExplainOpts): Promise<void> {
  const chosen = [opts.row !== undefined, opts.id !== undefined, opts.domain !== undefined].filter(
    Boolean,
  ).length;
  if (chosen !== 1) fail("give exactly one of --row N, --id X or --domain D");
  const [profile] = loadProfiles([opts.profile]);
  const { asOf } = resolveAsOf(opts.asOf);
  let table: { columns: string[]; rows: Record_[] };
  const related = {
    ...(opts.events ? { events: opts.events } : {}),
    ...(opts.jobs ? { jobs: opts.jobs } : {}),
    ...(opts.contacts ? { contacts: opts.contacts } : {}),
  };
  if (hasRelated(related) && derivedFieldsOf([profile!]).length) {
    // derived fields (events, hiring, committee) computed as `icp score` does
    const loaded = await loadTable(file, { entity: "accounts", format: formatOf(file, opts.inputFormat) });
    table = withColumns(loaded, deriveColumns([profile!], loaded, await loadRelated(related), { asOf }));
  } else {
    const t = await openTable(file, formatOf(file, opts.inputFormat));
    const rows: Record_[] = [];
    for await (const r of t.rows) rows.push(r);
    table = { columns: t.columns, rows };
  }
  const ir = lower(profile!, { asOf, columns: table.columns });
  const rows = table.rows;

  let index = -1;
  let title = "";
  if (opts.row !== undefined) {
    if (!Number.isInteger(opts.row) || opts.row < 1 || opts.row > rows.length) {
      throw new InputError(`--row ${opts.row} is out of range: the file has ${rows.length} data rows`, {
        file,
      });
    }
    index = opts.row - 1;
    title = `row ${opts.row}`;
  } else if (opts.id !== undefined) {
    const keys = ID_COLUMNS.map(columnKey);
    const col = table.columns.find((c) => keys.includes(columnKey(c)));
    if (!col)
      throw new InputError(`no id column found (looked for ${ID_COLUMNS.join(", ")})`, {
        file,
        hint: "use --row N instead",
      });
    index = rows.findIndex((r) => String(r[col] ?? "").trim() === opts.id);
    title = `${col} = ${opts.id}`;
  } else {
    const field = profile!.fields.get("domain")!;
    const col = resolveColumn(field, table.columns);
    if (!col)
      throw new InputError(`no domain column found (looked for ${field.columns.join(", ")})`, {
        file,
        hint: "use --row N or --id X",
      });
    const want = bareDomain(opts.domain!);
    index = rows.findIndex((r) => bareDomain(String(r[col] ?? "")) === want);
    title = `domain ${want}`;
  }
  if (index < 0) throw new InputError(`no row matches ${title}`, { file });
  let tier: string | null | undefined;
  if (ir.capacity)
    tier =
      assignCapacityTiers(
        ir,
        rows.map((r) => interpretRow(ir, r).tenths),
      )[index] ?? null;
  const e = explainRow(ir, rows[index]!, tier);
  const committee = opts.contacts
    ? await (async () => {
        const t = await openTable(opts.contacts as string, formatOf(opts.contacts as string));
        return accountCommittee(
          profile!,
          committeeKeys(profile!, table.columns, rows[index]!),
          t.columns,
          t.rows,
        );
      })()
    : undefined;
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ row: index + 1, asOf, profile: ir.profile, ...e, ...(committee ? { committee } : {}) }, null, 2)}\n`,
    );
    return;
  }
  process.stdout.write(
    `${renderExplanation(ir, e, `${file} ${title}${opts.row === undefined ? ` (row ${index + 1})` : ""}`)}\n`,
  );
  if (committee) process.stdout.write(`${renderCommittee(committee)}\n`);
}

function renderCommittee(c: AccountCommittee): string {
  const lines = [
    "",
    `  buying committee (contacts matched by ${c.keys.join(", ") || "nothing: no id, domain or name"})`,
  ];
  if (c.contacts.length === 0) lines.push("    no contacts");
  for (const x of c.contacts) {
    lines.push(
      `    ${x.title}  — ${x.function ?? "?"}, ${x.seniority ?? "?"}${x.personas.length ? `  → ${x.personas.join(", ")}` : ""}`,
    );
  }
  lines.push(`  present: ${c.present.join(", ") || "—"}`);
  lines.push(
    `  missing: ${c.missing.map((m) => `${m.name} (${m.role.replace("_", " ")})`).join(", ") || "—"}`,
  );
  return lines.join("\n");
}

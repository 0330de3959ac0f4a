import type { Entity } from "../data/entities.js";
import { type InspectReport, inspectFile } from "../data/inspect.js";
import type { DayOrder } from "../data/normalise/dates.js";
import { type Encoding, lineEndName } from "../io/csv-dialect.js";
import { formatOf } from "../io/formats.js";
import { writeRejects } from "../io/write.js";
import { resolveAsOf } from "./io.js";

interface InspectOpts {
  json?: boolean;
  entity?: Entity;
  inputFormat?: string;
  encoding?: Encoding;
  sheet?: string;
  delimiter?: string;
  dayOrder?: DayOrder;
  asOf?: string;
  rejects?: string;
  top?: number;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function renderInspect(r: InspectReport): string {
  const out: string[] = [];
  out.push(`${r.file}: ${r.entity}${r.entityBecause.length ? ` (${r.entityBecause.join(", ")})` : ""}`);
  if (r.dialect) {
    const d = r.dialect;
    const nl = lineEndName(d.newline);
    out.push(
      `read: ${d.encoding}${d.bom ? " with BOM" : ""} (${d.encodingSource}), delimiter ${JSON.stringify(d.delimiter === "\t" ? "tab" : d.delimiter)}, ${nl} line ends`,
    );
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  out.push(
    `rows: ${r.rowsIn.toLocaleString("en-US")} in = ${r.rows.toLocaleString("en-US")} read + ${r.rejected} rejected`,
  );
  for (const j of r.rejects.slice(0, 5)) out.push(`  rejected line ${j.line}: ${j.reason}`);
  if (r.rejects.length > 5) out.push(`  … ${r.rejects.length - 5} more`);
  out.push(
    `mapping: ${r.mapping.length ? r.mapping.map((m) => `${m.field} ← ${JSON.stringify(m.column)}${m.normalize ? ` [${m.normalize}]` : ""}${m.alternatives?.length ? ` (also a candidate: ${m.alternatives.map((a) => JSON.stringify(a)).join(", ")})` : ""}`).join(", ") : "(no known field)"}`,
  );
  out.push("");
  const w = Math.min(32, Math.max(6, ...r.columns.map((c) => c.column.length)));
  out.push(`${"column".padEnd(w)}  ${"filled".padStart(7)}  ${"distinct".padStart(8)}  top values`);
  for (const c of r.columns) {
    const top = c.top
      .map((t) => `${JSON.stringify(t.value.length > 24 ? `${t.value.slice(0, 23)}…` : t.value)} ×${t.count}`)
      .join(", ");
    out.push(
      `${c.column.slice(0, w).padEnd(w)}  ${pct(c.fillRate).padStart(7)}  ${`${c.distinct}${c.distinctCapped ? "+" : ""}`.padStart(8)}  ${top}`,
    );
    if (c.field) {
      const parts: string[] = [`→ ${c.field}`];
      if (c.parser) parts.push(`${c.parser}: ${c.parseFailures ?? 0} of ${c.filled} not readable`);
      if (c.dayOrder) parts.push(`day order: ${c.dayOrder}`);
      if (c.statuses)
        parts.push(
          Object.entries(c.statuses)
            .map(([k, v]) => `${k} ${v}`)
            .join(", "),
        );
      out.push(`${"".padEnd(w)}  ${parts.join("; ")}`);
      for (const st of c.stages ?? [])
        out.push(
          `${"".padEnd(w)}    ${JSON.stringify(st.value)} ×${st.count} → ${st.status}${st.rule === "vocabulary" ? "" : ` (${st.rule})`}`,
        );
      for (const p of c.problems ?? [])
        out.push(
          `${"".padEnd(w)}    ${p.count} × ${p.problem}: ${p.examples.map((e) => JSON.stringify(e)).join(", ")}`,
        );
    }
  }
  return out.join("\n");
}

export async function commandInspect(file: string, opts: InspectOpts): Promise<void> {
  const { asOf } = resolveAsOf(opts.asOf);
  const report = await inspectFile(file, formatOf(file, opts.inputFormat), {
    asOf,
    ...(opts.entity ? { entity: opts.entity } : {}),
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
    ...(opts.sheet ? { sheet: opts.sheet } : {}),
    ...(opts.delimiter ? { delimiter: opts.delimiter === "tab" ? "\t" : opts.delimiter } : {}),
    ...(opts.dayOrder ? { dayOrder: opts.dayOrder } : {}),
    ...(opts.top ? { top: opts.top } : {}),
  });
  if (opts.rejects && report.rejects.length) await writeRejects(opts.rejects, report.rejects);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${renderInspect(report)}\n`);
}

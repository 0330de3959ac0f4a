/**
 * `icp inspect`: what a file is and how good its data is — the detected table and column mapping,
 * rows read and rejected, and per column the fill rate, distinct count, top values and, for mapped
 * fields, how many values the field's parser could not read (with examples, each problem once).
 */
import { isMissing, type RawValue, toNumber } from "../engine/values.js";
import type { CsvDialect } from "../io/csv-dialect.js";
import type { FileFormat } from "../io/formats.js";
import { openTable, type ReadOptions, type Reject } from "../io/read.js";
import { detectEntity, type Entity, type MappedField, mapEntityColumns } from "./entities.js";
import { type DayOrder, inferDayOrder, parseDate } from "./normalise/dates.js";
import { registrableDomain } from "./normalise/domain.js";
import { DOT_GROUPED_PATTERN, parseMoney } from "./normalise/numbers.js";
import { NORMALISERS, type NormaliserName } from "./normalise/registry.js";
import { dealOutcome, dealStatus } from "./normalise/stage.js";

export interface ColumnProfile {
  column: string;
  filled: number;
  fillRate: number;
  /** Distinct non-missing values (counted up to `DISTINCT_CAP`, then `distinctCapped`). */
  distinct: number;
  distinctCapped: boolean;
  top: Array<{ value: string; count: number }>;
  /** Set when the column is mapped to a field. */
  field?: string;
  parser?: string;
  parseFailures?: number;
  /** Distinct problems, each once, with how often it occurred and up to three example values. */
  problems?: Array<{ problem: string; count: number; examples: string[] }>;
  /** Date columns: the day order the column's own cells prove. */
  dayOrder?: string;
  /** Deal stages: counts per status. */
  statuses?: Record<string, number>;
  /** Deal stages: how each distinct stage was read (status and the rule that decided), most frequent first. */
  stages?: Array<{ value: string; count: number; status: string; rule: string }>;
}

export interface InspectReport {
  file: string;
  entity: Entity;
  entityBecause: string[];
  rowsIn: number;
  rows: number;
  rejected: number;
  rejects: Reject[];
  dialect?: Omit<CsvDialect, "cleanup">;
  /** What was done to read the file (decompressed, a workbook's sheet, a report title skipped, an API page flattened). */
  notes: string[];
  mapping: MappedField[];
  columns: ColumnProfile[];
}

const DISTINCT_CAP = 100_000;
const DOT_GROUPED = new RegExp(DOT_GROUPED_PATTERN);

type Check = (v: RawValue) => { ok: true } | { ok: false; problem: string };

function checkerFor(
  m: MappedField,
  ctx: { asOf: string; dayOrder?: DayOrder },
): { name: string; check: Check } | null {
  if (m.normalize) {
    const f = NORMALISERS[m.normalize as NormaliserName].make(ctx);
    return {
      name: m.normalize,
      check: (v) =>
        f(v) === null ? { ok: false, problem: `not a recognisable ${m.normalize} value` } : { ok: true },
    };
  }
  switch (m.kind) {
    case "money":
      return {
        name: "money",
        check: (v) => {
          const p = parseMoney(v);
          return p.ok ? { ok: true } : { ok: false, problem: p.reason.replace(/: ".*"$/, "") };
        },
      };
    case "date":
      return {
        name: "date",
        check: (v) => {
          const p = parseDate(v, ctx);
          return p.ok
            ? { ok: true }
            : { ok: false, problem: p.reason.replace(/:?\s*"[^"]*"/, "").replace(/: .*$/, "") };
        },
      };
    case "stage":
      return {
        name: "stage",
        check: (v) =>
          dealStatus(v) === null
            ? { ok: false, problem: "stage not understood as won, lost or open" }
            : { ok: true },
      };
    case "email":
      return {
        name: "email",
        check: (v) =>
          registrableDomain(v) === null ? { ok: false, problem: "no domain in the address" } : { ok: true },
      };
    case "number":
      return {
        name: "number",
        check: (v) => (toNumber(v) === null ? { ok: false, problem: "not a number" } : { ok: true }),
      };
    default:
      return null;
  }
}

export interface InspectOptions extends ReadOptions {
  entity?: Entity;
  asOf: string;
  dayOrder?: DayOrder;
  /** How many top values per column. */
  top?: number;
}

/** A deals table's currencies, when there are several: validate and discover need rates. */
function currencyNotes(mapping: readonly MappedField[], columns: readonly ColumnProfile[]): string[] {
  const c = mapping.find((m) => m.field === "currency");
  const col = c && columns.find((x) => x.column === c.column);
  if (!col || col.distinct < 2) return [];
  const listed = col.top.map((t) => `${t.value} ${t.count}`).join(", ");
  return [
    `currency ← ${JSON.stringify(col.column)}: amounts in ${col.distinct} currencies (${listed}${col.distinct > col.top.length ? " …" : ""}); validate and discover convert them with --fx rates.csv and refuse without it`,
  ];
}

/** A stage column whose values are mostly not stage names (a contact's Cold / Warm) is said so. */
function stageNotes(columns: readonly ColumnProfile[]): string[] {
  const out: string[] = [];
  for (const c of columns) {
    if (!c.stages || c.filled < 5) continue;
    const unknown = c.stages
      .filter((s) => s.rule === "not a known stage name")
      .reduce((n, s) => n + s.count, 0);
    if (unknown / c.filled >= 0.5)
      out.push(
        `${c.field} ← ${JSON.stringify(c.column)}: ${unknown} of ${c.filled} values are not deal stage names (read as open): check that it is the deals' stage, or pass --stage-map`,
      );
  }
  return out;
}

export async function inspectFile(
  file: string,
  format: FileFormat,
  opts: InspectOptions,
): Promise<InspectReport> {
  const read: ReadOptions = {
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
    ...(opts.sheet ? { sheet: opts.sheet } : {}),
    ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
  };
  const table = await openTable(file, format, read);
  const detected = opts.entity ? { entity: opts.entity, because: ["given"] } : detectEntity(table.columns);
  const mapping = mapEntityColumns(detected.entity, table.columns);
  const cWon = mapping.find((m) => m.field === "is_won")?.column;
  const cClosed = mapping.find((m) => m.field === "is_closed")?.column;
  const ctx = { asOf: opts.asOf, ...(opts.dayOrder ? { dayOrder: opts.dayOrder } : {}) };
  const byColumn = new Map(mapping.map((m) => [m.column, m]));
  const stats = table.columns.map((c) => {
    const m = byColumn.get(c);
    const checker = m ? checkerFor(m, ctx) : null;
    return {
      column: c,
      filled: 0,
      counts: new Map<string, number>(),
      capped: false,
      mapped: m,
      checker,
      failures: 0,
      problems: new Map<string, { count: number; examples: string[] }>(),
      dayOrder: null as string | null,
      // number columns: cells read as dot-grouped thousands ("1.000") vs cells that use a decimal point
      grouping:
        checker?.name === "employees" || checker?.name === "money"
          ? { grouped: null as string | null, decimal: null as string | null }
          : null,
      dateValues: checker?.name === "date" && !opts.dayOrder ? new Set<string>() : null,
      statuses: m?.kind === "stage" ? new Map<string, number>() : null,
      stages: new Map<string, { value: string; count: number; status: string; rule: string }>(),
    };
  });
  let rows = 0;
  for await (const row of table.rows) {
    rows++;
    for (const s of stats) {
      const v = row[s.column];
      if (isMissing(v)) continue;
      s.filled++;
      const key = String(v);
      const n = s.counts.get(key);
      if (n !== undefined) s.counts.set(key, n + 1);
      else if (s.counts.size < DISTINCT_CAP) s.counts.set(key, 1);
      else s.capped = true;
      if (s.statuses) {
        const r = dealOutcome(v, {
          ...(cWon ? { isWon: row[cWon] } : {}),
          ...(cClosed ? { isClosed: row[cClosed] } : {}),
        });
        const st = r?.status ?? "missing";
        s.statuses.set(st, (s.statuses.get(st) ?? 0) + 1);
        const k = `${key}\u0000${st}\u0000${r?.rule ?? ""}`;
        const seen = s.stages.get(k);
        if (seen) seen.count++;
        else if (s.stages.size < 1000)
          s.stages.set(k, { value: key, count: 1, status: st, rule: r?.rule ?? "" });
      }
      if (s.grouping) {
        const t = key.trim();
        if (s.grouping.grouped === null && DOT_GROUPED.test(t)) s.grouping.grouped = t;
        else if (s.grouping.decimal === null && /(^|[^\d.,])\d+\.(\d{1,2}|\d{4,})$/.test(t) && !/,/.test(t))
          s.grouping.decimal = t;
      }
      if (s.dateValues && s.dateValues.size < 2000 && /^\s*\d{1,2}[/.-]\d{1,2}[/.-]/.test(key)) {
        // the cells that can prove the column's day order (a part above 12)
        const m = /^\s*(\d{1,2})[/.-](\d{1,2})/.exec(key);
        if (m && (Number(m[1]) > 12 || Number(m[2]) > 12)) s.dateValues.add(key);
      }
      if (s.checker) {
        const r = s.checker.check(v);
        if (!r.ok) {
          s.failures++;
          const p = s.problems.get(r.problem) ?? { count: 0, examples: [] };
          p.count++;
          if (p.examples.length < 3 && !p.examples.includes(key)) p.examples.push(key);
          s.problems.set(r.problem, p);
        }
      }
    }
  }
  // A date column whose unambiguous cells prove the day order reads its ambiguous ones by it.
  for (const s of stats) {
    if (!s.dateValues) continue;
    const inferred = inferDayOrder(s.dateValues);
    const amb = [...s.problems.keys()].find((k) => k.startsWith("ambiguous date"));
    if (inferred.order && amb) {
      s.failures -= s.problems.get(amb)?.count ?? 0;
      s.problems.delete(amb);
    }
    if (inferred.order)
      s.dayOrder = `${inferred.order === "mdy" ? "month first" : "day first"} (proved by ${JSON.stringify(inferred.evidence)})`;
    else if (inferred.conflict) s.dayOrder = "mixed: cells prove both day-first and month-first";
  }
  // "1.000" is read as a thousand; a column that also writes decimal points says otherwise
  const groupingNotes = stats.flatMap((s) =>
    s.grouping?.grouped && s.grouping.decimal
      ? [
          `${s.mapped?.field ?? "number"} ← ${JSON.stringify(s.column)}: ${JSON.stringify(s.grouping.grouped)} is read as a thousands separator, but the column also writes decimal points (${JSON.stringify(s.grouping.decimal)}): check its locale`,
        ]
      : [],
  );
  const topN = opts.top ?? 5;
  const columns: ColumnProfile[] = stats.map((s) => ({
    column: s.column,
    filled: s.filled,
    fillRate: rows === 0 ? 0 : s.filled / rows,
    distinct: s.counts.size,
    distinctCapped: s.capped,
    top: [...s.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, topN)
      .map(([value, count]) => ({ value, count })),
    ...(s.mapped ? { field: s.mapped.field } : {}),
    ...(s.checker
      ? {
          parser: s.checker.name,
          parseFailures: s.failures,
          problems: [...s.problems]
            .sort((a, b) => b[1].count - a[1].count)
            .map(([problem, p]) => ({ problem, count: p.count, examples: p.examples })),
        }
      : {}),
    ...(s.dayOrder ? { dayOrder: s.dayOrder } : {}),
    ...(s.statuses ? { statuses: Object.fromEntries([...s.statuses].sort((a, b) => b[1] - a[1])) } : {}),
    ...(s.statuses
      ? { stages: [...s.stages.values()].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)) }
      : {}),
  }));
  return {
    file,
    entity: detected.entity,
    entityBecause: detected.because,
    rowsIn: rows + table.rejects.length,
    rows,
    rejected: table.rejects.length,
    rejects: table.rejects,
    ...(table.dialect ? { dialect: table.dialect } : {}),
    notes: [
      ...new Set([
        ...(table.notes ?? []),
        ...(table.dialect?.notes ?? []),
        ...stageNotes(columns),
        ...currencyNotes(mapping, columns),
        ...groupingNotes,
      ]),
    ],
    mapping,
    columns,
  };
}

/** Warnings that need data: fields the data lacks, criteria it cannot answer, an ICP too broad or too narrow. */
import { assignCapacityTiers, evaluateCriterion, interpretRow, type Row } from "../engine/interpreter.js";
import { lower } from "../ir/lower.js";
import type { Diagnostic } from "./diagnostics.js";
import type { Profile } from "./model.js";

export interface DataSample {
  file: string;
  columns: readonly string[];
  rows: readonly Row[];
}

export function checkAgainstData(profile: Profile, data: DataSample, asOf: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (path: Diagnostic["path"], code: string, message: string, hint?: string) =>
    out.push({
      severity: "warning",
      code,
      path,
      message,
      ...(hint ? { hint } : {}),
      ...(profile.file ? { file: profile.file } : {}),
    });
  const ir = lower(profile, { asOf, columns: data.columns });
  const n = data.rows.length;
  const reported = new Set<string>();
  ir.criteria.forEach((c, i) => {
    if (c.column === null) {
      if (reported.has(c.field)) return;
      reported.add(c.field);
      const tried = profile.fields.get(c.field)?.columns ?? [c.field];
      warn(
        ["criteria", i, "field"],
        "field_not_in_data",
        `field \`${c.field}\` has no column in ${data.file} (tried: ${tried.join(", ")}); this criterion is unknown on every row`,
        `map it: fields: { ${c.field}: { type: ${c.fieldType}, column: "<column name>" } }`,
      );
      return;
    }
    if (n === 0) return;
    const unknown = data.rows.filter((r) => evaluateCriterion(ir, c, r) === "unknown").length;
    if (unknown / n >= 0.9) {
      warn(
        ["criteria", i],
        "mostly_unknown",
        `"${c.label}" is unknown on ${((100 * unknown) / n).toFixed(0)}% of rows in ${data.file} (column "${c.column}")`,
        "check the column's values and format, or enrich the data",
      );
    }
  });
  if (n === 0) return out;
  const results = data.rows.map((r) => interpretRow(ir, r));
  const tiers = ir.capacity
    ? assignCapacityTiers(
        ir,
        results.map((r) => r.tenths),
      )
    : results.map((r) => r.tier);
  const disq = results.filter((r) => r.state === "disqualified").length;
  const scored = results.filter((r) => r.state === "scored").length;
  const top = ir.tiers[0]?.name;
  const inTop = tiers.filter((t) => t === top).length;
  const pct = (x: number) => `${((100 * x) / n).toFixed(1)}%`;
  const hasFilters = ir.criteria.some((c) => c.role !== "signal");
  if (scored === 0) {
    warn(
      ["criteria"],
      "too_narrow",
      `no row of ${n} in ${data.file} is scored (${disq} disqualified, ${n - disq} without enough data)`,
      "relax a hard filter or lower min_coverage",
    );
  } else if (inTop === 0 && top !== undefined) {
    warn(
      ["tiers", 0],
      "too_narrow",
      `no row of ${n} in ${data.file} reaches tier ${top}`,
      "lower its min_score, or check the weights",
    );
  }
  if (hasFilters && disq === 0) {
    warn(
      ["criteria"],
      "filters_nothing",
      `the hard filters remove no row of ${n} in ${data.file}`,
      "check their values against the data (`icp score` prints the funnel)",
    );
  }
  if (inTop / n >= 0.5) {
    warn(
      ["tiers", 0],
      "too_broad",
      `${pct(inTop)} of rows in ${data.file} land in tier ${top}: this ICP hardly narrows the list`,
      "an ICP usually has 4–6 sharp criteria and keeps a small share of a purchased list; raise min_score or add hard filters",
    );
  }
  return out;
}

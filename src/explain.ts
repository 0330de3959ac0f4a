/** A readable breakdown of one row: every criterion's value, outcome and points, then the result. */
import { evaluateCriterion, interpretRow, type Row } from "./engine/interpreter.js";
import { fold, type RawValue } from "./engine/values.js";
import { formatPoints } from "./ir/lower.js";
import type { IrProgram, Outcome, RowResult } from "./ir/types.js";

export interface CriterionExplanation {
  id: string;
  label: string;
  role: "require" | "exclude" | "signal";
  field: string;
  column: string | null;
  value: RawValue;
  outcome: Outcome;
  /** Points counted (signals only; 0 when not met, null when unknown). */
  points: number | null;
  /** The most the signal could add (positive) or take away (negative). */
  weight: number;
  note: string;
}

export interface Explanation {
  result: RowResult;
  score: number | null;
  coverage: number;
  criteria: CriterionExplanation[];
}

function describeTest(ir: IrProgram, i: number): string {
  const t = ir.criteria[i]!.test;
  switch (t.op) {
    case "in":
      return `is one of ${t.values.join(", ")}`;
    case "not_in":
      return `is none of ${t.values.join(", ")}`;
    case "range": {
      const lo = t.min === undefined ? "" : `${t.minInclusive ? "≥" : ">"} ${t.min}`;
      const hi = t.max === undefined ? "" : `${t.maxInclusive ? "≤" : "<"} ${t.max}`;
      return [lo, hi].filter(Boolean).join(" and ");
    }
    case "any":
      return `has any of ${t.values.join(", ")}`;
    case "all":
      return `has all of ${t.values.join(", ")}`;
    case "none":
      return `has none of ${t.values.join(", ")}`;
    case "contains":
      return `mentions ${t.keywords.join(" or ")}`;
    case "matches":
      return `matches /${t.pattern}/i`;
    case "is":
      return `is ${t.value}`;
    case "date_between":
      return `between ${t.from} and ${t.to}`;
    case "year_between":
      return `year between ${t.from} and ${t.to}`;
  }
}

export function explainRow(ir: IrProgram, row: Row, tierOverride?: string | null): Explanation {
  const result = interpretRow(ir, row);
  if (tierOverride !== undefined) result.tier = tierOverride;
  let known = 0;
  const criteria = ir.criteria.map((c, i) => {
    const outcome = evaluateCriterion(ir, c, row);
    const value = c.column === null ? null : (row[c.column] ?? null);
    if (c.role === "signal" && outcome !== "unknown") known += Math.abs(c.points);
    const points =
      c.role !== "signal" ? null : outcome === "unknown" ? null : outcome === "pass" ? c.points / 100 : 0;
    const missingNote =
      c.column === null
        ? `no column for field ${c.field} in the input`
        : value === null || (typeof value === "string" && fold(value) === "")
          ? "value missing"
          : "";
    const note = [
      describeTest(ir, i),
      missingNote && outcome !== "unknown" ? `${missingNote}: counted as ${c.missing}` : missingNote,
    ]
      .filter(Boolean)
      .join("; ");
    return {
      id: c.id,
      label: c.label,
      role: c.role,
      field: c.field,
      column: c.column,
      value,
      outcome,
      points,
      weight: c.points / 100,
      note,
    };
  });
  return {
    result,
    score: result.tenths === null ? null : result.tenths / 10,
    coverage: ir.totalAbs === 0 ? 1 : known / ir.totalAbs,
    criteria,
  };
}

export function renderExplanation(ir: IrProgram, e: Explanation, title: string): string {
  const lines: string[] = [];
  lines.push(`${title} — ${ir.profile.name} v${ir.profile.version} (${ir.profile.hash}), as of ${ir.asOf}`);
  const r = e.result;
  lines.push(
    `  state ${r.state}${e.score !== null ? `   score ${e.score.toFixed(1)}` : ""}${r.tier ? `   tier ${r.tier}` : ""}   evidence known ${(e.coverage * 100).toFixed(0)}% (needs ${(ir.minCoverageBp / 100).toFixed(0)}%)`,
  );
  lines.push("");
  const mark = (c: CriterionExplanation) => {
    if (c.outcome === "unknown") return "   ?";
    if (c.role === "signal") return c.outcome === "pass" ? formatPoints(c.weight * 100).padStart(4) : "   0";
    const bad =
      (c.role === "require" && c.outcome === "fail") || (c.role === "exclude" && c.outcome === "pass");
    return bad ? "   ✗" : "   ✓";
  };
  for (const c of e.criteria) {
    const role = c.role === "signal" ? `weight ${formatPoints(c.weight * 100)}` : c.role;
    const shown = c.value === null || c.value === undefined ? "—" : JSON.stringify(c.value);
    lines.push(`${mark(c)}  ${c.label}  [${role}]`);
    lines.push(
      `        ${c.field}${c.column && c.column !== c.field ? ` (column "${c.column}")` : ""} = ${shown}; ${c.note}`,
    );
  }
  lines.push("");
  lines.push(`  reasons: ${r.reasons || "—"}`);
  return lines.join("\n");
}

/**
 * IR → SQL. One compiler; dialects override only small hooks (sql/dialect.ts). Values from the
 * profile travel as parameters (`params` mode) or through the one escaping function (`inline`
 * mode, for statements that take no parameters such as COPY); field names are always quoted.
 */
import { reasonTexts } from "../ir/lower.js";
import type { IrCriterion, IrProgram } from "../ir/types.js";
import { FALSE_WORDS, NUMBER_PATTERN, TRUE_WORDS } from "../engine/values.js";
import { DIALECTS, type Dialect, type DialectName } from "./dialect.js";
import { numberLiteral, quoteIdent, quoteLiteral } from "./escape.js";

export interface SqlOptions {
  dialect?: DialectName;
  /** `params`: values as $n placeholders (returned in `params`); `inline`: escaped literals. */
  mode?: "params" | "inline";
  /** The relation scored: SQL text such as a quoted table name or a table function call. */
  source: string;
  /** Input columns to carry to the output, in order (default: every column of the source). */
  columns?: readonly string[];
  /** A column of the source holding the input order (required for capacity tiers). */
  rowColumn?: string;
  /** Output keys of each profile when several are scored together. */
  keys?: readonly string[];
  /** Order the output by `rowColumn`. */
  ordered?: boolean;
  /** Also output each hard filter's outcome code as `__icp_p{p}_o{k}` (for the funnel). */
  filterOutcomes?: boolean;
}

export interface CompiledSql {
  sql: string;
  params: Array<string | number>;
  /** Output column names, after the input columns. */
  outputColumns: string[];
}

const DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}($|[T ])";
const MISSING_MARKERS = ["", "n/a", "-", "null", "?"];

class Writer {
  readonly params: Array<string | number> = [];
  constructor(
    readonly d: Dialect,
    readonly mode: "params" | "inline",
  ) {}
  str(v: string): string {
    if (this.mode === "inline") return quoteLiteral(v);
    this.params.push(v);
    return this.d.placeholder(this.params.length);
  }
  num(v: number): string {
    if (this.mode === "inline") return numberLiteral(v);
    this.params.push(v);
    return `CAST(${this.d.placeholder(this.params.length)} AS DOUBLE PRECISION)`;
  }
  /** Semantics constants (missing markers, patterns): ours, not the user's, always inline. */
  const(v: string): string {
    return quoteLiteral(v);
  }
  strList(vs: readonly string[]): string {
    return vs.map((v) => this.str(v)).join(", ");
  }
}

function criterionOutcome(c: IrCriterion, w: Writer): string {
  const d = w.d;
  const missingCode = c.missing === "pass" ? "1" : c.missing === "fail" ? "0" : "2";
  if (c.column === null) return missingCode;
  const q = quoteIdent(c.column);
  const t = `trim(${q}, ${d.whitespace})`;
  const folded = `trim(lower(${q}), ${d.whitespace})`;
  const notMissing = `(${q} IS NOT NULL AND lower(${t}) NOT IN (${MISSING_MARKERS.map((m) => w.const(m)).join(", ")}))`;
  let known: string;
  let test: string;
  const test_ = c.test;
  switch (test_.op) {
    case "in":
      known = notMissing;
      test = `${folded} IN (${w.strList(test_.values)})`;
      break;
    case "not_in":
      known = notMissing;
      test = `${folded} NOT IN (${w.strList(test_.values)})`;
      break;
    case "contains":
      known = notMissing;
      test = `(${test_.keywords.map((k) => d.contains(folded, w.str(k))).join(" OR ")})`;
      break;
    case "matches":
      known = notMissing;
      test = d.regexI(q, w.str(test_.pattern));
      break;
    case "range":
    case "year_between": {
      const n = d.toDouble(t);
      known = `(${q} IS NOT NULL AND ${d.regex(t, w.const(NUMBER_PATTERN))} AND ${d.finite(n)})`;
      const parts: string[] = [];
      if (test_.op === "range") {
        if (test_.min !== undefined) parts.push(`${n} ${test_.minInclusive ? ">=" : ">"} ${w.num(test_.min)}`);
        if (test_.max !== undefined) parts.push(`${n} ${test_.maxInclusive ? "<=" : "<"} ${w.num(test_.max)}`);
      } else {
        parts.push(`${n} >= ${w.num(test_.from)}`, `${n} <= ${w.num(test_.to)}`);
      }
      test = `(${parts.join(" AND ")})`;
      break;
    }
    case "any":
    case "all":
    case "none": {
      const list = d.splitList(q);
      known = `(${notMissing} AND ${d.listLength(list)} > 0)`;
      const items = d.list(test_.values.map((v) => w.str(v)));
      test =
        test_.op === "any"
          ? d.listHasAny(list, items)
          : test_.op === "all"
            ? d.listHasAll(list, items)
            : `NOT ${d.listHasAny(list, items)}`;
      break;
    }
    case "is": {
      const b = `lower(${t})`;
      known = `(${q} IS NOT NULL AND ${b} IN (${[...TRUE_WORDS, ...FALSE_WORDS].map((x) => w.const(x)).join(", ")}))`;
      test = `${b} IN (${(test_.value ? TRUE_WORDS : FALSE_WORDS).map((x) => w.const(x)).join(", ")})`;
      break;
    }
    case "date_between": {
      const dt = d.toDate(`substr(${t}, 1, 10)`);
      known = `(${q} IS NOT NULL AND ${d.regex(t, w.const(DATE_PATTERN))} AND ${dt} IS NOT NULL)`;
      test = `(${dt} BETWEEN ${d.dateValue(w.str(test_.from))} AND ${d.dateValue(w.str(test_.to))})`;
      break;
    }
  }
  return `CASE WHEN ${known} THEN (CASE WHEN ${test} THEN 1 ELSE 0 END) ELSE ${missingCode} END`;
}

const big = (n: number) => `CAST(${numberLiteral(n)} AS BIGINT)`;

/** Compile one or several profiles into a single SELECT over `source`. */
export function compileSql(irs: readonly IrProgram[], opts: SqlOptions): CompiledSql {
  if (irs.length === 0) throw new Error("compileSql needs at least one profile");
  const d = DIALECTS[opts.dialect ?? "duckdb"];
  const w = new Writer(d, opts.mode ?? "params");
  const needRank = irs.some((ir) => ir.capacity);
  if (needRank && !opts.rowColumn) throw new Error("capacity tiers need the input order: pass rowColumn");
  const P = (p: number, name: string) => quoteIdent(`__icp_p${p}_${name}`);

  // Stage 1: outcome code per criterion.
  const stage1: string[] = [];
  irs.forEach((ir, p) => {
    for (const c of ir.criteria) stage1.push(`${criterionOutcome(c, w)} AS ${P(p, `o${c.index}`)}`);
  });

  // Stage 2: state, score, reasons per profile.
  const stage2: string[] = [];
  irs.forEach((ir, p) => {
    const o = (i: number) => P(p, `o${i}`);
    const texts = ir.criteria.map(reasonTexts);
    const filters = ir.criteria.filter((c) => c.role !== "signal");
    const signals = ir.criteria.filter((c) => c.role === "signal");
    const dqConds = filters.map((c) => (c.role === "require" ? `${o(c.index)} = 0` : `${o(c.index)} = 1`));
    const dq = dqConds.length ? `(${dqConds.join(" OR ")})` : "FALSE";
    const sum = (f: (c: IrCriterion) => string | null) => {
      const parts = signals.map(f).filter((x): x is string => x !== null);
      return parts.length ? parts.join(" + ") : big(0);
    };
    const known = sum((c) => `(CASE WHEN ${o(c.index)} <> 2 THEN ${big(Math.abs(c.points))} ELSE 0 END)`);
    const hi = sum((c) => (c.points > 0 ? `(CASE WHEN ${o(c.index)} <> 2 THEN ${big(c.points)} ELSE 0 END)` : null));
    const lo = sum((c) => (c.points < 0 ? `(CASE WHEN ${o(c.index)} <> 2 THEN ${big(c.points)} ELSE 0 END)` : null));
    const raw = sum((c) => (c.points !== 0 ? `(CASE WHEN ${o(c.index)} = 1 THEN ${big(c.points)} ELSE 0 END)` : null));
    const insufficient =
      ir.totalAbs > 0 ? `((${known}) = 0 OR (${known}) * 10000 < ${big(ir.minCoverageBp * ir.totalAbs)})` : "FALSE";
    const state = `CASE WHEN ${dq} THEN 'disqualified' WHEN ${insufficient} THEN 'insufficient_data' ELSE 'scored' END`;
    const dd = `((${hi}) - (${lo}))`;
    const tenths =
      ir.totalAbs > 0 ? d.intDiv(`2000 * ((${raw}) - (${lo})) + ${dd}`, `2 * ${dd}`) : big(1000);
    const concat = (parts: string[]) => (parts.length ? `concat_ws('; ', ${parts.join(", ")})` : "''");
    const dqReasons = concat(
      filters.map((c) =>
        c.role === "require"
          ? `CASE WHEN ${o(c.index)} = 0 THEN ${w.str(texts[c.index]!.fail)} END`
          : `CASE WHEN ${o(c.index)} = 1 THEN ${w.str(texts[c.index]!.pass)} END`,
      ),
    );
    const reasons = concat([
      ...ir.metOrder.map((i) => `CASE WHEN ${o(i)} = 1 THEN ${w.str(texts[i]!.pass)} END`),
      ...signals.map((c) => `CASE WHEN ${o(c.index)} = 0 THEN ${w.str(texts[c.index]!.fail)} END`),
      ...signals.map((c) => `CASE WHEN ${o(c.index)} = 2 THEN ${w.str(texts[c.index]!.unknown)} END`),
      ...filters.map((c) => `CASE WHEN ${o(c.index)} = 2 THEN ${w.str(texts[c.index]!.unknown)} END`),
    ]);
    stage2.push(`${state} AS ${P(p, "state")}`);
    stage2.push(`CASE WHEN ${dq} OR ${insufficient} THEN NULL ELSE ${tenths} END AS ${P(p, "tenths")}`);
    stage2.push(`CASE WHEN ${dq} THEN ${dqReasons} ELSE ${reasons} END AS ${P(p, "reasons")}`);
  });

  // Stage 3 (capacity only): rank among scored rows.
  const stage3: string[] = [];
  if (needRank) {
    const rc = quoteIdent(opts.rowColumn!);
    irs.forEach((ir, p) => {
      if (!ir.capacity) return;
      stage3.push(
        `row_number() OVER (PARTITION BY ${P(p, "state")} ORDER BY ${P(p, "tenths")} DESC, ${rc}) AS ${P(p, "rank")}`,
        `count(*) OVER (PARTITION BY ${P(p, "state")}) AS ${P(p, "n")}`,
      );
    });
  }

  const tierExpr = (ir: IrProgram, p: number) => {
    const arms = ir.tiers.map((t) => {
      const conds = [`${P(p, "state")} = 'scored'`];
      if (t.minTenths !== undefined) conds.push(`${P(p, "tenths")} >= ${big(t.minTenths)}`);
      if (t.top !== undefined) conds.push(`${P(p, "rank")} <= ${big(t.top)}`);
      if (t.topBp !== undefined) conds.push(`(${P(p, "rank")} - 1) * 10000 < ${big(t.topBp)} * ${P(p, "n")}`);
      return `WHEN ${conds.join(" AND ")} THEN ${w.str(t.name)}`;
    });
    return `CASE ${arms.join(" ")} END`;
  };

  // Final projection.
  const cols = opts.columns ? opts.columns.map(quoteIdent).join(", ") : null;
  const out: string[] = [];
  const outputColumns: string[] = [];
  const emit = (expr: string, name: string) => {
    out.push(`${expr} AS ${quoteIdent(name)}`);
    outputColumns.push(name);
  };
  const perProfile = (p: number) => ({
    score: `CASE WHEN ${P(p, "tenths")} IS NULL THEN NULL ELSE ${d.score(P(p, "tenths"))} END`,
    tier: tierExpr(irs[p]!, p),
    state: P(p, "state"),
    reasons: P(p, "reasons"),
  });
  if (irs.length === 1) {
    const r = perProfile(0);
    const ir = irs[0]!;
    emit(r.score, "icp_score");
    emit(r.tier, "icp_tier");
    emit(r.state, "icp_state");
    emit(r.reasons, "icp_reasons");
    emit(w.str(ir.profile.name), "icp_profile");
    emit(w.str(ir.profile.version), "icp_profile_version");
    emit(w.str(ir.profile.hash), "icp_profile_hash");
  } else {
    // Best match: highest score among scored; else insufficient data; else the first; ties → first listed.
    const key = (p: number) =>
      `(CASE ${P(p, "state")} WHEN 'scored' THEN 2000 + ${P(p, "tenths")} WHEN 'insufficient_data' THEN 1000 ELSE 0 END)`;
    const best = `greatest(${irs.map((_, p) => key(p)).join(", ")})`;
    const pick = (f: (p: number) => string) =>
      `CASE ${irs.map((_, p) => `WHEN ${key(p)} = ${best} THEN ${f(p)}`).join(" ")} END`;
    const rs = irs.map((_, p) => perProfile(p));
    emit(pick((p) => rs[p]!.score), "icp_score");
    emit(pick((p) => rs[p]!.tier), "icp_tier");
    emit(pick((p) => rs[p]!.state), "icp_state");
    emit(pick((p) => rs[p]!.reasons), "icp_reasons");
    emit(pick((p) => w.str(irs[p]!.profile.name)), "icp_profile");
    emit(pick((p) => w.str(irs[p]!.profile.version)), "icp_profile_version");
    emit(pick((p) => w.str(irs[p]!.profile.hash)), "icp_profile_hash");
    irs.forEach((_, p) => {
      const k = opts.keys?.[p] ?? `p${p + 1}`;
      emit(rs[p]!.score, `icp_${k}_score`);
      emit(rs[p]!.tier, `icp_${k}_tier`);
      emit(rs[p]!.state, `icp_${k}_state`);
      emit(rs[p]!.reasons, `icp_${k}_reasons`);
    });
  }

  if (opts.filterOutcomes) {
    irs.forEach((ir, p) => {
      for (const c of ir.criteria) if (c.role !== "signal") emit(P(p, `o${c.index}`), `__icp_p${p}_o${c.index}`);
    });
  }

  const lines = [
    `WITH __icp_o AS (\n  SELECT *,\n    ${stage1.join(",\n    ")}\n  FROM ${opts.source}\n)`,
    `, __icp_s AS (\n  SELECT *,\n    ${stage2.join(",\n    ")}\n  FROM __icp_o\n)`,
  ];
  let last = "__icp_s";
  if (stage3.length) {
    lines.push(`, __icp_r AS (\n  SELECT *,\n    ${stage3.join(",\n    ")}\n  FROM __icp_s\n)`);
    last = "__icp_r";
  }
  const select = `SELECT ${cols ? `${cols},\n  ` : ""}${out.join(",\n  ")}\nFROM ${last}`;
  const order = opts.ordered && opts.rowColumn ? `\nORDER BY ${quoteIdent(opts.rowColumn)}` : "";
  const sql = `${lines.join("\n")}\n${select}${order}`;
  return { sql, params: w.params, outputColumns };
}

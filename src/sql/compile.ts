/**
 * IR → SQL. One compiler; dialects override only small hooks (sql/dialect.ts). Values from the
 * profile travel as parameters (`params` mode) or through the one escaping function (`inline`
 * mode, for statements that take no parameters such as COPY); field names are always quoted.
 */

import { DOT_GROUPED_PATTERN } from "../data/normalise/numbers.js";
import { dictionaryName, NORMALISERS, udfName } from "../data/normalise/registry.js";
import { FALSE_WORDS, MISSING_MARKER_LIST, NUMBER_PATTERN, TRUE_WORDS } from "../engine/values.js";
import { reasonTexts } from "../ir/lower.js";
import type { IrCriterion, IrProgram, RowResult, State } from "../ir/types.js";
import { DIALECTS, type Dialect, type DialectName } from "./dialect.js";
import { numberLiteral } from "./escape.js";

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
  /**
   * Two-pass execution (used by the DuckDB runner): `codes` outputs only each profile's criterion
   * outcomes packed in base 3 (`__icp_k{p}_{j}`, 39 criteria per BIGINT); `decode` reads those
   * columns from the source instead of evaluating the criteria again.
   */
  stage?: "full" | "codes" | "decode";
  /** With `decode`: per profile, a source column holding the tier already assigned (capacity tiers). */
  tierColumns?: ReadonlyArray<string | null>;
  /**
   * For dialects whose normalisers are a table: the relation `(icp_fn, icp_raw, icp_value)` to look
   * normalised values up in (SQL text; default the dialect's quoting of `icp_normalised`).
   */
  normalisedTable?: string;
  /**
   * One-pass funnel (DuckDB): a prefix for sequence names (`funnelSequences`). The output's
   * `icp_state` is computed through `nextval` of the sequences counting each row's funnel figures
   * (its state or tier, and each hard filter it fails or does not know), so the funnel is counted
   * natively while the rows are written. The sequences must exist; not with capacity tiers.
   */
  counters?: string;
}

/** The columns of the normalised-values relation (see `Dialect.normalisers`). */
export const NORMALISED_COLUMNS = { fn: "icp_fn", raw: "icp_raw", value: "icp_value" } as const;
export const NORMALISED_TABLE = "icp_normalised";

/** Criteria packed per BIGINT code column (3^39 < 2^63). */
export const CODE_CHUNK = 39;
export const codeColumn = (p: number, j: number) => `__icp_k${p}_${j}`;
export const codeColumnCount = (ir: IrProgram) => Math.max(1, Math.ceil(ir.criteria.length / CODE_CHUNK));
/** The sequences counting one profile's funnel (`SqlOptions.counters`), named from a prefix. */
export interface FunnelSequences {
  disqualified: string;
  insufficient: string;
  /** Scored rows per tier, in tier order. */
  tiers: string[];
  untiered: string;
  /** Per hard filter, in criterion order (the figures of `FunnelCounts`). */
  failed: string[];
  removed: string[];
  unknown: string[];
}

export function funnelSequences(irs: readonly IrProgram[], prefix: string): FunnelSequences[] {
  return irs.map((ir, p) => {
    const n = (s: string) => `${prefix}p${p}_${s}`;
    const filters = ir.criteria.filter((c) => c.role !== "signal").map((_, j) => j);
    return {
      disqualified: n("dq"),
      insufficient: n("insufficient"),
      tiers: ir.tiers.map((_, i) => n(`tier${i}`)),
      untiered: n("untiered"),
      failed: filters.map((j) => n(`f${j}_failed`)),
      removed: filters.map((j) => n(`f${j}_removed`)),
      unknown: filters.map((j) => n(`f${j}_unknown`)),
    };
  });
}

export const sequenceNames = (s: FunnelSequences): string[] => [
  s.disqualified,
  s.insufficient,
  ...s.tiers,
  s.untiered,
  ...s.failed,
  ...s.removed,
  ...s.unknown,
];

export interface CompiledSql {
  sql: string;
  params: Array<string | number>;
  /** Output column names, after the input columns. */
  outputColumns: string[];
  /**
   * For the text columns of the result (states, tiers, reasons, profile name…): every text a cell
   * can start with, all taken from the profile. A writer need not neutralise formulas in a column
   * none of whose texts a spreadsheet would run.
   */
  profileTexts?: Record<string, string[]>;
}

const DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}($|[T ])";
const MISSING_MARKERS = MISSING_MARKER_LIST;
/** The longest marker in bytes (UTF-8): longer cells skip the comparison. */
const MISSING_MAX_BYTES = Math.max(...MISSING_MARKER_LIST.map((m) => Buffer.byteLength(m)));

class Writer {
  readonly params: Array<string | number> = [];
  constructor(
    readonly d: Dialect,
    readonly mode: "params" | "inline",
  ) {}
  private placeholder(v: string | number): string {
    const ph = this.d.placeholder;
    if (!ph) throw new Error(`the ${this.d.name} dialect is emitted as text: compile it with mode "inline"`);
    this.params.push(v);
    return ph(this.params.length);
  }
  str(v: string): string {
    return this.mode === "inline" ? this.d.literal(v) : this.placeholder(v);
  }
  num(v: number): string {
    return this.mode === "inline" ? numberLiteral(v) : `CAST(${this.placeholder(v)} AS DOUBLE PRECISION)`;
  }
  /** Semantics constants (missing markers, patterns): ours, not the user's, always inline. */
  const(v: string): string {
    return this.d.literal(v);
  }
  ident(name: string): string {
    return this.d.ident(name);
  }
  strs(vs: readonly string[]): string[] {
    return vs.map((v) => this.str(v));
  }
}

/** Escape a literal for use inside an RE2 / POSIX regular expression. */
export function regexEscape(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

const numberWs = (ws: string) => `^${ws}*${NUMBER_PATTERN.slice(1, -1)}${ws}*$`;
const LIST_SEPARATORS = /[;,|]/;

/**
 * Per-column parsed values, computed once per row and shared by every criterion on that column:
 * `fold` (folded text, NULL when missing), `num` (double), `date`.
 */
class ColumnValues {
  /** Normalised columns (the first layer). */
  readonly normalised: string[] = [];
  private readonly normNames = new Map<string, string>();
  /** Lower-cased columns, computed once (a layer below `exprs`). */
  readonly lowered: string[] = [];
  readonly exprs: string[] = [];
  private readonly names = new Map<string, string>();
  private readonly lowerNames = new Map<string, string>();
  /** Table-mode normalisers: LEFT JOINs of the normalised-values relation onto the source. */
  readonly joins: string[] = [];
  /** Names of the normalised columns (internal, already text). */
  private readonly internal = new Set<string>();
  constructor(
    private readonly w: Writer,
    private readonly normalisedTable: string,
  ) {}

  /** A column as text: input columns through the dialect's cast, internal ones as they are. */
  raw(column: string, qualifier?: string): string {
    const q = `${qualifier ? `${qualifier}.` : ""}${this.w.ident(column)}`;
    return this.internal.has(column) ? q : this.d.text(q);
  }

  /**
   * The column a criterion reads: its input column, or that column through the field's normaliser
   * (the same JavaScript function every engine calls, here as a registered SQL function). Values
   * already canonical skip the call: numbers and ISO dates the value semantics accept, and exact
   * spellings found in the normaliser's own dictionary.
   */
  input(c: IrCriterion, ir: IrProgram): string {
    if (c.column === null || c.normalize === null) return c.column ?? "";
    const ctx = { asOf: ir.asOf, ...(ir.dayOrder ? { dayOrder: ir.dayOrder } : {}) };
    const fn = udfName(c.normalize, ctx);
    const key = `${fn}\u0000${c.column}`;
    let name = this.normNames.get(key);
    if (!name) {
      name = `__icp_n${this.normNames.size}`;
      this.normNames.set(key, name);
      const { d, w } = this;
      let q: string;
      let call: string;
      let dictionary: string | null = null;
      if (d.normalisers === "udf") {
        q = this.raw(c.column);
        call = d.call(fn, [q]);
        if (NORMALISERS[c.normalize].spellings) dictionary = d.call(dictionaryName(c.normalize), [q]);
      } else {
        q = this.raw(c.column, "__icp_src");
        const m = `__icp_m${this.joins.length}`;
        const col = (k: keyof typeof NORMALISED_COLUMNS) => `${m}.${w.ident(NORMALISED_COLUMNS[k])}`;
        this.joins.push(
          `LEFT JOIN ${this.normalisedTable} AS ${m} ON ${col("fn")} = ${w.const(fn)} AND ${col("raw")} = ${q}`,
        );
        call = col("value");
      }
      let expr: string;
      switch (NORMALISERS[c.normalize].fastPath) {
        case "number": {
          const n = d.parseNumber(q, w.const(numberWs(d.wsClass)));
          // "1.000" is a number to SQL but a thousands separator here (numbers.ts): the normaliser reads it
          const grouped = d.regex(d.trim(q), w.const(DOT_GROUPED_PATTERN));
          expr = `CASE WHEN ${q} IS NULL THEN NULL WHEN (${n}) IS NOT NULL AND ${d.finite(`(${n})`)} AND NOT ${grouped} THEN ${q} ELSE ${call} END`;
          break;
        }
        case "date": {
          const t = d.trim(q);
          const dt = `CASE WHEN ${d.regex(t, w.const(DATE_PATTERN))} THEN ${d.toDate(`substr(${t}, 1, 10)`)} END`;
          expr = `CASE WHEN ${q} IS NULL THEN NULL WHEN (${dt}) IS NOT NULL THEN ${q} ELSE ${call} END`;
          break;
        }
        case "dictionary":
          expr = `CASE WHEN ${q} IS NULL THEN NULL ELSE ${dictionary ? `coalesce(${dictionary}, ${call})` : call} END`;
          break;
        case "none":
          expr = `CASE WHEN ${q} IS NULL THEN NULL ELSE ${call} END`;
          break;
      }
      this.normalised.push(`${expr} AS ${w.ident(name)}`);
      this.internal.add(name);
    }
    return name;
  }

  private lower(column: string): string {
    let name = this.lowerNames.get(column);
    if (!name) {
      name = this.w.ident(`__icp_l${this.lowerNames.size}`);
      this.lowerNames.set(column, name);
      this.lowered.push(`lower(${this.raw(column)}) AS ${name}`);
    }
    return name;
  }

  private get(kind: string, column: string, build: (q: string) => string): string {
    const key = `${kind}\u0000${column}`;
    let name = this.names.get(key);
    if (!name) {
      name = this.w.ident(`__icp_v${this.names.size}`);
      this.names.set(key, name);
      this.exprs.push(`${build(this.raw(column))} AS ${name}`);
    }
    return name;
  }

  fold(column: string): string {
    const { d, w } = this;
    const l = this.lower(column);
    return this.get("fold", column, () => {
      const unmark = (e: string) =>
        `CASE WHEN ${d.shortLength(e)} <= ${MISSING_MAX_BYTES} AND ${d.inList(
          e,
          MISSING_MARKERS.map((m) => w.const(m)),
        )} THEN NULL ELSE ${e} END`;
      // Lower-casing never adds or removes ASCII white space, so trimming after it is the same.
      return `CASE WHEN ${l} IS NULL THEN NULL WHEN ${d.hasEdgeSpace(l)} THEN ${unmark(d.trim(l))} ELSE ${unmark(l)} END`;
    });
  }

  num(column: string): string {
    const { d, w } = this;
    return this.get("num", column, (q) => d.parseNumber(q, w.const(numberWs(d.wsClass))));
  }

  date(column: string): string {
    const { d, w } = this;
    return this.get("date", column, (q) => {
      const t = d.trim(q);
      return `CASE WHEN ${d.regex(t, w.const(DATE_PATTERN))} THEN ${d.toDate(`substr(${t}, 1, 10)`)} END`;
    });
  }

  private get d(): Dialect {
    return this.w.d;
  }
}

function criterionOutcome(ir: IrProgram, c0: IrCriterion, w: Writer, cv: ColumnValues): string {
  const d = w.d;
  const missingCode = c0.missing === "pass" ? "1" : c0.missing === "fail" ? "0" : "2";
  if (c0.column === null) return missingCode;
  const c = { ...c0, column: cv.input(c0, ir) };
  let known: string;
  let test: string;
  const t = c.test;
  switch (t.op) {
    case "in":
    case "not_in": {
      const f = cv.fold(c.column);
      known = `${f} IS NOT NULL`;
      const inList = d.inList(f, w.strs(t.values));
      test = t.op === "in" ? inList : `NOT ${inList}`;
      break;
    }
    case "contains": {
      const f = cv.fold(c.column);
      known = `${f} IS NOT NULL`;
      test = `(${t.keywords.map((k) => d.contains(f, w.str(k))).join(" OR ")})`;
      break;
    }
    case "matches": {
      // the folded text against the lower-case portable pattern (profile/regex.ts), case-sensitively
      const f = cv.fold(c.column);
      known = `${f} IS NOT NULL`;
      test = d.regex(f, w.str(d.regexPattern ? d.regexPattern(t.pattern) : t.pattern));
      break;
    }
    case "range":
    case "year_between": {
      const n = cv.num(c.column);
      known = `(${n} IS NOT NULL AND ${d.finite(n)})`;
      const parts: string[] = [];
      if (t.op === "range") {
        if (t.min !== undefined) parts.push(`${n} ${t.minInclusive ? ">=" : ">"} ${w.num(t.min)}`);
        if (t.max !== undefined) parts.push(`${n} ${t.maxInclusive ? "<=" : "<"} ${w.num(t.max)}`);
      } else {
        parts.push(`${n} >= ${w.num(t.from)}`, `${n} <= ${w.num(t.to)}`);
      }
      test = `(${parts.join(" AND ")})`;
      break;
    }
    case "any":
    case "all":
    case "none": {
      const f = cv.fold(c.column);
      known = `(${f} IS NOT NULL AND ${d.regex(f, w.const(`[^;,|${d.wsClass.slice(1, -1)}]`))})`;
      // Items are split on ; , | — a value holding a separator can never equal an item.
      const vals = t.values.filter((v) => !LIST_SEPARATORS.test(v));
      const itemRegex = (vs: readonly string[]) =>
        w.str(`(^|[;,|])${d.wsClass}*(${vs.map(regexEscape).join("|")})${d.wsClass}*($|[;,|])`);
      const hasAny = () => (vals.length ? d.regex(f, itemRegex(vals)) : "FALSE");
      if (t.op === "any") test = hasAny();
      else if (t.op === "none") test = `NOT ${hasAny()}`;
      else
        test =
          vals.length === t.values.length
            ? `(${vals.map((v) => d.regex(f, itemRegex([v]))).join(" AND ")})`
            : "FALSE";
      break;
    }
    case "is": {
      const f = cv.fold(c.column);
      known = d.inList(
        f,
        [...TRUE_WORDS, ...FALSE_WORDS].map((x) => w.const(x)),
      );
      test = d.inList(
        f,
        (t.value ? TRUE_WORDS : FALSE_WORDS).map((x) => w.const(x)),
      );
      break;
    }
    case "date_between": {
      const dt = cv.date(c.column);
      known = `${dt} IS NOT NULL`;
      test = `(${dt} BETWEEN ${d.dateValue(w.str(t.from))} AND ${d.dateValue(w.str(t.to))})`;
      break;
    }
  }
  return `CASE WHEN ${known} THEN (CASE WHEN ${test} THEN 1 ELSE 0 END) ELSE ${missingCode} END`;
}

/** Compile one or several profiles into a single SELECT over `source`. */
export function compileSql(irs: readonly IrProgram[], opts: SqlOptions): CompiledSql {
  if (irs.length === 0) throw new Error("compileSql needs at least one profile");
  const d = DIALECTS[opts.dialect ?? "duckdb"];
  const w = new Writer(d, opts.mode ?? "params");
  const big = (n: number) => `CAST(${numberLiteral(n)} AS ${d.bigint})`;
  // Exact: 3^34 and above are past the integers a double holds (a rounded one garbles the codes).
  const pow3 = (k: number) => `CAST(${(3n ** BigInt(k)).toString()} AS ${d.bigint})`;
  const needRank = irs.some((ir) => ir.capacity);
  if (needRank && !opts.rowColumn && !opts.tierColumns && opts.stage !== "codes")
    throw new Error("capacity tiers need the input order: pass rowColumn");
  const P = (p: number, name: string) => d.ident(`__icp_p${p}_${name}`);

  // Stage 0: parsed column values; stage 1: outcome code per criterion.
  const stage = opts.stage ?? "full";
  const cv = new ColumnValues(w, opts.normalisedTable ?? d.ident(NORMALISED_TABLE));
  const stage1: string[] = [];
  irs.forEach((ir, p) => {
    for (const c of ir.criteria) {
      const k = c.index % CODE_CHUNK;
      const expr =
        stage === "decode"
          ? `((${d.ident(codeColumn(p, Math.floor(c.index / CODE_CHUNK)))} // ${pow3(k)}) % 3)`
          : criterionOutcome(ir, c, w, cv);
      stage1.push(`${expr} AS ${P(p, `o${c.index}`)}`);
    }
  });
  const ctes: string[] = [];
  let from = opts.source;
  const layer = (name: string, exprs: readonly string[], joins: readonly string[] = []) => {
    if (exprs.length === 0) return;
    const body = joins.length
      ? `SELECT __icp_src.*,\n    ${exprs.join(",\n    ")}\n  FROM ${from} AS __icp_src\n  ${joins.join("\n  ")}`
      : `SELECT *,\n    ${exprs.join(",\n    ")}\n  FROM ${from}`;
    ctes.push(`${ctes.length ? ", " : "WITH "}${name} AS (\n  ${body}${d.layerEnd}\n)`);
    from = name;
  };
  layer("__icp_n", cv.normalised, cv.joins);
  layer("__icp_l", cv.lowered);
  layer("__icp_v", cv.exprs);
  layer("__icp_o", stage1);
  const stage01 = ctes.join("\n");
  if (stage === "codes") {
    // Each profile's outcomes packed in base 3, CODE_CHUNK criteria per BIGINT.
    const codes = irs.flatMap((ir, p) =>
      Array.from({ length: codeColumnCount(ir) }, (_, j) => {
        const parts = ir.criteria
          .slice(j * CODE_CHUNK, (j + 1) * CODE_CHUNK)
          .map((c) => `${P(p, `o${c.index}`)} * ${pow3(c.index % CODE_CHUNK)}`);
        return `${parts.length ? parts.join(" + ") : big(0)} AS ${d.ident(codeColumn(p, j))}`;
      }),
    );
    const outputColumns = irs.flatMap((ir, p) =>
      Array.from({ length: codeColumnCount(ir) }, (_, j) => codeColumn(p, j)),
    );
    const carried = opts.columns?.map((c) => d.ident(c)) ?? [];
    return {
      sql: `${stage01}\nSELECT ${[...carried, ...codes].join(",\n  ")}\nFROM __icp_o`,
      params: w.params,
      outputColumns,
    };
  }

  // Stage 2: per profile, the sums (known evidence, best, worst, raw points) and the disqualification.
  // Stage 3: state, score in tenths, reasons — from stage-2 columns, so nothing is computed twice.
  const stage2: string[] = [];
  const stage3s: string[] = [];
  irs.forEach((ir, p) => {
    const o = (i: number) => P(p, `o${i}`);
    const texts = ir.criteria.map(reasonTexts);
    const filters = ir.criteria.filter((c) => c.role !== "signal");
    const signals = ir.criteria.filter((c) => c.role === "signal");
    const dqConds = filters.map((c) => (c.role === "require" ? `${o(c.index)} = 0` : `${o(c.index)} = 1`));
    const sum = (f: (c: IrCriterion) => string | null) => {
      const parts = signals.map(f).filter((x): x is string => x !== null);
      return parts.length ? parts.join(" + ") : big(0);
    };
    stage2.push(`${dqConds.length ? `(${dqConds.join(" OR ")})` : "FALSE"} AS ${P(p, "dq")}`);
    stage2.push(
      `${sum((c) => `(CASE WHEN ${o(c.index)} <> 2 THEN ${big(Math.abs(c.points))} ELSE 0 END)`)} AS ${P(p, "known")}`,
    );
    stage2.push(
      `${sum((c) => (c.points > 0 ? `(CASE WHEN ${o(c.index)} <> 2 THEN ${big(c.points)} ELSE 0 END)` : null))} AS ${P(p, "hi")}`,
    );
    stage2.push(
      `${sum((c) => (c.points < 0 ? `(CASE WHEN ${o(c.index)} <> 2 THEN ${big(c.points)} ELSE 0 END)` : null))} AS ${P(p, "lo")}`,
    );
    stage2.push(
      `${sum((c) => (c.points !== 0 ? `(CASE WHEN ${o(c.index)} = 1 THEN ${big(c.points)} ELSE 0 END)` : null))} AS ${P(p, "raw")}`,
    );

    const dq = P(p, "dq");
    const known = P(p, "known");
    const insufficient =
      ir.totalAbs > 0
        ? `(${known} = 0 OR ${known} * 10000 < ${big(ir.minCoverageBp * ir.totalAbs)})`
        : "FALSE";
    const state = `CASE WHEN ${dq} THEN 'disqualified' WHEN ${insufficient} THEN 'insufficient_data' ELSE 'scored' END`;
    const dd = `(${P(p, "hi")} - ${P(p, "lo")})`;
    const tenths =
      ir.totalAbs > 0 ? d.intDiv(`2000 * (${P(p, "raw")} - ${P(p, "lo")}) + ${dd}`, `2 * ${dd}`) : big(1000);
    const concat = (parts: string[]) => (parts.length ? d.joinNonNull("; ", parts) : "''");
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
    stage3s.push(`${state} AS ${P(p, "state")}`);
    stage3s.push(`CASE WHEN ${dq} OR ${insufficient} THEN NULL ELSE ${tenths} END AS ${P(p, "tenths")}`);
    stage3s.push(`CASE WHEN ${dq} THEN ${dqReasons} ELSE ${reasons} END AS ${P(p, "reasons")}`);
  });

  // Stage 3 (capacity only): rank among scored rows.
  const stage3: string[] = [];
  if (needRank && !opts.tierColumns) {
    const rc = d.ident(opts.rowColumn!);
    irs.forEach((ir, p) => {
      if (!ir.capacity) return;
      stage3.push(
        `row_number() OVER (PARTITION BY ${P(p, "state")} ORDER BY ${P(p, "tenths")} DESC, ${rc}) AS ${P(p, "rank")}`,
        `count(*) OVER (PARTITION BY ${P(p, "state")}) AS ${P(p, "n")}`,
      );
    });
  }

  const tierConds = (t: IrProgram["tiers"][number], p: number) => {
    const conds = [`${P(p, "state")} = 'scored'`];
    if (t.minTenths !== undefined) conds.push(`${P(p, "tenths")} >= ${big(t.minTenths)}`);
    if (t.top !== undefined) conds.push(`${P(p, "rank")} <= ${big(t.top)}`);
    if (t.topBp !== undefined) conds.push(`(${P(p, "rank")} - 1) * 10000 < ${big(t.topBp)} * ${P(p, "n")}`);
    return conds.join(" AND ");
  };
  const tierExpr = (ir: IrProgram, p: number) => {
    const given = opts.tierColumns?.[p];
    if (given) return d.ident(given);
    return `CASE ${ir.tiers.map((t) => `WHEN ${tierConds(t, p)} THEN ${w.str(t.name)}`).join(" ")} END`;
  };

  // One-pass funnel: each row steps every sequence counting one of its figures (always ≥ 1 in all).
  if (opts.counters !== undefined && (needRank || opts.stage === "codes" || opts.stage === "decode"))
    throw new Error("funnel counters are for one-pass runs without capacity tiers");
  const counted = (state: string) => {
    if (opts.counters === undefined) return state;
    const seqs = funnelSequences(irs, opts.counters);
    const next = (name: string) => `nextval(${w.const(name)})`;
    const parts = irs.flatMap((ir, p) => {
      const s = seqs[p]!;
      const o = (i: number) => P(p, `o${i}`);
      const filters = ir.criteria.filter((c) => c.role !== "signal");
      const failCode = (c: IrCriterion) => (c.role === "require" ? 0 : 1);
      const stateArms = [
        `WHEN ${P(p, "state")} = 'disqualified' THEN ${next(s.disqualified)}`,
        `WHEN ${P(p, "state")} = 'insufficient_data' THEN ${next(s.insufficient)}`,
        ...ir.tiers.map((t, i) => `WHEN ${tierConds(t, p)} THEN ${next(s.tiers[i]!)}`),
      ];
      return [
        `(CASE ${stateArms.join(" ")} ELSE ${next(s.untiered)} END)`,
        ...filters.map(
          (c, j) =>
            `(CASE ${o(c.index)} WHEN ${failCode(c)} THEN ${next(s.failed[j]!)} WHEN 2 THEN ${next(s.unknown[j]!)} ELSE 0 END)`,
        ),
        ...(filters.length
          ? [
              `(CASE ${filters.map((c, j) => `WHEN ${o(c.index)} = ${failCode(c)} THEN ${next(s.removed[j]!)}`).join(" ")} ELSE 0 END)`,
            ]
          : []),
      ];
    });
    return `CASE WHEN ${parts.join(" + ")} > 0 THEN ${state} END`;
  };

  // Final projection.
  const cols = opts.columns ? opts.columns.map((c) => d.ident(c)).join(", ") : null;
  const out: string[] = [];
  const outputColumns: string[] = [];
  const profileTexts: Record<string, string[]> = {};
  const emit = (expr: string, name: string, texts?: (p: number) => string[]) => {
    out.push(`${expr} AS ${d.ident(name)}`);
    outputColumns.push(name);
    if (texts) profileTexts[name] = irs.flatMap((_, p) => texts(p));
  };
  // What each text column of the result can start with (the profile's own words).
  const texts = {
    tier: (p: number) => irs[p]!.tiers.map((t) => t.name),
    state: () => ["disqualified", "insufficient_data", "scored"],
    reasons: (p: number) =>
      irs[p]!.criteria.flatMap((c) => {
        const t = reasonTexts(c);
        return [t.pass, t.fail, t.unknown];
      }),
    name: (p: number) => [irs[p]!.profile.name],
    version: (p: number) => [irs[p]!.profile.version],
    hash: (p: number) => [irs[p]!.profile.hash],
  };
  const perProfile = (p: number) => ({
    score: `CASE WHEN ${P(p, "tenths")} IS NULL THEN NULL ELSE ${d.score(P(p, "tenths"))} END`,
    tier: tierExpr(irs[p]!, p),
    state: P(p, "state"),
    reasons: `NULLIF(${P(p, "reasons")}, '')`,
  });
  if (irs.length === 1) {
    const r = perProfile(0);
    const ir = irs[0]!;
    emit(r.score, "icp_score");
    emit(r.tier, "icp_tier", texts.tier);
    emit(counted(r.state), "icp_state", texts.state);
    emit(r.reasons, "icp_reasons", texts.reasons);
    emit(w.str(ir.profile.name), "icp_profile", texts.name);
    emit(w.str(ir.profile.version), "icp_profile_version", texts.version);
    emit(w.str(ir.profile.hash), "icp_profile_hash", texts.hash);
  } else {
    // Best match: highest score among scored; else insufficient data; else the first; ties → first listed.
    const key = (p: number) =>
      `(CASE ${P(p, "state")} WHEN 'scored' THEN 2000 + ${P(p, "tenths")} WHEN 'insufficient_data' THEN 1000 ELSE 0 END)`;
    const best = `greatest(${irs.map((_, p) => key(p)).join(", ")})`;
    const pick = (f: (p: number) => string) =>
      `CASE ${irs.map((_, p) => `WHEN ${key(p)} = ${best} THEN ${f(p)}`).join(" ")} END`;
    const rs = irs.map((_, p) => perProfile(p));
    emit(
      pick((p) => rs[p]!.score),
      "icp_score",
    );
    emit(
      pick((p) => rs[p]!.tier),
      "icp_tier",
      texts.tier,
    );
    emit(counted(pick((p) => rs[p]!.state)), "icp_state", texts.state);
    emit(
      pick((p) => rs[p]!.reasons),
      "icp_reasons",
      texts.reasons,
    );
    emit(
      pick((p) => w.str(irs[p]!.profile.name)),
      "icp_profile",
      texts.name,
    );
    emit(
      pick((p) => w.str(irs[p]!.profile.version)),
      "icp_profile_version",
      texts.version,
    );
    emit(
      pick((p) => w.str(irs[p]!.profile.hash)),
      "icp_profile_hash",
      texts.hash,
    );
    irs.forEach((_, p) => {
      const k = opts.keys?.[p] ?? `p${p + 1}`;
      const own = (f: (p: number) => string[]) => (q: number) => (q === p ? f(q) : []);
      emit(rs[p]!.score, `icp_${k}_score`);
      emit(rs[p]!.tier, `icp_${k}_tier`, own(texts.tier));
      emit(rs[p]!.state, `icp_${k}_state`, texts.state);
      emit(rs[p]!.reasons, `icp_${k}_reasons`, own(texts.reasons));
    });
  }

  const lines = [
    stage01,
    `, __icp_a AS (\n  SELECT *,\n    ${stage2.join(",\n    ")}\n  FROM __icp_o${d.layerEnd}\n)`,
    `, __icp_s AS (\n  SELECT *,\n    ${stage3s.join(",\n    ")}\n  FROM __icp_a${d.layerEnd}\n)`,
  ];
  let last = "__icp_s";
  if (stage3.length) {
    lines.push(`, __icp_r AS (\n  SELECT *,\n    ${stage3.join(",\n    ")}\n  FROM __icp_s${d.layerEnd}\n)`);
    last = "__icp_r";
  }
  const select = `SELECT ${cols ? `${cols},\n  ` : ""}${out.join(",\n  ")}\nFROM ${last}`;
  const order = opts.ordered && opts.rowColumn ? `\nORDER BY ${d.ident(opts.rowColumn)}` : "";
  const sql = `${lines.join("\n")}\n${select}${order}`;
  return { sql, params: w.params, outputColumns, profileTexts };
}

/** One output row of a single-profile query (as an engine's driver returns it) → the row result. */
export function rowResultOf(o: Readonly<Record<string, unknown>>): RowResult {
  return {
    state: o["icp_state"] as State,
    tenths: o["icp_score"] === null ? null : Math.round(Number(o["icp_score"]) * 10),
    tier: (o["icp_tier"] as string | null) ?? null,
    reasons: String(o["icp_reasons"] ?? ""),
  };
}

/**
 * A SQL dialect: the small hooks where engines differ. The compiler writes everything else once.
 * Each hook receives SQL text already built (identifiers quoted, values as parameters or literals).
 *
 * DuckDB and PostgreSQL run in the tests; BigQuery, Snowflake, Spark SQL and Trino are emitted as
 * text and checked by a parser for each (docs/warehouses.md says what differs and why).
 */
import { quoteIdent, quoteIdentBacktick, quoteLiteral, quoteLiteralBackslash } from "./escape.js";

export const DIALECT_NAMES = ["duckdb", "postgres", "bigquery", "snowflake", "spark", "trino"] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

export interface Dialect {
  readonly name: DialectName;
  /** Quote an identifier. */
  ident(name: string): string;
  /** The 64-bit integer type. */
  readonly bigint: string;
  /** Quote a string literal (the one escaping function of this dialect). */
  literal(value: string): string;
  /** Parameter placeholder, or null when the engine is only reached through emitted text. */
  placeholder: ((index: number) => string) | null;
  /**
   * How normalisers run: `udf` — icpkit's JavaScript functions registered in the engine (DuckDB);
   * `table` — looked up in a relation `(icp_fn, icp_raw, icp_value)` that icpkit fills from the
   * data's distinct values (`icp score --db`) or ships as a dbt seed (`icp export dbt`).
   */
  readonly normalisers: "udf" | "table";
  /** A raw input column as text (every criterion reads text; warehouses may hold typed columns). */
  text(expr: string): string;
  /** A regular-expression class of the white space the semantics trim (see docs/semantics.md). */
  readonly wsClass: string;
  /** Trim that white space from both ends. */
  trim(expr: string): string;
  /** Some length of the text (a cheap filter before comparing with short ASCII markers). */
  shortLength(expr: string): string;
  /** `expr` equals one of `items` (SQL expressions). DuckDB rewrites long IN lists into joins. */
  inList(expr: string, items: readonly string[]): string;
  /**
   * The value starts or ends with white space (a cheap test before trimming). It may also hold for
   * other values (they are trimmed of nothing, with the same result), never fail for one with.
   */
  hasEdgeSpace(expr: string): string;
  /** Case-sensitive regular-expression search (unanchored). */
  regex(expr: string, pattern: string): string;
  /** Case-insensitive regular-expression search (unanchored). */
  regexI(expr: string, pattern: string): string;
  /** A portable pattern as this dialect's engine must be given it (Java's and Joni's anchors). */
  regexPattern?: (pattern: string) => string;
  /** Text → double when it matches the number grammar (`pattern`, white space allowed around), else NULL. */
  parseNumber(expr: string, pattern: string): string;
  /** Text known to look like YYYY-MM-DD → a date (or ISO text), or NULL if not a calendar date. */
  toDate(expr: string): string;
  /** An ISO date string expression as `toDate` values compare with it. */
  dateValue(isoExpr: string): string;
  contains(hay: string, needle: string): string;
  /** Integer division of non-negative integers. */
  intDiv(a: string, b: string): string;
  /** Score in tenths (integer) → one-decimal score. */
  score(tenths: string): string;
  /** Finite double check (NULL for infinities). */
  finite(expr: string): string;
  /** `parts` (SQL text expressions, some NULL) joined by `sep`, skipping NULLs; '' when all are NULL. */
  joinNonNull(sep: string, parts: readonly string[]): string;
  /**
   * Appended to each layer's SELECT: PostgreSQL inlines one layer's expressions into the next,
   * and with expressions that read a column several times the plan grows exponentially;
   * `OFFSET 0` keeps each layer a separate subquery scan (nothing is materialised).
   */
  readonly layerEnd: string;
  /** A call of an icpkit function (normalisers registered as UDFs). */
  call(fn: string, args: readonly string[]): string;
}

const WS = [32, 9, 10, 13, 12, 11];
const chr = (codes: number[]) => codes.map((c) => `chr(${c})`).join(" || ");
/** The same class spelled for Java and RE2 engines, where `\v` may mean more than VT. */
const WS_CLASS_HEX = "[ \\t\\n\\r\\f\\x0B]";
const WS_CLASS_V = "[ \\t\\n\\r\\f\\v]";
const edgeSpace =
  (regex: (e: string, p: string) => string, lit: (s: string) => string, cls: string) => (e: string) =>
    regex(e, lit(`^${cls}|${cls}$`));
const call = (fn: string, args: readonly string[]) => `${fn}(${args.join(", ")})`;

/** Real days of the proleptic Gregorian calendar, as one regular expression (leap days included). */
const LEAP_YEAR = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[048]|[2468][048]|[13579][26])00)";
const CALENDAR_DAY = `^([0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))|${LEAP_YEAR}-02-29)`;

/**
 * Text known to look like YYYY-MM-DD → that text when it is a real day of the proleptic Gregorian
 * calendar, else NULL — without a cast that could fail (PostgreSQL has no TRY_CAST, and warehouse
 * DATE types do not hold year 0). ISO text compares in date order, so no DATE is needed after.
 */
const isoDateText =
  (regex: (e: string, p: string) => string, lit: (s: string) => string) =>
  (e: string): string =>
    `CASE WHEN ${regex(e, lit(CALENDAR_DAY))} THEN substr(${e}, 1, 10) END`;

/**
 * `^` and `$` as anchors at the very start and end of the text, for engines where `$` also matches
 * before a final line end (Java: Spark) or where both are line anchors (Joni: Trino): `\A` and `\z`.
 * Escaped characters and characters inside [ ] are left alone.
 */
export function textAnchors(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      out += c + (pattern[i + 1] ?? "");
      i++;
    } else if (inClass) {
      if (c === "]" && pattern[i - 1] !== "[" && !(pattern[i - 1] === "^" && pattern[i - 2] === "["))
        inClass = false;
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
    } else if (c === "^") out += "\\A";
    else if (c === "$") out += "\\z";
    else out += c;
  }
  return out;
}

/** Words Snowflake reserves: written quoted even when plain. */
const SNOWFLAKE_RESERVED = new Set(
  "account all alter and any as between by case cast check column connect connection constraint create cross current current_date current_time current_timestamp current_user database delete distinct drop else exists false following for from full grant group gscluster having ilike in increment inner insert intersect into is issue join lateral left like localtime localtimestamp minus natural not null of on or order organization qualify regexp revoke right rlike row rows sample schema select set some start table tablesample then to trigger true try_cast union unique update using values view when whenever where with".split(
    " ",
  ),
);

export function snowflakeIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !SNOWFLAKE_RESERVED.has(name) ? name : quoteIdent(name);
}

export const duckdb: Dialect = {
  name: "duckdb",
  layerEnd: "",
  bigint: "BIGINT",
  ident: quoteIdent,
  literal: quoteLiteral,
  placeholder: (i) => `$${i}`,
  normalisers: "udf",
  // The DuckDB runner reads every column as VARCHAR.
  text: (e) => e,
  wsClass: WS_CLASS_V,
  trim: (e) => `trim(${e}, ${chr(WS)})`,
  shortLength: (e) => `strlen(${e})`,
  inList: (e, items) =>
    items.length <= 16
      ? `(${items.map((i) => `${e} = ${i}`).join(" OR ")})`
      : `list_contains([${items.join(", ")}], ${e})`,
  // A first byte below "!" (one comparison of the inlined prefix, no decoding), or a white-space last byte.
  hasEdgeSpace: (e) => `(${e} < '!' OR ${WS.map((c) => `suffix(${e}, chr(${c}))`).join(" OR ")})`,
  regex: (e, p) => `regexp_matches(${e}, ${p})`,
  regexI: (e, p) => `regexp_matches(${e}, ${p}, 'i')`,
  // DuckDB's cast accepts exactly the grammar (and surrounding ASCII white space), plus digit
  // separators "1_000", a "+-" prefix and inf/nan; the first two are refused here, the last by
  // the finite check. Cheaper than a regular expression per value.
  parseNumber: (e) =>
    `CASE WHEN contains(${e}, '_') OR contains(${e}, '+-') THEN NULL ELSE TRY_CAST(${e} AS DOUBLE) END`,
  toDate: (e) => `TRY_CAST(${e} AS DATE)`,
  dateValue: (iso) => `CAST(${iso} AS DATE)`,
  contains: (h, n) => `contains(${h}, ${n})`,
  intDiv: (a, b) => `((${a}) // (${b}))`,
  score: (t) => `CAST(CAST(${t} AS DOUBLE) / 10 AS DECIMAL(4,1))`,
  finite: (e) => `isfinite(${e})`,
  joinNonNull: (sep, parts) => `concat_ws(${quoteLiteral(sep)}, ${parts.join(", ")})`,
  call,
};

/**
 * Grammar-checked number text → float8 as JavaScript's Number() reads it, where a plain cast would
 * raise an error: beyond the double range it is ±Infinity (unknown, by the finite check), below
 * half the least subnormal it is 0. Short plain decimals (the usual case) take the plain cast.
 */
function pgDouble(t: string): string {
  const n = `CAST(${t} AS numeric)`;
  return `CASE WHEN length(${t}) < 300 AND strpos(lower(${t}), 'e') = 0 THEN CAST(${t} AS double precision) WHEN ${t} ~ '[eE][+-]?0*[0-9]{5}' THEN (CASE WHEN ${t} ~ '^[+-]?[0.]*[eE]' OR ${t} ~ '[eE]-' THEN '0' ELSE 'Infinity' END)::float8 WHEN abs(${n}) >= 1.797693134862315807937289714053e308 THEN 'Infinity'::float8 WHEN abs(${n}) <= 2.470328229206232720882538e-324 THEN 0::float8 ELSE CAST(${n} AS double precision) END`;
}

export const postgres: Dialect = {
  name: "postgres",
  layerEnd: "\n  OFFSET 0",
  bigint: "BIGINT",
  ident: quoteIdent,
  literal: quoteLiteral,
  placeholder: (i) => `$${i}`,
  normalisers: "table",
  text: (e) => `CAST(${e} AS text)`,
  wsClass: WS_CLASS_V,
  trim: (e) => `trim(${e}, ${chr(WS)})`,
  shortLength: (e) => `octet_length(${e})`,
  inList: (e, items) => `${e} IN (${items.join(", ")})`,
  hasEdgeSpace: (e) => `(${e} ~ '^[ \\t\\n\\r\\f\\v]|[ \\t\\n\\r\\f\\v]$')`,
  regex: (e, p) => `(${e} ~ ${p})`,
  regexI: (e, p) => `(${e} ~* ${p})`,
  parseNumber: (e, pattern) => `CASE WHEN (${e} ~ ${pattern}) THEN ${pgDouble(`trim(${e}, ${chr(WS)})`)} END`,
  toDate: isoDateText((e, p) => `(${e} ~ ${p})`, quoteLiteral),
  dateValue: (iso) => iso,
  contains: (h, n) => `(strpos(${h}, ${n}) > 0)`,
  intDiv: (a, b) => `((${a}) / (${b}))`,
  score: (t) => `CAST(CAST(${t} AS double precision) / 10 AS numeric(4,1))`,
  finite: (e) => `(${e} NOT IN ('Infinity'::float8, '-Infinity'::float8))`,
  joinNonNull: (sep, parts) => `concat_ws(${quoteLiteral(sep)}, ${parts.join(", ")})`,
  call,
};

/** BigQuery GoogleSQL: backtick names, backslash strings, RE2 regular expressions, SAFE_CAST. */
const bqLiteral = quoteLiteralBackslash;
const bqRegex = (e: string, p: string) => `REGEXP_CONTAINS(${e}, ${p})`;
export const bigquery: Dialect = {
  name: "bigquery",
  layerEnd: "",
  bigint: "INT64",
  ident: (n) => quoteIdentBacktick(n, "backslash"),
  literal: bqLiteral,
  placeholder: null,
  normalisers: "table",
  text: (e) => `CAST(${e} AS STRING)`,
  wsClass: WS_CLASS_HEX,
  trim: (e) => `TRIM(${e}, ${bqLiteral(" \t\n\r\f\v")})`,
  shortLength: (e) => `BYTE_LENGTH(${e})`,
  inList: (e, items) => `${e} IN (${items.join(", ")})`,
  hasEdgeSpace: edgeSpace(bqRegex, bqLiteral, WS_CLASS_HEX),
  regex: bqRegex,
  regexI: (e, p) => `REGEXP_CONTAINS(${e}, CONCAT('(?i)', ${p}))`,
  parseNumber: (e, pattern) =>
    `CASE WHEN REGEXP_CONTAINS(${e}, ${pattern}) THEN SAFE_CAST(TRIM(${e}, ${bqLiteral(" \t\n\r\f\v")}) AS FLOAT64) END`,
  toDate: isoDateText(bqRegex, bqLiteral),
  dateValue: (iso) => iso,
  contains: (h, n) => `(STRPOS(${h}, ${n}) > 0)`,
  intDiv: (a, b) => `DIV(${a}, ${b})`,
  score: (t) => `CAST(CAST(${t} AS NUMERIC) / 10 AS NUMERIC)`,
  finite: (e) => `(NOT IS_INF(${e}) AND NOT IS_NAN(${e}))`,
  joinNonNull: (sep, parts) => `ARRAY_TO_STRING([${parts.join(", ")}], ${bqLiteral(sep)})`,
  call,
};

/** Snowflake: double-quoted names (case-sensitive when quoted), backslash strings, anchored RLIKE avoided. */
const sfLiteral = quoteLiteralBackslash;
const sfRegex = (e: string, p: string) => `(REGEXP_INSTR(${e}, ${p}) > 0)`;
export const snowflake: Dialect = {
  name: "snowflake",
  layerEnd: "",
  bigint: "BIGINT",
  // Unquoted names are stored in upper case: a table made without quotes has INDUSTRY, which
  // "industry" would not find, and a dbt test naming icp_state would not find "icp_state". Plain
  // lower-case names are therefore written bare (resolved without case); others quoted as written.
  ident: snowflakeIdent,
  literal: sfLiteral,
  placeholder: null,
  normalisers: "table",
  text: (e) => `CAST(${e} AS VARCHAR)`,
  wsClass: WS_CLASS_HEX,
  trim: (e) => `TRIM(${e}, ${sfLiteral(" \t\n\r\f\v")})`,
  shortLength: (e) => `LENGTH(${e})`,
  inList: (e, items) => `${e} IN (${items.join(", ")})`,
  hasEdgeSpace: edgeSpace(sfRegex, sfLiteral, WS_CLASS_HEX),
  // REGEXP_LIKE and RLIKE match the whole string in Snowflake; REGEXP_INSTR searches.
  regex: sfRegex,
  regexI: (e, p) => `(REGEXP_INSTR(${e}, ${p}, 1, 1, 0, 'i') > 0)`,
  parseNumber: (e, pattern) =>
    `CASE WHEN REGEXP_INSTR(${e}, ${pattern}) > 0 THEN TRY_CAST(TRIM(${e}, ${sfLiteral(" \t\n\r\f\v")}) AS DOUBLE) END`,
  toDate: isoDateText(sfRegex, sfLiteral),
  dateValue: (iso) => iso,
  contains: (h, n) => `(POSITION(${n} IN ${h}) > 0)`,
  intDiv: (a, b) => `FLOOR((${a}) / (${b}))`,
  score: (t) => `CAST((${t}) / 10 AS NUMBER(4,1))`,
  finite: (e) => `(${e} NOT IN ('inf'::FLOAT, '-inf'::FLOAT))`,
  // CONCAT_WS is NULL when any part is; ARRAY_CONSTRUCT_COMPACT drops the NULL parts first.
  joinNonNull: (sep, parts) =>
    `ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(${parts.join(", ")}), ${sfLiteral(sep)})`,
  call,
};

/** Spark SQL (Databricks): backtick names, backslash strings, Java regular expressions. */
const sparkLiteral = quoteLiteralBackslash;
const sparkRegex = (e: string, p: string) => `(${e} RLIKE ${p})`;
export const spark: Dialect = {
  name: "spark",
  layerEnd: "",
  bigint: "BIGINT",
  ident: (n) => quoteIdentBacktick(n, "double"),
  literal: sparkLiteral,
  placeholder: null,
  normalisers: "table",
  text: (e) => `CAST(${e} AS STRING)`,
  wsClass: WS_CLASS_HEX,
  trim: (e) => `TRIM(BOTH ${sparkLiteral(" \t\n\r\f\v")} FROM ${e})`,
  shortLength: (e) => `OCTET_LENGTH(${e})`,
  inList: (e, items) => `${e} IN (${items.join(", ")})`,
  hasEdgeSpace: edgeSpace(sparkRegex, sparkLiteral, WS_CLASS_HEX),
  regex: sparkRegex,
  regexI: (e, p) => `(${e} RLIKE CONCAT('(?i)', ${p}))`,
  regexPattern: textAnchors,
  parseNumber: (e, pattern) =>
    `CASE WHEN ${e} RLIKE ${pattern} THEN TRY_CAST(TRIM(BOTH ${sparkLiteral(" \t\n\r\f\v")} FROM ${e}) AS DOUBLE) END`,
  toDate: isoDateText(sparkRegex, sparkLiteral),
  dateValue: (iso) => iso,
  contains: (h, n) => `(INSTR(${h}, ${n}) > 0)`,
  intDiv: (a, b) => `((${a}) DIV (${b}))`,
  score: (t) => `CAST(CAST(${t} AS DOUBLE) / 10 AS DECIMAL(4,1))`,
  finite: (e) => `(${e} NOT IN (DOUBLE('Infinity'), DOUBLE('-Infinity')))`,
  joinNonNull: (sep, parts) => `CONCAT_WS(${sparkLiteral(sep)}, ${parts.join(", ")})`,
  call,
};

/** Trino: standard names and strings (no backslash escapes), Java-style regular expressions (Joni). */
const trinoRegex = (e: string, p: string) => `regexp_like(${e}, ${p})`;
export const trino: Dialect = {
  name: "trino",
  layerEnd: "",
  bigint: "BIGINT",
  ident: quoteIdent,
  literal: quoteLiteral,
  placeholder: null,
  normalisers: "table",
  text: (e) => `CAST(${e} AS VARCHAR)`,
  wsClass: WS_CLASS_HEX,
  trim: (e) => `trim(BOTH ${chr(WS)} FROM ${e})`,
  shortLength: (e) => `length(${e})`,
  inList: (e, items) => `${e} IN (${items.join(", ")})`,
  hasEdgeSpace: edgeSpace(trinoRegex, quoteLiteral, WS_CLASS_HEX),
  regex: trinoRegex,
  regexI: (e, p) => `regexp_like(${e}, concat('(?i)', ${p}))`,
  regexPattern: textAnchors,
  parseNumber: (e, pattern) =>
    `CASE WHEN regexp_like(${e}, ${pattern}) THEN TRY_CAST(trim(BOTH ${chr(WS)} FROM ${e}) AS DOUBLE) END`,
  toDate: isoDateText(trinoRegex, quoteLiteral),
  dateValue: (iso) => iso,
  contains: (h, n) => `(strpos(${h}, ${n}) > 0)`,
  intDiv: (a, b) => `((${a}) / (${b}))`,
  score: (t) => `CAST(CAST(${t} AS DOUBLE) / 10 AS DECIMAL(4,1))`,
  finite: (e) => `is_finite(${e})`,
  joinNonNull: (sep, parts) => `concat_ws(${quoteLiteral(sep)}, ${parts.join(", ")})`,
  call,
};

export const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  duckdb,
  postgres,
  bigquery,
  snowflake,
  spark,
  trino,
};

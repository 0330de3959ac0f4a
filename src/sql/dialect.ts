/**
 * A SQL dialect: the small hooks where engines differ. The compiler writes everything else once.
 * Each hook receives SQL text already built (identifiers quoted, values as parameters or literals).
 */
export interface Dialect {
  readonly name: "duckdb" | "postgres";
  placeholder(index: number): string;
  /** A list/array literal of SQL expressions. */
  list(items: string[]): string;
  /** Characters trimmed as white space (see docs/semantics.md), as an SQL expression. */
  readonly whitespace: string;
  byteLength(expr: string): string;
  /** `expr` equals one of `items` (SQL expressions). DuckDB rewrites long IN lists into joins. */
  inList(expr: string, items: readonly string[]): string;
  /** The value starts or ends with white space (a cheap test before trimming). */
  hasEdgeSpace(expr: string): string;
  /** Case-sensitive regular-expression search. */
  regex(expr: string, pattern: string): string;
  /** Case-insensitive regular-expression search. */
  regexI(expr: string, pattern: string): string;
  /** Text → double when it matches the number grammar (`pattern`, white space allowed around), else NULL. */
  parseNumber(expr: string, pattern: string): string;
  /** Text known to look like YYYY-MM-DD → date, or NULL if not a calendar date. */
  toDate(expr: string): string;
  /** A date literal from an ISO string expression. */
  dateValue(isoExpr: string): string;
  /** Text → list of folded, non-empty items (no NULL handling). */
  splitList(expr: string): string;
  listLength(expr: string): string;
  listHasAny(list: string, items: string): string;
  listHasAll(list: string, items: string): string;
  contains(hay: string, needle: string): string;
  intDiv(a: string, b: string): string;
  /** Score in tenths (integer) → one-decimal score. */
  score(tenths: string): string;
  /** Finite double check (NULL for infinities). */
  finite(expr: string): string;
  /** A call of an icpkit function (normalisers: UDFs in DuckDB; to be installed on other engines). */
  call(fn: string, args: readonly string[]): string;
}

const chr = (codes: number[]) => codes.map((c) => `chr(${c})`).join(" || ");

export const duckdb: Dialect = {
  name: "duckdb",
  placeholder: (i) => `$${i}`,
  list: (items) => `[${items.join(", ")}]`,
  whitespace: chr([32, 9, 10, 13, 12, 11]),
  byteLength: (e) => `strlen(${e})`,
  inList: (e, items) =>
    items.length <= 8
      ? `(${items.map((i) => `${e} = ${i}`).join(" OR ")})`
      : `list_contains([${items.join(", ")}], ${e})`,
  hasEdgeSpace: (e) =>
    `(ascii(${e}) <= 32 OR ${[32, 9, 10, 13, 12, 11].map((c) => `suffix(${e}, chr(${c}))`).join(" OR ")})`,
  regex: (e, p) => `regexp_matches(${e}, ${p})`,
  regexI: (e, p) => `regexp_matches(${e}, ${p}, 'i')`,
  // DuckDB's cast accepts exactly the grammar (and surrounding ASCII white space), plus digit
  // separators "1_000", a "+-" prefix and inf/nan; the first two are refused here, the last by
  // the finite check. Cheaper than a regular expression per value.
  parseNumber: (e) =>
    `CASE WHEN NOT contains(${e}, '_') AND NOT contains(${e}, '+-') THEN TRY_CAST(${e} AS DOUBLE) END`,
  toDate: (e) => `TRY_CAST(${e} AS DATE)`,
  dateValue: (iso) => `CAST(${iso} AS DATE)`,
  splitList: (e) =>
    `list_filter(list_transform(string_split_regex(${e}, '[;,|]'), __x -> trim(lower(__x), ${chr([32, 9, 10, 13, 12, 11])})), __x -> __x <> '')`,
  listLength: (e) => `len(${e})`,
  listHasAny: (l, items) => `list_has_any(${l}, ${items})`,
  listHasAll: (l, items) => `list_has_all(${l}, ${items})`,
  contains: (h, n) => `contains(${h}, ${n})`,
  intDiv: (a, b) => `((${a}) // (${b}))`,
  score: (t) => `CAST(CAST(${t} AS DOUBLE) / 10 AS DECIMAL(4,1))`,
  finite: (e) => `isfinite(${e})`,
  call: (fn, args) => `${fn}(${args.join(", ")})`,
};

export const postgres: Dialect = {
  name: "postgres",
  placeholder: (i) => `$${i}`,
  list: (items) => `ARRAY[${items.join(", ")}]::text[]`,
  whitespace: chr([32, 9, 10, 13, 12, 11]),
  byteLength: (e) => `octet_length(${e})`,
  inList: (e, items) => `${e} IN (${items.join(", ")})`,
  hasEdgeSpace: (e) => `(${e} ~ '^[ \\t\\n\\r\\f\\v]|[ \\t\\n\\r\\f\\v]$')`,
  regex: (e, p) => `(${e} ~ ${p})`,
  regexI: (e, p) => `(${e} ~* ${p})`,
  parseNumber: (e, pattern) =>
    `CASE WHEN (${e} ~ ${pattern}) THEN CAST(trim(${e}, ${chr([32, 9, 10, 13, 12, 11])}) AS double precision) END`,
  toDate: (e) => `CAST(${e} AS date)`,
  dateValue: (iso) => `CAST(${iso} AS date)`,
  splitList: (e) =>
    `ARRAY(SELECT __x FROM (SELECT trim(lower(__p), ${chr([32, 9, 10, 13, 12, 11])}) AS __x FROM unnest(regexp_split_to_array(${e}, '[;,|]')) AS __p) __q WHERE __x <> '')`,
  listLength: (e) => `cardinality(${e})`,
  listHasAny: (l, items) => `(${l} && ${items})`,
  listHasAll: (l, items) => `(${l} @> ${items})`,
  contains: (h, n) => `(strpos(${h}, ${n}) > 0)`,
  intDiv: (a, b) => `((${a}) / (${b}))`,
  score: (t) => `CAST(CAST(${t} AS double precision) / 10 AS numeric(4,1))`,
  finite: (e) => `(${e} NOT IN ('Infinity'::float8, '-Infinity'::float8))`,
  call: (fn, args) => `${fn}(${args.join(", ")})`,
};

export const DIALECTS = { duckdb, postgres } as const;
export type DialectName = keyof typeof DIALECTS;

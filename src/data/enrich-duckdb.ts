/**
 * Enrichment against a universe file of any size: DuckDB scans the universe once for the rows that
 * could match a lead (the same host as a lead's domain or one of its parent domains, the same
 * LinkedIn company path, the same first word of the name) and only those rows reach JavaScript,
 * where `enrich` decides every match exactly as for a universe read into rows. The prefilter
 * keeps every row that shares a key with a lead, so "a key on two companies matches none" still
 * holds.
 */
import { DuckDbEngine } from "../engine/duckdb.js";
import type { RawValue } from "../engine/values.js";
import type { FileFormat } from "../io/formats.js";
import type { Record_ } from "../io/read.js";
import { quoteIdent } from "../sql/escape.js";
import { type Enriched, type EnrichOptions, enrich, leadKeys } from "./enrich.js";
import { mapEntityColumns } from "./entities.js";
import type { LoadedTable } from "./load.js";

/** SQL: a column's host, lower case, without scheme, "www." and path (a superset key for domains). */
export const hostSql = (col: string): string =>
  `regexp_extract(lower(CAST(${col} AS VARCHAR)), '^(?:[a-z]+://)?(?:www\\.)?([^/:?#\\s]+)', 1)`;

/** SQL: the host, or its last two or three labels, is one of `keys` (a subquery of registrable domains). */
export const domainInSql = (col: string, keys: string): string => {
  const host = hostSql(col);
  return `${host} IN ${keys} OR regexp_extract(${host}, '([^.]+\\.[^.]+)$', 1) IN ${keys} OR regexp_extract(${host}, '([^.]+\\.[^.]+\\.[^.]+)$', 1) IN ${keys}`;
};

/**
 * SQL: the name's key as companyKey reads it up to the legal suffix (accents, case, "&",
 * punctuation), and whether one of `names` (normalised keys) is it, starts it, or follows "the".
 */
export const nameMatchSql = (col: string, table: string, kind: string): string => {
  const k0 = `trim(regexp_replace(replace(strip_accents(lower(CAST(${col} AS VARCHAR))), '&', ' and '), '[^\\pL\\pN]+', ' ', 'g'))`;
  return `EXISTS (SELECT 1 FROM (SELECT key, split_part(key, ' ', 1) AS w FROM ${table} WHERE kind = '${kind}') AS nk WHERE nk.w = CASE WHEN split_part(${k0}, ' ', 1) = 'the' THEN split_part(${k0}, ' ', 2) ELSE split_part(${k0}, ' ', 1) END AND (${k0} = nk.key OR starts_with(${k0}, nk.key || ' ') OR starts_with(${k0}, 'the ' || nk.key)))`;
};

export async function enrichFile(
  leads: LoadedTable,
  universe: string,
  format: FileFormat,
  o: EnrichOptions,
): Promise<Enriched & { universeRows: number }> {
  const duck = await DuckDbEngine.open();
  try {
    const src = await duck.source(universe, format);
    try {
      const mapping = mapEntityColumns("accounts", src.columns);
      const col = (f: string) => mapping.find((m) => m.field === f)?.column;
      const domainCol = col("domain");
      const nameCol = col("name");
      const linkedinCol = src.columns.find((c) => /linkedin/i.test(c) && !/person|profile|contact/i.test(c));
      const k = leadKeys(leads);
      await duck.conn.run("CREATE TEMP TABLE __icp_lk (kind VARCHAR, key VARCHAR)");
      const app = await duck.conn.createAppender("__icp_lk");
      for (const [kind, set] of [
        ["domain", k.domains],
        ["linkedin", k.linkedins],
        ["name", k.names],
      ] as const)
        for (const v of set) {
          app.appendVarchar(kind);
          app.appendVarchar(v);
          app.endRow();
        }
      app.closeSync();
      const conds: string[] = [];
      const keysOf = (kind: string) => `(SELECT key FROM __icp_lk WHERE kind = '${kind}')`;
      if (domainCol && k.domains.size) conds.push(domainInSql(quoteIdent(domainCol), keysOf("domain")));
      if (linkedinCol && k.linkedins.size)
        conds.push(
          `lower(regexp_extract(CAST(${quoteIdent(linkedinCol)} AS VARCHAR), 'linkedin\\.com/((company|school|showcase)/[^/?#\\s]+)', 1)) IN ${keysOf("linkedin")}`,
        );
      // names: the same normalisation as companyKey, the lead's key equal to the row's or starting it
      if (nameCol && k.names.size) conds.push(nameMatchSql(quoteIdent(nameCol), "__icp_lk", "name"));
      const rows: Record_[] = [];
      if (conds.length) {
        const res = await duck.conn.runAndReadAll(
          `SELECT ${src.columns.map(quoteIdent).join(", ")} FROM ${src.sql} WHERE ${conds.map((c) => `(${c})`).join(" OR ")}`,
        );
        for (const r of res.getRowsJS()) {
          const row: Record_ = {};
          src.columns.forEach((c, i) => {
            row[c] = (r[i] ?? null) as RawValue;
          });
          rows.push(row);
        }
      }
      const count = await duck.conn.runAndReadAll(`SELECT count(*)::BIGINT FROM ${src.sql}`);
      const candidates: LoadedTable = {
        file: universe,
        entity: "accounts",
        columns: src.columns,
        mapping,
        rows,
        rejects: [],
      };
      return { ...enrich(leads, candidates, o), universeRows: Number(count.getRowsJS()[0]?.[0] ?? 0) };
    } finally {
      src.close();
    }
  } finally {
    duck.close();
  }
}

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
      if (domainCol && k.domains.size) {
        const host = `regexp_extract(lower(CAST(${quoteIdent(domainCol)} AS VARCHAR)), '^(?:[a-z]+://)?(?:www\\.)?([^/:?#\\s]+)', 1)`;
        conds.push(
          `${host} IN ${keysOf("domain")} OR regexp_extract(${host}, '([^.]+\\.[^.]+)$', 1) IN ${keysOf("domain")} OR regexp_extract(${host}, '([^.]+\\.[^.]+\\.[^.]+)$', 1) IN ${keysOf("domain")}`,
        );
      }
      if (linkedinCol && k.linkedins.size)
        conds.push(
          `lower(regexp_extract(CAST(${quoteIdent(linkedinCol)} AS VARCHAR), 'linkedin\\.com/((company|school|showcase)/[^/?#\\s]+)', 1)) IN ${keysOf("linkedin")}`,
        );
      // names: the same normalisation as companyKey (accents, case, "&", punctuation), then the
      // lead's key must be the row's, or its start before a legal suffix, or follow "the"
      const key0 = nameCol
        ? `trim(regexp_replace(replace(strip_accents(lower(CAST(${quoteIdent(nameCol)} AS VARCHAR))), '&', ' and '), '[^\\pL\\pN]+', ' ', 'g'))`
        : null;
      if (key0 && k.names.size)
        conds.push(
          `EXISTS (SELECT 1 FROM (SELECT key, split_part(key, ' ', 1) AS w FROM __icp_lk WHERE kind = 'name') AS lk WHERE lk.w = CASE WHEN split_part(${key0}, ' ', 1) = 'the' THEN split_part(${key0}, ' ', 2) ELSE split_part(${key0}, ' ', 1) END AND (${key0} = lk.key OR starts_with(${key0}, lk.key || ' ') OR starts_with(${key0}, 'the ' || lk.key)))`,
        );
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

/**
 * Enrichment from a company universe: leads (or a list of best customers) that hold only a
 * website, an e-mail or a name are joined to a company table, and their empty fields filled from
 * it. Keys, most reliable first: registrable domain (website, else the e-mail's company domain;
 * free mail never), LinkedIn company URL, normalised name with country, normalised name alone
 * (when it names one company). A key that names several companies matches none. Filled cells only
 * where the lead's is empty (unless overwriting is asked for), each with its provenance.
 */

import { isMissing, type RawValue } from "../engine/values.js";
import { InputError } from "../io/formats.js";
import type { Record_ } from "../io/read.js";
import { columnKey } from "../profile/fields.js";
import { mapEntityColumns } from "./entities.js";
import type { LoadedTable } from "./load.js";
import { countryCode } from "./normalise/country.js";
import { isFreeMail, registrableDomain } from "./normalise/domain.js";
import { companyKey } from "./normalise/names.js";

export type MatchKey = "domain" | "linkedin" | "name+country" | "name";
/** How sure a match by each key is (reported per row as icp_match_confidence). */
export const CONFIDENCE: Record<MatchKey, number> = {
  domain: 1,
  linkedin: 0.95,
  "name+country": 0.8,
  name: 0.6,
};

export interface EnrichOptions {
  /** Replace lead cells that are not empty too. */
  overwrite?: boolean;
  /** How the source is named in provenance cells. */
  sourceName: string;
}

export interface EnrichReport {
  rows: number;
  matched: Record<MatchKey, number>;
  unmatched: { reason: string; count: number; examples: string[] }[];
  /** Cells filled per column. */
  filled: Record<string, number>;
  /** Columns added to the leads (the universe had them, the leads did not). */
  added: string[];
}

export interface Enriched {
  columns: string[];
  rows: (string | null)[][];
  report: EnrichReport;
}

const text = (v: RawValue): string | null => (isMissing(v) ? null : String(v).trim() || null);

/** linkedin.com/company/acme from any spelling of the URL (protocol, www, trailing slash, query). */
export function linkedinKey(v: RawValue): string | null {
  const t = text(v);
  if (!t) return null;
  const m = /linkedin\.com\/(company|school|showcase)\/([^/?#\s]+)/i.exec(t);
  return m ? `${m[1]?.toLowerCase()}/${decodeURIComponent(m[2] ?? "").toLowerCase()}` : null;
}

interface Keys {
  domain: string | null;
  freeMail: boolean;
  linkedin: string | null;
  name: string | null;
  country: string | null;
}

function keyColumns(t: LoadedTable) {
  const acc = (f: string) => t.mapping.find((m) => m.field === f)?.column;
  const contact = mapEntityColumns("contacts", t.columns);
  const email = contact.find((m) => m.field === "email")?.column;
  const linkedin = t.columns.find((c) => /linkedin/i.test(c) && !/person|profile|contact/i.test(c));
  const company = acc("name") ?? contact.find((m) => m.field === "account_name")?.column;
  return { domain: acc("domain"), email, linkedin, name: company, country: acc("country") };
}

function keysOf(cols: ReturnType<typeof keyColumns>, row: Record_): Keys {
  let domain = cols.domain ? registrableDomain(row[cols.domain]) : null;
  let freeMail = false;
  if (domain === null && cols.email) {
    const d = registrableDomain(row[cols.email]);
    if (d !== null && isFreeMail(d)) freeMail = true;
    else domain = d;
  }
  const n = cols.name ? text(row[cols.name]) : null;
  return {
    domain,
    freeMail,
    linkedin: cols.linkedin ? linkedinKey(row[cols.linkedin]) : null,
    name: n ? companyKey(n) || null : null,
    country: cols.country ? countryCode(row[cols.country]) : null,
  };
}

/** The keys the leads hold (for a reader that looks only for those in a large universe). */
export function leadKeys(leads: LoadedTable): {
  domains: Set<string>;
  linkedins: Set<string>;
  names: Set<string>;
} {
  const lc = keyColumns(leads);
  const out = { domains: new Set<string>(), linkedins: new Set<string>(), names: new Set<string>() };
  for (const r of leads.rows) {
    const k = keysOf(lc, r);
    if (k.domain) out.domains.add(k.domain);
    if (k.linkedin) out.linkedins.add(k.linkedin);
    if (k.name) out.names.add(k.name);
  }
  return out;
}

export function enrich(leads: LoadedTable, universe: LoadedTable, o: EnrichOptions): Enriched {
  const uc = keyColumns(universe);
  const lc = keyColumns(leads);
  const index = {
    domain: new Map<string, number[]>(),
    linkedin: new Map<string, number[]>(),
    nameCountry: new Map<string, number[]>(),
    name: new Map<string, number[]>(),
  };
  const add = (m: Map<string, number[]>, k: string | null, i: number) => {
    if (!k) return;
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  };
  universe.rows.forEach((r, i) => {
    const k = keysOf(uc, r);
    add(index.domain, k.domain, i);
    add(index.linkedin, k.linkedin, i);
    if (k.name) {
      add(index.name, k.name, i);
      if (k.country) add(index.nameCountry, `${k.name}\u0000${k.country}`, i);
    }
  });
  // universe column → lead column: the same standard field, else the same column name; else added
  const leadByField = new Map(leads.mapping.map((m) => [m.field, m.column]));
  const leadByKey = new Map(leads.columns.map((c) => [columnKey(c), c]));
  const target = new Map<string, string>();
  const added: string[] = [];
  for (const c of universe.columns) {
    const f = universe.mapping.find((m) => m.column === c)?.field;
    const l = (f ? leadByField.get(f) : undefined) ?? leadByKey.get(columnKey(c));
    if (l !== undefined) target.set(c, l);
    else if (!/^column_\d+$/.test(c)) {
      target.set(c, c);
      added.push(c);
    }
  }
  const provenance = [...target.values()].map((c) => `${c}__source`);
  const taken = new Set([...leads.columns, ...added]);
  const extra = ["icp_match", "icp_match_confidence", ...provenance].filter((c) => {
    if (taken.has(c))
      throw new InputError(`the leads already have a column ${JSON.stringify(c)}, which enrich adds`, {
        hint: "rename it, or enrich the file without it",
      });
    return true;
  });
  const columns = [...leads.columns, ...added, ...extra];
  const report: EnrichReport = {
    rows: leads.rows.length,
    matched: { domain: 0, linkedin: 0, "name+country": 0, name: 0 },
    unmatched: [],
    filled: {},
    added,
  };
  const reasons = new Map<string, { count: number; examples: string[] }>();
  const miss = (reason: string, example: string) => {
    const r = reasons.get(reason) ?? { count: 0, examples: [] };
    r.count++;
    if (r.examples.length < 3 && example) r.examples.push(example);
    reasons.set(reason, r);
  };
  const rows = leads.rows.map((row) => {
    const k = keysOf(lc, row);
    const tries: [MatchKey, Map<string, number[]>, string | null][] = [
      ["domain", index.domain, k.domain],
      ["linkedin", index.linkedin, k.linkedin],
      ["name+country", index.nameCountry, k.name && k.country ? `${k.name}\u0000${k.country}` : null],
      ["name", index.name, k.name],
    ];
    let hit: { by: MatchKey; at: number } | null = null;
    const misses: string[] = [];
    for (const [by, m, key] of tries) {
      if (!key) continue;
      const l = m.get(key);
      if (l?.length === 1) {
        hit = { by, at: l[0] as number };
        break;
      }
      misses.push(l && l.length > 1 ? `${by} on ${l.length} companies` : `${by} not in the universe`);
    }
    const out: (string | null)[] = leads.columns.map((c) => text(row[c]));
    const addedCells: (string | null)[] = added.map(() => null);
    const prov: (string | null)[] = provenance.map(() => null);
    if (!hit) {
      const example = k.domain ?? k.linkedin ?? k.name ?? "";
      if (!k.domain && !k.linkedin && !k.name)
        miss(
          k.freeMail
            ? "only a free-mail address (no company domain) and no company name"
            : "no website, company e-mail, LinkedIn URL or company name",
          example,
        );
      else miss(misses.join("; "), example);
      return [...out, ...addedCells, null, null, ...prov];
    }
    report.matched[hit.by]++;
    const u = universe.rows[hit.at] as Record_;
    let pi = 0;
    for (const [uCol, lCol] of target) {
      const v = text(u[uCol]);
      const li = leads.columns.indexOf(lCol);
      const ai = added.indexOf(lCol);
      const current = li >= 0 ? out[li] : ai >= 0 ? addedCells[ai] : null;
      if (v !== null && (current === null || current === undefined || o.overwrite) && v !== current) {
        if (li >= 0) out[li] = v;
        else if (ai >= 0) addedCells[ai] = v;
        prov[pi] = `${o.sourceName} by ${hit.by}`;
        report.filled[lCol] = (report.filled[lCol] ?? 0) + 1;
      }
      pi++;
    }
    return [...out, ...addedCells, hit.by, String(CONFIDENCE[hit.by]), ...prov];
  });
  report.unmatched = [...reasons].map(([reason, r]) => ({ reason, ...r })).sort((a, b) => b.count - a.count);
  return { columns, rows, report };
}

/**
 * Link rows of deals, subscriptions, contacts and events to accounts: by account id, else by
 * registrable domain (from a domain/website column, else the e-mail address), else by normalised
 * company name. A row that links to nothing says why; nothing is linked by a guess (a domain or
 * name shared by two accounts is reported as ambiguous, not picked).
 */

import { isMissing, type RawValue, trimWs } from "../engine/values.js";
import type { Record_ } from "../io/read.js";
import { columnOf, type LoadedTable } from "./load.js";
import { countryCode } from "./normalise/country.js";
import { isFreeMail, registrableDomain } from "./normalise/domain.js";
import { salesforceId15 } from "./normalise/ids.js";
import { companyKey } from "./normalise/names.js";

export type LinkMethod = "id" | "domain" | "name";

export interface Link {
  /** Index of the account row, or null. */
  account: number | null;
  by: LinkMethod | null;
  /** Why the row did not link (null when it did). */
  reason: string | null;
}

export interface AccountKeys {
  id: string | null;
  domain: string | null;
  name: string | null;
  /** ISO alpha-2, used to keep apart same-named companies in different countries. */
  country: string | null;
}

const text = (v: RawValue): string | null => (isMissing(v) ? null : trimWs(String(v)));

/** The keys an account row can be found by. */
export function accountKeys(t: Pick<LoadedTable, "mapping">, row: Record_): AccountKeys {
  const idCol = columnOf(t, "id");
  const domainCol = columnOf(t, "domain");
  const nameCol = columnOf(t, "name");
  const countryCol = columnOf(t, "country");
  const d = domainCol ? registrableDomain(row[domainCol]) : null;
  const n = nameCol ? text(row[nameCol]) : null;
  return {
    id: idCol ? text(row[idCol]) : null,
    domain: d,
    name: n ? companyKey(n) || null : null,
    country: countryCol ? countryCode(row[countryCol]) : null,
  };
}

function addTo(map: Map<string, number[]>, key: string | null, i: number): void {
  if (key === null || key === "") return;
  const l = map.get(key);
  if (l) l.push(i);
  else map.set(key, [i]);
}

export class AccountIndex {
  readonly byId = new Map<string, number[]>();
  readonly byDomain = new Map<string, number[]>();
  readonly byName = new Map<string, number[]>();
  /** Salesforce ids by their 15-character form: a report's 15-character ids link to 18-character ones. */
  readonly bySalesforce15 = new Map<string, number[]>();
  readonly keys: AccountKeys[];

  constructor(readonly accounts: LoadedTable) {
    this.keys = accounts.rows.map((r) => accountKeys(accounts, r));
    this.keys.forEach((k, i) => {
      addTo(this.byId, k.id, i);
      if (k.id !== null) addTo(this.bySalesforce15, salesforceId15(k.id), i);
      addTo(this.byDomain, k.domain, i);
      addTo(this.byName, k.name, i);
    });
  }

  /** What the account table can be linked by (for the report). */
  get linkableBy(): LinkMethod[] {
    const out: LinkMethod[] = [];
    if (this.byId.size) out.push("id");
    if (this.byDomain.size) out.push("domain");
    if (this.byName.size) out.push("name");
    return out;
  }

  /** The account for a row of another table (its mapping names the `account*` and `email` columns). */
  link(t: Pick<LoadedTable, "mapping">, row: Record_): Link {
    const refCol = columnOf(t, "account");
    const nameCol = columnOf(t, "account_name");
    const domainCol = columnOf(t, "account_domain");
    const emailCol = columnOf(t, "email");
    const ref = refCol ? text(row[refCol]) : null;
    const misses: string[] = [];
    // 1. id
    if (ref !== null) {
      const sf = this.byId.has(ref) ? null : salesforceId15(ref);
      const hit = this.byId.get(ref) ?? (sf !== null ? this.bySalesforce15.get(sf) : undefined);
      if (hit?.length === 1) return { account: hit[0] ?? null, by: "id", reason: null };
      if (hit && hit.length > 1) misses.push(`id ${JSON.stringify(ref)} is on ${hit.length} accounts`);
      else if (this.byId.size) misses.push(`id ${JSON.stringify(ref)} is not an account id`);
    }
    // 2. domain (a domain column, else the e-mail's domain unless it is free mail)
    let domain = domainCol ? registrableDomain(row[domainCol]) : null;
    if (domain === null && emailCol) {
      const e = registrableDomain(row[emailCol]);
      if (e !== null && isFreeMail(e)) misses.push(`e-mail domain ${e} is free mail`);
      else domain = e;
    }
    if (domain !== null) {
      const hit = this.byDomain.get(domain);
      if (hit?.length === 1) return { account: hit[0] ?? null, by: "domain", reason: null };
      misses.push(
        hit && hit.length > 1
          ? `domain ${domain} is on ${hit.length} accounts`
          : `domain ${domain} is on no account`,
      );
    }
    // 3. name (the account name column, else the account reference read as a name)
    const names = [nameCol ? text(row[nameCol]) : null, ref].filter((n): n is string => n !== null);
    for (const n of names) {
      const key = companyKey(n);
      if (key === "") continue;
      const hit = this.byName.get(key);
      if (hit?.length === 1) return { account: hit[0] ?? null, by: "name", reason: null };
      misses.push(
        hit && hit.length > 1
          ? `name ${JSON.stringify(n)} matches ${hit.length} accounts`
          : `name ${JSON.stringify(n)} matches no account`,
      );
    }
    if (ref === null && domain === null && names.length === 0 && misses.length === 0)
      misses.push("no account reference (account, company, domain and e-mail are empty)");
    return { account: null, by: null, reason: [...new Set(misses)].join("; ") };
  }
}

export interface LinkReport {
  rows: number;
  linked: number;
  by: Record<LinkMethod, number>;
  unlinked: number;
  /** Reasons, grouped by their shape (the quoted value replaced), with counts and examples. */
  reasons: { reason: string; count: number; examples: string[] }[];
}

const shape = (reason: string): string =>
  reason
    .replace(/"[^"]*"/g, "…")
    .replace(/domain \S+ is/g, "domain … is")
    .replace(/e-mail domain \S+/g, "e-mail domain …");

/** Link every row of a table; the report counts methods and groups the reasons rows did not link. */
export function linkTable(index: AccountIndex, t: LoadedTable): { links: Link[]; report: LinkReport } {
  const links = t.rows.map((r) => index.link(t, r));
  const by: Record<LinkMethod, number> = { id: 0, domain: 0, name: 0 };
  const reasons = new Map<string, { count: number; examples: string[] }>();
  for (const l of links) {
    if (l.by) by[l.by]++;
    else if (l.reason) {
      const k = shape(l.reason);
      const g = reasons.get(k) ?? { count: 0, examples: [] };
      g.count++;
      if (g.examples.length < 3 && !g.examples.includes(l.reason)) g.examples.push(l.reason);
      reasons.set(k, g);
    }
  }
  const linked = by.id + by.domain + by.name;
  return {
    links,
    report: {
      rows: links.length,
      linked,
      by,
      unlinked: links.length - linked,
      reasons: [...reasons]
        .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
        .map(([reason, g]) => ({ reason, ...g })),
    },
  };
}

/**
 * An account's buying committee: the contacts linked to it (same id, domain or company name) with
 * their function, seniority and personas, and the profile's personas present and missing. The CLI's
 * `icp explain --contacts` and the web UI's account page show it.
 */
import { fold, type RawValue } from "../engine/values.js";
import { columnKey, resolveColumn } from "../profile/fields.js";
import type { Profile } from "../profile/model.js";
import { analyzeContact, findContactColumns } from "./contacts.js";

type Record_ = Readonly<Record<string, RawValue>>;

export const ID_COLUMNS = ["id", "account id", "company id", "record id", "accountid", "account", "uuid"];

export function bareDomain(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/^www\./, "")
    .replace(/[/?#].*$/, "");
}

export interface AccountCommittee {
  keys: string[];
  contacts: Array<{ title: string; function: string | null; seniority: string | null; personas: string[] }>;
  present: string[];
  missing: Array<{ name: string; role: string }>;
}

/** The keys contacts link to this account by. */
export function committeeKeys(profile: Profile, columns: readonly string[], row: Record_): string[] {
  const keys: string[] = [];
  const idCol = columns.find((c) => ID_COLUMNS.map(columnKey).includes(columnKey(c)));
  if (idCol && row[idCol]) keys.push(`id:${fold(String(row[idCol]))}`);
  const domain = profile.fields.get("domain");
  const domCol = domain ? resolveColumn(domain, [...columns]) : undefined;
  if (domCol && row[domCol]) keys.push(`domain:${bareDomain(String(row[domCol]))}`);
  const nameCol = columns.find((c) =>
    ["name", "company", "company name", "account name"].map(columnKey).includes(columnKey(c)),
  );
  if (nameCol && row[nameCol]) keys.push(`name:${fold(String(row[nameCol]))}`);
  return keys;
}

/** The committee of the account with `keys`, from every contact record. */
export async function accountCommittee(
  profile: Profile,
  keys: readonly string[],
  contactColumns: readonly string[],
  contacts: AsyncIterable<Record_> | Iterable<Record_>,
): Promise<AccountCommittee> {
  const cols = findContactColumns(contactColumns);
  const list: AccountCommittee["contacts"] = [];
  const present = new Set<string>();
  for await (const c of contacts) {
    const r = analyzeContact(c, cols, profile.personas);
    if (!r.account || !keys.includes(r.account)) continue;
    list.push({
      title: cols.title ? String(c[cols.title] ?? "") : "",
      function: r.function,
      seniority: r.seniority,
      personas: r.personas,
    });
    for (const p of r.personas) present.add(p);
  }
  return {
    keys: [...keys],
    contacts: list,
    present: profile.personas.filter((p) => present.has(p.name)).map((p) => p.name),
    missing: profile.personas
      .filter((p) => !present.has(p.name))
      .map((p) => ({ name: p.name, role: p.role })),
  };
}

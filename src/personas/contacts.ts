/**
 * Contacts → function, seniority, personas; contacts → accounts (by account id, else email
 * domain, else company name); accounts → buying-committee coverage.
 */
import { FREE_MAIL } from "../data/normalise/domain.js";
import { fold, type RawValue } from "../engine/values.js";
import { columnKey } from "../profile/fields.js";
import type { Persona } from "../profile/model.js";
import { type Lexicon, loadDefaultLexicon, parseTitle, type Seniority } from "./titles.js";

const COLUMN_NAMES = {
  title: ["title", "job title", "jobtitle", "job_title", "position", "designation", "role title"],
  email: ["email", "e-mail", "email address", "work email", "business email"],
  account: ["account id", "account_id", "accountid", "company id", "company_id", "companyid", "account"],
  company: ["company", "company name", "organization", "organisation", "account name", "employer"],
} as const;

export interface ContactColumns {
  title?: string;
  email?: string;
  account?: string;
  company?: string;
}

export function findContactColumns(columns: readonly string[]): ContactColumns {
  const out: ContactColumns = {};
  for (const [k, names] of Object.entries(COLUMN_NAMES) as Array<[keyof ContactColumns, readonly string[]]>) {
    const keys = names.map(columnKey);
    const hit = columns.find((c) => keys.includes(columnKey(c)));
    if (hit) out[k] = hit;
  }
  return out;
}

export interface ContactResult {
  function: string | null;
  functions: string[];
  seniority: Seniority | null;
  personas: string[];
  /** The account key: `id:…`, `domain:…` or `name:…`; null when the contact links to nothing. */
  account: string | null;
}

export function personaMatches(
  p: Persona,
  functions: readonly string[],
  seniority: Seniority,
  foldedTitle: string,
): boolean {
  if (p.exclude.some((k) => foldedTitle.includes(k))) return false;
  if (p.include.some((k) => foldedTitle.includes(k))) return true;
  if (p.functions.length === 0 && p.seniorities.length === 0) return false;
  const fnOk = p.functions.length === 0 || functions.some((f) => p.functions.includes(f));
  const senOk = p.seniorities.length === 0 || p.seniorities.includes(seniority);
  return fnOk && senOk;
}

export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 0) return null;
  const d = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, "");
  return d.includes(".") ? d : null;
}

const text = (v: RawValue): string => (v === null || v === undefined ? "" : String(v));

export function analyzeContact(
  row: Readonly<Record<string, RawValue>>,
  cols: ContactColumns,
  personas: readonly Persona[],
  lex: Lexicon = loadDefaultLexicon(),
): ContactResult {
  const title = cols.title ? text(row[cols.title]) : "";
  const parsed = title.trim() ? parseTitle(title, lex) : null;
  const folded = fold(title);
  const matched = parsed
    ? personas.filter((p) => personaMatches(p, parsed.functions, parsed.seniority, folded)).map((p) => p.name)
    : [];
  let account: string | null = null;
  const id = cols.account ? fold(text(row[cols.account])) : "";
  if (id) account = `id:${id}`;
  else {
    const domain = cols.email ? emailDomain(text(row[cols.email])) : null;
    if (domain && !FREE_MAIL.has(domain)) account = `domain:${domain}`;
    else {
      const name = cols.company ? fold(text(row[cols.company])) : "";
      if (name) account = `name:${name}`;
    }
  }
  return {
    function: parsed?.function ?? null,
    functions: parsed?.functions ?? [],
    seniority: parsed?.seniority ?? null,
    personas: matched,
    account,
  };
}

export interface CommitteeCoverage {
  account: string;
  contacts: number;
  present: string[];
  missing: string[];
  /** Share of the profile's personas present. */
  coverage: number;
  hasDecisionMaker: boolean;
}

/** Per account, in order of first appearance: which personas it has and which it lacks. */
export function committeeCoverage(
  results: readonly ContactResult[],
  personas: readonly Persona[],
): CommitteeCoverage[] {
  const byAccount = new Map<string, { contacts: number; present: Set<string> }>();
  for (const r of results) {
    if (!r.account) continue;
    const a = byAccount.get(r.account) ?? { contacts: 0, present: new Set<string>() };
    a.contacts++;
    for (const p of r.personas) a.present.add(p);
    byAccount.set(r.account, a);
  }
  const deciders = personas.filter((p) => p.role === "decision_maker").map((p) => p.name);
  return [...byAccount].map(([account, a]) => {
    const present = personas.filter((p) => a.present.has(p.name)).map((p) => p.name);
    return {
      account,
      contacts: a.contacts,
      present,
      missing: personas.filter((p) => !a.present.has(p.name)).map((p) => p.name),
      coverage: personas.length ? present.length / personas.length : 0,
      hasDecisionMaker: deciders.some((d) => a.present.has(d)),
    };
  });
}

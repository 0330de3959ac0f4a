/**
 * Derived fields: per-account values computed from related tables — trigger events, job postings,
 * contacts — and then tested like any column, so every engine compiles them unchanged:
 *
 *   events.<type>.last_date      date    latest event of that type on or before as-of
 *   events.<type>.count_<N>d     number  events of that type in the N days up to as-of
 *   hiring.<function>.last_date  date    latest job posting whose title is in that function
 *   hiring.<function>.count_<N>d number  such postings in the N days up to as-of
 *   committee.contacts           number  contacts linked to the account
 *   committee.coverage           number  share (0..1) of the profile's personas present
 *   committee.decision_maker     boolean a contact matches a decision-maker persona
 *   committee.<persona>          number  contacts matching that persona (its name as a key)
 *
 * An input that already has a column of that name (a warehouse view, a precomputed export) is read
 * as it is; `icp score --events … --contacts …` computes the columns (src/data/derive.ts).
 */
import type { FieldDecl } from "./fields.js";
import type { Profile } from "./model.js";
import { FUNCTIONS } from "./schema.js";

export type DerivedField =
  | { kind: "event_last"; type: string }
  | { kind: "event_count"; type: string; days: number }
  | { kind: "hiring_last"; fn: string }
  | { kind: "hiring_count"; fn: string; days: number }
  | { kind: "committee_contacts" }
  | { kind: "committee_coverage" }
  | { kind: "committee_decision_maker" }
  | { kind: "committee_persona"; persona: string };

export const DERIVED_PREFIXES = ["events.", "hiring.", "committee."] as const;

/** A name as a derived-field key: lower case, runs of other characters as `_` ("Funding Round" → funding_round). */
export function derivedKey(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

export type DerivedParse =
  | { ok: true; field: DerivedField; decl: FieldDecl }
  | { ok: false; message: string; hint: string };

const decl = (name: string, type: FieldDecl["type"], description: string): FieldDecl => ({
  name,
  type,
  columns: [name],
  ...(type === "date" ? { normalize: "date" as const } : {}),
  description,
});

/** The derived field a name stands for; null when the name is not in a derived namespace. */
export function parseDerivedField(name: string): DerivedParse | null {
  if (!DERIVED_PREFIXES.some((p) => name.startsWith(p))) return null;
  const parts = name.split(".");
  const [ns, key, what] = parts;
  const window = what ? /^count_([1-9][0-9]{0,4})d$/.exec(what) : null;
  if (ns === "events" || ns === "hiring") {
    const okKey = key !== undefined && /^[a-z0-9_]+$/.test(key);
    if (parts.length !== 3 || !okKey || (what !== "last_date" && !window))
      return {
        ok: false,
        message: `\`${name}\` is not a ${ns} field`,
        hint: `use ${ns}.<${ns === "events" ? "type" : "function"}>.last_date (a date) or ${ns}.<${ns === "events" ? "type" : "function"}>.count_90d (a number), keys in lower case with _`,
      };
    if (ns === "hiring" && !(FUNCTIONS as readonly string[]).includes(key as string))
      return {
        ok: false,
        message: `\`${key}\` is not a job function`,
        hint: `functions: ${FUNCTIONS.join(", ")}`,
      };
    const days = window ? Number(window[1]) : 0;
    if (ns === "events")
      return window
        ? {
            ok: true,
            field: { kind: "event_count", type: key as string, days },
            decl: decl(name, "number", `${key} events in the last ${days} days`),
          }
        : {
            ok: true,
            field: { kind: "event_last", type: key as string },
            decl: decl(name, "date", `date of the latest ${key} event`),
          };
    return window
      ? {
          ok: true,
          field: { kind: "hiring_count", fn: key as string, days },
          decl: decl(name, "number", `${key} job postings in the last ${days} days`),
        }
      : {
          ok: true,
          field: { kind: "hiring_last", fn: key as string },
          decl: decl(name, "date", `date of the latest ${key} job posting`),
        };
  }
  // committee.*
  if (parts.length !== 2 || key === undefined || !/^[a-z0-9_]+$/.test(key))
    return {
      ok: false,
      message: `\`${name}\` is not a committee field`,
      hint: "use committee.coverage, committee.contacts, committee.decision_maker or committee.<persona name as a key>",
    };
  if (key === "coverage")
    return {
      ok: true,
      field: { kind: "committee_coverage" },
      decl: decl(name, "number", "share of the profile's personas present among the contacts"),
    };
  if (key === "contacts")
    return {
      ok: true,
      field: { kind: "committee_contacts" },
      decl: decl(name, "number", "contacts linked to the account"),
    };
  if (key === "decision_maker")
    return {
      ok: true,
      field: { kind: "committee_decision_maker" },
      decl: decl(name, "boolean", "a contact matches a decision-maker persona"),
    };
  return {
    ok: true,
    field: { kind: "committee_persona", persona: key },
    decl: decl(name, "number", `contacts matching persona ${key}`),
  };
}

/** The derived fields the profiles' criteria read, in first-use order. */
export function derivedFieldsOf(profiles: readonly Profile[]): Array<{ name: string; field: DerivedField }> {
  const out = new Map<string, DerivedField>();
  for (const p of profiles)
    for (const c of p.criteria) {
      const d = parseDerivedField(c.field.name);
      if (d?.ok && !out.has(c.field.name)) out.set(c.field.name, d.field);
    }
  return [...out].map(([name, field]) => ({ name, field }));
}

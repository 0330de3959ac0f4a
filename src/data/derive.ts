/**
 * Compute the derived fields profiles refer to (src/profile/derived.ts) from related tables:
 * events (funding rounds, leadership changes…), job postings, contacts. Rows link to accounts by
 * the data layer's one rule (id, else domain, else name; ambiguous keys link nothing); the result
 * is one value per account row and derived column, added to the accounts before any engine reads
 * them — so the criteria on them compile like any other.
 */
import { isMissing, trimWs } from "../engine/values.js";
import { analyzeContact, findContactColumns } from "../personas/contacts.js";
import { loadDefaultLexicon, parseTitle } from "../personas/titles.js";
import { type DerivedField, derivedFieldsOf, derivedKey } from "../profile/derived.js";
import type { Profile } from "../profile/model.js";
import { AccountIndex, type LinkReport, linkTable } from "./link.js";
import { columnOf, type LoadedTable, loadTable } from "./load.js";
import { type DayOrder, normaliseDate } from "./normalise/dates.js";

export interface RelatedTables {
  /** Typed events (a type column; rows with a title also count as job postings). */
  events?: readonly LoadedTable[];
  /** Job postings: every row is a `job_posting` event; its title gives the hiring function. */
  jobs?: readonly LoadedTable[];
  contacts?: LoadedTable;
}

export interface DerivedColumns {
  columns: string[];
  /** values[row][k] for columns[k], as text (ISO dates, integers, shares, true/false). */
  values: Array<Array<string | null>>;
  links: Array<{ table: string; report: LinkReport }>;
  /** Event or posting rows with no readable date (not counted). */
  undated: number;
}

const DAY = 86_400_000;
const daysBefore = (day: string, asOf: string) => Math.round((Date.parse(asOf) - Date.parse(day)) / DAY);

interface Occurrence {
  account: number;
  day: string;
}

/** One dated event or posting of a linked account: `events.<type>` or `hiring.<function>`. */
export interface Signal {
  key: string;
  account: number;
  /** ISO day. */
  day: string;
}

/**
 * Every event and job posting linked to an account, as signals: an event row gives
 * `events.<type>` (job postings: `events.job_posting`), and a row with a title also gives
 * `hiring.<function>` for each function the title parser reads in it. Rows without a readable
 * date are counted, never guessed.
 */
export function readSignals(
  index: AccountIndex,
  related: RelatedTables,
  opts: { asOf: string; dayOrder?: DayOrder },
): { signals: Signal[]; links: DerivedColumns["links"]; undated: number } {
  const out = { signals: [] as Signal[], links: [] as DerivedColumns["links"], undated: 0 };
  const lex = loadDefaultLexicon();
  const titleFunctions = new Map<string, string[]>();
  const functionsOf = (title: string) => {
    let f = titleFunctions.get(title);
    if (!f) {
      f = parseTitle(title, lex).functions;
      titleFunctions.set(title, f);
    }
    return f;
  };
  const read = (t: LoadedTable, asJobs: boolean) => {
    const { links, report } = linkTable(index, t);
    out.links.push({ table: t.file, report });
    const typeCol = asJobs ? undefined : columnOf(t, "type");
    const dateCol = columnOf(t, "date");
    const titleCol = columnOf(t, "title");
    t.rows.forEach((row, i) => {
      const account = links[i]?.account;
      if (account === null || account === undefined) return;
      const raw = dateCol ? row[dateCol] : null;
      const day = isMissing(raw)
        ? null
        : normaliseDate(raw, { asOf: opts.asOf, ...(opts.dayOrder ? { dayOrder: opts.dayOrder } : {}) });
      if (day === null) {
        out.undated++;
        return;
      }
      const type = asJobs
        ? "job_posting"
        : typeCol && !isMissing(row[typeCol])
          ? derivedKey(String(row[typeCol]))
          : "";
      if (type) out.signals.push({ key: `events.${type}`, account, day });
      const title = titleCol && !isMissing(row[titleCol]) ? trimWs(String(row[titleCol])) : "";
      if (title) for (const f of functionsOf(title)) out.signals.push({ key: `hiring.${f}`, account, day });
    });
  };
  for (const t of related.events ?? []) read(t, false);
  for (const t of related.jobs ?? []) read(t, true);
  return out;
}

export function deriveColumns(
  profiles: readonly Profile[],
  accounts: LoadedTable,
  related: RelatedTables,
  opts: { asOf: string; dayOrder?: DayOrder },
): DerivedColumns {
  const fields = derivedFieldsOf(profiles).filter((f) => !accounts.columns.includes(f.name));
  const n = accounts.rows.length;
  const out: DerivedColumns = { columns: fields.map((f) => f.name), values: [], links: [], undated: 0 };
  if (fields.length === 0) return out;
  const index = new AccountIndex(accounts);
  // Events by type and job postings by function (on or before as-of: later ones have not happened).
  const read = readSignals(index, related, opts);
  out.links.push(...read.links);
  out.undated = read.undated;
  const byKey = new Map<string, Occurrence[]>();
  for (const o of read.signals) {
    if (o.day > opts.asOf) continue;
    const l = byKey.get(o.key);
    if (l) l.push(o);
    else byKey.set(o.key, [o]);
  }
  const lex = loadDefaultLexicon();

  // Contacts: personas per linked contact, against the first profile that reads committee fields.
  const committeeProfile = profiles.find((p) =>
    p.criteria.some((c) => c.field.name.startsWith("committee.")),
  );
  const personas = committeeProfile?.personas ?? [];
  const contacts = new Int32Array(n);
  const personaCounts = personas.map(() => new Int32Array(n));
  if (related.contacts) {
    const t = related.contacts;
    const { links, report } = linkTable(index, t);
    out.links.push({ table: t.file, report });
    const cols = findContactColumns(t.columns);
    t.rows.forEach((row, i) => {
      const account = links[i]?.account;
      if (account === null || account === undefined) return;
      contacts[account] = (contacts[account] ?? 0) + 1;
      const matched = new Set(analyzeContact(row, cols, personas, lex).personas);
      personas.forEach((p, k) => {
        const counts = personaCounts[k] as Int32Array;
        if (matched.has(p.name)) counts[account] = (counts[account] ?? 0) + 1;
      });
    });
  }

  const latest = (occ: readonly Occurrence[] | undefined) => {
    const a: Array<string | null> = new Array(n).fill(null);
    for (const o of occ ?? [])
      if (a[o.account] === null || (a[o.account] as string) < o.day) a[o.account] = o.day;
    return a;
  };
  const count = (occ: readonly Occurrence[] | undefined, days: number) => {
    const a = new Int32Array(n);
    for (const o of occ ?? [])
      if (daysBefore(o.day, opts.asOf) <= days) a[o.account] = (a[o.account] ?? 0) + 1;
    return a;
  };
  const columns: Array<Array<string | null>> = fields.map(({ field: f }) => {
    switch (f.kind) {
      case "event_last":
        return latest(byKey.get(`events.${f.type}`));
      case "event_count":
        return Array.from(count(byKey.get(`events.${f.type}`), f.days), String);
      case "hiring_last":
        return latest(byKey.get(`hiring.${f.fn}`));
      case "hiring_count":
        return Array.from(count(byKey.get(`hiring.${f.fn}`), f.days), String);
      case "committee_contacts":
        return related.contacts ? Array.from(contacts, String) : new Array(n).fill(null);
      case "committee_coverage":
        return Array.from({ length: n }, (_, a) => {
          if (!related.contacts || personas.length === 0) return null;
          const present = personaCounts.filter((c) => (c[a] ?? 0) > 0).length;
          return String(Math.round((present / personas.length) * 10_000) / 10_000);
        });
      case "committee_decision_maker":
        return Array.from({ length: n }, (_, a) =>
          related.contacts
            ? String(
                personas.some(
                  (p, k) => p.role === "decision_maker" && ((personaCounts[k] as Int32Array)[a] ?? 0) > 0,
                ),
              )
            : null,
        );
      case "committee_persona": {
        const k = personas.findIndex((p) => derivedKey(p.name) === f.persona);
        return Array.from({ length: n }, (_, a) =>
          related.contacts && k >= 0 ? String((personaCounts[k] as Int32Array)[a] ?? 0) : null,
        );
      }
    }
    return new Array<string | null>(n).fill(null);
  });
  // Without a table to derive from, a field stays unknown (null), never a zero that would fail it.
  const sourced = (f: DerivedField) =>
    f.kind.startsWith("committee")
      ? related.contacts !== undefined
      : (related.events?.length ?? 0) + (related.jobs?.length ?? 0) > 0;
  fields.forEach((f, k) => {
    if (!sourced(f.field)) columns[k] = new Array(n).fill(null);
  });
  for (let r = 0; r < n; r++) out.values.push(columns.map((c) => c[r] ?? null));
  return out;
}

/** The table with the derived columns added to its columns and rows (in memory). */
export function withColumns(table: LoadedTable, d: DerivedColumns): LoadedTable {
  if (d.columns.length === 0) return table;
  return {
    ...table,
    columns: [...table.columns, ...d.columns],
    rows: table.rows.map((r, i) => {
      const out = { ...r };
      d.columns.forEach((c, k) => {
        out[c] = d.values[i]?.[k] ?? null;
      });
      return out;
    }),
  };
}

/** Load the related tables named on a command line (events, job postings, contacts). */
export async function loadRelated(files: {
  events?: readonly string[];
  jobs?: readonly string[];
  contacts?: string;
}): Promise<RelatedTables> {
  return {
    events: await Promise.all((files.events ?? []).map((f) => loadTable(f, { entity: "events" }))),
    jobs: await Promise.all((files.jobs ?? []).map((f) => loadTable(f, { entity: "events" }))),
    ...(files.contacts ? { contacts: await loadTable(files.contacts, { entity: "contacts" }) } : {}),
  };
}

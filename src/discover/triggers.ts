/**
 * Trigger events as discovery attributes: for each example, how many events of each type (and job
 * postings of each function) its account had in the window before the example's own date — the
 * deal's created date for deal examples (nothing learned from what happened during or after the
 * deal), else the outcome date, else as-of. The columns are named as the derived fields the draft
 * profile can then score with (`events.funding_round.count_180d`, `hiring.sales.count_180d`):
 * at scoring time the same window runs back from as-of.
 */

import type { RelatedTables } from "../data/derive.js";
import { AccountIndex, linkTable } from "../data/link.js";
import { columnOf, type LoadedTable } from "../data/load.js";
import { normaliseDate } from "../data/normalise/dates.js";
import { isMissing, trimWs } from "../engine/values.js";
import { loadDefaultLexicon, parseTitle } from "../personas/titles.js";
import { derivedKey } from "../profile/derived.js";

const DAY = 86_400_000;

export interface TriggerColumns {
  columns: string[];
  /** values[example][k] */
  values: string[][];
}

export function triggerColumns(
  accounts: LoadedTable,
  related: RelatedTables,
  examples: { account: (i: number) => number; ref: (i: number) => string; n: number },
  opts: { asOf: string; windowDays: number },
): TriggerColumns {
  const index = new AccountIndex(accounts);
  const byKey = new Map<string, Map<number, number[]>>();
  const add = (key: string, account: number, day: number) => {
    let m = byKey.get(key);
    if (!m) {
      m = new Map();
      byKey.set(key, m);
    }
    const l = m.get(account);
    if (l) l.push(day);
    else m.set(account, [day]);
  };
  const lex = loadDefaultLexicon();
  const read = (t: LoadedTable, asJobs: boolean) => {
    const { links } = linkTable(index, t);
    const typeCol = asJobs ? undefined : columnOf(t, "type");
    const dateCol = columnOf(t, "date");
    const titleCol = columnOf(t, "title");
    t.rows.forEach((row, i) => {
      const a = links[i]?.account;
      if (a === null || a === undefined || !dateCol) return;
      const d = normaliseDate(row[dateCol], { asOf: opts.asOf });
      if (d === null) return;
      const day = Date.parse(d);
      const type = asJobs
        ? "job_posting"
        : typeCol && !isMissing(row[typeCol])
          ? derivedKey(String(row[typeCol]))
          : "";
      if (type) add(`events.${type}`, a, day);
      const title = titleCol && !isMissing(row[titleCol]) ? trimWs(String(row[titleCol])) : "";
      if (title) for (const f of parseTitle(title, lex).functions) add(`hiring.${f}`, a, day);
    });
  };
  for (const t of related.events ?? []) read(t, false);
  for (const t of related.jobs ?? []) read(t, true);
  const keys = [...byKey.keys()].sort();
  const w = opts.windowDays;
  const values: string[][] = [];
  for (let i = 0; i < examples.n; i++) {
    const a = examples.account(i);
    const ref = Date.parse(examples.ref(i));
    values.push(
      keys.map((k) => {
        let c = 0;
        for (const day of byKey.get(k)?.get(a) ?? []) if (day <= ref && day >= ref - w * DAY) c++;
        return String(c);
      }),
    );
  }
  return { columns: keys.map((k) => `${k}.count_${w}d`), values };
}

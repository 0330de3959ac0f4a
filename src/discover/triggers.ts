/**
 * Trigger events as discovery attributes: for each example, how many events of each type (and job
 * postings of each function) its account had in the window before the example's own date — the
 * deal's created date for deal examples (nothing learned from what happened during or after the
 * deal), else the outcome date, else as-of. The columns are named as the derived fields the draft
 * profile can then score with (`events.funding_round.count_180d`, `hiring.sales.count_180d`):
 * at scoring time the same window runs back from as-of.
 */

import { type RelatedTables, readSignals } from "../data/derive.js";
import { AccountIndex } from "../data/link.js";
import type { LoadedTable } from "../data/load.js";

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
  const byKey = new Map<string, Map<number, number[]>>();
  for (const o of readSignals(new AccountIndex(accounts), related, { asOf: opts.asOf }).signals) {
    let m = byKey.get(o.key);
    if (!m) {
      m = new Map();
      byKey.set(o.key, m);
    }
    const day = Date.parse(o.day);
    const l = m.get(o.account);
    if (l) l.push(day);
    else m.set(o.account, [day]);
  }
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

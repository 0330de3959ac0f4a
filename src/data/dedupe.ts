/**
 * Duplicate accounts: rows that share a registrable domain or a normalised company name (either
 * key; chains join, so A~B by domain and B~C by name are one group). Two rows with the same name
 * but different domains, or different countries, are different companies and stay apart. Each group keeps one row by a
 * rule the user picks:
 *   first     the first row in the file;
 *   complete  the row with the most filled cells (ties: the first);
 *   merge     the most complete row, its empty cells filled from the others in file order.
 * Every removed row is reported with the row it was folded into, so rows in = rows out + removed.
 */
import { isMissing } from "../engine/values.js";
import type { Record_ } from "../io/read.js";
import { accountKeys } from "./link.js";
import type { LoadedTable } from "./load.js";

export const KEEP_RULES = ["first", "complete", "merge"] as const;
export type KeepRule = (typeof KEEP_RULES)[number];
export type DedupeKey = "domain" | "name";

export interface DuplicateGroup {
  /** Data-row numbers (1-based, header excluded) of the group's rows, in file order. */
  rows: number[];
  kept: number;
  /** What joined them, e.g. `domain acme.com`, `name "acme"`. */
  matchedBy: string[];
  /** Cells where merged rows disagreed with the kept value (merge rule): column → values seen. */
  conflicts: Record<string, string[]>;
}

export interface DedupeResult {
  rows: Record_[];
  groups: DuplicateGroup[];
  rowsIn: number;
  removed: number;
}

function filled(row: Record_, columns: readonly string[]): number {
  let n = 0;
  for (const c of columns) if (!isMissing(row[c])) n++;
  return n;
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] ?? r;
    let j = i;
    while (this.parent[j] !== r) {
      const next = this.parent[j] ?? r;
      this.parent[j] = r;
      j = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // the smaller index is the root, so groups are named by their first row
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

export function dedupeAccounts(
  t: LoadedTable,
  rule: KeepRule,
  by: readonly DedupeKey[] = ["domain", "name"],
): DedupeResult {
  const n = t.rows.length;
  const uf = new UnionFind(n);
  const keys = t.rows.map((r) => accountKeys(t, r));
  const withKey = new Map<string, number[]>();
  const why = new Map<number, Set<string>>();
  const note = (i: number, s: string) => {
    const set = why.get(i) ?? new Set<string>();
    set.add(s);
    why.set(i, set);
  };
  keys.forEach((k, i) => {
    for (const kind of by) {
      const v = k[kind];
      if (v === null || v === "") continue;
      const label = kind === "domain" ? `domain ${v}` : `name ${JSON.stringify(v)}`;
      const earlier = withKey.get(label) ?? [];
      // Same name but two different domains or countries: two companies (Acme Ltd in the UK, Acme Inc in the US).
      const differ = (a: string | null | undefined, b: string | null) => a != null && b !== null && a !== b;
      const seen = earlier.find(
        (j) =>
          kind === "domain" || !(differ(keys[j]?.domain, k.domain) || differ(keys[j]?.country, k.country)),
      );
      if (seen !== undefined) {
        uf.union(seen, i);
        note(seen, label);
        note(i, label);
      }
      earlier.push(i);
      withKey.set(label, earlier);
    }
  });
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    const l = members.get(r);
    if (l) l.push(i);
    else members.set(r, [i]);
  }
  const out: Record_[] = [];
  const groups: DuplicateGroup[] = [];
  for (let i = 0; i < n; i++) {
    const group = members.get(uf.find(i)) ?? [i];
    if (group[0] !== i) continue; // emitted with its first row
    const rowsOf = group.map((g) => t.rows[g] as Record_);
    let keep = 0;
    if (rule !== "first") {
      let best = -1;
      rowsOf.forEach((r, j) => {
        const f = filled(r, t.columns);
        if (f > best) {
          best = f;
          keep = j;
        }
      });
    }
    const kept: Record_ = { ...(rowsOf[keep] as Record_) };
    const conflicts: Record<string, string[]> = {};
    if (rule === "merge")
      for (const c of t.columns)
        rowsOf.forEach((r, j) => {
          if (j === keep || isMissing(r[c])) return;
          if (isMissing(kept[c])) kept[c] = r[c];
          else if (String(kept[c]) !== String(r[c])) {
            const seen = conflicts[c] ?? [String(kept[c])];
            if (!seen.includes(String(r[c]))) seen.push(String(r[c]));
            conflicts[c] = seen;
          }
        });
    out.push(kept);
    if (group.length > 1) {
      const matched = new Set<string>();
      for (const g of group) for (const w of why.get(g) ?? []) matched.add(w);
      groups.push({
        rows: group.map((g) => g + 1),
        kept: (group[keep] ?? i) + 1,
        matchedBy: [...matched].sort(),
        conflicts,
      });
    }
  }
  return { rows: out, groups, rowsIn: n, removed: n - out.length };
}

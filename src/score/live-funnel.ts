/**
 * The live funnel: counts per hard filter and per tier for a whole universe (a dataset held in
 * memory), recomputed as a profile is edited. Each column is dictionary-encoded once; a criterion
 * is evaluated once per distinct value (by the interpreter's own function) into an outcome per
 * row, cached by what the outcome depends on — so editing one criterion re-evaluates only that one.
 * Rows are then grouped by their packed outcomes and every distinct combination is scored once by
 * the interpreter: the same funnel `icp score` prints, in milliseconds on a million rows.
 */
import { type CodedColumn, codeCells } from "../data/dictionary.js";
import { evaluateCriterion, resultFromOutcomes } from "../engine/interpreter.js";
import type { RawValue } from "../engine/values.js";
import type { IrCriterion, IrProgram, Outcome } from "../ir/types.js";
import { buildFunnel, type Funnel, type FunnelGroup } from "./funnel.js";

const OUTCOMES: readonly Outcome[] = ["fail", "pass", "unknown"];
const CODE: Record<Outcome, number> = { fail: 0, pass: 1, unknown: 2 };
/** Criteria packed per Uint32 key (3^20 < 2^32). */
const CHUNK = 20;

type EncodedColumn = CodedColumn;

export class LiveUniverse {
  private readonly columns = new Map<string, EncodedColumn>();
  private readonly outcomes = new Map<string, Uint8Array>();
  private readonly cacheLimit: number;

  /**
   * `load` returns a column's values in row order (or undefined when the universe has no such
   * column); it is called once per column, the first time a criterion reads it.
   */
  constructor(
    readonly rows: number,
    private readonly load: (column: string) => ReadonlyArray<string | null> | undefined = () => undefined,
    opts: { cacheLimit?: number } = {},
  ) {
    this.cacheLimit = opts.cacheLimit ?? 256;
  }

  /** Build a universe from rows held in memory (tests, small data). */
  static fromRows(rows: ReadonlyArray<Readonly<Record<string, string | null>>>): LiveUniverse {
    return new LiveUniverse(rows.length, (c) =>
      rows.length && !(c in (rows[0] ?? {})) ? undefined : rows.map((r) => r[c] ?? null),
    );
  }

  /** Whether a column is loaded (encoded) already. */
  has(name: string): boolean {
    return this.columns.has(name);
  }

  /** Columns the IR reads that are not loaded yet (load them with `addColumn` before `funnel`). */
  missingColumns(ir: IrProgram): string[] {
    return [
      ...new Set(
        ir.criteria.flatMap((c) => (c.column !== null && !this.columns.has(c.column) ? [c.column] : [])),
      ),
    ];
  }

  /** Load a column's values (row order), e.g. fetched from a workspace. */
  addColumn(name: string, raw: ReadonlyArray<string | null>): void {
    if (!this.columns.has(name)) this.columns.set(name, this.encode(raw));
  }

  private column(name: string): EncodedColumn | null {
    const hit = this.columns.get(name);
    if (hit) return hit;
    const raw = this.load(name);
    if (!raw) return null;
    const enc = this.encode(raw);
    this.columns.set(name, enc);
    return enc;
  }

  private encode(raw: ReadonlyArray<string | null>): EncodedColumn {
    return codeCells(this.rows, (i) => raw[i] ?? null);
  }

  /** What a criterion's outcome depends on (not its label, weight or role). */
  private static key(ir: IrProgram, c: IrCriterion): string {
    const { column, normalize, fieldType, test, missing, field } = c;
    return JSON.stringify([column, normalize, fieldType, test, missing, field, ir.asOf, ir.dayOrder ?? null]);
  }

  /** Outcome codes (0 fail, 1 pass, 2 unknown) of one criterion for every row. */
  criterionOutcomes(ir: IrProgram, c: IrCriterion): Uint8Array {
    const key = LiveUniverse.key(ir, c);
    const hit = this.outcomes.get(key);
    if (hit) {
      // refresh its place (least recently used goes first)
      this.outcomes.delete(key);
      this.outcomes.set(key, hit);
      return hit;
    }
    const out = new Uint8Array(this.rows);
    const col = c.column === null ? null : this.column(c.column);
    if (col === null) {
      out.fill(CODE[evaluateCriterion(ir, c, {})]);
    } else {
      const perValue = new Uint8Array(col.values.length);
      const row: Record<string, RawValue> = {};
      col.values.forEach((v, k) => {
        row[c.column as string] = v;
        perValue[k] = CODE[evaluateCriterion(ir, c, row)];
      });
      const codes = col.codes;
      for (let i = 0; i < this.rows; i++) out[i] = perValue[codes[i] as number] as number;
    }
    this.outcomes.set(key, out);
    if (this.outcomes.size > this.cacheLimit) {
      const oldest = this.outcomes.keys().next().value;
      if (oldest !== undefined) this.outcomes.delete(oldest);
    }
    return out;
  }

  /** The last grouping: criterion keys, packed outcome keys per chunk, and counts per key. */
  private last: { keys: string[]; chunkKeys: Uint32Array[]; counts: Map<string | number, number> } | null =
    null;

  /**
   * Packed outcome keys (20 criteria per Uint32: 3^20 < 2^32) and their counts. After an edit that
   * changes some criteria in place, only those criteria's outcomes are swapped in the keys; an edit
   * of weights, labels or tiers changes no key and reuses the counts.
   */
  private counted(ir: IrProgram): Map<string | number, number> {
    const keys = ir.criteria.map((c) => LiveUniverse.key(ir, c));
    const chunks = Math.max(1, Math.ceil(keys.length / CHUNK));
    const last = this.last;
    if (last && last.keys.length === keys.length && keys.every((k, j) => k === last.keys[j]))
      return last.counts;
    let chunkKeys: Uint32Array[] | null = null;
    if (last && last.keys.length === keys.length) {
      const changed = keys.flatMap((k, j) => (k === last.keys[j] ? [] : [j]));
      // Outcomes of the replaced criteria, held before new ones can push them out of the cache.
      const old = changed.map((j) => this.outcomes.get(last.keys[j] as string));
      if (old.every((o) => o !== undefined)) {
        chunkKeys = last.chunkKeys;
        changed.forEach((j, x) => {
          const oldO = old[x] as Uint8Array;
          const newO = this.criterionOutcomes(ir, ir.criteria[j] as IrCriterion);
          const target = (chunkKeys as Uint32Array[])[Math.floor(j / CHUNK)] as Uint32Array;
          const mul = 3 ** (j % CHUNK);
          for (let i = 0; i < this.rows; i++)
            target[i] = (target[i] as number) + ((newO[i] as number) - (oldO[i] as number)) * mul;
        });
      }
    }
    chunkKeys ??= this.pack(ir, chunks);
    const counts = new Map<string | number, number>();
    const first = chunkKeys[0] as Uint32Array;
    if (chunks === 1) {
      for (const [k, n] of countUint32(first)) counts.set(k, n);
    } else
      for (let i = 0; i < this.rows; i++) {
        // over 20 criteria: the chunks' codes joined
        const k = chunkKeys.map((c) => c[i]).join(".");
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    this.last = { keys, chunkKeys, counts };
    return counts;
  }

  private pack(ir: IrProgram, chunks: number): Uint32Array[] {
    const per = ir.criteria.map((c) => this.criterionOutcomes(ir, c));
    const out: Uint32Array[] = [];
    for (let ch = 0; ch < chunks; ch++) {
      const keys = new Uint32Array(this.rows);
      let mul = 1;
      for (let j = ch * CHUNK; j < Math.min(per.length, (ch + 1) * CHUNK); j++) {
        const o = per[j] as Uint8Array;
        for (let i = 0; i < this.rows; i++) keys[i] = (keys[i] as number) + (o[i] as number) * mul;
        mul *= 3;
      }
      out.push(keys);
    }
    return out;
  }

  /** Funnel groups: one per distinct combination of outcomes (and tier), with its count. */
  groups(ir: IrProgram): FunnelGroup[] {
    const counts = this.counted(ir);
    const per = ir.criteria;
    const decode = (key: string | number): Outcome[] => {
      const parts = typeof key === "number" ? [key] : key.split(".").map(Number);
      const out: Outcome[] = [];
      parts.forEach((code, ch) => {
        let x = code;
        for (let j = ch * CHUNK; j < Math.min(per.length, (ch + 1) * CHUNK); j++) {
          out.push(OUTCOMES[x % 3] as Outcome);
          x = Math.floor(x / 3);
        }
      });
      return out;
    };
    const scored = [...counts].map(([key, count]) => {
      const outcomes = decode(key);
      const r = resultFromOutcomes(ir, outcomes);
      const filters = ir.criteria.filter((c) => c.role !== "signal").map((c) => outcomes[c.index] as Outcome);
      return { r, filters, count };
    });
    if (!ir.capacity)
      return scored.map(({ r, filters, count }) => ({ state: r.state, tier: r.tier, filters, count }));
    return capacityGroups(ir, scored);
  }

  funnel(ir: IrProgram): Funnel {
    return buildFunnel(ir, this.groups(ir));
  }
}

/**
 * Capacity tiers over counted groups: scored groups in score order; each rank takes the first
 * tier whose minimum score and rank bound it meets (the rule of `assignCapacityTiers`), so a group
 * straddling a rank bound splits between tiers. Ties have no order here and need none: counts per
 * tier depend only on how many rows share each score.
 */
function capacityGroups(
  ir: IrProgram,
  scored: Array<{ r: ReturnType<typeof resultFromOutcomes>; filters: Outcome[]; count: number }>,
): FunnelGroup[] {
  const out: FunnelGroup[] = [];
  const ranked = scored
    .filter((g) => g.r.state === "scored")
    .sort((a, b) => (b.r.tenths ?? 0) - (a.r.tenths ?? 0));
  const n = ranked.reduce((s, g) => s + g.count, 0);
  let rank = 0;
  for (const g of ranked) {
    const t = g.r.tenths ?? 0;
    const byTier = new Map<string | null, number>();
    for (let k = 0; k < g.count; k++) {
      rank++;
      let name: string | null = null;
      for (const tier of ir.tiers) {
        if (tier.minTenths !== undefined && t < tier.minTenths) continue;
        if (tier.top !== undefined && rank > tier.top) continue;
        if (tier.topBp !== undefined && (rank - 1) * 10_000 >= tier.topBp * n) continue;
        name = tier.name;
        break;
      }
      byTier.set(name, (byTier.get(name) ?? 0) + 1);
    }
    for (const [tier, count] of byTier) out.push({ state: "scored", tier, filters: g.filters, count });
  }
  for (const g of scored)
    if (g.r.state !== "scored")
      out.push({ state: g.r.state, tier: null, filters: g.filters, count: g.count });
  return out;
}

/** Distinct values of a Uint32 array with their counts (open addressing: no Map per row). */
export function countUint32(xs: Uint32Array): Array<[number, number]> {
  let size = 1024;
  let keys = new Uint32Array(size);
  let used = new Uint8Array(size);
  let counts = new Float64Array(size);
  let n = 0;
  const insert = (k: number, c: number) => {
    let h = Math.imul(k, 0x9e3779b1) >>> 0;
    const mask = size - 1;
    for (;;) {
      h &= mask;
      if (!used[h]) {
        used[h] = 1;
        keys[h] = k;
        counts[h] = c;
        n++;
        return;
      }
      if (keys[h] === k) {
        counts[h] = (counts[h] as number) + c;
        return;
      }
      h++;
    }
  };
  for (let i = 0; i < xs.length; i++) {
    insert(xs[i] as number, 1);
    if (n * 2 > size) {
      const [ok, ou, oc] = [keys, used, counts];
      size *= 2;
      keys = new Uint32Array(size);
      used = new Uint8Array(size);
      counts = new Float64Array(size);
      n = 0;
      for (let h = 0; h < ou.length; h++) if (ou[h]) insert(ok[h] as number, oc[h] as number);
    }
  }
  const out: Array<[number, number]> = [];
  for (let h = 0; h < size; h++) if (used[h]) out.push([keys[h] as number, counts[h] as number]);
  return out;
}

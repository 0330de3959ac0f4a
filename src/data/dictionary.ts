/**
 * Dictionary coding: dense ids in order of first appearance. A column of cells becomes its distinct
 * cells and one integer per row, so what is computed from a cell is computed once per distinct
 * cell (discovery, the live funnel).
 */
import type { RawValue } from "../engine/values.js";

/** Dense ids for the keys a Map can hold, in order of first appearance. */
export class Dictionary<K> {
  private readonly index = new Map<K, number>();
  readonly keys: K[] = [];

  /** The key's id (the number of distinct keys seen before its first appearance). */
  id(key: K): number {
    let k = this.index.get(key);
    if (k === undefined) {
      k = this.keys.length;
      this.keys.push(key);
      this.index.set(key, k);
    }
    return k;
  }
}

export interface CodedColumn {
  /** The distinct cells. */
  values: readonly RawValue[];
  /** Per row: the index of its cell in `values`. */
  codes: Int32Array;
}

/** Dictionary-code a sequence of cells; a missing cell is null whatever the reader left. */
export function codeCells(n: number, cell: (i: number) => RawValue): CodedColumn {
  const dict = new Dictionary<RawValue>();
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = dict.id(cell(i) ?? null);
  return { values: dict.keys, codes };
}

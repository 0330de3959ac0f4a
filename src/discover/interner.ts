/**
 * Dense ids for whole-number keys (below 2^53), in order of first appearance: an open-addressing
 * hash table over typed arrays, so millions of look-ups allocate nothing (a Map boxes keys above
 * 2^31). Pooling examples by their segments chains one per attribute: the id of (prefix id,
 * segment-set id) is the next prefix.
 */
export class KeyInterner {
  private keys = new Float64Array(1024).fill(-1);
  private ids = new Int32Array(1024);
  private mask = 1023;
  /** 32 − log2(table size): the hash's top bits pick the slot (multiplicative hashing). */
  private shift = 22;
  size = 0;

  /** The key's id: the number of distinct keys seen before it first appeared. */
  id(key: number): number {
    let slot = this.slotOf(key);
    for (;;) {
      const k = this.keys[slot] as number;
      if (k === key) return this.ids[slot] as number;
      if (k === -1) break;
      slot = (slot + 1) & this.mask;
    }
    const id = this.size++;
    this.keys[slot] = key;
    this.ids[slot] = id;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  private slotOf(key: number): number {
    // small keys (most) hash as integers; larger ones fold their high part in
    const h =
      key <= 0x7fffffff ? key : (key % 4294967296) ^ Math.imul(Math.floor(key / 4294967296), 0x27d4eb2d);
    return Math.imul(h | 0, 0x9e3779b1) >>> this.shift;
  }

  private grow(): void {
    const keys = this.keys;
    const ids = this.ids;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.ids = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.shift--;
    for (let s = 0; s < keys.length; s++) {
      const k = keys[s] as number;
      if (k === -1) continue;
      let slot = this.slotOf(k);
      while (this.keys[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keys[slot] = k;
      this.ids[slot] = ids[s] as number;
    }
  }
}

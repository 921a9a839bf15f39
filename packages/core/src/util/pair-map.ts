/**
 * A map from a pair of non-negative int32 keys to an int32 value, in typed arrays (open
 * addressing, linear probing, doubling at half load). The journey path uses it to find which
 * journey poisoned a granule or offlined a guest page without a JavaScript Map.
 */

const EMPTY = -1;

/** A {@link PairMap} as plain data. */
export interface PairMapState { keysA: Int32Array; keysB: Int32Array; values: Int32Array; count: number }

export class PairMap {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 64) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.keysA = new Int32Array(cap).fill(EMPTY);
    this.keysB = new Int32Array(cap);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  private slot(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> 0 & this.mask;
  }

  /** The value of (a, b), or `missing`. */
  get(a: number, b: number, missing = -1): number {
    let i = this.slot(a, b);
    for (;;) {
      const ka = this.keysA[i]!;
      if (ka === EMPTY) return missing;
      if (ka === a && this.keysB[i] === b) return this.values[i]!;
      i = (i + 1) & this.mask;
    }
  }

  /** Sets (a, b) → v. Keys must be ≥ 0. */
  set(a: number, b: number, v: number): void {
    if ((this.count + 1) * 2 > this.keysA.length) this.grow();
    let i = this.slot(a, b);
    for (;;) {
      const ka = this.keysA[i]!;
      if (ka === EMPTY) {
        this.keysA[i] = a;
        this.keysB[i] = b;
        this.values[i] = v;
        this.count++;
        return;
      }
      if (ka === a && this.keysB[i] === b) {
        this.values[i] = v;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Sets (a, b) → v only when (a, b) has no value yet; returns the value now stored. */
  setIfAbsent(a: number, b: number, v: number): number {
    const cur = this.get(a, b, EMPTY);
    if (cur !== EMPTY) return cur;
    this.set(a, b, v);
    return v;
  }

  clear(): void {
    this.keysA.fill(EMPTY);
    this.count = 0;
  }

  /** The table as copies (checkpoints). */
  saveState(): PairMapState {
    return { keysA: this.keysA.slice(), keysB: this.keysB.slice(), values: this.values.slice(), count: this.count };
  }

  /** Puts back what {@link saveState} returned. */
  loadState(s: PairMapState): void {
    this.keysA = s.keysA.slice();
    this.keysB = s.keysB.slice();
    this.values = s.values.slice();
    this.mask = this.keysA.length - 1;
    this.count = s.count;
  }

  private grow(): void {
    const { keysA, keysB, values } = this;
    const cap = keysA.length * 2;
    this.keysA = new Int32Array(cap).fill(EMPTY);
    this.keysB = new Int32Array(cap);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
    this.count = 0;
    for (let i = 0; i < keysA.length; i++) if (keysA[i] !== EMPTY) this.set(keysA[i]!, keysB[i]!, values[i]!);
  }
}

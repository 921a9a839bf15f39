/**
 * A host's queue of timed events (injections, asynchronous SErrors, restarts, reboots), popped in
 * a canonical order: time, then kind, VM, vCPU, then insertion sequence. The order never depends
 * on how vCPUs were batched or which thread runs the host, which is what makes runs reproducible.
 *
 * A binary heap over parallel typed arrays; growth doubles, so pushing allocates nothing in the
 * common case.
 */

/** Event kinds, in the order events at the same time are applied. */
export const EK_HOST_REBOOT = 0;
export const EK_GUEST_REBOOT = 1;
export const EK_PROCESS_RESTART = 2;
export const EK_INJECTOR_FIRE = 3;
export const EK_SERROR = 4;
export const EK_PFG_FIRE = 5; // a = error record, b = host vCPU index
export const EK_HANDOVER = 6; // a = slot in the hand-over pool (engine/handover.ts)
export const EK_FIRMWARE_TIMER = 7; // a = tag, b = journey (FirmwareContext.setTimer)

/** An {@link EventQueue} as plain data. */
export interface EventQueueState {
  time: Float64Array; key: Int32Array; seq: Float64Array; a: Int32Array; b: Int32Array;
  heap: Int32Array; free: Int32Array; freeTop: number; size: number; nextSeq: number;
}

export class EventQueue {
  private time: Float64Array;
  private key: Int32Array; // kind << 24 | vm << 10 | vcpu (vm < 16384, vcpu < 1024)
  private seq: Float64Array;
  private a: Int32Array;
  private b: Int32Array;
  private heap: Int32Array; // heap of row indices
  private free: Int32Array; // free row stack
  private freeTop = 0;
  private size = 0;
  private nextSeq = 0;

  constructor(capacity = 64) {
    this.time = new Float64Array(capacity);
    this.key = new Int32Array(capacity);
    this.seq = new Float64Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.heap = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.freeTop = capacity;
  }

  get length(): number {
    return this.size;
  }

  /** Time of the next event, +Infinity when empty. */
  peekTime(): number {
    return this.size === 0 ? Number.POSITIVE_INFINITY : this.time[this.heap[0]!]!;
  }

  push(atNs: number, kind: number, vm: number, vcpu: number, a: number, b: number): void {
    if (this.freeTop === 0) this.grow();
    const row = this.free[--this.freeTop]!;
    this.time[row] = atNs;
    this.key[row] = (kind << 24) | ((vm + 1) << 10) | (vcpu + 1);
    this.seq[row] = this.nextSeq++;
    this.a[row] = a;
    this.b[row] = b;
    this.insert(row);
  }

  /** Adds `row` at the end of the heap and sifts it up to its place. */
  private insert(row: number): void {
    let i = this.size++;
    this.heap[i] = row;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.heap[i]!, this.heap[p]!)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /**
   * Removes the first event into `out` = [kind, vm, vcpu, a, b] and returns its time;
   * returns NaN when empty.
   */
  pop(out: Int32Array): number {
    if (this.size === 0) return Number.NaN;
    const row = this.heap[0]!;
    const t = this.time[row]!;
    const k = this.key[row]!;
    out[0] = k >>> 24;
    out[1] = ((k >>> 10) & 0x3fff) - 1;
    out[2] = (k & 0x3ff) - 1;
    out[3] = this.a[row]!;
    out[4] = this.b[row]!;
    this.free[this.freeTop++] = row;
    const last = this.heap[--this.size]!;
    if (this.size > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.size && this.less(this.heap[l]!, this.heap[m]!)) m = l;
        if (r < this.size && this.less(this.heap[r]!, this.heap[m]!)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return t;
  }

  /** Drops the events whose kind is in `kinds` (a bit per kind), keeping the others in order. */
  drop(kinds: number): void {
    const keep: number[] = [];
    for (let i = 0; i < this.size; i++) {
      const row = this.heap[i]!;
      if (((1 << (this.key[row]! >>> 24)) & kinds) === 0) keep.push(row);
      else this.free[this.freeTop++] = row;
    }
    // Rebuilding the heap from the kept rows keeps the canonical order: it is a property of the rows.
    this.size = 0;
    for (const row of keep) this.insert(row);
  }

  /** Drops every event. */
  clear(): void {
    const cap = this.time.length;
    this.size = 0;
    for (let i = 0; i < cap; i++) this.free[i] = cap - 1 - i;
    this.freeTop = cap;
  }

  /** The queue as copies of its columns (checkpoints, engine/host-snapshot.ts). */
  saveState(): EventQueueState {
    return {
      time: this.time.slice(), key: this.key.slice(), seq: this.seq.slice(), a: this.a.slice(), b: this.b.slice(),
      heap: this.heap.slice(), free: this.free.slice(), freeTop: this.freeTop, size: this.size, nextSeq: this.nextSeq,
    };
  }

  /** Puts back what {@link saveState} returned: the same rows in the same heap order. */
  loadState(s: EventQueueState): void {
    this.time = s.time.slice(); this.key = s.key.slice(); this.seq = s.seq.slice(); this.a = s.a.slice(); this.b = s.b.slice();
    this.heap = s.heap.slice(); this.free = s.free.slice();
    this.freeTop = s.freeTop; this.size = s.size; this.nextSeq = s.nextSeq;
  }

  private less(x: number, y: number): boolean {
    const tx = this.time[x]!;
    const ty = this.time[y]!;
    if (tx !== ty) return tx < ty;
    const kx = this.key[x]!;
    const ky = this.key[y]!;
    if (kx !== ky) return kx < ky;
    return this.seq[x]! < this.seq[y]!;
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i]!;
    this.heap[i] = this.heap[j]!;
    this.heap[j] = t;
  }

  private grow(): void {
    const old = this.time.length;
    const cap = old * 2;
    const f64 = (src: Float64Array): Float64Array => { const d = new Float64Array(cap); d.set(src); return d; };
    const i32 = (src: Int32Array): Int32Array => { const d = new Int32Array(cap); d.set(src); return d; };
    this.time = f64(this.time);
    this.seq = f64(this.seq);
    this.key = i32(this.key);
    this.a = i32(this.a);
    this.b = i32(this.b);
    this.heap = i32(this.heap);
    this.free = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) this.free[i] = cap - 1 - i;
    this.freeTop = cap - old;
  }
}

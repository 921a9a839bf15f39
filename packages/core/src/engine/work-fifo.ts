/**
 * Work that one layer hands to the next during a journey: firmware's ERET into EL2, an SDEI
 * dispatch, a SIGBUS to the VMM, a KVM exit. Real hardware and kernels run these after the
 * current handler returns (an exception return, a signal delivered on the way back to user
 * space), so the engine stages them here while a hook runs, and then hands them to the host's
 * event queue at their times (handover.ts). Parallel typed arrays, reused: nothing is allocated
 * per journey.
 */

export const W_EL2_SYNC = 1; // x = esr, y = far
export const W_EL2_SERROR = 2; // x = esr
export const W_HOST_SEA = 3; // x = esr, y = far
export const W_SDEI = 4; // a = source
export const W_SIGBUS = 5; // a = thread (vCPU or -1), b = code, x = host VA, y = lsb
export const W_SEA_EXIT = 6; // x = esr, y = guest VA, z = guest PA
export const W_GHES_IRQ = 7; // a = source (a polled / GSIV / GPIO source was notified)
export const W_FIRMWARE_TIMER = 8; // a = tag, t = expiry (FirmwareContext.setTimer: no vCPU waits on it)
export const W_FIRMWARE_RETRY = 9; // a = packed exception (firmware-retry.ts), b = SError ISS, x = fault VA, y = fault IPA, z = waited ns

/** The columns of hand-over work, parallel typed arrays; row k is one item. */
export class WorkColumns {
  kind: Int32Array;
  journey: Int32Array;
  vi: Int32Array; // vCPU index on the host, -1 none
  vm: Int32Array;
  a: Int32Array;
  b: Int32Array;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  /** Simulated time the work was handed over (the handing layer's clock): when it runs. */
  t: Float64Array;

  constructor(capacity: number) {
    this.kind = new Int32Array(capacity); this.journey = new Int32Array(capacity); this.vi = new Int32Array(capacity);
    this.vm = new Int32Array(capacity); this.a = new Int32Array(capacity); this.b = new Int32Array(capacity);
    this.x = new Float64Array(capacity); this.y = new Float64Array(capacity); this.z = new Float64Array(capacity);
    this.t = new Float64Array(capacity);
  }

  get capacity(): number {
    return this.kind.length;
  }

  /** New columns of `cap` rows holding rows from … to-1 of the old ones at 0 …. */
  protected resize(cap: number, from: number, to: number): void {
    const i32 = (src: Int32Array): Int32Array => { const d = new Int32Array(cap); d.set(src.subarray(from, to)); return d; };
    const f64 = (src: Float64Array): Float64Array => { const d = new Float64Array(cap); d.set(src.subarray(from, to)); return d; };
    this.kind = i32(this.kind); this.journey = i32(this.journey); this.vi = i32(this.vi);
    this.vm = i32(this.vm); this.a = i32(this.a); this.b = i32(this.b);
    this.x = f64(this.x); this.y = f64(this.y); this.z = f64(this.z); this.t = f64(this.t);
  }

  /** Copies row `k` of `src` into row `row`. */
  protected copyRow(row: number, src: WorkColumns, k: number): void {
    this.kind[row] = src.kind[k]!; this.journey[row] = src.journey[k]!; this.vi[row] = src.vi[k]!; this.vm[row] = src.vm[k]!;
    this.a[row] = src.a[k]!; this.b[row] = src.b[k]!; this.x[row] = src.x[k]!; this.y[row] = src.y[k]!; this.z[row] = src.z[k]!;
    this.t[row] = src.t[k]!;
  }
}

/** Work staged while a hook runs, taken in order once it returns. */
export class WorkFifo extends WorkColumns {
  head = 0;
  tail = 0;

  constructor() {
    super(16);
  }

  get empty(): boolean {
    return this.head === this.tail;
  }

  push(kind: number, journey: number, vi: number, vm: number, a: number, b: number, x: number, y: number, z: number, atNs: number): void {
    if (this.tail === this.capacity) this.compactOrGrow();
    const t = this.tail++;
    this.kind[t] = kind; this.journey[t] = journey; this.vi[t] = vi; this.vm[t] = vm;
    this.a[t] = a; this.b[t] = b; this.x[t] = x; this.y[t] = y; this.z[t] = z; this.t[t] = atNs;
  }

  /** Index of the next item (read its columns), or -1 when empty. The item is consumed. */
  shift(): number {
    if (this.head === this.tail) {
      this.head = this.tail = 0;
      return -1;
    }
    return this.head++;
  }

  clear(): void {
    this.head = this.tail = 0;
  }

  private compactOrGrow(): void {
    const n = this.tail - this.head;
    this.resize(n * 2 >= this.capacity ? this.capacity * 2 : this.capacity, this.head, this.tail);
    this.head = 0;
    this.tail = n;
  }
}

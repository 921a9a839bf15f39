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

export class WorkFifo {
  kind: Int32Array = new Int32Array(16);
  journey: Int32Array = new Int32Array(16);
  vi: Int32Array = new Int32Array(16); // vCPU index on the host, -1 none
  vm: Int32Array = new Int32Array(16);
  a: Int32Array = new Int32Array(16);
  b: Int32Array = new Int32Array(16);
  x: Float64Array = new Float64Array(16);
  y: Float64Array = new Float64Array(16);
  z: Float64Array = new Float64Array(16);
  /** Simulated time the work was handed over (the handing layer's clock): when it runs. */
  t: Float64Array = new Float64Array(16);
  head = 0;
  tail = 0;

  get empty(): boolean {
    return this.head === this.tail;
  }

  push(kind: number, journey: number, vi: number, vm: number, a: number, b: number, x: number, y: number, z: number, atNs: number): void {
    if (this.tail === this.kind.length) this.compactOrGrow();
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
    const cap = n * 2 >= this.kind.length ? this.kind.length * 2 : this.kind.length;
    const h = this.head;
    const t = this.tail;
    const i32 = (src: Int32Array): Int32Array => { const d = new Int32Array(cap); d.set(src.subarray(h, t)); return d; };
    const f64 = (src: Float64Array): Float64Array => { const d = new Float64Array(cap); d.set(src.subarray(h, t)); return d; };
    this.kind = i32(this.kind); this.journey = i32(this.journey); this.vi = i32(this.vi);
    this.vm = i32(this.vm); this.a = i32(this.a); this.b = i32(this.b);
    this.x = f64(this.x); this.y = f64(this.y); this.z = f64(this.z); this.t = f64(this.t);
    this.head = 0;
    this.tail = n;
  }
}

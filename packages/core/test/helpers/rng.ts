// A seeded generator for property and fuzz tests, so that every failure is reproducible from the
// seed printed in its message. (The engine has its own counter-based streams; this is for tests.)

export class TestRng {
  private s: number;
  constructor(readonly seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** Uniform unsigned 32-bit integer (xorshift32). */
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.u32() / 0x1_0000_0000) * n);
  }
  /** Uniform unsigned value of `bits` bits (≤ 32). */
  bits(bits: number): number {
    return bits >= 32 ? this.u32() : this.u32() & ((1 << bits) - 1) >>> 0;
  }
  /** Uniform 64-bit value as a bigint. */
  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }
  bool(): boolean {
    return (this.u32() & 1) === 1;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }
}

/**
 * The bare access loop (benchmark issue): the fastest code that does what the engine's clean path
 * must do at minimum per access — make a guest address (xorshift32 over 1 GiB), test one poison
 * bit per 64-byte granule, and load 32 bits from shared memory. Every engine throughput figure is
 * a ratio to this, measured in the same process.
 *
 * Variants tried (kept here so nobody retries them): a Uint8Array bitmap (one byte per granule) was
 * slower than one bit per granule in an Int32Array because of the 8× larger footprint; indexing the
 * data with a Float64 address was slower than keeping everything in int32.
 */

export interface BareMemory {
  /** One bit per 64-byte granule of 1 GiB: 2^24 bits. */
  poisonBits: Int32Array;
  /** 1 GiB of 32-bit words. */
  data: Int32Array;
}

export const BARE_BYTES = 1 << 30;

export function makeBareMemory(bytes = BARE_BYTES): BareMemory {
  return {
    poisonBits: new Int32Array(new SharedArrayBuffer(bytes >>> 9)), // bytes/64 granules / 8 bits
    data: new Int32Array(new SharedArrayBuffer(bytes)),
  };
}

/**
 * Runs `n` accesses from xorshift state `seed`; returns a checksum of the loaded words plus the
 * number of poisoned granules seen, so the JIT cannot drop the loads.
 */
export function bareAccessLoop(m: BareMemory, n: number, seed: number): number {
  const bits = m.poisonBits;
  const data = m.data;
  const mask = (data.length << 2) - 1; // byte address mask (size is a power of two)
  let x = seed | 0 || 1;
  let sum = 0;
  let poisoned = 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const a = x & mask & ~3;
    const g = a >>> 6;
    if (((bits[g >>> 5]! >>> (g & 31)) & 1) !== 0) poisoned++;
    else sum = (sum + data[a >>> 2]!) | 0;
  }
  return (sum + poisoned) | 0;
}

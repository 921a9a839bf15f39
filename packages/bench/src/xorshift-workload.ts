/**
 * A workload plugin for the benchmarks only: the bare access loop's address stream (xorshift32,
 * a 32-bit load at `x & mask & ~3`) as guest loads at EL0, so the macro clean path does exactly
 * the bare loop's work through the real engine. The process's address space must be a power of
 * two (1 GiB in the benchmark).
 *
 * xorshift32 is sequential, but the engine may ask again for accesses it already produced (a
 * batch it did not finish, cut short by a slice end). Each batch keeps the generator state after
 * every access, so a fill that starts inside the previous batch resumes from the exact state; a
 * fill anywhere else (never in the benchmark) reseeds from the access counter.
 */
import { defineWorkloadPlugin, type AccessBatch, type WorkloadContext, type WorkloadHooks } from '@rasflow/core';

/** The bare loop's seed for vCPU `vi` of the benchmark: the same stream on both sides. */
export function xorshiftSeed(vi: number): number {
  return (0x2545f491 ^ Math.imul(vi + 1, 0x9e3779b1)) | 0 || 1;
}

class XorshiftWorkload implements WorkloadHooks {
  /** State after access i of the last batch, per vCPU (one array per vCPU, made on first use). */
  private readonly states: Int32Array[] = [];
  private readonly firsts: number[] = [];
  private readonly lengths: number[] = [];

  fill(ctx: WorkloadContext, batch: AccessBatch, first: number, count: number): void {
    const vi = ctx.vm * ctx.vcpus + ctx.vcpu;
    let st = this.states[vi];
    if (st === undefined) {
      st = new Int32Array(batch.capacity);
      this.states[vi] = st;
      this.firsts[vi] = 0;
      this.lengths[vi] = 0;
    }
    const prevFirst = this.firsts[vi]!;
    const off = first - prevFirst;
    let x: number;
    if (first === 0) x = xorshiftSeed(vi);
    else if (off >= 1 && off <= this.lengths[vi]!) x = st[off - 1]!;
    else x = (xorshiftSeed(vi) ^ Math.imul(first | 0, 0x85ebca6b)) | 0 || 1;
    const mask = ctx.processBytes - 1;
    const addr = batch.addr;
    const flags = batch.flags;
    for (let i = 0; i < count; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      st[i] = x;
      addr[i] = x & mask & ~3;
      flags[i] = 0; // OP_LOAD at EL0
    }
    batch.length = count;
    batch.pid = 0;
    this.firsts[vi] = first;
    this.lengths[vi] = count;
  }
}

export default defineWorkloadPlugin({
  name: 'bench-xorshift',
  description: "The bare access loop's xorshift32 address stream as EL0 loads (benchmarks only).",
  create(_options, env) {
    if ((env.vmsPerHost * env.vcpusPerVm) < 1) throw new RangeError('bench-xorshift: no vCPUs');
    return new XorshiftWorkload();
  },
});

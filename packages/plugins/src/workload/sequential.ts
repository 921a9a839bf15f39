/**
 * The `sequential` workload: each vCPU streams through its address spaces with a fixed stride,
 * wrapping at the end — a scan, a copy or a checksum loop. It models a workload that touches
 * every page in turn, so a latent error is found within one pass.
 *
 * @module
 */
import { draw32, FLAG_EL1, mixThresholds, type AccessBatch, type MixThresholds, type WorkloadContext, type WorkloadHooks } from '@rasflow/core';
import { deriveKey, fetchShareOf, generatedReadShare, isMixed, KIND_SALT, kindFlags, slicePid, sliceCount } from './schedule.js';
import type { RandomWorkloadSpec } from './random.js';

/** Salts of the per-vCPU walk starts, one per address space. */
const START_USER_SALT = 0x2c1b3c6d;
const START_KERNEL_SALT = 0x297a2d39;

/** The scenario fields the sequential workload reads. */
export interface SequentialWorkloadSpec extends RandomWorkloadSpec {
  /** Bytes between two accesses of a walk. */
  strideBytes: number;
}

/**
 * Byte offset of access `n` of a walk that starts at `start` and advances `stride` bytes per
 * access over a space of `span` bytes: (start + n × stride) mod span, computed without ever
 * exceeding 2^53 ((n mod span) × stride < 2^32 × 2^16).
 */
export function walkOffset(start: number, n: number, stride: number, span: number): number {
  return (start + (n % span) * stride) % span;
}

/**
 * Strided walks, one per address space: access n's address in the process space is
 * userStart + n × strideBytes (mod the space), and in the kernel space kernelStart + n ×
 * strideBytes (mod the kernel space), rounded down to a word. Both walks advance on every access
 * whatever its EL, so the address is a pure function of n — the process walk has a hole where a
 * kernel access was drawn, which is what a real scan interrupted by the kernel looks like. The
 * starts are drawn from the vCPU's stream key, so the vCPUs of a VM walk different pages. Kinds
 * and ELs are drawn as in the random workload; the process changes per scheduling slice.
 */
export class SequentialWorkload implements WorkloadHooks {
  private readonly th: MixThresholds;
  private readonly mixed: boolean;
  private readonly stride: number;

  constructor(spec: SequentialWorkloadSpec) {
    if (!(Number.isInteger(spec.strideBytes) && spec.strideBytes >= 1)) {
      throw new RangeError(`workload.strideBytes: found ${spec.strideBytes}, allowed: a positive integer`);
    }
    this.th = mixThresholds(spec);
    this.mixed = isMixed(this.th);
    this.stride = spec.strideBytes;
  }

  fill(ctx: WorkloadContext, batch: AccessBatch, first: number, count: number): void {
    const pid = slicePid(ctx, first);
    const n = sliceCount(first, count, batch.capacity);
    const key = ctx.streamKey;
    const kindKey = (key ^ KIND_SALT) >>> 0;
    const user = ctx.processBytes;
    const kernel = ctx.kernelBytes;
    const stride = this.stride;
    const th = this.th;
    const mixed = this.mixed;
    // Word-aligned starts, then the positions of access `first`; from there the loop only adds.
    const userStart = deriveKey(key, START_USER_SALT) % user;
    const kernelStart = deriveKey(key, START_KERNEL_SALT) % kernel;
    let u = walkOffset(userStart - (userStart & 3), first, stride, user);
    let k = walkOffset(kernelStart - (kernelStart & 3), first, stride, kernel);
    const addr = batch.addr;
    const flags = batch.flags;
    for (let i = 0; i < n; i++) {
      const f = mixed ? kindFlags(draw32(kindKey, first + i), th) : 0;
      const a = (f & FLAG_EL1) !== 0 ? k : u;
      addr[i] = a - (a & 3);
      flags[i] = f;
      u += stride;
      if (u >= user) u %= user;
      k += stride;
      if (k >= kernel) k %= kernel;
    }
    batch.length = n;
    batch.timed = false;
    batch.pid = pid;
  }

  /**
   * Sampled time: a walk visits the pages of a space in turn, so in the long run each equally
   * (exactly so for strides of at most 64 bytes; a longer stride skips granules, which sampled
   * time does not model).
   */
  readShare(ctx: WorkloadContext, space: number): number {
    return generatedReadShare(ctx, this.th, space, 1 / Math.max(1, Math.floor(ctx.processBytes / 2 ** ctx.guestPageShift)));
  }

  get fetchShare(): number {
    return fetchShareOf(this.th);
  }
}

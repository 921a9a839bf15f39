/**
 * The `hot-set` workload: most accesses of a process go to a small working set of its pages, the
 * rest anywhere in its space. It models the locality of real programs: an error in a hot page is
 * consumed almost at once, one in a cold page may stay latent for the whole run.
 *
 * @module
 */
import {
  draw32, FLAG_EL1, mix32, mixThresholds, streamKey, STREAM_WORKLOAD,
  type AccessBatch, type MixThresholds, type PluginEnv, type WorkloadContext, type WorkloadHooks,
} from '@rasflow/core';
import { deriveKey, fetchShareOf, generatedReadShare, isMixed, KIND_SALT, kindFlags, slicePid, sliceCount } from './schedule.js';
import type { RandomWorkloadSpec } from './random.js';

/** Salt of the per-access hot-or-cold draw. */
const HOT_SALT = 0x68e31da4;

/** The scenario fields the hot-set workload reads. */
export interface HotSetWorkloadSpec extends RandomWorkloadSpec {
  /** Pages in each process's hot set. */
  hotPages: number;
  /** Probability that an access goes to the hot set. */
  hotProbability: number;
}

/**
 * First page of the hot set of process `pid`, for a VM whose hot-set key is `vmKey`: a seeded
 * choice, so that processes of a VM (and VMs of a host) have their hot pages in different places.
 * The hot set is the `hotPages` consecutive pages from there, wrapping at the end of the space.
 */
export function hotSetFirstPage(vmKey: number, pid: number, processPages: number): number {
  return mix32((vmKey ^ Math.imul(pid + 1, 0x9e3779b9)) >>> 0) % processPages;
}

/**
 * Accesses at EL0 go, with probability hotProbability, to a uniformly random word of the
 * process's hot set (hotSetFirstPage), otherwise to a uniformly random word of the whole process
 * space (hot pages included). EL1 accesses are uniform over the kernel space: the hot set is the
 * process's working set, not the kernel's. Kinds and ELs are drawn as in the random workload; the
 * process changes per scheduling slice. Access n uses draws n of three streams of the vCPU (kind,
 * address, hot-or-cold), so it is a pure function of n.
 */
export class HotSetWorkload implements WorkloadHooks {
  private readonly th: MixThresholds;
  private readonly mixed: boolean;
  private readonly hotPages: number;
  /** hotProbability as a threshold on a u32 draw (2^32 when every access is hot). */
  private readonly hotThreshold: number;
  /** Per VM: the key hot sets are drawn from (made once, never per batch). */
  private readonly vmKeys: Float64Array;

  constructor(spec: HotSetWorkloadSpec, env: PluginEnv) {
    if (!(Number.isInteger(spec.hotPages) && spec.hotPages >= 1)) {
      throw new RangeError(`workload.hotPages: found ${spec.hotPages}, allowed: a positive integer`);
    }
    this.th = mixThresholds(spec);
    this.mixed = isMixed(this.th);
    this.hotPages = spec.hotPages;
    this.hotThreshold = Math.min(1, Math.max(0, spec.hotProbability)) * 0x1_0000_0000;
    this.vmKeys = new Float64Array(env.vmsPerHost);
    // vcpu -1: a per-VM workload stream, distinct from every vCPU's access stream.
    for (let vm = 0; vm < env.vmsPerHost; vm++) this.vmKeys[vm] = streamKey(env.seed, env.host, vm, -1, STREAM_WORKLOAD);
  }

  fill(ctx: WorkloadContext, batch: AccessBatch, first: number, count: number): void {
    const pid = slicePid(ctx, first);
    const n = sliceCount(first, count, batch.capacity);
    const key = ctx.streamKey;
    const kindKey = (key ^ KIND_SALT) >>> 0;
    const hotKey = deriveKey(key, HOT_SALT);
    const user = ctx.processBytes;
    const pageShift = ctx.guestPageShift;
    const processPages = Math.max(1, Math.floor(user / 2 ** pageShift));
    const hotPages = Math.min(this.hotPages, processPages);
    const hotBase = hotSetFirstPage(this.vmKeys[ctx.vm] ?? 0, pid, processPages) * 2 ** pageShift;
    // Scales from a u32 draw to a word index: ⌊r × words / 2^32⌋.
    const userScale = user / 4 / 0x1_0000_0000;
    const hotScale = (hotPages * 2 ** pageShift) / 4 / 0x1_0000_0000;
    const kernelScale = ctx.kernelBytes / 4 / 0x1_0000_0000;
    const th = this.th;
    const mixed = this.mixed;
    const hotThreshold = this.hotThreshold;
    const addr = batch.addr;
    const flags = batch.flags;
    for (let i = 0; i < n; i++) {
      const c = first + i;
      const f = mixed ? kindFlags(draw32(kindKey, c), th) : 0;
      const r = draw32(key, c);
      let a: number;
      if ((f & FLAG_EL1) !== 0) a = Math.floor(r * kernelScale) * 4;
      else if (draw32(hotKey, c) < hotThreshold) {
        a = hotBase + Math.floor(r * hotScale) * 4;
        if (a >= user) a -= user; // the hot set wraps past the last page
      } else a = Math.floor(r * userScale) * 4;
      addr[i] = a;
      flags[i] = f;
    }
    batch.length = n;
    batch.timed = false;
    batch.pid = pid;
  }

  /** Sampled time: the hot set's pages get hotProbability between them, every page the rest. */
  readShare(ctx: WorkloadContext, space: number, page: number): number {
    const processPages = Math.max(1, Math.floor(ctx.processBytes / 2 ** ctx.guestPageShift));
    let share = (1 - this.hotThreshold / 0x1_0000_0000) / processPages;
    if (space >= 0) {
      const hotPages = Math.min(this.hotPages, processPages);
      const first = hotSetFirstPage(this.vmKeys[ctx.vm] ?? 0, space, processPages);
      if ((page - first + processPages) % processPages < hotPages) share += (this.hotThreshold / 0x1_0000_0000) / hotPages;
    }
    return generatedReadShare(ctx, this.th, space, share);
  }

  get fetchShare(): number {
    return fetchShareOf(this.th);
  }
}

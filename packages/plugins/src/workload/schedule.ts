/**
 * What the generated workloads (random, sequential, hot-set) share: which guest process a vCPU
 * runs, and how an access's kind and exception level are drawn.
 *
 * A guest scheduler runs processes in time slices; here the slice is a fixed number of accesses,
 * so the process of access n is a function of n alone (plus which processes are alive). Batches
 * are cut at slice boundaries, which is what keeps a run identical for every batch size: access n
 * lands in the same process whether it was filled in a batch of 256 or of 4096.
 *
 * @module
 */
import { FLAG_EL1, mix32, OP_FETCH, OP_LOAD, OP_STORE, type MixThresholds, type WorkloadContext } from '@rasflow/core';

/**
 * Accesses a vCPU makes for one process before the guest switches it to the next one (the
 * scheduler's time slice, counted in accesses). 4096 accesses at the default 1 ns per access is
 * a 4 µs slice: short, so that every process of a VM is exercised within a short run.
 */
export const SCHEDULE_CHUNK = 4096;

/**
 * The salt core's `fillRandom` xors into the stream key for its kind draws. The generated
 * workloads of this package use the same kind stream, so one seed gives every kind the same
 * sequence of loads, stores, fetches and EL1 accesses.
 */
export const KIND_SALT = 0x5bd1e995;

/**
 * The process vCPU `ctx.vcpu` runs for access `first`: slice c = ⌊first / SCHEDULE_CHUNK⌋ runs
 * process (vcpu + c × vcpus) mod processes, so the vCPUs of a VM start on different processes
 * and rotate through them together. A process that is not alive (killed, waiting to restart) is
 * skipped in favour of the next alive one; when none is alive the first choice is returned and
 * the engine lets the vCPU's time pass without accesses.
 */
export function slicePid(ctx: WorkloadContext, first: number): number {
  const n = ctx.processes;
  const slice = Math.floor(first / SCHEDULE_CHUNK);
  const chosen = ((slice % n) * (ctx.vcpus % n) + ctx.vcpu) % n;
  let pid = chosen;
  for (let k = 0; k < n; k++) {
    if (ctx.processAlive(pid)) return pid;
    pid = pid + 1 === n ? 0 : pid + 1;
  }
  return chosen;
}

/** How many of `count` accesses from `first` fit before the current slice ends (≥ 1). */
export function sliceCount(first: number, count: number, capacity: number): number {
  const left = (Math.floor(first / SCHEDULE_CHUNK) + 1) * SCHEDULE_CHUNK - first;
  return Math.min(count, left, capacity);
}

/** True when any access may be something other than an EL0 load (the kind draw is needed). */
export function isMixed(th: MixThresholds): boolean {
  return th.store > 0 || th.fetch > 0 || th.kernel > 0;
}

/**
 * Kind and EL of one access from its kind draw `k` (a u32): the low half against the store and
 * fetch thresholds, the high half against the kernel threshold — exactly as `fillRandom` does.
 */
export function kindFlags(k: number, th: MixThresholds): number {
  const lo = k & 0xffff;
  const op = lo < th.store ? OP_STORE : lo < th.fetch ? OP_FETCH : OP_LOAD;
  return op | ((k >>> 16) < th.kernel ? FLAG_EL1 : 0);
}

/** A stream key derived from another for a second, independent use (e.g. the hot-set choice). */
export function deriveKey(key: number, salt: number): number {
  return mix32((key ^ salt) >>> 0);
}

/**
 * The share of vCPU `ctx.vcpu`'s accesses made in process `pid`, over a whole round of the
 * schedule (slicePid for slices 0 … processes-1, with the processes alive now): what
 * `time: "sampled"` needs where access mode follows the schedule slice by slice.
 */
export function processShare(ctx: WorkloadContext, pid: number): number {
  const n = ctx.processes;
  let hits = 0;
  for (let c = 0; c < n; c++) if (slicePid(ctx, c * SCHEDULE_CHUNK) === pid) hits++;
  return hits / n;
}

/**
 * readShare() of the generated workloads: the probability that an access is a load or a fetch
 * (1 − store share), at EL1 in the kernel space (kernel share, uniform over its pages) or at EL0
 * in process `space` (the process's share of the schedule × `userPageShare`, the workload's own
 * distribution over the process's pages).
 */
export function generatedReadShare(ctx: WorkloadContext, th: MixThresholds, space: number, userPageShare: number): number {
  const read = 1 - th.store / 65536;
  const kernel = th.kernel / 65536;
  if (space < 0) {
    // Kernel accesses happen in some process's time: none while every process is dead.
    let alive = false;
    for (let p = 0; p < ctx.processes && !alive; p++) alive = ctx.processAlive(p);
    return alive ? read * kernel / Math.max(1, Math.floor(ctx.kernelBytes / 2 ** ctx.guestPageShift)) : 0;
  }
  return read * (1 - kernel) * processShare(ctx, space) * userPageShare;
}

/** The share of reads that are fetches, from the thresholds (what fetchShare says). */
export function fetchShareOf(th: MixThresholds): number {
  return th.store >= 65536 ? 0 : (th.fetch - th.store) / (65536 - th.store);
}

/**
 * The `random` workload: every access is a uniformly random word of the address space it is
 * made in — the current process's space at EL0, the guest kernel's at EL1 — with the scenario's
 * store, fetch and kernel fractions. It models a workload with no locality at all, the worst case
 * for how quickly an error in any page is found.
 *
 * @module
 */
import { fillRandom, mixThresholds, type AccessBatch, type MixThresholds, type WorkloadContext, type WorkloadHooks } from '@rasflow/core';
import { fetchShareOf, generatedReadShare, slicePid, sliceCount } from './schedule.js';

/** The scenario fields the random workload reads. */
export interface RandomWorkloadSpec {
  /** Fraction of accesses that are stores (a store does not consume poison). */
  storeFraction: number;
  /** Fraction that are instruction fetches (consuming poison as an instruction abort). */
  fetchFraction: number;
  /** Fraction made by the guest kernel at EL1 (the rest by the current process at EL0). */
  kernelFraction: number;
}

/**
 * Uniform random accesses (core's `fillRandom`), one guest process per scheduling slice
 * (schedule.ts). Access n is a pure function of (stream key, n) and of which processes are alive
 * when its slice starts being filled.
 */
export class RandomWorkload implements WorkloadHooks {
  private readonly th: MixThresholds;

  constructor(spec: RandomWorkloadSpec) {
    // Thresholds are computed once here: fill() runs once per batch and allocates nothing.
    this.th = mixThresholds(spec);
  }

  fill(ctx: WorkloadContext, batch: AccessBatch, first: number, count: number): void {
    const pid = slicePid(ctx, first);
    const n = sliceCount(first, count, batch.capacity);
    fillRandom(batch, n, ctx.streamKey, first, ctx.processBytes, ctx.kernelBytes, this.th);
    batch.pid = pid;
  }

  /** Sampled time: every page of a space is equally likely. */
  readShare(ctx: WorkloadContext, space: number): number {
    return generatedReadShare(ctx, this.th, space, 1 / Math.max(1, Math.floor(ctx.processBytes / 2 ** ctx.guestPageShift)));
  }

  get fetchShare(): number {
    return fetchShareOf(this.th);
  }
}

/**
 * Reads the mix fields of a generated workload spec, with the schema's defaults for any field a
 * hand-built env left out (the validator always fills them in for scenarios).
 */
export function mixOf(spec: Readonly<Record<string, unknown>>): RandomWorkloadSpec {
  return {
    storeFraction: numberOr(spec['storeFraction'], 0.3),
    fetchFraction: numberOr(spec['fetchFraction'], 0.1),
    kernelFraction: numberOr(spec['kernelFraction'], 0.1),
  };
}

/** `v` when it is a finite number, else `dflt`. */
export function numberOr(v: unknown, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : dflt;
}

/**
 * Address generators for the built-in workloads. Each fills a batch from a counter: access n of a
 * vCPU is a pure function of (stream key, n), so the same accesses come out whatever the batch
 * size. Loads, stores and fetches are mixed by thresholds on the same draw.
 */
import { draw32 } from '../rand/counter-rng.js';
import { FLAG_EL1, OP_FETCH, OP_LOAD, OP_STORE, type AccessBatch } from '../vcpu/access-batch.js';

/** Mix of access kinds as thresholds on a 16-bit draw, plus the share made by the kernel. */
export interface AccessMix {
  /** Fraction of accesses that are stores (0–1). */
  storeFraction: number;
  /** Fraction that are instruction fetches (0–1). */
  fetchFraction: number;
  /** Fraction made by the guest kernel at EL1 (0–1). */
  kernelFraction: number;
}

/**
 * An {@link AccessMix} as thresholds on a 16-bit draw (0–65536), computed once per workload so
 * filling a batch allocates nothing.
 */
export interface MixThresholds {
  /** Low 16 bits of the draw below it: a store. */
  store: number;
  /** Low 16 bits from `store` up to below it: an instruction fetch (above: a load). */
  fetch: number;
  /** The high 16 bits of the same draw below it make the access the guest kernel's (EL1). */
  kernel: number;
}

/** The thresholds of a mix (fractions clamped to 0–1). */
export function mixThresholds(m: AccessMix): MixThresholds {
  const t = (f: number): number => Math.round(Math.min(1, Math.max(0, f)) * 65536);
  return { store: t(m.storeFraction), fetch: t(m.storeFraction + m.fetchFraction), kernel: t(m.kernelFraction) };
}

/**
 * Uniformly random word-aligned addresses over a process span of `userBytes` and a kernel span of
 * `kernelBytes`, for accesses `first`… of the stream `key`.
 */
export function fillRandom(
  batch: AccessBatch, count: number, key: number, first: number,
  userBytes: number, kernelBytes: number, th: MixThresholds,
): void {
  const addr = batch.addr;
  const flags = batch.flags;
  const n = Math.min(count, batch.capacity);
  const userScale = userBytes / 4 / 0x1_0000_0000;
  const kernelScale = kernelBytes / 4 / 0x1_0000_0000;
  const kindKey = (key ^ 0x5bd1e995) >>> 0;
  const mixed = th.store > 0 || th.fetch > 0 || th.kernel > 0;
  for (let i = 0; i < n; i++) {
    let f = OP_LOAD;
    if (mixed) {
      const k = draw32(kindKey, first + i); // low half: kind; high half: EL
      const lo = k & 0xffff;
      f = (lo < th.store ? OP_STORE : lo < th.fetch ? OP_FETCH : OP_LOAD) | ((k >>> 16) < th.kernel ? FLAG_EL1 : 0);
    }
    const r = draw32(key, first + i);
    addr[i] = Math.floor(r * ((f & FLAG_EL1) !== 0 ? kernelScale : userScale)) << 2;
    flags[i] = f;
  }
  batch.length = n;
  batch.timed = false;
}

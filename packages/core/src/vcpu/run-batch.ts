/**
 * The per-access loop: translate, check poison, retire. This is the engine's hottest code.
 *
 * Per access it does a page-table load, shifts and adds (stage 2 is arithmetic over a memslot)
 * and one plain load of the host's poison summary bit. Only when that bit is set does it look at
 * the page's slot. No allocation, no closures, no strings, no Map: the result of a stop is written
 * into the caller's Int32Array.
 */
import { OP_MASK, OP_STORE, FLAG_EL1, type AccessBatch } from './access-batch.js';
import { PAGE_FLAG_STAGE2_UNMAPPED } from '../memory/layout.js';
import { PTE_HWPOISON } from '../memory/guest-memory.js';
import type { HostPoisonMap } from '../memory/host-poison-map.js';

/**
 * Why the access loop stopped ({@link OUT_REASON}): it reached the batch end or its time budget.
 */
export const STOP_BUDGET = 0;
/** Stop reason: a load or fetch consumed a poisoned granule, i.e. a synchronous external abort. */
export const STOP_POISON = 1;
/**
 * Stop reason: the host page is unmapped from stage 2 (hwpoisoned), so the access takes KVM's
 * stage-2 fault path.
 */
export const STOP_STAGE2 = 2;
/** Stop reason: the guest PTE is a hwpoison entry, so the guest kills the process (late kill). */
export const STOP_PTE_POISON = 3;
/** Stop reason: the address is outside the context's mapping. */
export const STOP_PTE_NONE = 4;
/** Stop reason: a timed batch whose next access is in the future. */
export const STOP_WAIT = 5;

/** Word of the loop's `out` array: why it stopped (`STOP_*`). */
export const OUT_REASON = 0;
/** Word of `out`: index of the access that stopped the loop (the first not retired). */
export const OUT_INDEX = 1;
/** Word of `out`: host page of that access. */
export const OUT_HOST_PAGE = 2;
/** Word of `out`: granule within the host page. */
export const OUT_GRANULE = 3;
/** Word of `out`: the page-table entry (a gpfn, or a negative `PTE_*` value). */
export const OUT_GPFN = 4;
/** Size of the `out` array. */
export const OUT_WORDS = 8;

/** Everything the loop reads about one VM, gathered once per VM (not per batch). */
export interface VmAccessView {
  /** The guest kernel's page table (virtual page → gpfn). */
  kernelPt: Int32Array;
  /** Each guest process's page table, by pid. */
  processPt: Int32Array[];
  /** Host page of guest PA 0 (stage 2 is an addition over the VM's memslot). */
  firstHostPage: number;
  /** log2 of the guest page size. */
  guestPageShift: number;
  /** Guest page shift − 6: guest page number → granule number. */
  guestShiftMinusGranule: number;
  /** Host page shift − 6: granule number → host page number. */
  hostShiftMinusGranule: number;
  /** Guest RAM contents as 32-bit words (data-backed mode), or null. */
  data: Int32Array | null;
  /** Host page number of the first word of `data` (the VM's first RAM page). */
  dataFirstHostPage: number;
  /** log2 of the host page size. */
  hostPageShift: number;
  /**
   * File-backed guest RAM (vms.memoryBackend "file"): per host page of the VM, the writeback
   * interval of its last store + 1 (0: never stored to), so memory_failure() can tell dirty page
   * cache from clean; null for anonymous memory. Plain stores: a racing store only changes which
   * of two recent stamps survives.
   */
  dirty: Int32Array | null;
  /** The stamp stores of the next batch write (the engine sets it before each runBatch call). */
  dirtyStamp: number;
}

/**
 * Runs accesses `start`… of `batch` while fewer than `maxAccesses` have retired. Returns the
 * number retired; `out` says why it stopped. The caller advances the vCPU clock by
 * retired × accessNs (generated workloads) — time is not touched per access.
 */
export function runBatch(
  batch: AccessBatch,
  start: number,
  maxAccesses: number,
  vm: VmAccessView,
  poison: HostPoisonMap,
  out: Int32Array,
  sink: Int32Array,
): number {
  const addr = batch.addr;
  const flags = batch.flags;
  const end = Math.min(batch.length, start + maxAccesses);
  const kpt = vm.kernelPt;
  const upt = vm.processPt[batch.pid]!;
  const gShift = vm.guestPageShift;
  const gMask = (1 << gShift) - 1;
  const gToGran = vm.guestShiftMinusGranule;
  const hToGran = vm.hostShiftMinusGranule;
  const granMask = (1 << hToGran) - 1;
  const base = vm.firstHostPage;
  const summary = poison.views.summary;
  const data = vm.data;
  const words = data !== null ? batch.hostWord : null;
  const dirty = vm.dirty;
  const stamp = vm.dirtyStamp;
  let i = start;
  for (; i < end; i++) {
    const f = flags[i]!;
    const a = addr[i]!;
    const pt = (f & FLAG_EL1) !== 0 ? kpt : upt;
    const vpn = a >>> gShift;
    if (vpn >= pt.length) return stop(out, STOP_PTE_NONE, i, 0, 0, -1, start, batch, data, sink);
    const gpfn = pt[vpn]!;
    if (gpfn < 0) return stop(out, gpfn <= PTE_HWPOISON ? STOP_PTE_POISON : STOP_PTE_NONE, i, 0, 0, gpfn, start, batch, data, sink);
    const gg = (gpfn << gToGran) | ((a & gMask) >>> 6); // granule number within the VM's RAM
    const hp = base + (gg >>> hToGran);
    if (((summary[hp >>> 5]! >>> (hp & 31)) & 1) !== 0) {
      const r = slowCheck(poison, hp, gg & granMask, f & OP_MASK);
      if (r !== 0) return stop(out, r, i, hp, gg & granMask, gpfn, start, batch, data, sink);
    }
    if (dirty !== null && (f & OP_MASK) === OP_STORE) dirty[hp - base] = stamp;
    // Data-backed mode: remember the word; the loads run in a second pass (moveData) so that
    // their cache misses overlap instead of queueing behind the page-table loads.
    if (words !== null) words[i] = (gg << 4) | ((a & 63) >>> 2); // 16 words per granule
  }
  return stop(out, STOP_BUDGET, i, 0, 0, -1, start, batch, data, sink);
}

/** Second pass of data-backed mode: the loads and stores of the retired accesses [start, end). */
function moveData(batch: AccessBatch, start: number, end: number, data: Int32Array, sink: Int32Array): void {
  const words = batch.hostWord;
  const flags = batch.flags;
  let acc = 0;
  for (let i = start; i < end; i++) {
    const w = words[i]!;
    if ((flags[i]! & OP_MASK) === OP_STORE) data[w] = i;
    else acc = (acc + data[w]!) | 0;
  }
  sink[0] = (sink[0]! + acc) | 0; // loaded data feeds a checksum, so the loads are not dead code
}

function stop(
  out: Int32Array, reason: number, i: number, hp: number, g: number, gpfn: number,
  start: number, batch: AccessBatch, data: Int32Array | null, sink: Int32Array,
): number {
  out[OUT_REASON] = reason;
  out[OUT_INDEX] = i;
  out[OUT_HOST_PAGE] = hp;
  out[OUT_GRANULE] = g;
  out[OUT_GPFN] = gpfn;
  if (data !== null) moveData(batch, start, i, data, sink);
  return i - start;
}

/** The page has a slot: is this access stopped by stage 2 or by poison? 0 when it retires. */
function slowCheck(poison: HostPoisonMap, hp: number, granule: number, op: number): number {
  if ((poison.pageFlags(hp) & PAGE_FLAG_STAGE2_UNMAPPED) !== 0) return STOP_STAGE2;
  if (op !== OP_STORE && poison.isGranulePoisoned(hp, granule)) return STOP_POISON;
  return 0;
}

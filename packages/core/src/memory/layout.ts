/**
 * The one declared layout of rasflow's shared memory.
 *
 * Every SharedArrayBuffer the engine creates is described here: which typed views it holds, at
 * which byte offsets, and who writes them. Workers (the threads issue) receive the buffers and
 * rebuild the same views from these functions, so there is exactly one definition of each offset.
 *
 * Writers use Atomics; the per-access poison check reads with plain loads (a stale read there is
 * harmless: the bit only ever goes from 0 to 1 while a host is up, and a missed bit is seen by the
 * same vCPU at its next batch — the slice design bounds the staleness).
 */

/** Bytes per poison granule: the unit that carries hardware poison (flow.md "granule"). */
export const GRANULE_BYTES = 64;
export const GRANULE_SHIFT = 6;

/** Host page sizes the engine supports (flow.md: 4 KiB or 64 KiB). */
export type HostPageSize = 4096 | 65536;
/** Guest page sizes the engine supports. */
export type GuestPageSize = 4096 | 65536;

export function pageShift(size: HostPageSize | GuestPageSize): 12 | 16 {
  return size === 4096 ? 12 : 16;
}

// ---- Host poison map: one SharedArrayBuffer per host -------------------------------------------
//
//  [ header: Int32 × 16 ][ summary: Uint32 × ceil(pages/32) ][ index: Int32 × indexCapacity ]
//  [ slots: Int32 × maxSlots × slotWords ]
//
// header   word 0  SLOTS_USED   slots handed out (Atomics.add by the writer that claims one)
//          word 1  GENERATION   bumped when the map is reset (host reboot with transient faults)
//          word 2  POISONED     granules currently poisoned (statistics)
// summary  bit p set ⇔ host page p has a slot: poisoned granules or page flags. The hot path reads
//          only this bit for a clean page.
// index    open-addressing hash from host page number to slot number; key -1 = empty. Keys are
//          only ever inserted while a host is up, so readers never see a key move.
// slots    per slot: word 0 host page, word 1 page flags (PAGE_FLAG_*), words 2.. granule mask
//          (bit g of the mask = granule g of the page is poisoned).

export const HEADER_WORDS = 16;
export const HDR_SLOTS_USED = 0;
export const HDR_GENERATION = 1;
export const HDR_POISONED = 2;

export const SLOT_PAGE = 0;
export const SLOT_FLAGS = 1;
export const SLOT_MASK = 2;

/** Host page flags (word 1 of a slot). */
export const PAGE_FLAG_HWPOISON = 1 << 0; // PG_hwpoison: memory_failure() took the page
export const PAGE_FLAG_STAGE2_UNMAPPED = 1 << 1; // unmapped from the guest's stage 2: access faults
export const PAGE_FLAG_VMM_UNMAPPED = 1 << 2; // unmapped from the VMM's address space
export const PAGE_FLAG_REPLACED = 1 << 3; // the VMM gave the guest a fresh page after a reboot

export interface HostPoisonLayout {
  hostPages: number;
  hostPageShift: 12 | 16;
  granulesPerPage: number;
  maxSlots: number;
  slotWords: number;
  indexCapacity: number;
  summaryOffset: number;
  summaryWords: number;
  indexOffset: number;
  slotsOffset: number;
  totalBytes: number;
}

/**
 * Layout of a host's poison map for `hostPages` pages of `1 << hostPageShift` bytes, with room for
 * `maxSlots` distinct pages that hold poison or flags.
 */
export function hostPoisonLayout(hostPages: number, hostPageShift: 12 | 16, maxSlots: number): HostPoisonLayout {
  if (!Number.isInteger(hostPages) || hostPages < 1 || hostPages > 0x7fff_ffff) {
    throw new RangeError(`hostPages must be an integer in [1, 2^31), got ${hostPages}`);
  }
  if (!Number.isInteger(maxSlots) || maxSlots < 1 || maxSlots > 1 << 24) {
    throw new RangeError(`maxSlots must be an integer in [1, 2^24], got ${maxSlots}`);
  }
  const granulesPerPage = 1 << (hostPageShift - GRANULE_SHIFT);
  const slotWords = SLOT_MASK + granulesPerPage / 32;
  let indexCapacity = 16;
  while (indexCapacity < maxSlots * 2) indexCapacity <<= 1; // load factor ≤ 0.5 keeps probes short
  const summaryWords = Math.ceil(hostPages / 32);
  const summaryOffset = HEADER_WORDS * 4;
  const indexOffset = summaryOffset + summaryWords * 4;
  const slotsOffset = indexOffset + indexCapacity * 4;
  const totalBytes = slotsOffset + maxSlots * slotWords * 4;
  return {
    hostPages, hostPageShift, granulesPerPage, maxSlots, slotWords, indexCapacity,
    summaryOffset, summaryWords, indexOffset, slotsOffset, totalBytes,
  };
}

/** The typed views over a host poison map, made once per thread. */
export interface HostPoisonViews {
  header: Int32Array;
  summary: Int32Array; // Int32 so Atomics.or works; bits are read with >>> and & 1
  index: Int32Array;
  slots: Int32Array;
}

export function hostPoisonViews(sab: SharedArrayBuffer, l: HostPoisonLayout): HostPoisonViews {
  if (sab.byteLength < l.totalBytes) {
    throw new RangeError(`host poison buffer is ${sab.byteLength} bytes, layout needs ${l.totalBytes}`);
  }
  return {
    header: new Int32Array(sab, 0, HEADER_WORDS),
    summary: new Int32Array(sab, l.summaryOffset, l.summaryWords),
    index: new Int32Array(sab, l.indexOffset, l.indexCapacity),
    slots: new Int32Array(sab, l.slotsOffset, l.maxSlots * l.slotWords),
  };
}


// ---- vCPU records: one SharedArrayBuffer per host ----------------------------------------------
//
// Each vCPU has one row of VCPU_F64 doubles and one row of VCPU_I32 int32s. The owning thread
// writes them; other threads (comlink queries, progress) only read, and tolerate a torn view of a
// row because every field is independently meaningful.

/** Float64 fields of a vCPU row. */
export const VF_CLOCK_NS = 0; // simulated time of this vCPU, integer nanoseconds
export const VF_ACCESSES = 1; // accesses retired
export const VF_FAR_EL1 = 2; // FAR_EL1 the guest last saw
export const VF_FAR_EL2 = 3; // FAR_EL2 of the last exception faked or taken to EL2
export const VF_VSERROR_AT = 4; // when the pending virtual SError was raised
export const VF_LOST_NS = 5; // time charged to error handling
export const VF_SEA_FAR = 6; // FAR_EL1 of a pending injected SEA (-1: FnV)
export const VF_COUNTER = 7; // index of the next access (the workload's counter)
export const VF_FAULT_COUNTER = 8; // counter of the access that faulted last (livelock detection)
export const VF_STOP_ADDR = 9; // address of the access whose journey the vCPU waits on (VI_STOP_REASON)
export const VCPU_F64 = 12;

/** Int32 fields of a vCPU row. */
export const VI_STATE = 0; // VCPU_STATE_*
export const VI_PSTATE = 1; // guest PSTATE: bit 8 = A (SError masked), bits 3:0 = EL mode
export const VI_HCR_VSE = 2; // HCR_EL2.VSE: a virtual SError is pending
export const VI_VSESR = 3; // VSESR_EL2 syndrome bits 24:0
export const VI_ESR_EL1 = 4; // ESR_EL1 the guest last saw
export const VI_ESR_EL2 = 5; // ESR_EL2 of the last exception taken to EL2
export const VI_PID = 6; // guest process running on this vCPU (-1: kernel / idle)
export const VI_RETRIES = 7; // consecutive faults on the same access (livelock detection)
export const VI_VSERROR_JOURNEY = 8; // journey of the pending virtual SError (-1 none)
export const VI_FAULT_JOURNEY = 9; // journey of the access being retried (-1 none)
export const VI_SEA_PENDING = 10; // the VMM injected an SEA that this vCPU has not taken yet
export const VI_SEA_ESR = 11; // its ESR_EL1
export const VI_SEA_JOURNEY = 12;
export const VI_LAST_EL = 13; // EL of the last access (0 process, 1 kernel)
export const VI_PE = 14; // physical CPU the vCPU is pinned to
export const VI_BLOCKED = 15; // hand-overs of journeys this vCPU waits on (engine/handover.ts); runs only at 0
export const VI_STOP_REASON = 16; // the access-loop stop whose journey is under way (0: none)
export const VI_STOP_OP = 17; // its access's operation (OP_*)
export const VI_STOP_PID = 18; // its batch's process (-1: kernel)
export const VI_STOP_EL1 = 19; // 1 when the access was the guest kernel's
export const VI_STOP_JOURNEY = 20; // the journey the stop started or joined
export const VI_SKIP = 21; // the guest resumed after the faulting access (skipAccess)
export const VI_BOOTS = 22; // times the vCPU's VM booted: hand-overs of an earlier boot are dropped
export const VCPU_I32 = 24;

export const VCPU_STATE_RUNNING = 0;
export const VCPU_STATE_STOPPED = 1; // VM down (panic, terminated) or host down
export const VCPU_STATE_IDLE = 2; // scripted workload with nothing left

export interface VcpuViews {
  f64: Float64Array;
  i32: Int32Array;
}

export function vcpuBufferBytes(vcpus: number): number {
  return vcpus * (VCPU_F64 * 8 + VCPU_I32 * 4);
}

export function vcpuViews(sab: SharedArrayBuffer, vcpus: number): VcpuViews {
  return {
    f64: new Float64Array(sab, 0, vcpus * VCPU_F64),
    i32: new Int32Array(sab, vcpus * VCPU_F64 * 8, vcpus * VCPU_I32),
  };
}


// ---- Run control block: one SharedArrayBuffer per run (threads/control-block.ts) ----------------
//
//  [ header: Int32 × 16 (one 64-byte line) ][ one 128-byte line per worker ]
//
// The main thread writes PAUSE and STOP; workers write PAUSED, SEQ, FIRST_FAILURE and their own
// line, nobody else's: each line is its own cache line, so two workers never share one.

export const CTRL_HEADER_BYTES = 64;
export const CTRL_LINE_BYTES = 128;
/** Int32 header words. */
export const CW_PAUSE = 0; // 1: wait at the next yield point; 0: run
export const CW_PAUSED = 1; // workers waiting in a pause now
export const CW_SEQ = 2; // bumped (and notified) after every progress write
export const CW_STOP = 3; // 1: stop at the next slice end (a signal, or a crash elsewhere)
export const CW_FIRST_FAILURE = 4; // lowest host a plugin threw in (hosts.count while none has)
export const CW_NEXT_HOST = 5; // the next host a worker claims (Atomics.add): hosts go to whoever is free
/** Float64 fields of a worker's line. */
export const CL_HOST = 0; // host being run (-1 before the first)
export const CL_SIMULATED_NS = 1; // simulated time that host reached
export const CL_SLICES = 2; // slices completed by this worker
export const CL_HEARTBEAT_MS = 3; // wall-clock ms (Date.now()) of the last report
export const CL_ACCESSES = 4; // accesses this worker retired, over every host it ran
export const CL_JOURNEYS = 5; // journeys this worker recorded
export const CL_HOSTS_DONE = 6; // hosts this worker finished
/**
 * Int32 words of a worker's line (second half), written by the worker's Flow at every hook entry
 * and exit and read by the main thread's watchdog: which plugin hook runs now, for which vCPU,
 * and a count of hook entries (the watchdog sees progress when it changes).
 */
export const CLW_HOOK = 16; // 0 outside plugin code; else ((plugin << 8) | HOOK_NAMES index) + 1
export const CLW_VCPU = 17; // host vCPU index of the hook, -1 none
export const CLW_SEQ = 18; // hook entries so far
export const CLW_HOST = 19; // host of the hook

export function controlBlockBytes(workers: number): number {
  return CTRL_HEADER_BYTES + workers * CTRL_LINE_BYTES;
}


// ---- Host state: one SharedArrayBuffer per host --------------------------------------------------
//
//  [ header: Int32 × 16 ][ VM state: Int32 × vms ][ times lost: Float64 × vms ]
//  [ process state: Uint8 × vms × processes ]
//
// What every vCPU of a host must see the same: whether the host is up, each VM's state and each
// guest process's. One thread owns a host in the default mode; with --parallel the workers that
// share a host also share this buffer, take the journey lock in it, and meet at its barrier.

export const HS_UP = 0; // 1 while the host is up
export const HS_LOCK = 1; // journey lock (engine/host-lock.ts): 0 free, 1 held, 2 held with waiters
export const HS_BARRIER_ARRIVED = 2; // --parallel: workers at the slice-end barrier
export const HS_BARRIER_GEN = 3; // --parallel: barrier generation, bumped when the last one arrives
export const HS_BARRIER_STOP = 4; // --parallel: the last arriver's decision: 1 = every worker stops here
export const HS_ABORTED = 5; // --parallel: a worker of this host failed; the others leave the barrier
export const HS_HEADER_WORDS = 16;

export interface HostStateLayout {
  vms: number;
  processes: number;
  vmStateOffset: number;
  vmLostOffset: number;
  procStateOffset: number;
  totalBytes: number;
}

export function hostStateLayout(vms: number, processes: number): HostStateLayout {
  const vmStateOffset = HS_HEADER_WORDS * 4;
  const vmLostOffset = Math.ceil((vmStateOffset + vms * 4) / 8) * 8;
  const procStateOffset = vmLostOffset + vms * 8;
  return { vms, processes, vmStateOffset, vmLostOffset, procStateOffset, totalBytes: procStateOffset + vms * processes };
}

export interface HostStateViews {
  words: Int32Array;
  vmState: Int32Array;
  vmLostCount: Float64Array;
  procState: Uint8Array;
}

export function hostStateViews(sab: SharedArrayBuffer, l: HostStateLayout): HostStateViews {
  if (sab.byteLength < l.totalBytes) throw new RangeError(`host state buffer is ${sab.byteLength} bytes, layout needs ${l.totalBytes}`);
  return {
    words: new Int32Array(sab, 0, HS_HEADER_WORDS),
    vmState: new Int32Array(sab, l.vmStateOffset, l.vms),
    vmLostCount: new Float64Array(sab, l.vmLostOffset, l.vms),
    procState: new Uint8Array(sab, l.procStateOffset, l.vms * l.processes),
  };
}

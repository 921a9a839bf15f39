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
/** log2 of {@link GRANULE_BYTES}: a byte address >> 6 is its granule number. */
export const GRANULE_SHIFT = 6;

/** Host page sizes the engine supports (flow.md: 4 KiB or 64 KiB). */
export type HostPageSize = 4096 | 65536;
/** Guest page sizes the engine supports. */
export type GuestPageSize = 4096 | 65536;

/** log2 of a host or guest page size: 12 for 4 KiB pages, 16 for 64 KiB pages. */
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

/** Host poison map: Int32 words of its header, before the summary bitmap. */
export const HEADER_WORDS = 16;
/** Host poison map header word: slots handed out (Atomics.add by the writer that claims one). */
export const HDR_SLOTS_USED = 0;
/**
 * Host poison map header word: bumped when the map is reset (a host reboot with transient faults).
 */
export const HDR_GENERATION = 1;
/** Host poison map header word: granules currently poisoned (statistics). */
export const HDR_POISONED = 2;

/** Host poison map slot word 0: the host page number the slot describes. */
export const SLOT_PAGE = 0;
/**
 * Host poison map slot word 1: the host page's flags (`PAGE_FLAG_*`: the page's memory_failure()
 * state).
 */
export const SLOT_FLAGS = 1;
/**
 * Host poison map slot words 2…: the granule mask (bit g set: 64-byte granule g of the page holds
 * poison).
 */
export const SLOT_MASK = 2;

/** Host page flag: PG_hwpoison, memory_failure() took the page. */
export const PAGE_FLAG_HWPOISON = 1 << 0;
/** Host page flag: unmapped from the guest's stage 2 (by memory_failure()), so a guest access faults into KVM. */
export const PAGE_FLAG_STAGE2_UNMAPPED = 1 << 1;
/** Host page flag: unmapped from the VMM's address space (by memory_failure(), from every process mapping it). */
export const PAGE_FLAG_VMM_UNMAPPED = 1 << 2;
/** Host page flag: the VMM gave the guest a fresh page for this one after a guest reboot. */
export const PAGE_FLAG_REPLACED = 1 << 3;

/**
 * Where each part of a host poison map lies in its SharedArrayBuffer (from {@link
 * hostPoisonLayout}).
 */
export interface HostPoisonLayout {
  /** Host pages the map covers (the host's RAM). */
  hostPages: number;
  /** log2 of the host page size (12 or 16). */
  hostPageShift: 12 | 16;
  /** 64-byte granules per host page (64 or 1024). */
  granulesPerPage: number;
  /**
   * Distinct host pages that can hold poison or flags at once (scenario
   * `engine.maxPoisonedPagesPerHost`).
   */
  maxSlots: number;
  /** Int32 words per slot: page, flags and the granule mask. */
  slotWords: number;
  /** Entries of the page → slot hash (a power of two, at least twice `maxSlots`). */
  indexCapacity: number;
  /** Byte offset of the summary bitmap (one bit per host page). */
  summaryOffset: number;
  /** Int32 words of the summary bitmap. */
  summaryWords: number;
  /** Byte offset of the page → slot hash. */
  indexOffset: number;
  /** Byte offset of the slots. */
  slotsOffset: number;
  /** Size of the buffer. */
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
  /** The header words (`HDR_*`). */
  header: Int32Array;
  /**
   * Bit p set: host page p has a slot (poison or page flags). Int32 so Atomics.or works; the access
   * loop reads it with plain loads.
   */
  summary: Int32Array;
  /** Open-addressing hash from host page number to slot number (-1: empty). */
  index: Int32Array;
  /** The slots, `slotWords` each (`SLOT_*`). */
  slots: Int32Array;
}

/**
 * The typed views over a host poison map buffer; throws a RangeError when the buffer is smaller
 * than the layout.
 */
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

/** vCPU row, Float64 field: simulated time of this vCPU, integer nanoseconds. */
export const VF_CLOCK_NS = 0;
/** vCPU row, Float64 field: accesses retired. */
export const VF_ACCESSES = 1;
/** vCPU row, Float64 field: FAR_EL1 the guest last saw (the faulting virtual address). */
export const VF_FAR_EL1 = 2;
/**
 * vCPU row, Float64 field: FAR_EL2 of the last exception faked by EL3 firmware or taken to EL2.
 */
export const VF_FAR_EL2 = 3;
/** vCPU row, Float64 field: when the pending virtual SError (HCR_EL2.VSE) was raised. */
export const VF_VSERROR_AT = 4;
/** vCPU row, Float64 field: simulated time charged to error handling. */
export const VF_LOST_NS = 5;
/**
 * vCPU row, Float64 field: FAR_EL1 of a pending SEA injected by the VMM (-1: FnV, no valid
 * address).
 */
export const VF_SEA_FAR = 6;
/** vCPU row, Float64 field: index of the next access (the workload's counter). */
export const VF_COUNTER = 7;
/** vCPU row, Float64 field: counter of the access that faulted last (livelock detection). */
export const VF_FAULT_COUNTER = 8;
/**
 * vCPU row, Float64 field: address of the access whose journey the vCPU waits on (see {@link
 * VI_STOP_REASON}).
 */
export const VF_STOP_ADDR = 9;
/** Float64 fields per vCPU row. */
export const VCPU_F64 = 12;

/** vCPU row, Int32 field: `VCPU_STATE_*`. */
export const VI_STATE = 0;
/** vCPU row, Int32 field: guest PSTATE: bit 8 = A (SError masked), bits 3:0 = EL and SP mode. */
export const VI_PSTATE = 1;
/** vCPU row, Int32 field: HCR_EL2.VSE, a virtual SError is pending. */
export const VI_HCR_VSE = 2;
/**
 * vCPU row, Int32 field: VSESR_EL2 syndrome bits 24:0 (what the guest's ESR_EL1 gets with the
 * virtual SError).
 */
export const VI_VSESR = 3;
/** vCPU row, Int32 field: ESR_EL1 the guest last saw. */
export const VI_ESR_EL1 = 4;
/** vCPU row, Int32 field: ESR_EL2 of the last exception taken to EL2. */
export const VI_ESR_EL2 = 5;
/** vCPU row, Int32 field: guest process running on this vCPU (-1: kernel or idle). */
export const VI_PID = 6;
/**
 * vCPU row, Int32 field: consecutive faults on the same access (livelock detection, scenario
 * `engine.livelockRetries`).
 */
export const VI_RETRIES = 7;
/** vCPU row, Int32 field: journey of the pending virtual SError (-1: none). */
export const VI_VSERROR_JOURNEY = 8;
/** vCPU row, Int32 field: journey of the access being retried (-1: none). */
export const VI_FAULT_JOURNEY = 9;
/**
 * vCPU row, Int32 field: the VMM injected an SEA (KVM_SET_VCPU_EVENTS) that this vCPU has not taken
 * yet.
 */
export const VI_SEA_PENDING = 10;
/** vCPU row, Int32 field: ESR_EL1 of that pending injected SEA. */
export const VI_SEA_ESR = 11;
/** vCPU row, Int32 field: journey of that pending injected SEA. */
export const VI_SEA_JOURNEY = 12;
/** vCPU row, Int32 field: EL of the last access (0 guest process, 1 guest kernel). */
export const VI_LAST_EL = 13;
/**
 * vCPU row, Int32 field: the physical CPU (PE) the vCPU is pinned to; its ERR<n> record and per-PE
 * GHES sources.
 */
export const VI_PE = 14;
/**
 * vCPU row, Int32 field: hand-overs of journeys this vCPU waits on (engine/handover.ts); it runs
 * only at 0.
 */
export const VI_BLOCKED = 15;
/** vCPU row, Int32 field: the access-loop stop (`STOP_*`) whose journey is under way (0: none). */
export const VI_STOP_REASON = 16;
/** vCPU row, Int32 field: that stopped access's operation (`OP_*`). */
export const VI_STOP_OP = 17;
/** vCPU row, Int32 field: that stopped access's process (-1: guest kernel). */
export const VI_STOP_PID = 18;
/** vCPU row, Int32 field: 1 when that stopped access was the guest kernel's (EL1). */
export const VI_STOP_EL1 = 19;
/** vCPU row, Int32 field: the journey the stop started or joined. */
export const VI_STOP_JOURNEY = 20;
/**
 * vCPU row, Int32 field: the guest resumed after the faulting access instead of re-executing it
 * (skipAccess).
 */
export const VI_SKIP = 21;
/**
 * vCPU row, Int32 field: times the vCPU's VM booted; hand-overs of an earlier boot are dropped.
 */
export const VI_BOOTS = 22;
/** Int32 fields per vCPU row. */
export const VCPU_I32 = 24;

/** vCPU state ({@link VI_STATE}): runs its workload. */
export const VCPU_STATE_RUNNING = 0;
/**
 * vCPU state ({@link VI_STATE}): its VM is down (guest panic, VM terminated) or its host is down.
 */
export const VCPU_STATE_STOPPED = 1;
/** vCPU state ({@link VI_STATE}): a scripted workload with nothing left for it. */
export const VCPU_STATE_IDLE = 2;

/** The typed views over a host's vCPU rows (one Float64 row and one Int32 row per vCPU). */
export interface VcpuViews {
  /** `VCPU_F64` doubles per vCPU (`VF_*`). */
  f64: Float64Array;
  /** `VCPU_I32` int32s per vCPU (`VI_*`). */
  i32: Int32Array;
}

/** Bytes of the vCPU rows buffer for `vcpus` vCPUs. */
export function vcpuBufferBytes(vcpus: number): number {
  return vcpus * (VCPU_F64 * 8 + VCPU_I32 * 4);
}

/** The typed views over a vCPU rows buffer of `vcpus` vCPUs. */
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

/** Run control block: bytes of its header (one 64-byte cache line of Int32 words, `CW_*`). */
export const CTRL_HEADER_BYTES = 64;
/**
 * Run control block: bytes of each worker's line (two cache lines: Float64 `CL_*`, then Int32
 * `CLW_*`).
 */
export const CTRL_LINE_BYTES = 128;
/** Run control block header word: 1, workers wait at their next yield point; 0, they run. */
export const CW_PAUSE = 0;
/** Run control block header word: workers waiting in a pause now. */
export const CW_PAUSED = 1;
/** Run control block header word: bumped (and notified) after every progress write. */
export const CW_SEQ = 2;
/**
 * Run control block header word: 1, stop at the next slice end (a signal, or a crash elsewhere).
 */
export const CW_STOP = 3;
/** Run control block header word: lowest host a plugin threw in (hosts.count while none has). */
export const CW_FIRST_FAILURE = 4;
/**
 * Run control block header word: the next host a worker claims (Atomics.add), so hosts go to
 * whoever is free.
 */
export const CW_NEXT_HOST = 5;
/** Worker line, Float64 field: host being run (-1 before the first). */
export const CL_HOST = 0;
/** Worker line, Float64 field: simulated time that host reached. */
export const CL_SIMULATED_NS = 1;
/** Worker line, Float64 field: slices completed by this worker. */
export const CL_SLICES = 2;
/** Worker line, Float64 field: wall-clock ms (Date.now()) of the last report. */
export const CL_HEARTBEAT_MS = 3;
/** Worker line, Float64 field: accesses this worker retired, over every host it ran. */
export const CL_ACCESSES = 4;
/** Worker line, Float64 field: journeys this worker recorded. */
export const CL_JOURNEYS = 5;
/** Worker line, Float64 field: hosts this worker finished. */
export const CL_HOSTS_DONE = 6;
/**
 * Worker line, Int32 word (second half), written by the worker's Flow at every hook entry and exit
 * and read by the main thread's watchdog: the plugin hook running now, 0 outside plugin code, else
 * ((plugin << 8) | HOOK_NAMES index) + 1.
 */
export const CLW_HOOK = 16;
/** Worker line, Int32 word: host vCPU index of the running hook (-1: none). */
export const CLW_VCPU = 17;
/** Worker line, Int32 word: hook entries so far (the watchdog sees progress when it changes). */
export const CLW_SEQ = 18;
/** Worker line, Int32 word: host of the running hook. */
export const CLW_HOST = 19;

/** Bytes of the run control block for `workers` worker threads. */
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

/** Host state header word: 1 while the host is up (0 after a host panic, until it reboots). */
export const HS_UP = 0;
/**
 * Host state header word: the journey lock (engine/host-lock.ts): 0 free, 1 held, 2 held with
 * waiters.
 */
export const HS_LOCK = 1;
/** Host state header word (--parallel): workers at the slice-end barrier. */
export const HS_BARRIER_ARRIVED = 2;
/**
 * Host state header word (--parallel): barrier generation, bumped when the last worker arrives.
 */
export const HS_BARRIER_GEN = 3;
/**
 * Host state header word (--parallel): the last arriver's decision, 1 = every worker stops here.
 */
export const HS_BARRIER_STOP = 4;
/**
 * Host state header word (--parallel): a worker of this host failed; the others leave the barrier.
 */
export const HS_ABORTED = 5;
/** Host state: Int32 words of its header (`HS_*`). */
export const HS_HEADER_WORDS = 16;

/** Where each part of a host state buffer lies (from {@link hostStateLayout}). */
export interface HostStateLayout {
  /** VMs on the host. */
  vms: number;
  /** Guest processes per VM. */
  processes: number;
  /** Byte offset of the VM states (Int32 per VM). */
  vmStateOffset: number;
  /** Byte offset of the times each VM was lost (Float64 per VM). */
  vmLostOffset: number;
  /** Byte offset of the guest process states (Uint8 per VM and process). */
  procStateOffset: number;
  /** Size of the buffer. */
  totalBytes: number;
}

/** Layout of a host state buffer for `vms` VMs of `processes` guest processes each. */
export function hostStateLayout(vms: number, processes: number): HostStateLayout {
  const vmStateOffset = HS_HEADER_WORDS * 4;
  const vmLostOffset = Math.ceil((vmStateOffset + vms * 4) / 8) * 8;
  const procStateOffset = vmLostOffset + vms * 8;
  return { vms, processes, vmStateOffset, vmLostOffset, procStateOffset, totalBytes: procStateOffset + vms * processes };
}

/** The typed views over a host state buffer: what every vCPU of a host must see the same. */
export interface HostStateViews {
  /** The header words (`HS_*`). */
  words: Int32Array;
  /** Each VM's state: up, guest panicked, VM terminated or host down (`VM_*` of engine/host.ts). */
  vmState: Int32Array;
  /** Times each VM was lost (guest panics, VM terminations). */
  vmLostCount: Float64Array;
  /** Each guest process's state, VM-major: alive, or dead (killed, waiting for `guest.restartNs`). */
  procState: Uint8Array;
}

/**
 * The typed views over a host state buffer; throws a RangeError when the buffer is smaller than the
 * layout.
 */
export function hostStateViews(sab: SharedArrayBuffer, l: HostStateLayout): HostStateViews {
  if (sab.byteLength < l.totalBytes) throw new RangeError(`host state buffer is ${sab.byteLength} bytes, layout needs ${l.totalBytes}`);
  return {
    words: new Int32Array(sab, 0, HS_HEADER_WORDS),
    vmState: new Int32Array(sab, l.vmStateOffset, l.vms),
    vmLostCount: new Float64Array(sab, l.vmLostOffset, l.vms),
    procState: new Uint8Array(sab, l.procStateOffset, l.vms * l.processes),
  };
}

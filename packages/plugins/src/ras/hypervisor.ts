/**
 * KVM and the host kernel (APEI, memory_failure) for both profiles (flow.md §3.2, §4): the SEA
 * path (handle_guest_sea), SError classification (and handle_guest_sei in seed), SDEI events
 * (upstream), the stage-2 hwpoison fault and errors in the VMM's own memory.
 *
 * @module
 */
import { BUS_MCEERR_AO, BUS_MCEERR_AR, BUS_OBJERR, SI_KERNEL, type HypervisorContext, type HypervisorHooks } from '@rasflow/core';
import { APEI_DUPLICATE, APEI_NONE, APEI_RECORD, HostApei } from './host-apei.js';
import { HOST_MEMORY_FAILURE_NS, KVM_NS, PAGE_CACHE_READ_NS, latencyField } from './latency.js';
import {
  AET_CE, AET_UC, AET_UEO, KVM_DEFAULT_VSESR, SEV_CORRECTED, SEV_FATAL, SEV_RECOVERABLE, serrorAet, serrorDfsc, serrorIds,
} from './syndromes.js';

/**
 * The options of the hypervisor plugin (`plugins.hypervisor.options`): KVM's handling of guest SEAs
 * and SErrors and the host kernel's APEI and memory_failure(); `serrorHandling` and
 * `unusableRecord` default by profile.
 */
export interface HypervisorOptions {
  /** seed: KVM hands guest SErrors to the host's APEI (handle_guest_sei); upstream: it only classifies. */
  serrorHandling: 'handle-guest-sei' | 'classify-only';
  /** An SEA whose record leaves nothing to do: a virtual SError (seed) or a plain SIGBUS (upstream). */
  unusableRecord: 'virtual-serror' | 'plain-sigbus';
  /** KVM_CAP_ARM_SEA_TO_USER: an SEA with no record exits to the VMM (KVM_EXIT_ARM_SEA). */
  seaToUser: boolean;
  /** VSESR_EL2 KVM uses for its own virtual SErrors. */
  defaultVsesr: number;
  /** Where memory_failure() runs for an SEA: task work on the vCPU thread (AR) or a workqueue (AO). */
  syncMemoryFailure: 'task-work' | 'workqueue';
  /** Linux's 4-entry, 10 s GHES estatus cache suppresses a duplicate record. */
  duplicateCache: boolean;
  /** The VMM asked for early kill (PR_MCE_KILL_EARLY), so it gets BUS_MCEERR_AO. QEMU does. */
  vmmEarlyKill: boolean;
  /** Time KVM's exit handling takes per error, in ns (default 2,000). */
  kvmNs: number;
  /**
   * Time the host's APEI handling and memory_failure() take (rmap walk, unmapping, signalling), in
   * ns (default 40,000).
   */
  memoryFailureNs: number;
  /** The re-fault that reads a dropped clean page-cache page back from its file. */
  pageCacheReadNs: number;
}

/** The options schema, with the defaults of a profile (`serrorHandling`, `unusableRecord`). */
export function hypervisorOptionsSchema(d: Pick<HypervisorOptions, 'serrorHandling' | 'unusableRecord'>): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      serrorHandling: { enum: ['handle-guest-sei', 'classify-only'], default: d.serrorHandling, description: 'Guest SError handling.' },
      unusableRecord: { enum: ['virtual-serror', 'plain-sigbus'], default: d.unusableRecord, description: 'SEA whose record has no usable address.' },
      seaToUser: { type: 'boolean', default: false, description: 'KVM_CAP_ARM_SEA_TO_USER.' },
      defaultVsesr: { type: 'integer', minimum: 0, maximum: 0x1ff_ffff, default: KVM_DEFAULT_VSESR, description: "KVM's default virtual SError syndrome." },
      syncMemoryFailure: { enum: ['task-work', 'workqueue'], default: 'task-work', description: 'host.syncMemoryFailure.' },
      duplicateCache: { type: 'boolean', default: false, description: "GHES estatus cache (4 entries, 10 s)." },
      vmmEarlyKill: { type: 'boolean', default: true, description: 'The VMM is an early-kill process.' },
      kvmNs: latencyField(KVM_NS, 'KVM exit handling.'),
      memoryFailureNs: latencyField(HOST_MEMORY_FAILURE_NS, 'Host APEI and memory_failure().'),
      pageCacheReadNs: latencyField(PAGE_CACHE_READ_NS, 'Reading a dropped clean page-cache page back from its file (one SSD read).'),
    },
  };
}

/** si_addr_lsb of memory_failure()'s own signal: what it took out for the VM's backing. */
function lossOf(hv: HypervisorContext): number {
  return hv.lossShift;
}

/**
 * si_addr_lsb of KVM's stage-2 hwpoison signal: the shift of the stage-2 mapping user_mem_abort()
 * would make. A 2 MiB hugetlb page on a 64 KiB host is a run of contiguous PTEs, which KVM maps
 * one base page at a time (its vma_shift falls back to PAGE_SHIFT), so the signal says 64 KiB,
 * while memory_failure() itself reports the whole 2 MiB.
 */
function stage2Shift(hv: HypervisorContext): number {
  return hv.hostPageShift === 16 && hv.lossShift === 21 ? 16 : hv.lossShift;
}

/**
 * The hooks of KVM and the host kernel with options `o`: the SEA path (kvm_handle_guest_sea(),
 * ghes_notify_sea(), memory_failure() and SIGBUS to the VMM), guest SError classification (and
 * handle_guest_sei in seed), SDEI events (upstream), the stage-2 fault on a hwpoisoned page, and
 * errors in the VMM's own memory.
 */
export function createHypervisor(o: HypervisorOptions): HypervisorHooks {
  const apei = new HostApei(o.duplicateCache);
  const r = apei.reading;

  /**
   * si_addr and si_addr_lsb of a poisoned host PA. si_addr_lsb is the unit memory_failure() took
   * out (a whole huge page for hugetlbfs), but si_addr is the host VA of the base page that holds
   * the error, not the start of that unit: memory_failure() reports the address of the failing
   * subpage and kvm_send_hwpoison_signal() the faulting hva, both base-page aligned. QEMU turns
   * si_addr into the guest page it records, so rounding to the huge page would report the wrong
   * guest page (and a guest that offlined it would touch the real one again and again).
   */
  function signalTo(hv: HypervisorContext, hpa: number, code: number, thread?: number, lsbOf = lossOf): void {
    const lsb = hv.classifyHostPa(hpa) === 'guest-ram' ? lsbOf(hv) : hv.hostPageShift;
    const hva = hv.hostVaOf(hpa);
    const page = 2 ** hv.hostPageShift;
    hv.sigbus(code, hva < 0 ? -1 : Math.floor(hva / page) * page, lsb, thread);
  }

  /**
   * memory_failure() for a synchronous error: AR to the vCPU thread, or AO from a workqueue. A
   * dropped clean page-cache page needs no signal: the access re-executes and re-reads the file.
   */
  function actionRequired(hv: HypervisorContext, hpa: number): void {
    hv.chargeNs(o.memoryFailureNs);
    const done = hv.memoryFailure(hpa); // an already-poisoned page still gets the accessing task killed
    if (done === 'recovered') return hv.chargeNs(o.pageCacheReadNs);
    if (done === 'ignored') return hv.ignore('host kernel page: memory_failure() cannot isolate it (MF_IGNORED)');
    if (o.syncMemoryFailure === 'task-work') signalTo(hv, hpa, BUS_MCEERR_AR);
    else if (o.vmmEarlyKill) signalTo(hv, hpa, BUS_MCEERR_AO, -1);
  }

  /** memory_failure() for an asynchronous error: only early-kill processes hear of it. */
  function actionOptional(hv: HypervisorContext, hpa: number, alwaysSignal: boolean): void {
    hv.chargeNs(o.memoryFailureNs);
    const done = hv.memoryFailure(hpa);
    // Linux: an already-poisoned page makes memory_failure() return -EHWPOISON, and an
    // action-optional report stops there: the earlier error's handling covers the page.
    if (done === 'already-poisoned') return hv.ignore('page already hwpoisoned: memory_failure() returns -EHWPOISON, nothing more for an AO report');
    if (done === 'ignored') return hv.ignore('host kernel page: memory_failure() cannot isolate it (MF_IGNORED)');
    if (done === 'poisoned' && (alwaysSignal || o.vmmEarlyKill)) signalTo(hv, hpa, BUS_MCEERR_AO, -1);
  }

  /**
   * An SEA whose record queued no memory_failure() work. Upstream Linux: ghes_do_proc() ends with
   * `if (sync && !queued) force_sig(SIGBUS)`, and force_sig() sends si_code SI_KERNEL with no
   * address; the seed design gives the guest KVM's virtual SError instead.
   */
  function noUsableRecord(hv: HypervisorContext): void {
    if (o.unusableRecord === 'plain-sigbus') hv.sigbus(SI_KERNEL, -1, 0);
    else hv.injectVirtualSError(o.defaultVsesr);
  }

  // ---- Blocks of several entries (a batching firmware's, FirmwareContext.appendMemoryRecord) ----
  // Linux's ghes_do_proc() walks every Generic Error Data Entry of the block it copied and hands
  // each memory error to memory_failure(): MF_ACTION_REQUIRED when the notification is synchronous
  // (an SEA), 0 otherwise, and only for an entry that is recoverable with a valid address; a
  // corrected one is counted. Each entry's handling belongs to its own error's journey
  // (HypervisorContext.apeiReadEntry). The handlers below take the entry in `r` and say what they
  // did; a block of one entry never comes here and is handled as it always was.

  /** What an entry handler did: nothing, handled the entry, or panicked the host (the walk stops). */
  const ENTRY_NONE = 0;
  const ENTRY_DONE = 1;
  const ENTRY_PANIC = 2;

  /** An entry of a synchronous notification (an SEA from the guest or the VMM): AR. */
  function syncEntry(hv: HypervisorContext): number {
    if (r.result !== 'record') return ENTRY_NONE;
    if (r.severity !== SEV_RECOVERABLE && r.severity !== SEV_CORRECTED) {
      hv.hostPanic('fatal hardware error record (GHES_SEV_PANIC)');
      return ENTRY_PANIC;
    }
    if (r.severity !== SEV_RECOVERABLE || r.physicalAddress < 0) return ENTRY_NONE;
    actionRequired(hv, r.physicalAddress);
    return ENTRY_DONE;
  }

  /** An entry of an asynchronous notification: AO (always signalled for handle_guest_sei in seed). */
  function asyncEntry(hv: HypervisorContext, alwaysSignal: boolean): number {
    if (r.result !== 'record') return ENTRY_NONE;
    if (r.severity === SEV_FATAL) {
      hv.hostPanic('fatal error record');
      return ENTRY_PANIC;
    }
    if (r.severity === SEV_CORRECTED) {
      hv.countCorrected();
      return ENTRY_DONE;
    }
    if (r.physicalAddress < 0) return ENTRY_NONE;
    actionOptional(hv, r.physicalAddress, alwaysSignal);
    return ENTRY_DONE;
  }
  const seiEntry = (hv: HypervisorContext): number => asyncEntry(hv, true);
  const interruptEntry = (hv: HypervisorContext): number => asyncEntry(hv, false);

  /**
   * Handles the entries of the block apei.claim() just read from `source`, from the first (in
   * `r`) or, with `fromSecond`, from the second; stops at a host panic; then ends the walk, so
   * that what the hook does next is its own notification's again. Returns ENTRY_DONE when an
   * entry was handled (ENTRY_PANIC when the host panicked).
   */
  function walk(hv: HypervisorContext, source: number, handle: (hv: HypervisorContext) => number, fromSecond = false): number {
    let done = fromSecond ? ENTRY_NONE : handle(hv);
    for (let k = 1; k < apei.entries && done !== ENTRY_PANIC; k++) {
      hv.apeiReadEntry(source, k, r);
      done = Math.max(done, handle(hv));
    }
    hv.apeiEndWalk();
    return done;
  }

  return {
    onGuestSea(hv) {
      hv.chargeNs(o.kvmNs);
      const src = hv.hostSource('sea');
      const st = apei.claim(hv, src);
      if (st === APEI_DUPLICATE) return; // claimed, nothing done: the guest re-executes
      if (st === APEI_NONE) {
        if (o.seaToUser) return hv.exitSeaToVmm(hv.esrEl2, ((hv.esrEl2 >>> 10) & 1) === 0 ? hv.farEl2 : -1, hv.faultIpa);
        return hv.injectVirtualSError(o.defaultVsesr);
      }
      if (apei.entries > 1) {
        if (walk(hv, src, syncEntry) === ENTRY_NONE) noUsableRecord(hv); // nothing queued: KVM's fallback
        return;
      }
      // Linux maps a fatal or unknown CPER severity to GHES_SEV_PANIC.
      if (r.result === 'record' && r.severity !== SEV_RECOVERABLE && r.severity !== SEV_CORRECTED) {
        return hv.hostPanic('fatal hardware error record (GHES_SEV_PANIC)');
      }
      if (r.result === 'record' && r.severity === SEV_RECOVERABLE && r.physicalAddress >= 0) return actionRequired(hv, r.physicalAddress);
      noUsableRecord(hv);
    },

    onGuestSError(hv) {
      hv.chargeNs(o.kvmNs);
      const esr = hv.esrEl2;
      if (serrorIds(esr)) return hv.injectVirtualSError(o.defaultVsesr); // not a RAS syndrome
      if (serrorDfsc(esr) !== 0x11) return hv.hostPanic('uncategorized SError (DFSC 0)');
      const aet = serrorAet(esr);
      if (aet === AET_UC) return hv.hostPanic('uncontainable SError');
      if (aet === AET_CE) {
        if (o.serrorHandling === 'handle-guest-sei') {
          const sei = hv.hostSource('sei');
          // The first entry is this corrected SError's own record, counted below.
          if (apei.claim(hv, sei) === APEI_RECORD && apei.entries > 1) walk(hv, sei, seiEntry, true);
        }
        return hv.countCorrected();
      }
      if (o.serrorHandling === 'classify-only') {
        if (aet === AET_UEO) return hv.ignore('restartable SError (UEO): KVM only classifies');
        return hv.injectVirtualSError(o.defaultVsesr);
      }
      // seed: handle_guest_sei() lets the host's APEI handle the error first.
      const sei = hv.hostSource('sei');
      const st = apei.claim(hv, sei);
      if (st === APEI_DUPLICATE) return;
      if (st !== APEI_NONE && apei.entries > 1) {
        if (walk(hv, sei, seiEntry) === ENTRY_NONE) hv.injectVirtualSError(o.defaultVsesr);
        return;
      }
      if (st === APEI_RECORD && r.severity === SEV_FATAL) return hv.hostPanic('fatal SError record');
      if (st !== APEI_NONE && r.result === 'record' && r.severity === SEV_RECOVERABLE && r.physicalAddress >= 0) {
        return actionOptional(hv, r.physicalAddress, true);
      }
      hv.injectVirtualSError(o.defaultVsesr);
    },

    onSdeiEvent(hv, source) {
      hv.chargeNs(o.kvmNs);
      const st = apei.claim(hv, source);
      if (st === APEI_RECORD && apei.entries > 1) return void walk(hv, source, interruptEntry);
      if (st !== APEI_RECORD || r.result !== 'record') return;
      if (r.severity === SEV_FATAL) return hv.hostPanic('fatal error record (SDEI)');
      if (r.severity === SEV_CORRECTED) return hv.countCorrected();
      if (r.physicalAddress >= 0) actionOptional(hv, r.physicalAddress, false);
    },

    onGhesInterrupt(hv, source) {
      const st = apei.claim(hv, source);
      if (st === APEI_RECORD && apei.entries > 1) return void walk(hv, source, interruptEntry);
      if (st !== APEI_RECORD || r.result !== 'record') return;
      if (r.severity === SEV_CORRECTED) return hv.countCorrected();
      if (r.severity === SEV_FATAL) return hv.hostPanic('fatal error record');
      if (r.physicalAddress >= 0) actionOptional(hv, r.physicalAddress, false);
    },

    onStage2Fault(hv) {
      // kvm_send_hwpoison_signal(): the page is hwpoisoned, the vCPU thread gets AR for its host VA.
      hv.chargeNs(o.kvmNs);
      signalTo(hv, hv.faultHostPage * 2 ** hv.hostPageShift, BUS_MCEERR_AR, undefined, stage2Shift);
    },

    onHostSea(hv) {
      // The VMM's own access: the host's do_sea() and APEI, then memory_failure(), AR to the task.
      hv.chargeNs(o.kvmNs);
      const src = hv.hostSource('sea');
      const st = apei.claim(hv, src);
      if (st === APEI_DUPLICATE) return;
      if (st !== APEI_NONE && apei.entries > 1) {
        // APEI claimed the SEA; nothing queued: ghes_do_proc()'s force_sig(SIGBUS).
        if (walk(hv, src, syncEntry) === ENTRY_NONE) hv.sigbus(SI_KERNEL, -1, 0);
        return;
      }
      if (st !== APEI_NONE && r.severity === SEV_FATAL) return hv.hostPanic('fatal error record');
      if (st !== APEI_NONE && r.result === 'record' && r.physicalAddress >= 0 && r.severity === SEV_RECOVERABLE) {
        return actionRequired(hv, r.physicalAddress);
      }
      // A record that leaves nothing to do: APEI claimed the SEA and ghes_do_proc() force_sig()s
      // the task (SI_KERNEL). No record, or one that fails __ghes_check_estatus(): APEI does not
      // claim it, and do_sea() itself sends SIGBUS BUS_OBJERR (arm64_notify_die(), the
      // fault_info entry of DFSC 0x10).
      hv.sigbus(st === APEI_NONE || r.result === 'malformed' ? BUS_OBJERR : SI_KERNEL, -1, 0);
    },

    saveState: () => apei.saveState(),
    loadState: (s) => apei.loadState(s),
  };
}

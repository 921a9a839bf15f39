/**
 * What a plugin hook sees and may do. The engine passes one context object per layer and host,
 * reused for every call (no allocation per journey); its getters read the engine's typed arrays.
 * Every action a hook takes through its context is recorded as a step of the current journey.
 *
 * A hook must not keep a context (or values read from it) past its return: the next call
 * reuses it.
 *
 * Values a hook hands a context are checked where they cross, with the real interface's
 * semantics. Where the real interface answers with an error code, the method returns it (KVM's
 * -EINVAL from setSErrorEsr; false from a GHES write that is busy or does not fit the block) and
 * the journey records a step. A value no real interface could carry (an ESR wider than 32 bits or
 * of the wrong exception class, an address that is not an integer, a GHES source that does not
 * exist, a signal code that does not exist) is a plugin bug: the method throws, and the run stops
 * with a PluginError naming the plugin, the hook, the host, VM, vCPU and simulated time, and a
 * message naming the call, the argument, its value (hex for registers and addresses) and what is
 * allowed. ESR arguments may be given as the negative int32 JS's bitwise operators produce for a
 * value with bit 31 set; they mean the same 32 bits.
 */
import type { GhesSourceKind } from '../apei/ghes-layout.js';
import type { HostPageKind } from '../memory/host-plan.js';

/** The reusable result of reading a GHES block's memory-error record. */
export interface GhesReading {
  /** What was found: 'record' (a memory section), 'none' (Block Status 0), 'other' (not a memory section), 'malformed'. */
  result: 'record' | 'none' | 'other' | 'malformed';
  /**
   * CPER severity of the record read: 0 recoverable, 1 fatal, 2 corrected, 3 informational. Its
   * Generic Error Data Entry's Error Severity (a block of one entry has the same as its Error
   * Severity); the block's when no memory section was found.
   */
  severity: number;
  /** Memory section validation bits (low 32). */
  validationBits: number;
  /** Physical address in the record (host PA for host sources, guest PA for guest sources), -1 when not valid. */
  physicalAddress: number;
}

/** Read-only facts every hook can use. */
export interface HookContext {
  /** Host index in the scenario. */
  readonly host: number;
  /** VM index on the host, -1 for host-wide events. */
  readonly vm: number;
  /** vCPU index in the VM, -1 when no vCPU is involved. */
  readonly vcpu: number;
  /** Physical CPU (PE) the vCPU runs on, -1 when none. */
  readonly pe: number;
  /** Simulated time of the vCPU (or host) now, in ns. */
  readonly nowNs: number;
  /** Id of the journey being handled. */
  readonly journey: number;
  /** Charges `ns` of handler time to the faulting vCPU (flow.md §5); `ns` must be finite and ≥ 0. */
  chargeNs(ns: number): void;
  /** A uniform u32 from this plugin's own counter-based stream (deterministic, per host). */
  random32(): number;
  /** Records a free-form step (layer is the hook's layer); use sparingly. */
  note(text: string): void;
}

/** How the error that reached EL3 was taken. */
export interface TrappedException {
  /** 'sea' for a synchronous external abort, 'serror' for a physical SError. */
  readonly kind: 'sea' | 'serror';
  /** For an SEA: what the access was. */
  readonly access: 'load' | 'fetch' | 'store';
  /** Exception level running when the error was taken: 0 or 1 for the guest, 2 for the host. */
  readonly el: 0 | 1 | 2;
  /** True when a vCPU was running guest code (EL0/EL1 with HCR_EL2.TGE=0). */
  readonly inGuest: boolean;
  /** Host context only: true when the VMM (a host EL0 process) took it. */
  readonly inVmm: boolean;
  /** Faulting virtual address (guest VA for the guest, host VA for the VMM); -1 when unknown. */
  readonly faultVa: number;
  /** HCR_EL2.TEA: route guest SEAs to EL2. */
  readonly hcrTea: boolean;
  /** HCR_EL2.AMO: route physical SErrors to EL2. */
  readonly hcrAmo: boolean;
  /** For an SError: the syndrome the hardware produced (ESR ISS with IDS/AET/DFSC). */
  readonly serrorIss: number;
}

/** The RAS error record (ERR<n>) of the PE that took the error, as firmware reads it. */
export interface ErrorRecordView {
  /** ERR<n>STATUS (bits 31:0; 63:32 are RES0). */
  readonly status: number;
  /** ERR<n>ADDR.PADDR as a number (valid when STATUS.AV). */
  readonly address: number;
  /** STATUS.V */ readonly valid: boolean;
  /** STATUS.AV */ readonly addressValid: boolean;
  /** STATUS.UE */ readonly uncorrected: boolean;
  /** STATUS.UET (0 UC, 1 UEU, 2 UEO, 3 UER), meaningful when uncorrected. */
  readonly uet: number;
  /** STATUS.CE != 0 */ readonly corrected: boolean;
  /** STATUS.PN: detected because poisoned data was consumed. */
  readonly poison: boolean;
}

/** EL3 firmware's view (flow.md §3.1). */
export interface FirmwareContext extends HookContext {
  /**
   * How the error that reached EL3 was taken: SEA or SError, the access, the EL it interrupted, the
   * faulting address and the HCR_EL2 routing bits.
   */
  readonly exception: TrappedException;
  /** The error record of this PE (read when the hook starts). */
  readonly record: ErrorRecordView;
  /** Clears the error record by writing back what was read (ERR<n>STATUS clear protocol). */
  clearRecord(): void;
  /**
   * Host GHES source of `kind` for this PE (per-PE or shared), -1 when not published. A string
   * that is not a kind ('sea', 'sei', 'sdei', 'gpio') is a plugin error.
   */
  hostSource(kind: GhesSourceKind): number;
  /** True when the source's read-ack register reads 1 (the OS consumed the previous record). */
  ackFree(source: number): boolean;
  /**
   * GHESv2 write: claims the read-ack register (1 → 0) and writes one CPER memory-error record
   * (172 bytes: GESB, GEDE, memory section). Returns false, writing nothing, when the register
   * reads 0 (an 'ack-busy' step), or when the record is longer than the source's error status
   * block (`hostSources.blockLength`): like QEMU's ghes_record_cper_errors() ("GHES CPER record
   * is too big") the write then fails before the read-ack register is touched (a 'note' step).
   * Plugin errors: a source that does not exist (-1 included), a severity outside 0..3, a
   * physical address that is not an integer in 0..2^53-1 (one outside host RAM is allowed: error
   * records can name any address), validation bits above 21 (reserved, UEFI N.2.5).
   */
  writeMemoryRecord(source: number, severity: number, physicalAddress: number, validationBits: number): boolean;
  /**
   * Adds a CPER memory-error record to the block firmware holds claimed (read-ack 0, written by
   * writeMemoryRecord and not yet acknowledged): one more Generic Error Data Entry after the others
   * (ACPI 18.3.2.7), Data Length grown, Block Status with the entry count and "multiple
   * uncorrectable/correctable errors", the block's Error Severity the worst of its entries. That
   * is how firmware reports several errors in one error status block, and so with one notification
   * (Linux's ghes_do_proc() walks every entry); the host's handling of the entry is attributed to
   * the journey of this hook (HypervisorContext.apeiReadEntry). Firmware should append only before
   * it notifies the OS: after, the OS may already have copied the block. Returns true when added
   * (a 'record-cper' step); false, writing nothing, when the source holds no claimed record to
   * add to (write one with writeMemoryRecord) or the entry does not fit in the rest of the block
   * (`hostSources.blockLength`: 6 entries in 1 KiB) (a 'note' step each). Plugin errors: as for
   * writeMemoryRecord.
   */
  appendMemoryRecord(source: number, severity: number, physicalAddress: number, validationBits: number): boolean;
  /**
   * Arms an EL3 timer: the secure physical timer (CNTPS_CVAL_EL1, CNTPS_CTL_EL1) whose interrupt
   * SCR_EL3 routes to EL3, as TF-A's platform code programs it. At `atNs` (at once when already
   * past) the engine calls the firmware's `onTimer(ctx, tag)` hook with this call's `tag`, in
   * this call's journey, on no vCPU (the host's time, nothing charged; `pe` -1, the record of PE
   * 0 as in a host-wide interrupt). Every call arms one more expiry, none can be cancelled: a
   * stale one is told apart by its tag. A host panic drops the armed timers (firmware restarts
   * with the host). What it is for: asynchronous errors (corrected-error interrupts, UEO SErrors)
   * can wait, so firmware can gather their records and notify the OS once per window; an SEA
   * cannot. Plugin errors: `atNs` not a finite number, `tag` not an integer in 0..2^31-1.
   */
  setTimer(atNs: number, tag: number): void;
  /** The platform halts (UC, or an unacknowledged record past the timeout): host-panic. */
  halt(reason: string): void;
  /**
   * EL3 waits: this PE stays in EL3 (its vCPU does not run, its PE is busy) and the same hook
   * (onSyncExternalAbort or onSError) runs again `ns` later, with the same exception and the
   * error record as this PE's node then holds it (keep it: do not clear it before you retry).
   * Meanwhile the other PEs run on, so the OS there can acknowledge the GHES source firmware
   * waits for: that is how `wait-then-halt` sees an ack that comes within its timeout.
   * {@link waitedNs} says how long this exception has waited so far. Nothing else may leave EL3
   * in the same call (enterEl2Sync, enterEl2SError, enterHost, a second retryAfter). Plugin
   * errors: `ns` not a positive finite number, a call where no exception was taken (onTimer,
   * onCorrectedOverflow), or one of those combinations.
   */
  retryAfter(ns: number): void;
  /**
   * Simulated ns this exception has waited in EL3 through {@link retryAfter}: 0 on the first
   * call of the hook, the sum of the waits since on each call again.
   */
  readonly waitedNs: number;
  /**
   * Fakes a synchronous exception into EL2's vector: ESR_EL2, FAR_EL2, ELR_EL2, SPSR_EL2; KVM runs
   * next. Plugin errors: `esr` not an external abort's (bits above 31, an EC other than
   * 0x24/0x25/0x20/0x21, or RES0 ISS bits set), `far` not an integer ≥ -1 (-1: FAR not valid),
   * or a call where no exception was taken (onCorrectedOverflow, or no vCPU).
   */
  enterEl2Sync(esr: number, far: number): void;
  /**
   * Fakes an SError into EL2's vector with ESR_EL2 = esr; KVM runs next. Plugin errors: `esr` not
   * an SError's (bits above 31, EC other than 0x2F; with IDS=0, RES0 bits 23:14 or 8:6 set or a
   * reserved DFSC, i.e. not 0x00 or 0x11), or a call where no exception was taken.
   */
  enterEl2SError(esr: number): void;
  /**
   * Dispatches the SDEI event of `source` to the host (upstream profile); host APEI runs next.
   * Plugin error: a source that does not exist or is not an 'sdei' source (no event number).
   */
  dispatchSdei(source: number): void;
  /**
   * Delivers an error taken in host context to the host's own handler (VMM gets the signal).
   * `esr` and `far` are checked as for enterEl2Sync.
   */
  enterHost(esr: number, far: number): void;
  /**
   * Notifies the host of a record in an interrupt-driven or polled source (GSIV, GPIO, polled):
   * the host's GHES driver runs next (hypervisor `onGhesInterrupt`). Plugin error: a source that
   * does not exist or is not such a source (here: 'gpio').
   */
  notifyHost(source: number): void;
}

/** What host memory_failure() did with a page (HypervisorContext.memoryFailure). */
export type MemoryFailureResult = 'poisoned' | 'recovered' | 'ignored' | 'already-poisoned';

/** KVM and the host kernel (APEI, memory_failure) (flow.md §3.2, §4). */
export interface HypervisorContext extends HookContext {
  /** ESR_EL2 of the exception being handled. */
  readonly esrEl2: number;
  /** FAR_EL2 (guest VA), -1 when not valid. */
  readonly farEl2: number;
  /**
   * Guest PA of the faulting access when known, else -1: for a stage-2 fault the address, for an
   * SEA from the guest with a valid FAR (firmware's FAR_EL2 not -1) its 4 KiB page, as
   * kvm_vcpu_get_fault_ipa() gives it from HPFAR_EL2 (what KVM_EXIT_ARM_SEA reports as `gpa`).
   */
  readonly faultIpa: number;
  /** Host page number of a stage-2 fault, -1 otherwise. */
  readonly faultHostPage: number;
  /** log2 of the host page size (12 or 16). */
  readonly hostPageShift: number;
  /** Host GHES source of `kind` for this PE, -1 when not published. */
  hostSource(kind: GhesSourceKind): number;
  /**
   * Reads the host block of `source` as Linux's ghes_read_estatus() does (ghes_proc, the SEA and
   * SDEI handlers): copies it, then reports its first Generic Error Data Entry in `out`. Returns
   * the number of entries in the block (0 when Block Status is 0): firmware may put several in
   * one block (FirmwareContext.appendMemoryRecord), and ghes_do_proc() handles every one, each
   * memory error with memory_failure() (MF_ACTION_REQUIRED for a synchronous notification): read
   * the others with apeiReadEntry. When the block holds more than one, what this hook does next
   * is attributed to the error the first entry names (see apeiReadEntry); a block of one entry
   * changes nothing. A source that does not exist (-1 included) is a plugin error, here and in
   * apeiReadEntry and apeiAck.
   */
  apeiRead(source: number, out: GhesReading): number;
  /**
   * Reads entry `index` (0 = the first, as apeiRead) of the block the last apeiRead(source) of
   * this hook copied, so after apeiAck too (apei_estatus_for_each_section() in ghes_do_proc(),
   * over Linux's copy). An index past its entries reads 'malformed'. Entries a firmware put
   * together name different errors: from here until the next apeiRead, apeiReadEntry or
   * apeiEndWalk, or the end of the hook, the hook's steps and actions (memoryFailure, sigbus,
   * countCorrected, ignore, note, …) belong to the journey of the error this entry names (the
   * journey whose firmware hook wrote it), and `journey` and `vm` are that error's; `vcpu` is
   * -1 (and nothing is charged) when its VM is not this hook's. Plugin errors: an `index` that is
   * not an integer ≥ 0, a source this hook has not read with apeiRead.
   */
  apeiReadEntry(source: number, index: number, out: GhesReading): void;
  /**
   * Ends the walk apeiRead and apeiReadEntry began: what follows belongs again to the journey,
   * VM and vCPU of the notification this hook handles, as when ghes_do_proc() returns to its
   * caller (e.g. for KVM's own fallback when no entry could be handled). Nothing to do when no
   * entry read changed them.
   */
  apeiEndWalk(): void;
  /** Clears Block Status and acks the read-ack register (ghes_clear_estatus + ghes_ack_error). */
  apeiAck(source: number): void;
  /**
   * What a host physical address holds: guest RAM of one of this host's VMs, a VMM's own memory,
   * the host kernel's own pages, a free page, or nothing (outside host RAM, a negative address
   * included). An `hpa` that is not an integer is a plugin error.
   */
  classifyHostPa(hpa: number): HostPageKind;
  /**
   * memory_failure() on the host page holding `hpa`, by what the page is (Linux's page states):
   * - anonymous guest RAM, dirty page cache, hugetlbfs, THP (split first) and VMM memory: sets
   *   PG_hwpoison and unmaps it from the guest's stage 2 and from the VMM (the whole huge page
   *   for hugetlbfs) → `'poisoned'`: whoever maps it must be told (SIGBUS is the caller's choice);
   * - clean page cache (vms.memoryBackend "file", not stored to since the last writeback): dropped,
   *   the next access reads the file again → `'recovered'`, the journey's outcome too;
   * - a free host page: taken off the buddy allocator → `'recovered'`;
   * - a host kernel page: PG_hwpoison only, it cannot be isolated (MF_IGNORED) → `'ignored'`;
   * - a page already PG_hwpoison: nothing changes (-EHWPOISON) → `'already-poisoned'`;
   * - an address beyond host RAM: no struct page backs it, Linux says "memory outside kernel
   *   control" (-ENXIO) and nothing changes → `'ignored'` (a 'note' step).
   * An `hpa` that is not an integer in 0..2^53-1 is a plugin error.
   */
  memoryFailure(hpa: number): MemoryFailureResult;
  /**
   * The VMM's host VA of the page holding `hpa` (si_addr), -1 when not mapped by the VMM (a
   * negative `hpa` included). An `hpa` that is not an integer is a plugin error.
   */
  hostVaOf(hpa: number): number;
  /** log2 of what memory_failure() takes out for this VM's backing (si_addr_lsb). */
  readonly lossShift: number;
  /**
   * Sends SIGBUS with `code` to the VMM thread of this vCPU (or `thread` -1: its main thread).
   * Plugin errors (no siginfo the kernel could send): no VM in this call; `code` not a SIGBUS
   * si_code (1..5: BUS_ADRALN, BUS_ADRERR, BUS_OBJERR, BUS_MCEERR_AR, BUS_MCEERR_AO; or 0x80
   * SI_KERNEL, the plain SIGBUS of force_sig()); for the MCEERR codes an `lsb` outside
   * hostPageShift..63 or a `hostVa` outside the VMM's mappings (other than -1, no address), for
   * the others an `lsb` other than 0 (si_addr_lsb exists only for MCEERR); for SI_KERNEL a
   * `hostVa` other than -1 (force_sig() sends no address); a `hostVa` that is not an integer ≥ -1;
   * a `thread` that is not -1 or a vCPU.
   */
  sigbus(code: number, hostVa: number, lsb: number, thread?: number): void;
  /**
   * Makes a virtual SError pending with VSESR_EL2 = `vsesr` and HCR_EL2.VSE = 1. VSESR_EL2
   * holds bits 24:0 (IDS and ISS): a value outside 0..0x1FFFFFF is a plugin error, not cut down;
   * so is a call with no vCPU involved.
   */
  injectVirtualSError(vsesr: number): void;
  /**
   * KVM_EXIT_ARM_SEA: returns to the VMM with the sanitized ESR, the guest VA and PA. Plugin
   * errors: no vCPU in this call; `esr` not an external abort's (as enterEl2Sync); `guestVa`
   * not an integer ≥ -1 (-1: not valid); `guestPa` not -1 or an address in guest RAM.
   */
  exitSeaToVmm(esr: number, guestVa: number, guestPa: number): void;
  /** The host kernel panics: every VM on the host goes down. */
  hostPanic(reason: string): void;
  /** Counts a corrected error (the SError was CE). */
  countCorrected(): void;
  /** The error is reported and deliberately not acted on. */
  ignore(reason: string): void;
}

/** A signal delivered to the VMM. */
export interface VmmSignal {
  /** Signal number (SIGBUS, 7). */
  readonly signal: number;
  /**
   * si_code: BUS_MCEERR_AR (4), BUS_MCEERR_AO (5), or another code for a plain SIGBUS (SI_KERNEL
   * 0x80 when the host's GHES code had nothing to queue for an SEA, BUS_OBJERR 3 from do_sea()).
   */
  readonly code: number;
  /** si_addr: the VMM's host VA of the poisoned page. */
  readonly hostVa: number;
  /** si_addr_lsb. */
  readonly lsb: number;
  /** vCPU index whose thread got it, -1 for the main (early-kill) thread. */
  readonly thread: number;
}

/** The VMM (QEMU-like) (flow.md §3.3). */
export interface VmmContext extends HookContext {
  /**
   * Guest PA of a host VA in guest RAM, -1 when the VA is not guest RAM (a negative one, like
   * the -1 of a SIGBUS without an address, included). A `hostVa` that is not an integer is a
   * plugin error.
   */
  hostVaToGuestPa(hostVa: number): number;
  /** Guest GHES source of `kind` (the VMM's HEST for the guest), -1 when not published. */
  guestSource(kind: GhesSourceKind): number;
  /** True when the guest acked the previous record of the source (that must exist). */
  guestAckFree(source: number): boolean;
  /**
   * Writes a CPER memory record into the guest's block (GHESv2 claim first). False, writing
   * nothing, when the guest has not acked the previous record ('ack-busy' step) or when the
   * 172-byte record is longer than the block (`guestSources.blockLength`): QEMU's
   * ghes_record_cper_errors() fails that way too ("GHES CPER record is too big"), and QEMU then
   * aborts (a 'note' step). Plugin errors: a source that does not exist, a severity outside 0..3,
   * a `guestPa` outside guest RAM (QEMU only gets guest RAM addresses from its memory map),
   * validation bits above 21.
   */
  writeGuestMemoryRecord(source: number, severity: number, guestPa: number, validationBits: number): boolean;
  /**
   * Adds a record to the guest's block while the guest has not acked the previous one (a VMM
   * that batches): false when the block is free (write normally instead) or full. Arguments are
   * checked as for writeGuestMemoryRecord.
   */
  appendGuestMemoryRecord(source: number, severity: number, guestPa: number, validationBits: number): boolean;
  /**
   * Injects a synchronous external abort into vCPU `vcpu` (default: this one) with ESR_EL1 `esr`
   * (the VMM emulates the exception entry, as QEMU's kvm_inject_arm_sea() does). Plugin errors:
   * `esr` not an external abort's (bits above 31, an EC other than 0x24/0x25/0x20/0x21, RES0 ISS
   * bits set), a `vcpu` that is not one of the VM's.
   */
  injectSea(esr: number, vcpu?: number): void;
  /**
   * KVM_ARM_SET_SERROR_ESR / KVM_SET_VCPU_EVENTS with serror_has_esr: 0, or -22 (EINVAL: a bit
   * above 24, a negative value (it reaches the ioctl as a u64 with the high bits set), or a host
   * without RAS); on -EINVAL nothing pends and the journey records an 'einval' step. A hypervisor
   * plugin's own setSErrorEsr hook may refuse more (its negative errno is returned). Plugin
   * errors: an `esr` that is not a u64 at all (a fraction, NaN, ≥ 2^64), a `vcpu` that is not
   * one of the VM's.
   */
  setSErrorEsr(esr: number, vcpu?: number): number;
  /** The guest's PSTATE/EL of vCPU `vcpu` when the signal arrived: 0 (EL0) or 1 (EL1). */
  guestEl(vcpu?: number): 0 | 1;
  /** The VMM exits: the VM is terminated. */
  terminateVm(reason: string): void;
  /**
   * The VMM exits and whatever supervises it (libvirt, an orchestrator) starts the VM again
   * `afterNs` later: the journey ends `vm-terminated` and the VM counts as lost once, then it boots
   * on fresh host pages for the hwpoisoned ones, as after a guest reboot. The restart policy that
   * KVM's SEA-to-userspace exit (KVM_EXIT_ARM_SEA) was proposed for.
   */
  restartVm(reason: string, afterNs: number): void;
  /** Reported and deliberately not acted on. */
  ignore(reason: string): void;
}

/** The guest kernel (Linux-like) (flow.md §3.4). */
export interface GuestContext extends HookContext {
  /** ESR_EL1 of the exception being taken. */
  readonly esrEl1: number;
  /** FAR_EL1, -1 when not valid (FnV=1). */
  readonly farEl1: number;
  /** Exception level the guest was at: 0 (a process) or 1 (the kernel). */
  readonly el: 0 | 1;
  /** Guest process running on the vCPU, -1 for the kernel. */
  readonly pid: number;
  /** log2 of the guest page size. */
  readonly guestPageShift: number;
  /** Guest GHES source of `kind`, -1 when the VMM did not publish it. */
  guestSource(kind: GhesSourceKind): number;
  /**
   * Reads the guest block's (first) memory record into `out`. A source that does not exist is a
   * plugin error here and in recordCount, readSourceEntry and ack.
   */
  readSource(source: number, out: GhesReading): void;
  /** Number of records in the guest block (a batching VMM may put several). */
  recordCount(source: number): number;
  /**
   * Reads record `index` (0 = the first, as readSource) of the guest block into `out`; an index
   * past the block reads 'malformed'. A negative or fractional index is a plugin error.
   */
  readSourceEntry(source: number, index: number, out: GhesReading): void;
  /** Clears the block status and acks with the HEST preserve/write masks. */
  ack(source: number): void;
  /**
   * The guest's memory_failure() on guest page frame `gpfn`: the page is offlined and every
   * process mapping it gets a poisoned PTE (late kill). Returns the pids that mapped it, or null
   * when the page was already offlined. A page of the guest kernel's own is marked hwpoisoned but
   * not isolated (MF_IGNORED: the journey's outcome is `ignored` unless the kernel touches it
   * again, which panics the guest); it returns no pids. A `gpfn` outside guest RAM is a plugin error: Linux's
   * GHES driver checks pfn_valid() before it calls memory_failure(), and the VMM can only record
   * guest RAM addresses, so it can only come from the plugin's own arithmetic.
   */
  memoryFailure(gpfn: number): readonly number[] | null;
  /**
   * Kills process `pid` with `signal` / `code`; it restarts later on fresh pages. Plugin errors:
   * a `pid` that is not one of the VM's processes, a `signal` outside 1..64, a `code` that is not
   * an int32 (for SIGBUS: not one of its si_codes 1..5 or 0x80, SI_KERNEL).
   */
  killProcess(pid: number, signal: number, code: number): void;
  /** The guest kernel panics. */
  panic(reason: string): void;
  /** Resumes the interrupted context: the access re-executes. (What happens when nothing is called.) */
  resume(): void;
  /**
   * Resumes after the faulting access as if it had completed. For a poisoned load this retires
   * bad data: silent corruption. Exists for fixtures and experiments.
   */
  skipAccess(): void;
  /** Reported and deliberately not acted on (e.g. a corrected or restartable SError). */
  ignore(reason: string): void;
}

/**
 * Contexts of the layers around the RAS flow: workloads (what vCPUs do), injectors (where
 * hardware errors come from) and observers (what is reported).
 *
 * As for the RAS contexts (contexts.ts), an argument that names nothing that exists (a VM, vCPU,
 * process or page out of range, an address outside the memory it must be in, a fraction where an
 * integer is needed, an option value that is not one of its names) is a plugin bug: the call
 * throws and the run stops with a PluginError naming the injector, its hook and a message with
 * the call, the argument, its value (hex for addresses) and what is allowed.
 */
import type { ActionName, EventKind, Outcome, StepLayer } from './vocabulary.js';

/** What a workload knows about the vCPU it fills a batch for. */
export interface WorkloadContext {
  /** Host index. */
  readonly host: number;
  /** VM index on the host. */
  readonly vm: number;
  /** vCPU index within the VM. */
  readonly vcpu: number;
  /** vCPUs per VM. */
  readonly vcpus: number;
  /** Simulated time of the vCPU. */
  readonly nowNs: number;
  /** Guest processes per VM (`vms.processes`). */
  readonly processes: number;
  /** Bytes of each process's address space (processPages × guest page size). */
  readonly processBytes: number;
  /** Bytes of the kernel's address space. */
  readonly kernelBytes: number;
  /** log2 of the guest page size (12 or 16). */
  readonly guestPageShift: number;
  /** Key of this vCPU's workload stream (use with draw32 and the access counter). */
  readonly streamKey: number;
  /** True when process `pid` is running (not killed and waiting to restart, not stopped). */
  processAlive(pid: number): boolean;
  /**
   * With an empty batch: the vCPU sleeps until this time (scripted workloads). It must be after
   * `nowNs` (Infinity: never wakes); NaN or a time not after now is a plugin error, since the
   * engine would ask the workload again at once, forever.
   */
  idleUntil: number;
}

/** Options of an injected poison. */
export interface PoisonOptions {
  /** ERR<n>STATUS.AV (default true). */
  av?: boolean;
  /** SET of the consuming abort (default 'UER'). */
  set?: 'UER' | 'UEO' | 'UC';
  /** False: firmware finds no record (kernel-first host). Default true. */
  firmwareRecord?: boolean;
  /** True: the poison does not survive a host reboot. */
  transient?: boolean;
}

/** Options of an injected asynchronous SError. */
export interface SErrorOptions {
  /**
   * Asynchronous Error Type the SError syndrome reports (ESR_ELx ISS.AET): CE, UEO (restartable),
   * UER (recoverable), UEU (unrecoverable) or UC (uncontainable).
   */
  aet: 'CE' | 'UEO' | 'UER' | 'UEU' | 'UC';
  /**
   * IMPLEMENTATION DEFINED syndrome (ESR_ELx ISS.IDS): no architected AET, and no error record
   * (default false).
   */
  ids?: boolean;
  /**
   * ESR_ELx ISS.DFSC: 17 (0x11) asynchronous SError (default), 0 uncategorized (Linux treats it as
   * UC).
   */
  dfsc?: 0 | 17;
  /** ERR<n>STATUS.AV: the record holds an address (default true). */
  av?: boolean;
  /**
   * Host physical address the error record names. Default: a page the vCPU's current context
   * (its process, or the kernel) uses, drawn from the injector's stream.
   */
  hpa?: number;
}

/** What an injector may do on its host. */
export interface InjectorContext {
  /** Host index. */
  readonly host: number;
  /** Simulated time of the host now (the time `fire` or `start` runs at). */
  readonly nowNs: number;
  /** The scenario's `durationNs`. */
  readonly durationNs: number;
  /** VMs on the host. */
  readonly vms: number;
  /** vCPUs per VM. */
  readonly vcpusPerVm: number;
  /** Bytes of host physical memory (guest RAM and VMM memory of every VM, host kernel and free memory). */
  readonly hostBytes: number;
  /** Host PA of guest PA `gpa` of VM `vm` (no side effect); `gpa` must be in the VM's RAM. */
  guestPaToHostPa(vm: number, gpa: number): number;
  /**
   * Host PA of byte `offset` of virtual page `page` of process `pid` (-1: the kernel) as mapped
   * now, or -1 when the page is not mapped. A `page` beyond the address space (processPages, or
   * kernelPages for the kernel) can never be mapped and is a plugin error, as is a pid other than
   * -1 or a process, and an offset outside the guest page.
   */
  processPageToHostPa(vm: number, pid: number, page: number, offset: number): number;
  /** Host PA of byte `offset` of VMM-private page `page` of VM `vm`. */
  vmmPageToHostPa(vm: number, page: number, offset: number): number;
  /**
   * Host PA of byte `offset` of page `page` of the host kernel's own memory or of the host's free
   * memory (hosts.kernelMiB, hosts.freeMiB). Any other region name is a plugin error.
   */
  hostMemoryToHostPa(region: 'kernel' | 'free', page: number, offset: number): number;
  /** Bytes of guest RAM of each VM. */
  readonly vmRamBytes: number;
  /**
   * Schedules `fire(ctx, tag)` at `atNs`; a time already past fires now, as a timer armed in the
   * past does. `atNs` must be finite and `tag` an integer in 0..2^31-1 (it comes back as it was).
   */
  schedule(atNs: number, tag: number): void;
  /** A uniform u32 from this injector's counter-based stream. */
  random32(): number;
  /**
   * Poisons the granule at host physical address `hpa`; returns the journey id. `hpa` must be an
   * integer in host memory (poison lives in a DRAM granule), `opts.set` one of its three names.
   */
  poisonHostPa(hpa: number, opts?: PoisonOptions): number;
  /** Poisons the granule at guest PA `gpa` of VM `vm`; returns the journey id. */
  poisonGuestPa(vm: number, gpa: number, opts?: PoisonOptions): number;
  /**
   * Poisons the granule a process (or the kernel, pid -1) uses at virtual page `page`, byte
   * `offset`, as mapped now. Returns the journey id, or -1 when the page is not mapped.
   */
  poisonProcessPage(vm: number, pid: number, page: number, offset: number, opts?: PoisonOptions): number;
  /** Poisons a byte of VM `vm`'s VMM-private memory (page, offset). */
  poisonVmmPage(vm: number, page: number, offset: number, opts?: PoisonOptions): number;
  /**
   * Signals a physical SError to vCPU `vcpu` of VM `vm` now; returns the journey id. `opts.aet`
   * must be one of its names, `opts.dfsc` 0x11 or 0 (the others are reserved in an SError ISS),
   * `opts.hpa` an integer in host memory.
   */
  serror(vm: number, vcpu: number, opts: SErrorOptions): number;
  /**
   * A corrected error at `hpa` (an integer in host memory): counted by the error record; may
   * overflow. Returns the journey id.
   */
  correctedError(hpa: number): number;
  /**
   * `count` corrected errors at `hpa`, all at now: each is counted in the error record (every
   * counter overflow among them raises firmware's fault-handling interrupt), and one journey
   * stands for all of them (its record has `count`; results count `count` corrected errors).
   * Hardware corrects these without software until the counter overflows, so an injector can
   * deliver the CEs between two overflows at the time of the last one: a year of field-rate CEs
   * in hundreds of journeys rather than tens of thousands (docs/scale.md). Returns the journey id.
   */
  correctedErrors(hpa: number, count: number): number;
  /**
   * Programs the fault-injection registers of the error record of the PE that vCPU `vcpu` of VM
   * `vm` runs on, the way TF-A's tests do: ERR<n>ADDR = `hpa` (when ≥ 0), ERR<n>PFGCDN = `countdown`,
   * then ERR<n>PFGCTL = `pfgctl` (with CDNEN to arm). The countdown decrements once per simulated
   * ns; at 0 the error selected by PFGCTL appears in ERR<n>STATUS and is signalled: an uncorrected
   * error as a physical SError to that vCPU, a corrected one to the counter. With PFGCTL.R it
   * repeats every `countdown` ns. Plugin errors: `pfgctl` not a 32-bit value or with RES0 bits
   * 29:13 set (the register would ignore them; they are refused rather than dropped), `countdown`
   * not a 32-bit count, `hpa` neither -1/undefined (ERR<n>ADDR unchanged) nor an integer in
   * 0..2^53-1 (any physical address: one outside host RAM is reported as such).
   */
  programErrorInjection(vm: number, vcpu: number, pfgctl: number, countdown: number, hpa?: number): void;
}

/** One step of a finished journey (reused view). */
export interface StepView {
  /**
   * Who acted: hardware, EL3 firmware, the hypervisor (KVM and the host kernel at EL2), the VMM
   * (host EL0), the guest kernel (EL1) or an injector.
   */
  readonly layer: StepLayer;
  /**
   * What it did (the journey vocabulary: `sea-taken`, `ghes-write`, `memory-failure`, `sigbus`, …).
   */
  readonly action: ActionName;
  /** Simulated time of the step. */
  readonly atNs: number;
  /** ESR value the step produced, -1 when none. */
  readonly esr: number;
  /** Address the step carried (FAR, PA, host VA), -1 when none. */
  readonly address: number;
  /** Signal number the step sent (SIGBUS 7, SIGKILL 9), -1 when none. */
  readonly signal: number;
  /**
   * The step's code: the si_code of a signal (BUS_MCEERR_AR/AO, BUS_OBJERR, SI_KERNEL), the
   * error number of a failed call (EINVAL), -1 when none.
   */
  readonly code: number;
  /** GHES source index, -1 when none. */
  readonly source: number;
}

/** A finished journey (reused view). */
export interface JourneyView {
  /** Journey id, unique within its host. */
  readonly id: number;
  /** Host index. */
  readonly host: number;
  /** VM the error hit (-1: none, e.g. host memory). */
  readonly vm: number;
  /** vCPU (within the VM) that consumed the error or took the SError, -1 when none. */
  readonly vcpu: number;
  /** The hardware event that started it: a poisoned granule, an SError or a corrected error. */
  readonly event: EventKind;
  /** Simulated time of the hardware event. */
  readonly atNs: number;
  /**
   * Its final outcome (flow.md §7: corrected, page offlined, app killed, guest panic, VM
   * terminated, host panic, …).
   */
  readonly outcome: Outcome;
  /** Consumption or report → outcome, in ns; -1 when never reported. */
  readonly latencyNs: number;
  /** Number of steps, each one layer's action. */
  readonly stepCount: number;
  /** Step `i` (0 ≤ i < stepCount); the view is reused by the next call. */
  step(i: number): StepView;
}

/** End-of-run summary for observers. */
export interface RunSummaryView {
  /** False when the run stopped early (a signal, a plugin error). */
  readonly complete: boolean;
  /** Simulated time reached. */
  readonly simulatedNs: number;
  /**
   * The run's counters by name (accesses, sea, serror, hostMemoryFailure, …), as in results.json.
   */
  readonly counts: Readonly<Record<string, number>>;
}

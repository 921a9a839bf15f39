/**
 * The words of a journey: which layer acted, what it did, and how a journey ended. Steps are kept
 * as small integers on the journey path and turned into these strings only when results are
 * written, so the lists below are the documented vocabulary of `journeys.jsonl`.
 */

/** Who acted (flow.md §1). */
export const LAYERS = ['injector', 'hardware', 'firmware', 'hypervisor', 'vmm', 'guest'] as const;
/** A layer of the RAS flow, as `journeys.jsonl` names it. */
export type StepLayer = (typeof LAYERS)[number];
/** Layer code (index in {@link LAYERS}): an error injector. */
export const L_INJECTOR = 0;
/** Layer code: the hardware (the PE, its ERR<n> error record, poisoned DRAM). */
export const L_HARDWARE = 1;
/** Layer code: EL3 firmware (TF-A's RAS handling, the GHES producer). */
export const L_FIRMWARE = 2;
/** Layer code: EL2, KVM and the host kernel (APEI/GHES, memory_failure()). */
export const L_HYPERVISOR = 3;
/** Layer code: the VMM at host EL0 (QEMU's SIGBUS handler and GHES writer). */
export const L_VMM = 4;
/** Layer code: the guest kernel at EL1. */
export const L_GUEST = 5;

/**
 * What a layer did. The index is the code stored on the journey path. Meanings:
 * - inject-poison / inject-serror / inject-ce: the injector created the hardware event
 * - consume: a load or fetch consumed a poisoned granule (the access did not retire)
 * - serror-signal: a physical SError was signalled to a PE
 * - ce-count: the error record counted a corrected error; ce-overflow: its counter overflowed
 * - stage2-fault: a guest access hit a host page unmapped from stage 2 (hwpoison)
 * - pte-poison: a guest access hit a guest PTE the guest's memory_failure() poisoned (late kill)
 * - retire-poisoned: a poisoned load or fetch retired with data (silent corruption)
 * - halt: firmware stopped the platform; record-cper: a CPER record was written into a GHES block
 * - ack-busy: the GHES read-ack register was 0, so nothing could be written
 * - fake-sea-el2 / fake-serror-el2: firmware faked the exception into EL2 (ESR_EL2, FAR_EL2)
 * - route-host: firmware delivered an error taken in host context to the host's own handler
 * - sdei-dispatch: firmware dispatched an SDEI event
 * - apei-claim: the host's GHES driver found a record; apei-none: it found none
 * - apei-ack: the block was cleared and the read-ack register set
 * - memory-failure: memory_failure() took a page (host page in the hypervisor, gpfn in the guest)
 * - already-poisoned: memory_failure() found the page already poisoned
 * - sigbus: a signal was sent (signal, code in the step)
 * - vserror: a virtual SError was made pending (VSESR_EL2 in esr)
 * - vserror-pending: the virtual SError waits for PSTATE.A to clear
 * - take-vserror: the guest took a pending virtual SError
 * - exit-to-vmm: KVM exited to the VMM (KVM_EXIT_ARM_SEA)
 * - einval: a call was refused with EINVAL
 * - inject-sea: an SEA was injected into the guest (ESR_EL1 in esr)
 * - set-serror-esr: the VMM set the virtual SError syndrome
 * - translate: the VMM turned a host VA into a guest PA
 * - take-sea: the guest took a synchronous external abort; take-serror: an SError
 * - ghes-read / ghes-none / ghes-ack: the guest's GHES driver read, found nothing, acked
 * - offline: the guest offlined a page; kill: a process was killed; panic: the guest panicked
 * - host-panic / vm-terminated: as named; ignore: reported and deliberately not acted on
 * - count-corrected: a corrected error was counted; resume: the context resumes and re-executes
 * - skip: the faulting access was skipped without re-executing
 * - livelock: the engine stopped a context that faulted without progress
 * - restart / reboot: a process restarted, a guest or host rebooted
 */
export const ACTIONS = [
  'inject-poison', 'inject-serror', 'inject-ce',
  'consume', 'serror-signal', 'ce-count', 'ce-overflow', 'stage2-fault', 'pte-poison', 'retire-poisoned',
  'halt', 'record-cper', 'ack-busy', 'fake-sea-el2', 'fake-serror-el2', 'route-host', 'sdei-dispatch',
  'apei-claim', 'apei-none', 'apei-ack', 'memory-failure', 'already-poisoned', 'sigbus', 'vserror',
  'vserror-pending', 'take-vserror', 'exit-to-vmm', 'einval',
  'inject-sea', 'set-serror-esr', 'translate',
  'take-sea', 'take-serror', 'ghes-read', 'ghes-none', 'ghes-ack', 'offline', 'kill', 'panic',
  'host-panic', 'vm-terminated', 'ignore', 'count-corrected', 'resume', 'skip', 'livelock',
  'restart', 'reboot', 'note',
] as const;
/** What a layer did on a journey step (see {@link ACTIONS} for each one's meaning). */
export type ActionName = (typeof ACTIONS)[number];

/** Numeric code of an action name (built once). */
export const ACTION: Readonly<Record<ActionName, number>> = Object.fromEntries(ACTIONS.map((a, i) => [a, i])) as Record<ActionName, number>;

/** Journey outcomes, least severe first: the index is the severity rank (flow.md §7). */
export const OUTCOMES = [
  'latent', 'corrected', 'recovered', 'ignored', 'guest-page-offlined', 'guest-app-killed', 'guest-panic',
  'vm-terminated', 'host-panic', 'livelock', 'silent-corruption',
] as const;
/** How a journey ended, least severe first (flow.md §7). */
export type Outcome = (typeof OUTCOMES)[number];
/** Outcome code (index in {@link OUTCOMES}): latent, the error was never consumed or reported. */
export const O_LATENT = 0;
/** Outcome code: corrected, counted by the error record (a CE). */
export const O_CORRECTED = 1;
/** The host took the page out and nothing lost data (a free page, clean page cache): MF_RECOVERED. */
export const O_RECOVERED = 2;
/**
 * Outcome code: ignored, reported and deliberately not acted on (a page the kernel holds, an AO
 * report no one acts on).
 */
export const O_IGNORED = 3;
/**
 * Outcome code: guest-page-offlined, the guest's memory_failure() took the page out with no one
 * killed.
 */
export const O_PAGE_OFFLINED = 4;
/** Outcome code: guest-app-killed, a guest process got SIGBUS (or SIGKILL) and died. */
export const O_APP_KILLED = 5;
/** Outcome code: guest-panic, the guest kernel panicked (e.g. poison consumed at EL1). */
export const O_GUEST_PANIC = 6;
/** Outcome code: vm-terminated, the VMM exited and the VM was lost. */
export const O_VM_TERMINATED = 7;
/** Outcome code: host-panic, the host kernel panicked or EL3 firmware halted the platform. */
export const O_HOST_PANIC = 8;
/**
 * Outcome code: livelock, the same access faulted `engine.livelockRetries` times without progress.
 */
export const O_LIVELOCK = 9;
/**
 * Outcome code: silent-corruption, a poisoned load or fetch retired with data (never acceptable).
 */
export const O_SILENT_CORRUPTION = 10;

/** Signal number of SIGBUS on arm64 Linux: memory_failure() kills and notifies with it. */
export const SIGBUS = 7;
/** Signal number of SIGKILL on arm64 Linux. */
export const SIGKILL = 9;
/**
 * si_code BUS_OBJERR: what arm64's do_sea() gives the task (through arm64_notify_die(), with the
 * FAR as si_addr) for a synchronous external abort that no firmware record claimed. A guest kernel
 * uses it for an SEA its APEI has no record for; the host for the VMM's own access with none.
 */
export const BUS_OBJERR = 3;
/** si_code BUS_MCEERR_AR: action required, the task consumed the poisoned page (synchronous). */
export const BUS_MCEERR_AR = 4;
/**
 * si_code BUS_MCEERR_AO: action optional, the page is poisoned but was not consumed (early kill).
 */
export const BUS_MCEERR_AO = 5;
/**
 * si_code SI_KERNEL (0x80): a signal the kernel raised with force_sig(), which carries no address
 * and no si_addr_lsb. Linux's ghes_do_proc() ends with `if (sync && !queued) force_sig(SIGBUS)`:
 * an SEA whose firmware record queued no memory_failure() work (no valid physical address, a
 * corrected severity, no memory section) gets the current task, the VMM's vCPU thread, this
 * "plain SIGBUS". QEMU's SIGBUS handler re-raises any code other than BUS_MCEERR_AR/AO, so the VMM
 * dies of it.
 */
export const SI_KERNEL = 0x80;
/**
 * Whether `code` is an si_code a SIGBUS from the kernel can carry: BUS_ADRALN (1), BUS_ADRERR (2),
 * BUS_OBJERR (3), BUS_MCEERR_AR (4), BUS_MCEERR_AO (5), or SI_KERNEL (0x80) from force_sig().
 */
export function isSigbusCode(code: number): boolean {
  return (Number.isInteger(code) && code >= 1 && code <= 5) || code === SI_KERNEL;
}
/** Name of a SIGBUS si_code for messages and notes (e.g. `SI_KERNEL (0x80)`), `si_code <n>` for others. */
export function sigbusCodeName(code: number): string {
  switch (code) {
    case 1: return 'BUS_ADRALN (1)';
    case 2: return 'BUS_ADRERR (2)';
    case BUS_OBJERR: return 'BUS_OBJERR (3)';
    case BUS_MCEERR_AR: return 'BUS_MCEERR_AR (4)';
    case BUS_MCEERR_AO: return 'BUS_MCEERR_AO (5)';
    case SI_KERNEL: return 'SI_KERNEL (0x80)';
    default: return `si_code ${String(code)}`;
  }
}
/**
 * errno EINVAL: KVM's refusal of a call (e.g. a virtual SError syndrome outside VSESR_EL2's 24
 * bits).
 */
export const EINVAL = 22;

/** Hardware event kinds of a journey. */
export const EVENTS = ['poison', 'serror', 'ce'] as const;
/**
 * The hardware event that starts a journey: a poisoned granule, a physical SError or a corrected
 * error.
 */
export type EventKind = (typeof EVENTS)[number];
/**
 * Event code (index in {@link EVENTS}): a poisoned granule (consumed by a load or fetch: an SEA).
 */
export const EV_POISON = 0;
/** Event code: a physical SError signalled to a PE. */
export const EV_SERROR = 1;
/** Event code: a corrected error counted by the error record. */
export const EV_CE = 2;

/**
 * The plugin API: one plain-object definition per plugin, made with a typed `define…Plugin()`
 * factory, loaded by module specifier with JSON options. Each layer of the firmware-first flow
 * (flow.md §1) is a plugin: the engine owns memory, vCPUs, time, error records and GHES blocks;
 * plugins own decisions.
 *
 * A definition's `create(options, env)` runs once per host and returns that host's hooks, so
 * per-host state lives in the hooks object. Data-path hooks are synchronous and must not keep
 * their context object after they return.
 */
import type { GhesSourceKind } from '../apei/ghes-layout.js';
import type { AccessBatch } from '../vcpu/access-batch.js';
import type { FirmwareContext, GuestContext, HypervisorContext, VmmContext, VmmSignal } from './contexts.js';
import type { InjectorContext, JourneyView, PoisonOptions, RunSummaryView, WorkloadContext } from './extension-contexts.js';

/** The plugin layers. */
export type Layer = 'firmware' | 'hypervisor' | 'vmm' | 'guest' | 'workload' | 'injector' | 'observer';
/**
 * Every plugin layer, in the order a plugin set lists them: the four RAS layers (EL3 firmware, the
 * hypervisor at EL2, the VMM at host EL0, the guest kernel at EL1), then workload, injector and
 * observer.
 */
export const LAYER_NAMES: readonly Layer[] = ['firmware', 'hypervisor', 'vmm', 'guest', 'workload', 'injector', 'observer'];

/** What a plugin learns about the run when its hooks are created. */
export interface PluginEnv {
  /** Host index (0 … hosts − 1). */
  readonly host: number;
  /** Hosts in the run (`hosts.count`). */
  readonly hosts: number;
  /** The scenario's seed. */
  readonly seed: number;
  /**
   * The scenario's profile: `seed` (the 2017 arm64 KVM RAS design) or `upstream` (Linux and QEMU
   * today).
   */
  readonly profile: 'seed' | 'upstream';
  /** Simulated time the run lasts, in ns. */
  readonly durationNs: number;
  /** VMs per host. */
  readonly vmsPerHost: number;
  /** vCPUs per VM. */
  readonly vcpusPerVm: number;
  /** Physical CPUs (PEs) of the host. */
  readonly cpus: number;
  /**
   * Host kernel page size in bytes (4096 or 65536): the unit memory_failure() takes out on the
   * host.
   */
  readonly hostPageSize: number;
  /**
   * Guest kernel page size in bytes (4096 or 65536): the unit the guest's memory_failure()
   * offlines.
   */
  readonly guestPageSize: number;
  /** The scenario's `workload` section (for workload plugins) as validated JSON. */
  readonly workload: Readonly<Record<string, unknown>>;
  /** The scenario's `injections` list (for injector plugins) as validated JSON. */
  readonly injections: readonly Readonly<Record<string, unknown>>[];
  /**
   * The run's output directory (`rasflow run --out`, absolute), where results.json goes: the place
   * for files an observer writes. Null when the run has none (a run through the API).
   */
  readonly outDir: string | null;
}

/**
 * The hooks each layer's create() must return as functions: the engine calls them whenever their
 * event comes (the others are optional). Checked when the plugin is created, so a missing one is
 * named then, not when its first event comes mid-run.
 */
export const REQUIRED_HOOKS: Readonly<Record<Layer, readonly string[]>> = {
  firmware: ['onSyncExternalAbort', 'onSError'],
  hypervisor: ['onGuestSea', 'onGuestSError', 'onStage2Fault'],
  vmm: ['onSigbus'],
  guest: ['onSea', 'onSError'],
  workload: ['fill'],
  injector: [],
  observer: [],
};

/** Hooks every layer may add so a run can be checkpointed and resumed. */
export interface StatefulHooks {
  /** Returns JSON-serialisable state of this host's instance. */
  saveState?(): unknown;
  /** Restores what saveState returned. */
  loadState?(state: unknown): void;
}

/** GHES error sources a firmware publishes in the host HEST, or a VMM in the guest's. */
export interface GhesPublication {
  /** Kinds of sources (the HEST GHESv2 notification type of each: SEA, SEI, SDEI, GPIO…). */
  kinds: readonly GhesSourceKind[];
  /** One source per kind rather than one per PE (host) / vCPU (guest). Default false for hosts, true for guests. */
  shared?: boolean;
  /** Bytes of each error status block (default 1 KiB, QEMU's; a proposed QEMU change uses 4 KiB). */
  blockLength?: number;
}

/**
 * The EL3 firmware layer (TF-A's RAS extension handling): takes synchronous external aborts and
 * SErrors routed to EL3 (SCR_EL3.EA=1), reads the PE's error record, writes CPER into a host GHES
 * block, and hands the error to EL2 (a faked exception in ESR_EL2/FAR_EL2) or to the host through
 * SDEI.
 */
export interface FirmwareHooks extends StatefulHooks {
  /** Host GHES sources this firmware publishes (default: sea and sei per PE). */
  readonly hostSources?: GhesPublication;
  /**
   * Firmware presets every error record's corrected-error counter (ERR<n>MISC0.CEC) so that it
   * wraps, raising the fault-handling interrupt, on every `ceThreshold`-th CE: at boot and again
   * after each interrupt it handles. Absent or 0: the counter counts from 0 to its full width.
   */
  readonly ceThreshold?: number;
  /** A synchronous external abort reached EL3 (SCR_EL3.EA=1). */
  onSyncExternalAbort(ctx: FirmwareContext): void;
  /** A physical SError reached EL3 (SCR_EL3.EA=1), whatever the guest's PSTATE.A. */
  onSError(ctx: FirmwareContext): void;
  /** A corrected-error counter overflowed: the fault-handling interrupt reached firmware. */
  onCorrectedOverflow?(ctx: FirmwareContext): void;
  /**
   * A timer firmware armed with FirmwareContext.setTimer expired: its secure physical timer
   * interrupt reached EL3. `tag` is the one given to setTimer; the call runs in the journey that
   * armed it, with no vCPU (e.g. to notify the OS of records gathered since: notifyHost).
   */
  onTimer?(ctx: FirmwareContext, tag: number): void;
}

/**
 * The hypervisor layer at EL2: KVM (handle_guest_sea(), kvm_handle_guest_serror(), the stage-2
 * fault path) and the host kernel's APEI/GHES driver and memory_failure(), which poisons the page
 * and sends SIGBUS to the VMM.
 */
export interface HypervisorHooks extends StatefulHooks {
  /** KVM's handle_guest_sea(): firmware faked an SEA from the guest into EL2. */
  onGuestSea(ctx: HypervisorContext): void;
  /** An SError from the guest reached EL2 (classification; handle_guest_sei in seed). */
  onGuestSError(ctx: HypervisorContext): void;
  /** A guest access hit a host page unmapped from stage 2 because it is hwpoisoned. */
  onStage2Fault(ctx: HypervisorContext): void;
  /** An error taken in host context (the VMM's own access) reached the host kernel. */
  onHostSea?(ctx: HypervisorContext): void;
  /** A polled / GSIV / GPIO GHES source has a record (corrected errors): the host's GHES driver. */
  onGhesInterrupt?(ctx: HypervisorContext, source: number): void;
  /** The SDEI event of a host GHES source was dispatched (upstream profile). */
  onSdeiEvent?(ctx: HypervisorContext, source: number): void;
  /**
   * The VMM's set-syndrome call (KVM_ARM_SET_SERROR_ESR, KVM_SET_VCPU_EVENTS with serror_has_esr).
   * Returns 0 when a virtual SError with `esr` is now pending, or -22 (EINVAL). When absent, the
   * engine applies KVM's rule: bits above 24 → EINVAL, else VSESR_EL2 = esr & 0x1FFFFFF, VSE = 1.
   */
  setSErrorEsr?(ctx: HypervisorContext, esr: number): number;
}

/**
 * The VMM layer at host EL0 (QEMU's kvm_arch_on_sigbus_vcpu()): turns a SIGBUS into a CPER record
 * in the guest's GHES block and an injected SEA or virtual SError, or exits.
 */
export interface VmmHooks extends StatefulHooks {
  /** Guest GHES sources the VMM publishes in the guest's HEST (default: sea). */
  readonly guestSources?: GhesPublication;
  /** SIGBUS reached the VMM (si_code AR/AO from memory_failure, or a plain SIGBUS). */
  onSigbus(ctx: VmmContext, sig: VmmSignal): void;
  /** KVM_EXIT_ARM_SEA: KVM handed an SEA it could not attribute to the VMM. */
  onSeaExit?(ctx: VmmContext, esr: number, guestVa: number, guestPa: number): void;
  /**
   * VM `vm` booted again at `atNs` (after a guest panic, a restartVm(), or a host reboot) on fresh
   * memory: per-VM state about its old pages can be dropped.
   */
  onVmBoot?(vm: number, atNs: number): void;
}

/**
 * The guest kernel layer at EL1 (Linux's do_sea(), the arm64 SError handler, ghes_notify_sea() and
 * memory_failure() in the guest): reads the guest GHES block, offlines the page, kills the process
 * or panics.
 */
export interface GuestHooks extends StatefulHooks {
  /** The guest kernel took a synchronous external abort (ESR_EL1 EC 0x24/0x25). */
  onSea(ctx: GuestContext): void;
  /** The guest kernel took an SError (a virtual SError once PSTATE.A was clear). */
  onSError(ctx: GuestContext): void;
  /** A process touched a page whose PTE the guest's memory_failure() poisoned (late kill). */
  onPoisonedPte?(ctx: GuestContext): void;
}

/**
 * A workload: the accesses each vCPU makes (addresses, loads, stores, fetches, EL0 or EL1), in
 * batches the access loop runs.
 */
export interface WorkloadHooks extends StatefulHooks {
  /**
   * Fills `batch` with at most `count` accesses of the vCPU in `ctx`, numbered `first`… (the
   * vCPU's access counter): the same numbers must give the same accesses whatever `count` is.
   * Sets batch.length (0: nothing to do until `ctx.idleUntil`), batch.pid and, for timed
   * accesses, batch.timed and batch.at.
   */
  fill(ctx: WorkloadContext, batch: AccessBatch, first: number, count: number): void;
  /**
   * `time: "sampled"` only (engine/sampled-time.ts): the probability that one access of the vCPU
   * in `ctx` is a load or an instruction fetch of a word in virtual page `page` of address space
   * `space` (a pid, or -1 for the guest kernel's), averaged over the run (the process scheduling
   * included); words within the page are taken as equally likely. The engine asks it when a
   * granule is poisoned, for each vCPU of the VM that owns it, and draws when and by whom it is
   * read first. A workload without it cannot run in sampled time.
   */
  readShare?(ctx: WorkloadContext, space: number, page: number): number;
  /** `time: "sampled"`: the share of reads that are instruction fetches (default 0). */
  readonly fetchShare?: number;
}

/**
 * An error injector: creates hardware errors (poisoned granules, SErrors, corrected errors) at
 * scheduled times or per access.
 */
export interface InjectorHooks extends StatefulHooks {
  /** Probability per load or fetch of poisoning the granule it is about to read (engine-driven). */
  readonly perAccessProbability?: number;
  /** The poison a per-access injection creates (read at each injection; default: AV, UER, with a firmware record). */
  readonly perAccessEvent?: PoisonOptions;
  /** Called once per host at time 0: schedule injections with ctx.schedule(). */
  start?(ctx: InjectorContext): void;
  /** A scheduled injection is due: inject through ctx. */
  fire?(ctx: InjectorContext, tag: number): void;
}

/**
 * An observer: watches finished journeys and the end of the run, changing nothing (e.g. writes a
 * CSV).
 */
export interface ObserverHooks extends StatefulHooks {
  /** A journey's outcome is final (at the end of the run). The view is reused. */
  onJourneyEnd?(journey: JourneyView): void;
  /** The run ended (complete or not). */
  onRunEnd?(summary: RunSummaryView): void;
}

interface HooksOf {
  firmware: FirmwareHooks;
  hypervisor: HypervisorHooks;
  vmm: VmmHooks;
  guest: GuestHooks;
  workload: WorkloadHooks;
  injector: InjectorHooks;
  observer: ObserverHooks;
}

/** A plugin definition: what a plugin module exports (as default, or as `plugin`). */
export interface PluginDefinition<L extends Layer = Layer, O = Record<string, unknown>> {
  /** The layer the plugin implements; set by the `define…Plugin()` factory. */
  readonly layer: L;
  /** Unique name, e.g. `seed-firmware`; used in messages and `requires`. */
  readonly name: string;
  /** One line for `rasflow` listings and messages. */
  readonly description?: string;
  /** Names of plugins that must be in the same set (checked when the set is assembled). */
  readonly requires?: readonly string[];
  /**
   * JSON Schema of the options (draft-07). Validated before any hook runs, with defaults filled
   * in; errors name `plugins.<layer>.options.<path>`, the value and what is allowed.
   */
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  /** Makes this host's hooks. */
  create(options: O, env: PluginEnv): HooksOf[L];
}

/** An EL3 firmware plugin definition ({@link defineFirmwarePlugin}). */
export type FirmwarePlugin<O = Record<string, unknown>> = PluginDefinition<'firmware', O>;
/** A hypervisor (KVM + host kernel at EL2) plugin definition ({@link defineHypervisorPlugin}). */
export type HypervisorPlugin<O = Record<string, unknown>> = PluginDefinition<'hypervisor', O>;
/** A VMM (host EL0) plugin definition ({@link defineVmmPlugin}). */
export type VmmPlugin<O = Record<string, unknown>> = PluginDefinition<'vmm', O>;
/** A guest kernel (EL1) plugin definition ({@link defineGuestPlugin}). */
export type GuestPlugin<O = Record<string, unknown>> = PluginDefinition<'guest', O>;
/** A workload plugin definition ({@link defineWorkloadPlugin}). */
export type WorkloadPlugin<O = Record<string, unknown>> = PluginDefinition<'workload', O>;
/** An error injector plugin definition ({@link defineInjectorPlugin}). */
export type InjectorPlugin<O = Record<string, unknown>> = PluginDefinition<'injector', O>;
/** An observer plugin definition ({@link defineObserverPlugin}). */
export type ObserverPlugin<O = Record<string, unknown>> = PluginDefinition<'observer', O>;
/** A plugin definition of any layer. */
export type AnyPlugin = { [L in Layer]: PluginDefinition<L, any> }[Layer]; // eslint-disable-line @typescript-eslint/no-explicit-any

type Def<L extends Layer, O> = Omit<PluginDefinition<L, O>, 'layer'>;

function define<L extends Layer, O>(layer: L, def: Def<L, O>): PluginDefinition<L, O> {
  if (typeof def.name !== 'string' || def.name.length === 0) throw new TypeError(`a ${layer} plugin needs a non-empty name`);
  if (typeof def.create !== 'function') throw new TypeError(`${layer} plugin '${def.name}' needs a create(options, env) function`);
  return Object.freeze({ ...def, layer });
}

/** Defines an EL3 firmware plugin. */
export const defineFirmwarePlugin = <O = Record<string, unknown>>(def: Def<'firmware', O>) => define('firmware', def);
/** Defines a hypervisor (KVM + host kernel APEI / memory_failure) plugin. */
export const defineHypervisorPlugin = <O = Record<string, unknown>>(def: Def<'hypervisor', O>) => define('hypervisor', def);
/** Defines a VMM plugin. */
export const defineVmmPlugin = <O = Record<string, unknown>>(def: Def<'vmm', O>) => define('vmm', def);
/** Defines a guest kernel plugin. */
export const defineGuestPlugin = <O = Record<string, unknown>>(def: Def<'guest', O>) => define('guest', def);
/** Defines a workload plugin. */
export const defineWorkloadPlugin = <O = Record<string, unknown>>(def: Def<'workload', O>) => define('workload', def);
/** Defines an injector plugin. */
export const defineInjectorPlugin = <O = Record<string, unknown>>(def: Def<'injector', O>) => define('injector', def);
/** Defines an observer plugin. */
export const defineObserverPlugin = <O = Record<string, unknown>>(def: Def<'observer', O>) => define('observer', def);

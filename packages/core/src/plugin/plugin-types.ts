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
export const LAYER_NAMES: readonly Layer[] = ['firmware', 'hypervisor', 'vmm', 'guest', 'workload', 'injector', 'observer'];

/** What a plugin learns about the run when its hooks are created. */
export interface PluginEnv {
  readonly host: number;
  readonly hosts: number;
  readonly seed: number;
  readonly profile: 'seed' | 'upstream';
  readonly durationNs: number;
  readonly vmsPerHost: number;
  readonly vcpusPerVm: number;
  /** Physical CPUs (PEs) of the host. */
  readonly cpus: number;
  readonly hostPageSize: number;
  readonly guestPageSize: number;
  /** The scenario's `workload` section (for workload plugins) as validated JSON. */
  readonly workload: Readonly<Record<string, unknown>>;
  /** The scenario's `injections` list (for injector plugins) as validated JSON. */
  readonly injections: readonly Readonly<Record<string, unknown>>[];
}

/** Hooks every layer may add so a run can be checkpointed and resumed. */
export interface StatefulHooks {
  /** Returns JSON-serialisable state of this host's instance. */
  saveState?(): unknown;
  /** Restores what saveState returned. */
  loadState?(state: unknown): void;
}

/** GHES error sources a firmware publishes in the host HEST, or a VMM in the guest's. */
export interface GhesPublication {
  kinds: readonly GhesSourceKind[];
  /** One source per kind rather than one per PE (host) / vCPU (guest). Default false for hosts, true for guests. */
  shared?: boolean;
  /** Bytes of each error status block (default 1 KiB, QEMU's; a proposed QEMU change uses 4 KiB). */
  blockLength?: number;
}

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
}

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

export interface GuestHooks extends StatefulHooks {
  /** The guest kernel took a synchronous external abort (ESR_EL1 EC 0x24/0x25). */
  onSea(ctx: GuestContext): void;
  /** The guest kernel took an SError (a virtual SError once PSTATE.A was clear). */
  onSError(ctx: GuestContext): void;
  /** A process touched a page whose PTE the guest's memory_failure() poisoned (late kill). */
  onPoisonedPte?(ctx: GuestContext): void;
}

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
  readonly layer: L;
  /** Unique name, e.g. `seed-firmware`; used in messages and `requires`. */
  readonly name: string;
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

export type FirmwarePlugin<O = Record<string, unknown>> = PluginDefinition<'firmware', O>;
export type HypervisorPlugin<O = Record<string, unknown>> = PluginDefinition<'hypervisor', O>;
export type VmmPlugin<O = Record<string, unknown>> = PluginDefinition<'vmm', O>;
export type GuestPlugin<O = Record<string, unknown>> = PluginDefinition<'guest', O>;
export type WorkloadPlugin<O = Record<string, unknown>> = PluginDefinition<'workload', O>;
export type InjectorPlugin<O = Record<string, unknown>> = PluginDefinition<'injector', O>;
export type ObserverPlugin<O = Record<string, unknown>> = PluginDefinition<'observer', O>;
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

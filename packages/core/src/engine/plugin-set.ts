/**
 * A validated set of plugins for a run: one per RAS layer and for the workload, any number of
 * injectors and observers, each with its options already checked.
 */
import type { PluginDefinition } from '../plugin/plugin-types.js';

/**
 * A plugin of a {@link PluginSet}: its definition, where it came from and its validated options.
 */
export interface LoadedPlugin<L extends PluginDefinition['layer'] = PluginDefinition['layer']> {
  /** Module specifier the plugin came from (for messages). */
  readonly specifier: string;
  /** The file URL the specifier resolved to (what a worker imports). */
  readonly url: string;
  /** The plugin's definition (what its module exports). */
  readonly definition: PluginDefinition<L, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Options after validation, with defaults. */
  readonly options: Record<string, unknown>;
}

/**
 * The plugins of a run, loaded and validated: one per RAS layer (EL3 firmware, hypervisor, VMM,
 * guest) and for the workload, then any injectors and observers ({@link loadPluginSet}).
 */
export interface PluginSet {
  /** The EL3 firmware plugin. */
  firmware: LoadedPlugin<'firmware'>;
  /** The hypervisor plugin (KVM and the host kernel at EL2). */
  hypervisor: LoadedPlugin<'hypervisor'>;
  /** The VMM plugin (host EL0). */
  vmm: LoadedPlugin<'vmm'>;
  /** The guest kernel plugin (EL1). */
  guest: LoadedPlugin<'guest'>;
  /** The workload plugin. */
  workload: LoadedPlugin<'workload'>;
  /**
   * The error injectors: the scenario injector (when `injections` is not empty), then
   * `plugins.injectors`.
   */
  injectors: LoadedPlugin<'injector'>[];
  /** The observers (`plugins.observers`). */
  observers: LoadedPlugin<'observer'>[];
}

/** A validated plugin as data that crosses to a worker: no function, options with defaults. */
export interface PluginRef {
  /** Module specifier the plugin came from (for messages). */
  specifier: string;
  /** The file URL the specifier resolved to (what a worker imports). */
  url: string;
  /** Options after validation, with defaults. */
  options: Record<string, unknown>;
}

/** A {@link PluginSet} as data (what the main thread sends its workers). */
export interface PluginRefs {
  /** The EL3 firmware plugin. */
  firmware: PluginRef;
  /** The hypervisor plugin (KVM and the host kernel at EL2). */
  hypervisor: PluginRef;
  /** The VMM plugin (host EL0). */
  vmm: PluginRef;
  /** The guest kernel plugin (EL1). */
  guest: PluginRef;
  /** The workload plugin. */
  workload: PluginRef;
  /**
   * The error injectors: the scenario injector (when `injections` is not empty), then
   * `plugins.injectors`.
   */
  injectors: PluginRef[];
  /** The observers (`plugins.observers`). */
  observers: PluginRef[];
}

/**
 * The plugins in the engine's plugin index order (flow.ts P_*): firmware, hypervisor, VMM,
 * guest, workload, the injectors, then the observers. Messages and the watchdog name a plugin by
 * its index in this list.
 */
export function pluginOrder<T>(set: { firmware: T; hypervisor: T; vmm: T; guest: T; workload: T; injectors: readonly T[]; observers: readonly T[] }): T[] {
  return [set.firmware, set.hypervisor, set.vmm, set.guest, set.workload, ...set.injectors, ...set.observers];
}

/** The data of a loaded set. */
export function pluginRefs(set: PluginSet): PluginRefs {
  const ref = (p: LoadedPlugin): PluginRef => ({ specifier: p.specifier, url: p.url, options: p.options });
  return {
    firmware: ref(set.firmware), hypervisor: ref(set.hypervisor), vmm: ref(set.vmm), guest: ref(set.guest), workload: ref(set.workload),
    injectors: set.injectors.map(ref), observers: set.observers.map(ref),
  };
}

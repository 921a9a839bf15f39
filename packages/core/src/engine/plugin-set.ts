/**
 * A validated set of plugins for a run: one per RAS layer and for the workload, any number of
 * injectors and observers, each with its options already checked.
 */
import type { PluginDefinition } from '../plugin/plugin-types.js';

export interface LoadedPlugin<L extends PluginDefinition['layer'] = PluginDefinition['layer']> {
  /** Module specifier the plugin came from (for messages). */
  readonly specifier: string;
  /** The file URL the specifier resolved to (what a worker imports). */
  readonly url: string;
  readonly definition: PluginDefinition<L, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Options after validation, with defaults. */
  readonly options: Record<string, unknown>;
}

export interface PluginSet {
  firmware: LoadedPlugin<'firmware'>;
  hypervisor: LoadedPlugin<'hypervisor'>;
  vmm: LoadedPlugin<'vmm'>;
  guest: LoadedPlugin<'guest'>;
  workload: LoadedPlugin<'workload'>;
  injectors: LoadedPlugin<'injector'>[];
  observers: LoadedPlugin<'observer'>[];
}

/** A validated plugin as data that crosses to a worker: no function, options with defaults. */
export interface PluginRef {
  specifier: string;
  url: string;
  options: Record<string, unknown>;
}

/** A {@link PluginSet} as data (what the main thread sends its workers). */
export interface PluginRefs {
  firmware: PluginRef;
  hypervisor: PluginRef;
  vmm: PluginRef;
  guest: PluginRef;
  workload: PluginRef;
  injectors: PluginRef[];
  observers: PluginRef[];
}

/** The data of a loaded set. */
export function pluginRefs(set: PluginSet): PluginRefs {
  const ref = (p: LoadedPlugin): PluginRef => ({ specifier: p.specifier, url: p.url, options: p.options });
  return {
    firmware: ref(set.firmware), hypervisor: ref(set.hypervisor), vmm: ref(set.vmm), guest: ref(set.guest), workload: ref(set.workload),
    injectors: set.injectors.map(ref), observers: set.observers.map(ref),
  };
}

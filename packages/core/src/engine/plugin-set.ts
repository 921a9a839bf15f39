/**
 * A validated set of plugins for a run: one per RAS layer and for the workload, any number of
 * injectors and observers, each with its options already checked.
 */
import type { PluginDefinition } from '../plugin/plugin-types.js';

export interface LoadedPlugin<L extends PluginDefinition['layer'] = PluginDefinition['layer']> {
  /** Module specifier the plugin came from (for messages). */
  readonly specifier: string;
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

/**
 * The default workload plugin: runs the scenario's `workload` section (one of random, sequential,
 * hot-set or scripted). The engine loads it unless a scenario names another workload plugin.
 *
 * @module
 */
import { defineWorkloadPlugin, type PluginEnv, type ScriptedAccessSpec, type WorkloadHooks } from '@rasflow/core';
import { HotSetWorkload } from './hot-set.js';
import { mixOf, numberOr, RandomWorkload } from './random.js';
import { ScriptedWorkload } from './scripted.js';
import { SequentialWorkload } from './sequential.js';

/** The workload kinds this plugin implements (the schema's `workload.kind`). */
export const WORKLOAD_KINDS = ['random', 'sequential', 'hot-set', 'scripted'] as const;

/**
 * Makes the hooks of one host for a `workload` section. Every kind is a class whose `fill` runs
 * once per batch over typed arrays it precomputed here, so the access path allocates nothing.
 */
export function createScenarioWorkload(spec: Readonly<Record<string, unknown>>, env: PluginEnv): WorkloadHooks {
  const kind = spec['kind'] ?? 'random';
  switch (kind) {
    case 'random':
      return new RandomWorkload(mixOf(spec));
    case 'sequential':
      return new SequentialWorkload({ ...mixOf(spec), strideBytes: numberOr(spec['strideBytes'], 64) });
    case 'hot-set':
      return new HotSetWorkload({
        ...mixOf(spec), hotPages: numberOr(spec['hotPages'], 16), hotProbability: numberOr(spec['hotProbability'], 0.9),
      }, env);
    case 'scripted': {
      const accesses = spec['accesses'];
      if (!Array.isArray(accesses)) throw new TypeError('workload.accesses: a scripted workload needs an array of accesses');
      return new ScriptedWorkload(accesses as ScriptedAccessSpec[], env);
    }
    default:
      throw new RangeError(`workload.kind: found ${JSON.stringify(kind)}, allowed: ${WORKLOAD_KINDS.join(', ')}`);
  }
}

/**
 * `scenario-workload`: what the guest's vCPUs do, as the scenario's `workload` section says —
 * uniform random accesses, strided scans, a hot working set, or an explicit script. It takes no
 * options; everything comes from the scenario.
 */
export const scenarioWorkload = defineWorkloadPlugin({
  name: 'scenario-workload',
  description: "Runs the scenario's workload section: random, sequential, hot-set or scripted accesses.",
  create(_options, env) {
    return createScenarioWorkload(env.workload, env);
  },
});

export default scenarioWorkload;

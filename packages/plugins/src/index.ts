/**
 * @rasflow/plugins: the default plugins of rasflow.
 *
 * - `workload/scenario-workload`: the scenario's `workload` section (random, sequential, hot-set,
 *   scripted), loaded by the engine as the default workload
 * - `injector/scenario-injector`: the scenario's `injections` list (rate, per-access, burst,
 *   targeted), added by the engine when the list is not empty
 *
 * Each is also importable by its package subpath, which is how the engine loads it.
 */
export { scenarioWorkload, createScenarioWorkload, WORKLOAD_KINDS } from './workload/scenario-workload.js';
export { scenarioInjector, ScenarioInjector, INJECTION_KINDS } from './injector/scenario-injector.js';
export { SCHEDULE_CHUNK } from './workload/schedule.js';

/**
 * @rasflow/plugins: the default plugins of rasflow.
 *
 * - `workload/scenario-workload`: the scenario's `workload` section (random, sequential, hot-set,
 *   scripted), loaded by the engine as the default workload
 * - `injector/scenario-injector`: the scenario's `injections` list (rate, per-access, burst,
 *   targeted), added by the engine when the list is not empty
 *
 * - `seed/{firmware,hypervisor,vmm,guest}`: the seed profile (the 2017 cover letter's design)
 * - `upstream/{firmware,hypervisor,vmm,guest}`: the upstream profile (Linux and QEMU today)
 *
 * Each is also importable by its package subpath, which is how the engine loads it.
 *
 * @module
 */
export { scenarioWorkload, createScenarioWorkload, WORKLOAD_KINDS } from './workload/scenario-workload.js';
export { scenarioInjector, ScenarioInjector, INJECTION_KINDS } from './injector/scenario-injector.js';
export { SCHEDULE_CHUNK } from './workload/schedule.js';
export { default as seedFirmware } from './seed/firmware.js';
export { default as seedHypervisor } from './seed/hypervisor.js';
export { default as seedVmm } from './seed/vmm.js';
export { default as seedGuest } from './seed/guest.js';
export { default as upstreamFirmware } from './upstream/firmware.js';
export { default as upstreamHypervisor } from './upstream/hypervisor.js';
export { default as upstreamVmm } from './upstream/vmm.js';
export { default as upstreamGuest } from './upstream/guest.js';
export { createFirmware, firmwareOptionsSchema, type FirmwareOptions } from './ras/firmware.js';
export { createHypervisor, hypervisorOptionsSchema, type HypervisorOptions } from './ras/hypervisor.js';
export { createVmm, vmmOptionsSchema, type VmmOptions } from './ras/vmm.js';
export { createGuest, guestOptionsSchema, type GuestOptions } from './ras/guest.js';

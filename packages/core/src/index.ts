/**
 * @rasflow/core: the engine of the rasflow firmware-first RAS simulator.
 *
 * - `arch`: the Arm register model (ESR_ELx, SCR_EL3, HCR_EL2, VSESR_EL2, ERR<n> records)
 * - `apei`: APEI/UEFI codecs (GHES blocks, CPER records and sections, HEST with GHESv2)
 * - `memory`: shared memory with poison; `vcpu`: the access loop; `rand`: counter-based randomness
 *
 * @module
 */
export * from './util/u64.js';
export { makeDir, makeDirSync } from './util/make-dir.js';
// Arm register model
export * from './arch/esr-fields.js';
export * from './arch/esr.js';
export * from './arch/esr-names.js';
export * from './arch/esr-decode.js';
export * from './arch/esr-values.js';
export * from './arch/vsesr.js';
export * from './arch/sysregs.js';
export * from './arch/err-status.js';
export * from './arch/err-record.js';
export * from './arch/err-pfg.js';
export * from './arch/err-node-regs.js';
export * from './arch/err-node.js';
// APEI: HEST, GHESv2, GHES blocks, CPER
export * from './apei/decode-error.js';
export * from './apei/guid.js';
export * from './apei/acpi-header.js';
export * from './apei/gas.js';
export * from './apei/notification.js';
export * from './apei/hest.js';
export * from './apei/ghes-ack.js';
export * from './apei/ghes-layout.js';
export * from './apei/severity.js';
export * from './apei/timestamp.js';
export * from './apei/gesb.js';
export * from './apei/gede.js';
export * from './apei/error-status.js';
export * from './apei/cper-memory.js';
export * from './apei/cper-arm-error-info.js';
export * from './apei/cper-arm.js';
export * from './apei/cper-generic-processor.js';
export * from './apei/section-body.js';
export * from './apei/section-descriptor.js';
export * from './apei/cper-record.js';
export * from './apei/ghes-block.js';
export * from './apei/ghes-memory-writer.js';
export * from './apei/cper-examples.js';
export * from './memory/layout.js';
export * from './memory/host-poison-map.js';
export * from './memory/host-plan.js';
export * from './memory/guest-memory.js';
export * from './vcpu/access-batch.js';
export * from './vcpu/run-batch.js';
export * from './rand/counter-rng.js';
export * from './workload/fill-random.js';
// Scenarios
export * from './scenario/scenario-schema.js';
export * from './scenario/scenario-types.js';
export * from './scenario/validate-scenario.js';
// Plugin API
export * from './plugin/plugin-types.js';
export * from './plugin/contexts.js';
export * from './plugin/extension-contexts.js';
export * from './plugin/vocabulary.js';
export * from './plugin/plugin-error.js';
export * from './plugin/load-plugins.js';
// Running scenarios
export * from './engine/counts.js';
export * from './engine/plugin-set.js';
export * from './engine/profiles.js';
export * from './engine/run-scenario.js';
export * from './results/journey-record.js';
export * from './results/collect-host.js';
export * from './results/digest.js';
// The engine's host and its run loop (for embedding, worker threads and introspection in tests)
export { HostSim } from './engine/host.js';
export { Engine } from './engine/engine-host.js';
export * from './results/results-json.js';
// Worker threads (`@rasflow/core/threads`) and reports (`@rasflow/core/report`) are subpaths:
// every worker imports this index through its plugins, and neither piscina nor the report
// modules belong in a worker's startup (~50 ms each).

/**
 * @rasflow/core: the engine of the rasflow firmware-first RAS simulator.
 *
 * - `arch`: the Arm register model (ESR_ELx, SCR_EL3, HCR_EL2, VSESR_EL2, ERR<n> records)
 * - `apei`: APEI/UEFI codecs (GHES blocks, CPER records and sections, HEST with GHESv2)
 * - `memory`: shared memory with poison; `vcpu`: the access loop; `rand`: counter-based randomness
 */
export * from './util/u64.js';
export * from './apei/decode-error.js';
export * from './apei/guid.js';
export * from './memory/layout.js';
export * from './memory/host-poison-map.js';
export * from './memory/host-plan.js';
export * from './memory/guest-memory.js';
export * from './vcpu/access-batch.js';
export * from './vcpu/run-batch.js';
export * from './rand/counter-rng.js';
export * from './workload/fill-random.js';

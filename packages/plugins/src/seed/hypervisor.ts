/**
 * KVM and the host kernel of the seed profile: the 2017 arm64 KVM RAS design (cover letter) (flow.md).
 *
 * @module
 */
import { defineHypervisorPlugin } from '@rasflow/core';
import { createHypervisor, hypervisorOptionsSchema, type HypervisorOptions } from '../ras/hypervisor.js';

/**
 * `@rasflow/plugins/seed/hypervisor`, the seed profile's KVM and host kernel: SEAs through the
 * host's APEI and memory_failure() with SIGBUS to the VMM; guest SErrors handed to the host's APEI
 * (handle_guest_sei); a record without a usable address becomes a virtual SError with KVM's default
 * syndrome.
 */
export default defineHypervisorPlugin<HypervisorOptions>({
  name: 'seed-hypervisor',
  description: 'KVM SEA/SError handling, host APEI and memory_failure().',
  optionsSchema: hypervisorOptionsSchema({ serrorHandling: 'handle-guest-sei', unusableRecord: 'virtual-serror' }),
  create: (options) => createHypervisor(options),
});

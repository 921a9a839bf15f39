/**
 * KVM and the host kernel of the upstream profile: what Linux and QEMU ship today (flow.md).
 *
 * @module
 */
import { defineHypervisorPlugin } from '@rasflow/core';
import { createHypervisor, hypervisorOptionsSchema, type HypervisorOptions } from '../ras/hypervisor.js';

/**
 * `@rasflow/plugins/upstream/hypervisor`, the upstream profile's KVM and host kernel (Linux today):
 * SEAs through the host's APEI and memory_failure() with SIGBUS to the VMM; guest SErrors only
 * classified; a record without a usable address becomes a plain SIGBUS (SI_KERNEL, from
 * ghes_do_proc()'s force_sig()) that kills the VMM.
 */
export default defineHypervisorPlugin<HypervisorOptions>({
  name: 'upstream-hypervisor',
  description: 'KVM SEA/SError handling, host APEI and memory_failure().',
  optionsSchema: hypervisorOptionsSchema({ serrorHandling: 'classify-only', unusableRecord: 'plain-sigbus' }),
  create: (options) => createHypervisor(options),
});

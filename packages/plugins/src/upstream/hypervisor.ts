// KVM and the host kernel of the upstream profile: what Linux and QEMU ship today (flow.md).
import { defineHypervisorPlugin } from '@rasflow/core';
import { createHypervisor, hypervisorOptionsSchema, type HypervisorOptions } from '../ras/hypervisor.js';

export default defineHypervisorPlugin<HypervisorOptions>({
  name: 'upstream-hypervisor',
  description: 'KVM SEA/SError handling, host APEI and memory_failure().',
  optionsSchema: hypervisorOptionsSchema({ serrorHandling: 'classify-only', unusableRecord: 'plain-sigbus' }),
  create: (options) => createHypervisor(options),
});

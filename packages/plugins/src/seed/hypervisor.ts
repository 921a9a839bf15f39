// KVM and the host kernel of the seed profile: the 2017 arm64 KVM RAS design (cover letter) (flow.md).
import { defineHypervisorPlugin } from '@rasflow/core';
import { createHypervisor, hypervisorOptionsSchema, type HypervisorOptions } from '../ras/hypervisor.js';

export default defineHypervisorPlugin<HypervisorOptions>({
  name: 'seed-hypervisor',
  description: 'KVM SEA/SError handling, host APEI and memory_failure().',
  optionsSchema: hypervisorOptionsSchema({ serrorHandling: 'handle-guest-sei', unusableRecord: 'virtual-serror' }),
  create: (options) => createHypervisor(options),
});

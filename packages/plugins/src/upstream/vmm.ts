// The VMM of the upstream profile: what Linux and QEMU ship today (flow.md).
import { defineVmmPlugin } from '@rasflow/core';
import { createVmm, vmmOptionsSchema, type VmmOptions } from '../ras/vmm.js';

export default defineVmmPlugin<VmmOptions>({
  name: 'upstream-vmm',
  description: 'QEMU-like SIGBUS handling: CPER into the guest GHES block, SEA or virtual SError injection.',
  optionsSchema: vmmOptionsSchema({ actionOptional: 'ignore' }),
  create: (options) => createVmm(options, false),
});

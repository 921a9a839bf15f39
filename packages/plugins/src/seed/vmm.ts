// The VMM of the seed profile: the 2017 arm64 KVM RAS design (cover letter) (flow.md).
import { defineVmmPlugin } from '@rasflow/core';
import { createVmm, vmmOptionsSchema, type VmmOptions } from '../ras/vmm.js';

export default defineVmmPlugin<VmmOptions>({
  name: 'seed-vmm',
  description: 'QEMU-like SIGBUS handling: CPER into the guest GHES block, SEA or virtual SError injection.',
  optionsSchema: vmmOptionsSchema({ actionOptional: 'inject-virtual-serror' }),
  create: (options) => createVmm(options, true),
});

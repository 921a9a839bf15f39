/**
 * The VMM of the seed profile: the 2017 arm64 KVM RAS design (cover letter) (flow.md).
 *
 * @module
 */
import { defineVmmPlugin } from '@rasflow/core';
import { createVmm, vmmOptionsSchema, type VmmOptions } from '../ras/vmm.js';

/**
 * `@rasflow/plugins/seed/vmm`, the seed profile's VMM: BUS_MCEERR_AR becomes a CPER record in the
 * guest's SEA source and an injected SEA; BUS_MCEERR_AO a record in the guest's SEI source and a
 * virtual SError (set-syndrome call with 0x811).
 */
export default defineVmmPlugin<VmmOptions>({
  name: 'seed-vmm',
  description: 'QEMU-like SIGBUS handling: CPER into the guest GHES block, SEA or virtual SError injection.',
  optionsSchema: vmmOptionsSchema({ actionOptional: 'inject-virtual-serror' }),
  create: (options) => createVmm(options, true),
});

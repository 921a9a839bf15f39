/**
 * The VMM of the upstream profile: what Linux and QEMU ship today (flow.md).
 *
 * @module
 */
import { defineVmmPlugin } from '@rasflow/core';
import { createVmm, vmmOptionsSchema, type VmmOptions } from '../ras/vmm.js';

/**
 * `@rasflow/plugins/upstream/vmm`, the upstream profile's VMM (QEMU today): BUS_MCEERR_AR becomes a
 * CPER record in the guest's SEA source and an injected SEA; BUS_MCEERR_AO is ignored.
 */
export default defineVmmPlugin<VmmOptions>({
  name: 'upstream-vmm',
  description: 'QEMU-like SIGBUS handling: CPER into the guest GHES block, SEA or virtual SError injection.',
  optionsSchema: vmmOptionsSchema({ actionOptional: 'ignore' }),
  create: (options) => createVmm(options, false),
});

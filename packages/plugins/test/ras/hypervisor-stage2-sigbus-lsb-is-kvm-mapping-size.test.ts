// si_addr_lsb of the SIGBUS KVM sends for a guest access to a hwpoisoned page
// (kvm_send_hwpoison_signal(hva, vma_shift)): the size of the stage-2 mapping user_mem_abort()
// would make. That is the huge page for hugetlbfs on a 4 KiB host, but the base page for a 2 MiB
// hugetlb page on a 64 KiB host: there it is a run of contiguous PTEs, which KVM maps a page at a
// time. si_addr is the faulting base page either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUS_MCEERR_AR, type HypervisorContext } from '@rasflow/core';
import { createHypervisor, hypervisorOptionsSchema, type HypervisorOptions } from '../../src/ras/hypervisor.js';

function seed(): HypervisorOptions {
  const schema = hypervisorOptionsSchema({ serrorHandling: 'handle-guest-sei', unusableRecord: 'virtual-serror' });
  const props = schema['properties'] as Record<string, { default: unknown }>;
  return Object.fromEntries(Object.entries(props).map(([k, p]) => [k, p.default])) as unknown as HypervisorOptions;
}

/** The stage-2 fault of host page 0x123 (guest RAM, host VA = PA + 2^46); returns [code, si_addr, lsb]. */
function stage2(hostPageShift: number, lossShift: number): number[] {
  const signals: number[][] = [];
  const hv = {
    hostPageShift, lossShift, faultHostPage: 0x123,
    classifyHostPa: () => 'guest-ram',
    hostVaOf: (hpa: number) => 2 ** 46 + hpa,
    chargeNs: () => undefined,
    sigbus: (code: number, hostVa: number, lsb: number) => void signals.push([code, hostVa, lsb]),
  };
  createHypervisor(seed()).onStage2Fault!(hv as unknown as HypervisorContext);
  assert.equal(signals.length, 1);
  return signals[0]!;
}

test('4 KiB host: base pages 12, THP 12 (split), hugetlb 2 MiB 21, hugetlb 1 GiB 30', () => {
  for (const [loss, lsb] of [[12, 12], [21, 21], [30, 30]]) {
    assert.deepEqual(stage2(12, loss!), [BUS_MCEERR_AR, 2 ** 46 + 0x123 * 4096, lsb], `loss shift ${loss}`);
  }
});

test('64 KiB host: base pages 16, and a contiguous-PTE 2 MiB hugetlb page 16 too', () => {
  assert.deepEqual(stage2(16, 16), [BUS_MCEERR_AR, 2 ** 46 + 0x123 * 65536, 16]);
  assert.deepEqual(stage2(16, 21), [BUS_MCEERR_AR, 2 ** 46 + 0x123 * 65536, 16]);
});

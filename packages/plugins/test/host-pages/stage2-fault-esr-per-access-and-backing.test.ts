// ESR_EL2 of the stage-2 fault a guest access takes on a page the host's memory_failure()
// unmapped: a translation fault at the level of the missing stage-2 entry, EC DABT_LOW for a load
// or store (WnR=1 for the store) and IABT_LOW for a fetch, IL=1. The page is poisoned through an
// upstream UEO SError (SDEI, memory_failure(pfn, 0), QEMU ignores AO), so the guest knows nothing
// and its next access, of any kind, is the first to reach the unmapped page (flow.md §6 E2
// upstream, then the S7 path). KVM still recognises the hwpoisoned page and sends AR to the VMM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAGE, runRow, stepOf } from '../decision/run-row.js';

const VMS = { perHost: 1, vcpus: 2, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 };
const ueo = { kind: 'targeted', atNs: 5_000, target: { process: 0, page: 4 }, event: { type: 'serror', vcpu: 0, aet: 'UEO' } };

async function stage2Esr(
  kind: 'load' | 'store' | 'fetch', vms: Record<string, unknown>, hosts: Record<string, unknown> = {}, engine: Record<string, unknown> = {},
): Promise<string> {
  const { journeys } = await runRow({
    profile: 'upstream',
    scenario: { hosts: { cpus: 4, ...hosts }, vms: { ...VMS, ...vms }, engine },
    injections: [ueo],
    // vCPU 0 runs process 0 before the SError, and touches the page afterwards.
    accesses: [{ atNs: 1_000, process: 0, address: 0x100 }, { atNs: 500_000, process: 0, address: 4 * PAGE + 0x40, kind }],
  });
  assert.equal(journeys.length, 1);
  const j = journeys[0]!;
  const fault = stepOf(j, 'stage2-fault', 'hardware');
  const after = j.steps.slice(j.steps.indexOf(fault));
  assert.equal(after.find((s) => s.action === 'sigbus')?.code, 4, 'kvm_send_hwpoison_signal(): BUS_MCEERR_AR');
  assert.equal(j.outcome, 'guest-app-killed');
  return fault.esr!;
}

test('4 KiB pages: a level-3 translation fault (FSC 0x07) for load, store and fetch', async () => {
  assert.equal(await stage2Esr('load', {}), '0x92000007');
  assert.equal(await stage2Esr('store', {}), '0x92000047');
  assert.equal(await stage2Esr('fetch', {}), '0x82000007');
});

test('hugetlb 2 MiB over 4 KiB pages: the level-2 block is gone (FSC 0x06)', async () => {
  const backing = { backing: 'hugetlb-2m' };
  assert.equal(await stage2Esr('load', backing), '0x92000006');
  assert.equal(await stage2Esr('store', backing), '0x92000046');
  assert.equal(await stage2Esr('fetch', backing), '0x82000006');
});

test('hugetlb 2 MiB over 64 KiB pages: contiguous PTEs that KVM maps page by page, level 3', async () => {
  assert.equal(await stage2Esr('store', { backing: 'hugetlb-2m', guestPageSize: 4096 }, { pageSize: 65536 }), '0x92000047');
});

test('hugetlb 1 GiB over 4 KiB pages: the level-1 block is gone (FSC 0x05)', async () => {
  // memory_failure() marks each of the 2^18 base pages of the huge page.
  assert.equal(await stage2Esr('load', { backing: 'hugetlb-1g', memoryMiB: 1024 }, {}, { maxPoisonedPagesPerHost: 1 << 19 }), '0x92000005');
});

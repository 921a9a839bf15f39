// arm64 Linux with 64 KiB base pages has hugetlb pages of 2 MiB (contiguous PTEs), 512 MiB (PMD)
// and 16 GiB (contiguous PMDs) and no 1 GiB one, so a 64 KiB host backing guest RAM with
// hugetlb-1g is refused, naming both fields; hugetlb-2m stays allowed there, and memory_failure()
// still takes out the whole 2 MiB page (si_addr_lsb 21).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { backingLossShift } from '../../src/memory/host-plan.js';

test('hosts.pageSize 65536 with vms.backing "hugetlb-1g" is refused; 4 KiB pages, or hugetlb-2m, are not', { timeout: 60_000 }, () => {
  const r = validateScenario({ hosts: { pageSize: 65536 }, vms: { backing: 'hugetlb-1g', memoryMiB: 1024 } });
  assert.equal(r.ok, false);
  assert.deepEqual(r.ok ? [] : r.issues, [{
    path: 'vms.backing',
    message: 'found "hugetlb-1g" with hosts.pageSize 65536, allowed: "page", "thp" or "hugetlb-2m" (a 64 KiB-page arm64 host has 2 MiB, 512 MiB and 16 GiB huge pages, no 1 GiB ones), or hosts.pageSize 4096',
  }]);
  assert.equal(validateScenario({ hosts: { pageSize: 4096 }, vms: { backing: 'hugetlb-1g', memoryMiB: 1024 } }).ok, true);
  assert.equal(validateScenario({ hosts: { pageSize: 65536 }, vms: { backing: 'hugetlb-2m', memoryMiB: 16 } }).ok, true);
  assert.equal(backingLossShift('hugetlb-2m', 16), 21);
});

// hugetlbfs backing: memory_failure() takes out the whole 2 MiB page (si_addr_lsb 21), but
// si_addr is the host VA of the 4 KiB page that holds the error (Linux reports the failing
// subpage, and KVM the faulting hva), so the VMM records the guest page that failed. A later
// touch of another page of the same huge page takes a stage-2 fault and reports that page. Before,
// si_addr was rounded to the huge page: the guest offlined guest page 0 and, touching the real
// page again, took the same SEA over and over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRow, stepOf } from '../decision/run-row.js';

const poison = { kind: 'targeted', atNs: 1_000, target: { process: 0, page: 2, offset: 0x40 }, event: { type: 'poison' } };
const load = (process: number, vcpu: number, atNs: number, address: number) => ({ atNs, process, vcpu, address, kind: 'load' });
const hex = (n: number) => `0x${n.toString(16)}`;

test('seed, hugetlb-2m: the guest records and offlines the page that failed; a touch of another page of the huge page reports that one', async () => {
  const { journeys, counts } = await runRow({
    profile: 'seed',
    scenario: { vms: { perHost: 1, vcpus: 2, memoryMiB: 8, kernelPages: 16, processes: 2, processPages: 16, backing: 'hugetlb-2m' } },
    injections: [poison],
    accesses: [load(0, 0, 10_000, 0x2040), load(1, 1, 300_000, 0x5040)],
  });
  assert.equal(journeys.length, 1);
  const j = journeys[0]!;
  const steps = j.steps;
  const gpa = Number(stepOf(j, 'inject-poison', 'injector').far);
  const failedPage = hex(gpa - (gpa % 0x1000));
  const sigbus = steps.filter((s) => s.layer === 'hypervisor' && s.action === 'sigbus');
  const recorded = steps.filter((s) => s.layer === 'vmm' && s.action === 'record-cper').map((s) => s.far);
  assert.equal(sigbus.length, 2, 'the SEA, then the stage-2 fault of the other page');
  for (const s of sigbus) assert.equal(Number(s.far) % 0x1000, 0, 'si_addr is base-page aligned');
  assert.notEqual(Number(sigbus[0]!.far) % 0x20_0000, 0, 'and not the start of the huge page');
  assert.equal(recorded[0], failedPage);
  assert.equal(stepOf(j, 'offline', 'guest').far, failedPage);
  const s2 = Number(stepOf(j, 'stage2-fault', 'hardware').far);
  assert.equal(recorded[1], hex(s2 - (s2 % 0x1000)), 'the page the second process touched');
  assert.equal(Math.floor(s2 / 0x20_0000), Math.floor(gpa / 0x20_0000), 'in the same huge page');
  assert.equal(counts['sea'], 1, 'one SEA: nothing is taken again');
  assert.equal(steps.filter((s) => s.layer === 'guest' && s.action === 'kill').length, 2, 'each toucher is killed once');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from '../helpers/engine-run.js';

test('64 KiB guest pages: translation, the consuming access and the offlined 64 KiB page', async () => {
  const out = await runFixture({
    scenario: { vms: { perHost: 1, vcpus: 1, memoryMiB: 8, guestPageSize: 65536, kernelPages: 4, processes: 2, processPages: 8 } },
    injections: [{ atNs: 10, pid: 1, page: 3, offset: 0xfff0 }],
    accesses: [
      { atNs: 100, pid: 1, address: 3 * 0x10000 + 0xffbc, kind: 'load' }, // the granule before: clean
      { atNs: 200, pid: 1, address: 3 * 0x10000 + 0xffc0, kind: 'load' }, // the poisoned granule
    ],
  });
  const j = out.journeys[0]!;
  assert.equal(j.va, '0x3ffc0');
  assert.equal(j.steps.find((s) => s.action === 'consume')!.atNs, 200);
  // Process 1's page 3 is guest page frame 4 + 8 + 3 = 15 (kernel 4, process 0 eight, then process 1).
  assert.equal(j.guestPa, '0xfffc0');
  assert.equal(j.steps.find((s) => s.action === 'offline')!.far, '0xf0000', 'the guest offlines the whole 64 KiB page');
  assert.equal(j.outcome, 'guest-app-killed');
});

test('journey records carry host PA, guest PA and the consuming VA', async () => {
  const out = await runFixture({
    injections: [{ atNs: 10, pid: 0, page: 2, offset: 0x40 }],
    accesses: [{ atNs: 100, pid: 0, address: 0x2040, kind: 'load' }],
  });
  const j = out.journeys[0]!;
  // 16 kernel pages, then process 0's pages: its page 2 is gpfn 18.
  assert.deepEqual([j.guestPa, j.va], ['0x12040', '0x2040']);
  assert.ok(j.hostPa !== null && parseInt(j.hostPa, 16) % 0x1000 === 0x40);
});

// flow.md §6 rows V2, H1, H2 and S7.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadP0, PAGE, poisonP0, runRow, stepOf } from './run-row.js';

for (const profile of ['seed', 'upstream'] as const) {
  test(`H1 ${profile}: the VMM reading poisoned memory of its own exits`, async () => {
    const { journeys } = await runRow({
      profile,
      injections: [{ kind: 'targeted', atNs: 1_000, target: { vmm: true, page: 3, offset: 0x80 } }],
      accesses: [{ atNs: 10_000, process: 'vmm', address: 3 * 4096 + 0x80 }],
    });
    const j = journeys[0]!;
    stepOf(j, 'route-host', 'firmware');
    assert.equal(stepOf(j, 'sigbus', 'hypervisor').code, 4);
    assert.equal(j.outcome, 'vm-terminated');
  });

  test(`H2 ${profile}: 64 KiB host pages over 4 KiB guest pages re-fault on the next 4 KiB page and livelock`, async () => {
    const { journeys } = await runRow({
      profile,
      scenario: { hosts: { cpus: 4, pageSize: 65536 }, engine: { livelockRetries: 8 } },
      injections: [{ kind: 'targeted', atNs: 1_000, target: { process: 0, page: 0 } }],
      // Process 0's pages 0 and 1 lie in the same 64 KiB host page; the restarted process maps
      // page 1 to a page of it again.
      accesses: [{ atNs: 10_000, process: 0, address: 0 }, { atNs: 400_000, process: 0, address: PAGE }],
    });
    const j = journeys[0]!;
    assert.equal(stepOf(j, 'sigbus', 'hypervisor').far?.slice(-4), '0000', 'si_addr is 64 KiB aligned');
    stepOf(j, 'stage2-fault', 'hardware');
    stepOf(j, 'already-poisoned', 'guest');
    assert.equal(j.outcome, 'livelock');
  });

  test(`S7 ${profile}: an access to a page an earlier journey hwpoisoned is the same journey`, async () => {
    const { journeys } = await runRow({
      profile,
      options: { hypervisor: { syncMemoryFailure: 'workqueue', vmmEarlyKill: false } },
      injections: [poisonP0()],
      accesses: [loadP0(), { atNs: 50_000, process: 0, address: 2 * PAGE + 0x80 }],
    });
    assert.equal(journeys.length, 1);
    const j = journeys[0]!;
    stepOf(j, 'stage2-fault', 'hardware');
    assert.equal(stepOf(j, 'inject-sea').esr, '0x92000410');
    assert.equal(j.outcome, 'guest-app-killed');
  });
}

test('upstream with workqueue memory_failure: the VMM gets AO, ignores it, and the guest learns of it at stage 2', async () => {
  const { journeys } = await runRow({ profile: 'upstream', options: { hypervisor: { syncMemoryFailure: 'workqueue' } }, injections: [poisonP0()], accesses: [loadP0()] });
  const j = journeys[0]!;
  assert.equal(stepOf(j, 'sigbus', 'hypervisor').code, 5);
  stepOf(j, 'ignore', 'vmm');
  stepOf(j, 'stage2-fault', 'hardware');
  assert.equal(j.outcome, 'guest-app-killed');
});

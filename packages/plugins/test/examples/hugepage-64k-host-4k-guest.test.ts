// examples/hugepage-64k-host-4k-guest.json — flow.md §8 and §6 H2: with 64 KiB host pages over
// 4 KiB guest pages the VMM can only report the 64 KiB-aligned guest PA. The guest offlines that
// one 4 KiB page; a process touching another 4 KiB page of the same host page re-faults at stage 2
// forever (livelock), or, when the guest has not acked the block, the VMM exits (vm-terminated).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexOfStep, outcomes, readExample, runExample, stepOf, stepsOf, withLayerOptions, withProfile } from './example-run.js';

const NAME = 'hugepage-64k-host-4k-guest';
const BUS_MCEERR_AR = 4;

for (const profile of ['seed', 'upstream'] as const) {
  test(`${profile}: S1 reports the 64 KiB-aligned GPA, the guest offlines the wrong 4 KiB page, and another process livelocks at stage 2`, async () => {
    const run = await runExample(withProfile(readExample(NAME), profile));
    assert.equal(run.scenario.hosts.pageSize, 65536);
    assert.equal(run.scenario.vms.guestPageSize, 4096);
    assert.equal(run.journeys.length, 1, 'every effect belongs to the one poisoning');
    const j = run.journeys[0]!;
    assert.equal(j.guestPa, '0x13040', 'the poison is in the fourth 4 KiB page of the host page');

    // S1: si_addr is 64 KiB aligned, so the CPER names GPA 0x10000 and the guest offlines that page.
    const sig = stepOf(j, 'sigbus', 'hypervisor');
    assert.equal(sig.code, BUS_MCEERR_AR);
    assert.equal(sig.far?.slice(-4), '0000', 'si_addr is 64 KiB aligned');
    assert.equal(stepOf(j, 'record-cper', 'vmm').far, '0x10000');
    assert.equal(stepOf(j, 'offline', 'guest').far, '0x10000');
    assert.equal(stepOf(j, 'kill', 'guest').code, BUS_MCEERR_AR);

    // Process 1's page 2 lies in the same host page: stage 2 → AR → the same GPA → already offlined.
    const faults = stepsOf(j, 'stage2-fault', 'hardware');
    assert.equal(faults.length, run.scenario.engine.livelockRetries + 1);
    assert.ok(indexOfStep(j, 'stage2-fault') > indexOfStep(j, 'kill'));
    const again = stepsOf(j, 'already-poisoned', 'guest');
    assert.equal(again.length, faults.length, 'each re-fault finds the page already offlined');
    assert.ok(again.every((s) => s.far === '0x10000'));
    assert.equal(stepsOf(j, 'kill', 'guest').length, 1, 'memory_failure() on an offlined page kills nothing');
    assert.equal(j.steps.at(-1)!.action, 'livelock');
    assert.equal(j.outcome, 'livelock');

    assert.deepEqual(outcomes(run), { livelock: 1 });
    assert.equal(run.counts.sigbusAR, faults.length + 1);
    assert.equal(run.counts.guestSea, faults.length + 1);
    assert.equal(run.counts.guestMemoryFailure, 1);
    assert.equal(run.counts.vmsLost, 0);
  });

  test(`${profile}: when the guest does not ack the block the stage-2 re-fault makes the VMM exit`, async () => {
    const run = await runExample(withLayerOptions(withProfile(readExample(NAME), profile), 'guest', { ackRecords: false }));
    const j = run.journeys[0]!;
    stepOf(j, 'ghes-read', 'guest');
    assert.equal(stepsOf(j, 'ghes-ack', 'guest').length, 0);
    assert.equal(stepOf(j, 'offline', 'guest').far, '0x10000');
    assert.equal(stepsOf(j, 'stage2-fault', 'hardware').length, 1);
    assert.equal(stepOf(j, 'ack-busy', 'vmm').far, '0x10000');
    assert.equal(j.steps.at(-1)!.action, 'vm-terminated');
    assert.equal(j.outcome, 'vm-terminated');
    assert.deepEqual(outcomes(run), { vmTerminated: 1 });
    assert.equal(run.counts.vmsLost, 1);
  });
}

test('seed with 4 KiB host pages: the same accesses are an ordinary S1 and process 1 is untouched', async () => {
  const raw = readExample(NAME);
  raw['hosts'] = { ...(raw['hosts'] as object), pageSize: 4096 };
  const run = await runExample(raw);
  const j = run.journeys[0]!;
  assert.equal(stepOf(j, 'offline', 'guest').far, '0x13000');
  assert.equal(stepsOf(j, 'stage2-fault').length, 0);
  assert.deepEqual(outcomes(run), { guestAppKilled: 1 });
});

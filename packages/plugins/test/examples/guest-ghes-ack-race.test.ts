// examples/guest-ghes-ack-race.json — flow.md §8: QEMU's guest GHES block holds one
// unacknowledged record, so two errors in quick succession terminate the VM (§6 S5).
//
// The race is a natural one, without `ackRecords: false`: journeys hand work from layer to layer
// in simulated-time order (engine/handover.ts), so the two SErrors' handlers interleave. In the
// seed profile the VMM records the first action-optional error into the guest's SEI block and
// makes a virtual SError pending on vCPU 0, whose guest takes it at once and acks the block after
// its handler time; the VMM's second write comes inside that window and finds the block unacked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, outcomes, readExample, runExample, runNamed, stepOf, stepsOf } from './example-run.js';

const NAME = 'guest-ghes-ack-race';
const BUS_MCEERR_AO = 5;
/** The guest plugin's default handler time (docs/ras-flow.md): a pending virtual SError is acked this long after vCPU 0 takes it. */
const GUEST_NS = 30_000;

test('seed: the second AO finds the guest SEI block still holding the first record and the VMM exits', async () => {
  const run = await runNamed(NAME, 'seed');
  assert.equal(run.journeys.length, 2);
  const [first, second] = run.journeys as [typeof run.journeys[0], typeof run.journeys[0]];
  assert.equal(first.vcpu, 0);
  assert.equal(second.vcpu, 1);

  // The first error reaches the guest's SEI block; vCPU 0's guest takes the virtual SError as
  // soon as it pends and acks the block its handler time later …
  assert.equal(stepOf(first, 'sigbus', 'hypervisor').code, BUS_MCEERR_AO);
  const recorded = stepOf(first, 'record-cper', 'vmm');
  const pended = stepOf(first, 'set-serror-esr', 'vmm');
  assert.equal(pended.esr, '0x00000811');
  assert.equal(stepOf(first, 'take-vserror', 'guest').atNs, pended.atNs);
  assert.equal(stepOf(first, 'ghes-ack', 'guest').atNs, pended.atNs + GUEST_NS);

  // … when the second one's VMM write comes: same guest source, refused, and QEMU exits.
  assert.equal(stepOf(second, 'sigbus', 'hypervisor').code, BUS_MCEERR_AO);
  const busy = stepOf(second, 'ack-busy', 'vmm');
  assert.equal(busy.source, recorded.source, 'the same guest SEI source');
  assert.ok(busy.atNs > pended.atNs, 'after the first record was written and its virtual SError pended');
  // The second write is inside the guest's handler window in simulated time: a real race.
  assert.ok(busy.atNs < pended.atNs + GUEST_NS, 'before the guest acked the first record');
  assert.deepEqual(chain(second).slice(-2), ['vmm:ack-busy', 'vmm:vm-terminated']);
  assert.equal(second.outcome, 'vm-terminated');

  assert.deepEqual(outcomes(run), { guestPageOfflined: 1, vmTerminated: 1 });
  assert.equal(run.counts.sigbusAO, 2);
  assert.equal(run.counts.virtualSError, 1);
  assert.equal(run.counts.vmsLost, 1);
  assert.equal(run.vms[0]!.state, 'terminated');
});

test('upstream: QEMU ignores both AO signals, nothing is recorded, and the later touches take the stage-2 path', async () => {
  const run = await runNamed(NAME, 'upstream');
  assert.equal(run.journeys.length, 2);
  for (const j of run.journeys) {
    assert.equal(stepOf(j, 'sigbus', 'hypervisor').code, BUS_MCEERR_AO);
    stepOf(j, 'ignore', 'vmm');
    assert.equal(stepsOf(j, 'ack-busy').length, 0);
    stepOf(j, 'stage2-fault', 'hardware');
    assert.equal(stepOf(j, 'inject-sea', 'vmm').esr, '0x92000410');
    assert.equal(j.outcome, 'guest-app-killed');
  }
  assert.deepEqual(outcomes(run), { guestAppKilled: 2 });
  assert.equal(run.counts.vmsLost, 0);
});

test('seed: with the second SError 200 µs later vCPU 0 has taken and acked the first, and both pages are offlined', async () => {
  const raw = readExample(NAME);
  const inj = raw['injections'] as { atNs: number }[];
  inj[1]!.atNs = 200_000;
  const run = await runExample(raw);
  for (const j of run.journeys) {
    stepOf(j, 'ghes-ack', 'guest');
    stepOf(j, 'offline', 'guest');
  }
  assert.equal(run.counts.vmTerminated, 0);
  assert.equal(run.counts.vmsLost, 0);
});

// The other side of the window: a second SError 70 µs after the first reaches the VMM at 145 µs,
// after vCPU 0's guest acked (125 µs): the block is free again and the VM survives.
test('seed: a second SError 70 µs later comes after the guest acked, so the VM survives', async () => {
  const raw = readExample(NAME);
  (raw['injections'] as { atNs: number }[])[1]!.atNs = 70_000;
  const run = await runExample(raw);
  const ack = stepOf(run.journeys[0]!, 'ghes-ack', 'guest');
  const write = stepOf(run.journeys[1]!, 'record-cper', 'vmm');
  assert.ok(write.atNs > ack.atNs, 'the second write comes after the first ack');
  assert.equal(run.counts.vmTerminated, 0);
  // Both pages were offlined; the processes touch them later and are killed (late kill).
  assert.deepEqual(outcomes(run), { guestAppKilled: 2 });
});

// flow.md §8's own example: two *poisoned loads* 2 µs apart on two vCPUs. vCPU 1's VMM write
// (87 µs) comes after vCPU 0's (85 µs) and before vCPU 0's guest acks (115 µs).
test('seed: two poisoned loads 2 µs apart on two vCPUs race on the guest SEA block and the VMM exits', async () => {
  const raw = readExample(NAME);
  raw['injections'] = [
    { kind: 'targeted', atNs: 1_000, target: { process: 0, page: 2, offset: 64 }, event: { type: 'poison' } },
    { kind: 'targeted', atNs: 1_000, target: { process: 1, page: 5 }, event: { type: 'poison' } },
  ];
  raw['workload'] = {
    kind: 'scripted',
    accesses: [
      { atNs: 10_000, vcpu: 0, process: 0, address: 0x2040 },
      { atNs: 12_000, vcpu: 1, process: 1, address: 0x5000 },
    ],
  };
  const run = await runExample(raw);
  const second = run.journeys[1]!;
  const firstAck = stepOf(run.journeys[0]!, 'ghes-ack', 'guest');
  const write = stepsOf(second, 'record-cper', 'vmm')[0] ?? stepOf(second, 'ack-busy', 'vmm');
  assert.ok(write.atNs < firstAck.atNs, 'the second VMM write comes before the guest acked the first');
  stepOf(second, 'ack-busy', 'vmm');
  assert.equal(second.outcome, 'vm-terminated');
});

// flow.md §6 rows S1–S8, seed profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, loadP0, PAGE, poisonP0, runRow, stepOf } from './run-row.js';

const profile = 'seed';

test('S1 seed: an EL0 load of poison kills the process through the full firmware-first path', async () => {
  const { journeys } = await runRow({ profile, injections: [poisonP0()], accesses: [loadP0()] });
  const j = journeys[0]!;
  assert.equal(stepOf(j, 'fake-sea-el2').esr, '0x92000010');
  const sig = stepOf(j, 'sigbus', 'hypervisor');
  assert.equal(sig.code, 4, 'BUS_MCEERR_AR');
  assert.equal(stepOf(j, 'inject-sea').esr, '0x92000410');
  assert.deepEqual(chain(j).filter((c) => c.startsWith('guest:')), ['guest:take-sea', 'guest:ghes-read', 'guest:ghes-ack', 'guest:offline', 'guest:kill']);
  assert.equal(stepOf(j, 'kill').code, 4);
  assert.equal(j.outcome, 'guest-app-killed');
});

test('S2 seed: an EL1 load of poison gets 0x96000410 and panics the guest after it read its record', async () => {
  const { journeys } = await runRow({ profile, injections: [{ kind: 'targeted', atNs: 1_000, target: { process: 'kernel', page: 3 } }], accesses: [{ atNs: 10_000, process: 'kernel', address: 3 * PAGE }] });
  const j = journeys[0]!;
  assert.equal(stepOf(j, 'inject-sea').esr, '0x96000410');
  stepOf(j, 'ghes-read', 'guest');
  assert.equal(j.outcome, 'guest-panic');
});

test('S3 seed: an instruction fetch fakes 0x82000010 but the VMM still injects a data abort', async () => {
  const { journeys } = await runRow({ profile, injections: [poisonP0()], accesses: [loadP0('fetch')] });
  const j = journeys[0]!;
  assert.equal(stepOf(j, 'fake-sea-el2').esr, '0x82000010');
  assert.equal(stepOf(j, 'inject-sea').esr, '0x92000410');
  assert.equal(j.outcome, 'guest-app-killed');
});

test('S4 seed: a record without an address makes KVM inject its default virtual SError', async () => {
  const { journeys } = await runRow({ profile, injections: [poisonP0({ av: false })], accesses: [loadP0()] });
  const j = journeys[0]!;
  assert.equal(stepOf(j, 'vserror', 'hypervisor').esr, '0x01000000');
  assert.equal(stepOf(j, 'take-vserror').esr, '0xbf000000');
  assert.equal(j.outcome, 'guest-panic');
});

test('S5 seed: a guest block still holding an unacked record makes the VMM exit', async () => {
  const { journeys } = await runRow({
    profile,
    options: { guest: { ackRecords: false } },
    injections: [poisonP0(), { kind: 'targeted', atNs: 1_000, target: { process: 1, page: 5 } }],
    accesses: [loadP0(), { atNs: 20_000, process: 1, address: 5 * PAGE }],
  });
  assert.equal(journeys[0]!.outcome, 'guest-app-killed');
  const second = journeys[1]!;
  stepOf(second, 'ack-busy', 'vmm');
  assert.equal(second.outcome, 'vm-terminated');
});

test('S6 seed: SET=UC makes firmware halt the platform', async () => {
  const { journeys, counts } = await runRow({ profile, injections: [poisonP0({ set: 'UC' })], accesses: [loadP0()] });
  stepOf(journeys[0]!, 'halt', 'firmware');
  assert.equal(journeys[0]!.outcome, 'host-panic');
  assert.equal(counts['hostsLost'], 1);
});

test('S8 seed: with no firmware record (kernel-first host) KVM injects a virtual SError', async () => {
  const { journeys } = await runRow({ profile, injections: [poisonP0({ firmwareRecord: false })], accesses: [loadP0()] });
  const j = journeys[0]!;
  assert.ok(!chain(j).some((c) => c.startsWith('firmware:')), 'firmware is not in the path');
  assert.equal(stepOf(j, 'vserror').esr, '0x01000000');
  assert.equal(j.outcome, 'guest-panic');
});

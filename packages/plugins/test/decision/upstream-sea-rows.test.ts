// flow.md §6 rows S1–S8, upstream profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, loadP0, PAGE, poisonP0, runRow, stepOf } from './run-row.js';

const profile = 'upstream';

test('S1 upstream: same path as seed, guest-app-killed', async () => {
  const { journeys } = await runRow({ profile, injections: [poisonP0()], accesses: [loadP0()] });
  const j = journeys[0]!;
  assert.equal(stepOf(j, 'fake-sea-el2').esr, '0x92000010');
  assert.equal(stepOf(j, 'inject-sea').esr, '0x92000410');
  assert.equal(j.outcome, 'guest-app-killed');
});

test('S2 upstream: the guest does not read its block for an SEA at EL1 and panics', async () => {
  const { journeys } = await runRow({ profile, injections: [{ kind: 'targeted', atNs: 1_000, target: { process: 'kernel', page: 3 } }], accesses: [{ atNs: 10_000, process: 'kernel', address: 3 * PAGE }] });
  const j = journeys[0]!;
  assert.equal(stepOf(j, 'inject-sea').esr, '0x96000410');
  assert.ok(!chain(j).includes('guest:ghes-read'), 'no guest GHES read');
  assert.equal(j.outcome, 'guest-panic');
});

test('S3 upstream: fetch → 0x82000010, injected as a data abort', async () => {
  const { journeys } = await runRow({ profile, injections: [poisonP0()], accesses: [loadP0('fetch')] });
  assert.equal(stepOf(journeys[0]!, 'inject-sea').esr, '0x92000410');
  assert.equal(journeys[0]!.outcome, 'guest-app-killed');
});

test('S4 upstream: a record without an address ends in a plain SIGBUS and the VMM dies', async () => {
  const { journeys, counts } = await runRow({ profile, injections: [poisonP0({ av: false })], accesses: [loadP0()] });
  const j = journeys[0]!;
  assert.equal(stepOf(j, 'sigbus').code, 0x80, "ghes_do_proc()'s force_sig(SIGBUS): si_code SI_KERNEL");
  assert.match(stepOf(j, 'vm-terminated', 'vmm').text ?? '', /SI_KERNEL \(0x80\)/, 'QEMU re-raises a SIGBUS that is not MCEERR');
  assert.equal(j.outcome, 'vm-terminated');
  assert.equal(counts['sigbusOther'], 1);
});

test('S6 upstream: SET=UC halts the platform', async () => {
  const { journeys } = await runRow({ profile, injections: [poisonP0({ set: 'UC' })], accesses: [loadP0()] });
  assert.equal(journeys[0]!.outcome, 'host-panic');
});

test('S8 upstream: no firmware record → virtual SError 0x01000000 → guest-panic', async () => {
  const { journeys } = await runRow({ profile, injections: [poisonP0({ firmwareRecord: false })], accesses: [loadP0()] });
  assert.equal(stepOf(journeys[0]!, 'vserror').esr, '0x01000000');
  assert.equal(journeys[0]!.outcome, 'guest-panic');
});

test('S8 upstream with KVM_CAP_ARM_SEA_TO_USER: KVM exits to the VMM and its policy decides', async () => {
  const { journeys } = await runRow({ profile, options: { hypervisor: { seaToUser: true } }, injections: [poisonP0({ firmwareRecord: false })], accesses: [loadP0()] });
  const j = journeys[0]!;
  // The exit carries the guest PA of the page (HPFAR_EL2, FAR_EL2 valid): KVM_EXIT_ARM_SEA's gpa.
  assert.match(stepOf(j, 'exit-to-vmm').far ?? '', /^0x[0-9a-f]*000$/);
  assert.equal(stepOf(j, 'inject-sea', 'vmm').esr, '0x92000410');
  assert.equal(j.outcome, 'guest-app-killed', 'no record: the process dies with BUS_OBJERR');
  assert.equal(stepOf(j, 'kill').code, 3);
});

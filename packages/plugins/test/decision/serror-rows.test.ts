// flow.md §6 rows E1–E8 and V1, both profiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, PAGE, runRow, stepOf } from './run-row.js';

const serror = (event: Record<string, unknown>, atNs = 5_000) => ({
  kind: 'targeted', atNs, target: { process: 0, page: 4 }, event: { type: 'serror', vcpu: 0, ...event },
});
// vCPU 0 runs process 0 before the SError and touches the page afterwards.
const busy = [{ atNs: 1_000, process: 0, address: 0x100 }];
const later = [...busy, { atNs: 500_000, process: 0, address: 4 * PAGE }];

for (const profile of ['seed', 'upstream'] as const) {
  test(`E1 ${profile}: a corrected SError is counted`, async () => {
    const { journeys } = await runRow({ profile, injections: [serror({ aet: 'CE' })], accesses: busy });
    assert.equal(stepOf(journeys[0]!, 'fake-serror-el2').esr, '0xbe001811');
    assert.equal(journeys[0]!.outcome, 'corrected');
  });

  test(`E5 ${profile}: an SError with AET=UEU ends in a host panic through the fatal record`, async () => {
    const { journeys } = await runRow({ profile, injections: [serror({ aet: 'UEU' })], accesses: busy });
    stepOf(journeys[0]!, 'record-cper', 'firmware');
    stepOf(journeys[0]!, 'host-panic', 'hypervisor');
    assert.equal(journeys[0]!.outcome, 'host-panic');
  });

  test(`E6 ${profile}: an uncontainable SError makes firmware halt`, async () => {
    const { journeys } = await runRow({ profile, injections: [serror({ aet: 'UC' })], accesses: busy });
    stepOf(journeys[0]!, 'halt', 'firmware');
    assert.equal(journeys[0]!.outcome, 'host-panic');
  });

  test(`E7 ${profile}: an IMPLEMENTATION DEFINED SError becomes KVM's virtual SError and panics the guest`, async () => {
    const { journeys } = await runRow({ profile, injections: [serror({ aet: 'UER', ids: true })], accesses: busy });
    const j = journeys[0]!;
    assert.equal(stepOf(j, 'fake-serror-el2').esr, '0xbf000000');
    assert.ok(!chain(j).includes('firmware:record-cper'), 'no architected record');
    assert.equal(stepOf(j, 'vserror').esr, '0x01000000');
    assert.equal(j.outcome, 'guest-panic');
  });

  test(`E8 ${profile}: an uncategorized SError (0xBE000000) panics the host in KVM`, async () => {
    const { journeys } = await runRow({ profile, injections: [serror({ aet: 'UER', dfsc: 0 })], accesses: busy });
    assert.equal(stepOf(journeys[0]!, 'fake-serror-el2').esr, '0xbe000000');
    stepOf(journeys[0]!, 'host-panic', 'hypervisor');
    assert.equal(journeys[0]!.outcome, 'host-panic');
  });
}

test('E2 seed: UEO with an address is offlined by the guest through handle_guest_sei and SIGBUS AO', async () => {
  const { journeys } = await runRow({ profile: 'seed', injections: [serror({ aet: 'UEO' })], accesses: busy });
  const j = journeys[0]!;
  assert.equal(stepOf(j, 'fake-serror-el2').esr, '0xbe000811');
  assert.equal(stepOf(j, 'sigbus', 'hypervisor').code, 5, 'BUS_MCEERR_AO');
  assert.equal(stepOf(j, 'set-serror-esr').esr, '0x00000811');
  assert.equal(stepOf(j, 'take-vserror').esr, '0xbe000811');
  stepOf(j, 'offline', 'guest');
  assert.equal(j.outcome, 'guest-page-offlined');
});

test('E2 seed: a process that touches the offlined page later is killed (late kill)', async () => {
  const { journeys } = await runRow({ profile: 'seed', injections: [serror({ aet: 'UEO' })], accesses: later });
  const j = journeys[0]!;
  stepOf(j, 'pte-poison', 'hardware');
  assert.equal(j.outcome, 'guest-app-killed');
});

test('E2 upstream: SDEI, memory_failure, AO ignored by QEMU, reflected UEO ignored by KVM', async () => {
  const { journeys } = await runRow({ profile: 'upstream', injections: [serror({ aet: 'UEO' })], accesses: busy });
  const j = journeys[0]!;
  stepOf(j, 'sdei-dispatch', 'firmware');
  stepOf(j, 'memory-failure', 'hypervisor');
  stepOf(j, 'ignore', 'vmm');
  stepOf(j, 'ignore', 'hypervisor');
  assert.equal(j.outcome, 'ignored');
});

test('E2 upstream: touching the page later takes the S7 path in the same journey', async () => {
  const { journeys } = await runRow({ profile: 'upstream', injections: [serror({ aet: 'UEO' })], accesses: later });
  const j = journeys[0]!;
  stepOf(j, 'stage2-fault', 'hardware');
  assert.equal(stepOf(j, 'inject-sea').esr, '0x92000410');
  assert.equal(j.outcome, 'guest-app-killed');
  assert.equal(journeys.length, 1, 'the later effects belong to the same journey');
});

test('E3 seed: UEO without an address becomes a virtual SError and panics the guest', async () => {
  const { journeys } = await runRow({ profile: 'seed', injections: [serror({ aet: 'UEO', av: false })], accesses: busy });
  assert.equal(stepOf(journeys[0]!, 'vserror').esr, '0x01000000');
  assert.equal(journeys[0]!.outcome, 'guest-panic');
});

test('E3 upstream: UEO without an address is reflected and ignored', async () => {
  const { journeys } = await runRow({ profile: 'upstream', injections: [serror({ aet: 'UEO', av: false })], accesses: busy });
  assert.equal(journeys[0]!.outcome, 'ignored');
});

test('E4 seed: UER is handled like E2 and the VMM still sets 0x811', async () => {
  const { journeys } = await runRow({ profile: 'seed', injections: [serror({ aet: 'UER' })], accesses: busy });
  const j = journeys[0]!;
  assert.equal(stepOf(j, 'fake-serror-el2').esr, '0xbe000c11');
  assert.equal(stepOf(j, 'set-serror-esr').esr, '0x00000811');
  assert.equal(j.outcome, 'guest-page-offlined');
});

test('E4 upstream: KVM treats UER as fatal for the guest: virtual SError, guest panic', async () => {
  const { journeys } = await runRow({ profile: 'upstream', injections: [serror({ aet: 'UER' })], accesses: busy });
  assert.equal(stepOf(journeys[0]!, 'vserror', 'hypervisor').esr, '0x01000000');
  assert.equal(journeys[0]!.outcome, 'guest-panic');
});

test('V1 seed: with PSTATE.A set the physical SError is taken at once, the virtual one when A clears', async () => {
  const { journeys } = await runRow({
    profile: 'seed',
    injections: [serror({ aet: 'UEO' }, 5_000)],
    accesses: [
      { atNs: 1_000, process: 'kernel', address: 0, kind: 'mask-serror' },
      { atNs: 2_000, process: 'kernel', address: 0x100 },
      { atNs: 300_000, process: 'kernel', address: 0, kind: 'unmask-serror' },
    ],
  });
  const j = journeys[0]!;
  assert.equal(stepOf(j, 'serror-signal').atNs, 5_000);
  const taken = stepOf(j, 'take-vserror');
  assert.equal(taken.esr, '0xbe000811');
  assert.equal(taken.atNs, 300_000);
});

// An error the guest learns of in a page its kernel holds for itself (here: a UEO SError with the
// address of a kernel page, recorded for the guest by the seed VMM) is marked hwpoisoned but not
// isolated: Linux's memory_failure() reports such a page MF_IGNORED. The journey ends `ignored`,
// not `guest-page-offlined`; when the kernel touches the page afterwards the guest panics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, runRow } from './run-row.js';

const ueoInKernel = { kind: 'targeted', atNs: 5_000, target: { process: 'kernel', page: 3 }, event: { type: 'serror', vcpu: 0, aet: 'UEO' } };
const busy = { atNs: 1_000, process: 0, address: 0x100 };

test('seed: a UEO SError in a guest kernel page is ignored by the guest, not offlined', async () => {
  const { journeys } = await runRow({ profile: 'seed', injections: [ueoInKernel], accesses: [busy] });
  const j = journeys[0]!;
  assert.ok(chain(j).includes('guest:take-vserror'), chain(j).join(' '));
  assert.ok(!chain(j).includes('guest:offline'), chain(j).join(' '));
  assert.ok(j.steps.some((s) => s.layer === 'guest' && s.text?.includes('MF_IGNORED')), chain(j).join(' '));
  assert.equal(j.outcome, 'ignored');
});

test('seed: the kernel touching that page afterwards panics the guest', async () => {
  const { journeys } = await runRow({ profile: 'seed', injections: [ueoInKernel], accesses: [busy, { atNs: 400_000, process: 'kernel', address: 3 * 0x1000 }] });
  assert.equal(journeys[0]!.outcome, 'guest-panic', chain(journeys[0]!).join(' '));
});

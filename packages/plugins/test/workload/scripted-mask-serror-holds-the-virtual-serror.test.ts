import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScripted, stepOf } from '../helpers/run.js';

test('mask-serror / unmask-serror set and clear PSTATE.A at their times', async () => {
  const out = await runScripted(
    [
      { atNs: 10, process: 'kernel', address: 0, kind: 'mask-serror' },
      { atNs: 100, process: 'kernel', address: 0x40 },
      { atNs: 300, process: 'kernel', address: 0, kind: 'unmask-serror' },
      { atNs: 400, process: 'kernel', address: 0x80 },
    ],
    [{ kind: 'targeted', atNs: 50, target: { vm: 0, process: 0, page: 9 }, event: { type: 'serror', aet: 'UER' } }],
  );
  const j = out.journeys[0]!;
  assert.equal(j.event, 'serror');
  assert.equal(stepOf(j, 'serror-signal').atNs, 50, 'EL3 takes the physical SError at once');
  assert.equal(stepOf(j, 'take-vserror').atNs, 300, 'the guest takes the virtual SError when PSTATE.A clears');
  // Seed: handle_guest_sei, SIGBUS AO, the VMM's virtual SError 0x811 → the guest offlines process
  // 0's page 9 (a page of its kernel's own would only be marked: MF_IGNORED).
  assert.equal(stepOf(j, 'take-vserror').esr, '0xbe000811');
  assert.equal(j.outcome, 'guest-page-offlined');
});

test('without mask-serror the virtual SError is taken at once', async () => {
  const out = await runScripted(
    [{ atNs: 100, process: 'kernel', address: 0x40 }],
    [{ kind: 'targeted', atNs: 50, target: { vm: 0, process: 'kernel', page: 9 }, event: { type: 'serror', aet: 'UER' } }],
  );
  assert.equal(stepOf(out.journeys[0]!, 'take-vserror').atNs, 50);
});

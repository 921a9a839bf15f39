import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from '../helpers/engine-run.js';

test('a virtual SError pends while PSTATE.A is set and is taken when it clears', async () => {
  const out = await runFixture({
    injections: [{ atNs: 50, serror: { aet: 'UER' } }],
    accesses: [
      { atNs: 10, pid: 'kernel', address: 0, kind: 'mask-serror' },
      { atNs: 100, pid: 'kernel', address: 0x40, kind: 'load' },
      { atNs: 300, pid: 'kernel', address: 0, kind: 'unmask-serror' },
      { atNs: 400, pid: 'kernel', address: 0x80, kind: 'load' },
    ],
  });
  const j = out.journeys[0]!;
  const signal = j.steps.find((s) => s.action === 'serror-signal')!;
  assert.equal(signal.atNs, 50, 'the physical SError is taken by EL3 at once, whatever PSTATE.A');
  const vserror = j.steps.find((s) => s.action === 'vserror')!;
  assert.equal(vserror.esr, '0x01000000');
  const taken = j.steps.find((s) => s.action === 'take-vserror')!;
  assert.equal(taken.atNs, 300, 'taken when the guest clears PSTATE.A');
  assert.equal(taken.esr, '0xbf000000');
  assert.equal(j.outcome, 'guest-panic');
});

test('without PSTATE.A the virtual SError is taken at once', async () => {
  const out = await runFixture({
    injections: [{ atNs: 50, serror: { aet: 'UER' } }],
    accesses: [{ atNs: 100, pid: 'kernel', address: 0x40, kind: 'load' }],
  });
  const taken = out.journeys[0]!.steps.find((s) => s.action === 'take-vserror')!;
  assert.equal(taken.atNs, 50);
});

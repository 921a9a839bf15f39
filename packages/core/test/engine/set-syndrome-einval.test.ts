import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from '../helpers/engine-run.js';

const run = (esr: number) => runFixture({
  vmm: 'einval-vmm',
  vmmOptions: { esr },
  injections: [{ atNs: 10, pid: 0, page: 1, offset: 0 }],
  accesses: [{ atNs: 100, pid: 0, address: 0x1000, kind: 'load' }, { atNs: 200, pid: 0, address: 0x2000, kind: 'load' }],
});

test('V2: the set-syndrome call with bit 25 set returns EINVAL and nothing pends', { timeout: 60_000 }, async () => {
  const out = await run(0x0200_0000);
  const j = out.journeys[0]!;
  const einval = j.steps.find((s) => s.action === 'einval')!;
  assert.equal(einval.esr, '0x02000000');
  assert.equal(einval.code, 22);
  assert.ok(j.steps.some((s) => s.text === 'rc=-22'));
  assert.ok(!j.steps.some((s) => s.action === 'take-vserror'), 'no virtual SError is taken');
});

test('a syndrome within bits 24:0 is accepted and delivered as ESR_EL1 = 0xBE000000 | ISS', { timeout: 60_000 }, async () => {
  const out = await run(0x811);
  const j = out.journeys[0]!;
  assert.equal(j.steps.find((s) => s.action === 'set-serror-esr')!.esr, '0x00000811');
  assert.equal(j.steps.find((s) => s.action === 'take-vserror')!.esr, '0xbe000811');
});

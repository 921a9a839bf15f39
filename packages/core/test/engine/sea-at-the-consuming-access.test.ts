import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, runFixture } from '../helpers/engine-run.js';

const PAGE = 0x1000;

test('a scripted load of a poisoned granule raises an SEA at exactly that access', async () => {
  const out = await runFixture({
    injections: [{ atNs: 50, pid: 0, page: 2, offset: 0x40 }],
    accesses: [
      { atNs: 100, pid: 0, address: 2 * PAGE + 0x3c, kind: 'load' }, // the granule before: clean
      { atNs: 110, pid: 0, address: 2 * PAGE + 0x40, kind: 'load' }, // the poisoned granule
      { atNs: 120, pid: 0, address: 3 * PAGE, kind: 'load' },
    ],
  });
  assert.equal(count(out, 'sea'), 1);
  assert.equal(count(out, 'errorsConsumed'), 1);
  const [j] = out.journeys;
  const consume = j!.steps.find((s) => s.action === 'consume')!;
  assert.equal(consume.far, '0x2040');
  assert.equal(consume.atNs, 110);
  assert.equal(j!.outcome, 'guest-app-killed');
  assert.deepEqual(
    j!.steps.map((s) => `${s.layer}:${s.action}`),
    [
      'injector:inject-poison', 'hardware:consume', 'firmware:record-cper', 'firmware:fake-sea-el2',
      'hypervisor:apei-claim', 'hypervisor:apei-ack', 'hypervisor:memory-failure', 'hypervisor:sigbus',
      'vmm:record-cper', 'vmm:inject-sea', 'guest:take-sea', 'guest:ghes-read', 'guest:ghes-ack',
      'guest:offline', 'guest:kill',
    ],
  );
  assert.equal(j!.steps.find((s) => s.action === 'fake-sea-el2')!.esr, '0x92000010');
  assert.equal(j!.steps.find((s) => s.action === 'inject-sea')!.esr, '0x92000410');
});

test('a store to a poisoned granule does not raise an SEA', async () => {
  const out = await runFixture({
    injections: [{ atNs: 50, pid: 0, page: 2, offset: 0x40 }],
    accesses: [{ atNs: 100, pid: 0, address: 2 * PAGE + 0x40, kind: 'store' }],
  });
  assert.equal(count(out, 'sea'), 0);
  assert.equal(out.journeys[0]!.outcome, 'latent');
});

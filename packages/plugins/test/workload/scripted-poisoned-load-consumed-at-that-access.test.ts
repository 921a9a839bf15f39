import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, runScripted, stepNames, stepOf } from '../helpers/run.js';

const PAGE = 0x1000;

test('a scripted load of a poisoned granule is consumed at exactly that access', async () => {
  const out = await runScripted(
    [
      { atNs: 100, process: 0, address: 2 * PAGE + 0x3c, kind: 'load' }, // the granule before: clean
      { atNs: 110, process: 0, address: '0x2040', kind: 'load' }, // the poisoned granule, as hex
      { atNs: 120, process: 0, address: 3 * PAGE, kind: 'load' },
    ],
    [{ kind: 'targeted', atNs: 50, target: { process: 0, page: 2, offset: 0x40 } }],
  );
  assert.equal(count(out, 'errorsInjected'), 1);
  assert.equal(count(out, 'sea'), 1);
  assert.equal(count(out, 'errorsConsumed'), 1);
  const j = out.journeys[0]!;
  const consume = stepOf(j, 'consume');
  assert.equal(consume.far, '0x2040');
  assert.equal(consume.atNs, 110);
  assert.equal(stepOf(j, 'inject-poison').atNs, 50);
  assert.deepEqual(stepNames(j).slice(0, 2), ['injector:inject-poison', 'hardware:consume']);
  assert.equal(j.outcome, 'guest-app-killed');
});

test('a scripted store to the poisoned granule consumes nothing, a later load does', async () => {
  const out = await runScripted(
    [
      { atNs: 100, address: 0x2040, kind: 'store' },
      { atNs: 130, address: 0x2044, kind: 'fetch' },
    ],
    [{ kind: 'targeted', atNs: 50, target: { process: 0, page: 2, offset: 0x40 } }],
  );
  const consume = stepOf(out.journeys[0]!, 'consume');
  assert.equal(consume.atNs, 130);
  assert.equal(consume.far, '0x2044');
  assert.equal(count(out, 'sea'), 1);
});

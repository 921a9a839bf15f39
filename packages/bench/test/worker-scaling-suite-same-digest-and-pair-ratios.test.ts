import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWorkerScalingSuite } from '../src/worker-scaling-suite.js';
import { formatWorkerScaling } from '../src/report.js';

test('the worker-scaling suite runs 8 hosts on 1 and 2 workers with one digest and reports the ratio pair by pair', async () => {
  const r = await runWorkerScalingSuite({ durationNs: 200_000, pairs: 2 });
  assert.equal(r.hosts, 8);
  assert.equal(r.oneWorker.samples.length, 2);
  assert.equal(r.twoWorkers.samples.length, 2);
  for (let k = 0; k < 2; k++) assert.equal(r.ratio.pairs[k], r.twoWorkers.samples[k]! / r.oneWorker.samples[k]!);
  assert.ok(r.accesses > 8 * 4 * 100_000, 'every vCPU of every host ran');
  assert.match(r.digest, /^[0-9a-f]{64}$/);
  assert.ok(r.ratio.pairs.every((x) => x > 0 && Number.isFinite(x)));
  assert.match(formatWorkerScaling(r), /2 workers \/ 1 worker\s+×\d/);
});

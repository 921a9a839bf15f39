/**
 * The error-rate sweep measures every rate in rounds, counts journeys only where errors are
 * injected, and takes each rate's ratio against the error-free sample of the same round.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_RATES, runErrorRateSuite } from '../src/error-rate-suite.js';

test('every rate is measured each round; ratios are against rate 0 of the same round', async () => {
  const r = await runErrorRateSuite({ rounds: 2, sampleSeconds: 0.01 });
  assert.deepEqual(r.points.map((p) => p.rate), [...ERROR_RATES]);
  const zero = r.points[0]!;
  assert.deepEqual(zero.journeysPerSecond.samples, [0, 0]);
  for (const p of r.points) {
    assert.equal(p.accessesPerSecond.samples.length, 2);
    for (let k = 0; k < 2; k++) assert.equal(p.ratio.pairs[k], p.accessesPerSecond.samples[k]! / zero.accessesPerSecond.samples[k]!);
  }
  const dense = r.points.find((p) => p.rate === 1e-2)!;
  assert.ok(dense.journeysPerSecond.median > 0, 'at 10^-2 every sample completes journeys');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEngineRunSuite } from '../src/engine-run-suite.js';

test('the engine-run suite reports rates of real runs and ratios taken pair by pair', async () => {
  const r = await runEngineRunSuite({ memoryBytes: 16 << 20, pairs: 2, sampleSeconds: 0.02 });
  assert.equal(r.bare.samples.length, 4, 'two bare samples per pair');
  assert.equal(r.engineLoads.samples.length, 2);
  assert.equal(r.engineMixed.samples.length, 2);
  for (let k = 0; k < 2; k++) {
    assert.equal(r.ratioLoads.pairs[k], r.engineLoads.samples[k]! / r.bare.samples[2 * k]!);
    assert.equal(r.ratioMixed.pairs[k], r.engineMixed.samples[k]! / r.bare.samples[2 * k + 1]!);
  }
  assert.ok(r.accessesPerSample.loads >= 1e6 && r.accessesPerSample.mixed >= 1e6, 'every engine sample runs at least 1e6 accesses');
  assert.ok(r.engineLoads.samples.every((x) => x > 0 && Number.isFinite(x)));
});

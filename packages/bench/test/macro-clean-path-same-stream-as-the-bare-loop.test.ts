/**
 * The macro clean path runs the bare loop's address stream through the real engine: the first
 * accesses the workload plugin produces are the bare loop's addresses, the engine's data pass
 * really loads (its checksum moves), one granule is poisoned and never consumed, and the ratios
 * are engine / bare pair by pair. No speed threshold (noisy machines): structure only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessBatch, C_CONSUMED, loadPluginSet, type WorkloadContext } from '@rasflow/core';
import { macroCleanPathScenario, runMacroCleanPathSuite } from '../src/macro-clean-path-suite.js';
import { HostStepper } from '../src/host-stepper.js';
import xorshift, { xorshiftSeed } from '../src/xorshift-workload.js';

const MiB16 = 16 << 20;

test('the workload plugin produces the xorshift32 stream of the bare loop, and resumes inside a batch', () => {
  const hooks = xorshift.create({}, { vmsPerHost: 1, vcpusPerVm: 1 } as never);
  const ctx = { vm: 0, vcpu: 0, vcpus: 1, processBytes: MiB16 } as WorkloadContext;
  const b = new AccessBatch(64);
  hooks.fill(ctx, b, 0, 64);
  let x = xorshiftSeed(0);
  const expected: number[] = [];
  for (let i = 0; i < 64; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    expected.push(x & (MiB16 - 1) & ~3);
  }
  assert.deepEqual([...b.addr], expected);
  const again = new AccessBatch(64);
  hooks.fill(ctx, again, 40, 24); // the engine retired 40 and asks for the rest again
  assert.deepEqual([...again.addr.subarray(0, 24)], expected.slice(40));
});

test('a stepped host loads real data, keeps its one poisoned granule unconsumed and counts its accesses', async () => {
  const s = macroCleanPathScenario(MiB16);
  const h = new HostStepper(s, await loadPluginSet(s, process.cwd()));
  h.touchGuestData();
  const r = h.stepFor(0.01);
  assert.ok(r.accesses >= 1_000_000, 'at least one whole slice (1 ms of 1 ns accesses)');
  assert.equal(r.journeys, 1, 'the one targeted poisoning');
  assert.equal(h.run.sim.counts[C_CONSUMED], 0, 'never consumed');
  assert.equal(h.run.sim.poison.poisonedGranules(), 1);
  assert.notEqual(h.run.sim.sink[0], 0, 'the data pass loaded words');
});

test('the suite reports engine / bare pair by pair', async () => {
  const r = await runMacroCleanPathSuite({ memoryBytes: MiB16, pairs: 2, sampleSeconds: 0.01 });
  assert.equal(r.bare.samples.length, 2);
  assert.equal(r.engine.samples.length, 2);
  for (let k = 0; k < 2; k++) assert.equal(r.ratio.pairs[k], r.engine.samples[k]! / r.bare.samples[k]!);
});

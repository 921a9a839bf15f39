// Counter-based workloads and injections: the same scenario gives the same journeys, counts and
// digest whatever the batch size, with both engine-driven (per-access) and scheduled (rate)
// injections, for every generated workload kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, runScenario } from '../helpers/run.js';

const WORKLOADS: Record<string, Record<string, unknown>> = {
  random: { kind: 'random' },
  sequential: { kind: 'sequential', strideBytes: 136 },
  'hot-set': { kind: 'hot-set', hotPages: 8, hotProbability: 0.8 },
};

function run(workload: Record<string, unknown>, batchSize: number) {
  return runScenario({
    seed: 11,
    durationNs: 300_000,
    engine: { batchSize, sliceNs: 50_000 },
    hosts: { count: 2 },
    vms: { perHost: 2, vcpus: 2, memoryMiB: 2, kernelPages: 64, processes: 3, processPages: 128 },
    guest: { restartNs: 20_000 },
    workload,
    injections: [
      { kind: 'per-access', probability: 2e-5 },
      // About 30 arrivals per host over the run; the processes and the kernel use most of RAM.
      { kind: 'rate', perSecond: 100_000 },
    ],
  });
}

for (const [name, workload] of Object.entries(WORKLOADS)) {
  test(`${name}: batch sizes 256 and 4096 give the same digest and counts`, async () => {
    const a = await run(workload, 256);
    const b = await run(workload, 4096);
    assert.ok(count(a, 'accesses') > 1_000_000, 'the run makes accesses');
    assert.ok(count(a, 'errorsConsumed') > 5, `errors are consumed (${count(a, 'errorsConsumed')})`);
    // A per-access poisoning is consumed at the time it is made; a rate arrival later, if ever.
    const consumedLater = a.journeys.filter((j) => j.steps.some((s) => s.action === 'consume' && s.atNs > j.atNs));
    assert.ok(consumedLater.length > 3, `rate injections are consumed (${consumedLater.length})`);
    assert.deepEqual(Array.from(a.counts), Array.from(b.counts));
    assert.equal(a.digest, b.digest);
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COUNT_KEYS } from '../../src/engine/counts.js';
import type { RunOutput } from '../../src/engine/run-scenario.js';
import type { HostResult } from '../../src/results/collect-host.js';
import { runDigest } from '../../src/results/digest.js';
import { buildResultsJson, mergeRunOutputs } from '../../src/results/results-json.js';
import { parseScenario } from '../../src/scenario/validate-scenario.js';

const scenario = parseScenario({ name: 'unit', seed: 5, profile: 'upstream', durationNs: 5000, hosts: { count: 3 } });

function host(index: number, accesses: number, journeys: number): HostResult {
  const counts = new Float64Array(COUNT_KEYS.length);
  counts[0] = accesses;
  counts[COUNT_KEYS.indexOf('guestAppKilled')] = journeys;
  return {
    host: index, complete: true, up: index !== 1, counts, journeys, digest: `d${index}`, records: null,
    vms: [{ host: index, vm: 0, state: 'up', timesLost: 0, accesses, timeLostNs: 0, outcomes: {} }],
  };
}

function output(hosts: HostResult[], complete = true, wallSeconds = 2): RunOutput {
  const counts = new Float64Array(COUNT_KEYS.length);
  for (const h of hosts) h.counts.forEach((v, k) => (counts[k]! += v));
  return { complete, hosts, counts, wallSeconds };
}

test('buildResultsJson: fields from the scenario, sums, rates, hosts in order and the run digest', () => {
  const run = mergeRunOutputs([output([host(2, 30, 1)]), output([host(0, 10, 2)]), output([host(1, 20, 3)])]);
  const r = buildResultsJson({ scenario, run, wallSeconds: 4, version: '9.9.9' });
  assert.equal(r.rasflow, '9.9.9');
  assert.equal(r.scenario, 'unit');
  assert.equal(r.seed, 5);
  assert.equal(r.profile, 'upstream');
  assert.equal(r.simulatedNs, 5000);
  assert.equal(r.counts.accesses, 60);
  assert.equal(r.counts.guestAppKilled, 6);
  assert.deepEqual(r.throughput, { accessesPerSecond: 15, journeysPerSecond: 1.5 });
  assert.deepEqual(r.hosts, [
    { host: 0, digest: 'd0', journeys: 2, up: true },
    { host: 1, digest: 'd1', journeys: 3, up: false },
    { host: 2, digest: 'd2', journeys: 1, up: true },
  ]);
  assert.deepEqual(r.vms.map((v) => v.host), [0, 1, 2]);
  assert.equal(r.digest, runDigest(['d0', 'd1', 'd2']));
  assert.equal(run.wallSeconds, 6, 'merged wall time is the sum of the parts');
});

test('an incomplete run reports the time reached, and zero wall time gives zero rates', () => {
  const run = output([host(0, 10, 1)], false, 0);
  const r = buildResultsJson({ scenario, run, wallSeconds: 0, version: '1', reachedNs: 1200 });
  assert.equal(r.complete, false);
  assert.equal(r.simulatedNs, 1200);
  assert.deepEqual(r.throughput, { accessesPerSecond: 0, journeysPerSecond: 0 });
  assert.equal(r.peakRssMiB, null, 'not measured: one of the only three nulls');
  assert.deepEqual(r.startup, { firstAccessMs: null }, 'not measured: another');
  assert.equal(r.shard, null, 'not a shard: the third');
  assert.ok(!JSON.stringify({ ...r, peakRssMiB: 0, startup: { firstAccessMs: 0 }, shard: { index: 1, count: 1 } }).includes('null'), 'no NaN or Infinity turned into null');
  const none = buildResultsJson({ scenario, run: mergeRunOutputs([]), wallSeconds: 1, version: '1' });
  assert.deepEqual(none.hosts, []);
  assert.equal(none.digest, runDigest([]));
});

test('mergeRunOutputs is incomplete if any part is', () => {
  assert.equal(mergeRunOutputs([output([host(0, 1, 0)]), output([host(1, 1, 0)], false)]).complete, false);
  assert.equal(mergeRunOutputs([output([host(0, 1, 0)])]).complete, true);
});

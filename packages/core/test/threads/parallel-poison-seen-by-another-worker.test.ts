import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JourneyRecord } from '../../src/results/journey-record.js';
import { readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

// One VM with two vCPUs on two workers: vCPU 0 on worker 0, vCPU 1 on worker 1. Worker 0 runs
// the host's injectors: it poisons process 0's page 1 at 10 ns. vCPU 1 loads it at 150 µs, in
// the second slice; the slice-end barrier guarantees worker 0 finished the first slice (and the
// poisoning) before worker 1 starts the second, so the load must find the poison bit set.
const SCENARIO = scriptedScenario(
  [
    { atNs: 50_000, vm: 0, vcpu: 0, pid: 1, address: 0x2000, kind: 'load' },
    { atNs: 150_000, vm: 0, vcpu: 1, pid: 0, address: 0x1000, kind: 'load' },
  ],
  [{ atNs: 10, pid: 0, page: 1, offset: 0 }],
  {
    name: 'parallel-poison', durationNs: 500_000, engine: { sliceNs: 100_000 },
    vms: { perHost: 1, vcpus: 2, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
  },
);

test('--parallel: poison written by one worker is consumed by a vCPU on another worker', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, SCENARIO);
    const ran = await runRun([file, '--out', 'o', '--workers', '2', '--parallel', '--journeys', '--quiet'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    const r = await readResults(join(dir, 'o'));
    assert.equal(r.deterministic, false);
    assert.equal(r.workersUsed, 2);
    assert.deepEqual(r.perWorker.map((w) => w.hosts), [[0], [0]], 'both workers ran host 0');
    // Worker 0: its vCPU's clean load, and the injection's journey; worker 1: the consumption.
    assert.deepEqual(r.perWorker.map((w) => [w.accesses, w.journeys]), [[1, 1], [0, 1]]);
    assert.equal(r.counts.errorsInjected, 1);
    assert.equal(r.counts.errorsConsumed, 1);
    assert.equal(r.counts.sea, 1);
    const journeys = (await readFile(join(dir, 'o', 'journeys.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as JourneyRecord);
    assert.deepEqual(journeys.map((j) => [j.id, j.atNs]), [['0:0', 10], ['0:1', 150_000]], 'merged in time order and numbered again');
    const consumed = journeys[1]!;
    assert.equal(consumed.vm, 0);
    assert.equal(consumed.vcpu, 1);
    assert.equal(consumed.hostPa, journeys[0]!.hostPa, 'the granule worker 0 poisoned');
    assert.deepEqual(consumed.steps[0], { layer: 'hardware', action: 'consume', atNs: 150_000, far: '0x1000' });
    assert.ok(consumed.steps.some((s) => s.layer === 'guest'), 'the journey reached the guest');
  });
});

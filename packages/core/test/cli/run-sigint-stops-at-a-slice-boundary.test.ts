import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runDigest } from '../../src/results/digest.js';
import { LONG_NS, randomScenario, readResults, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

// Without injections the random workload keeps every vCPU busy for the whole duration.
const LONG = randomScenario({ name: 'long', durationNs: LONG_NS, engine: { sliceNs: 100_000 } }, 0);

async function interrupt(signal: 'SIGINT' | 'SIGTERM', expectedCode: number): Promise<void> {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, LONG);
    const before = process.listenerCount(signal);
    const ran = await runRun([file, '--out', 'o', '--workers', '1'], dir, (line) => {
      // The start line is printed just before the worker starts; give it time to be mid-host
      // (starting the worker and loading the plugins take a few hundred ms; host 0 takes ~10 s).
      if (line.startsWith('rasflow run:')) setTimeout(() => process.kill(process.pid, signal), 1500);
    });
    assert.equal(ran.code, expectedCode, ran.err.join('\n'));
    assert.equal(process.listenerCount(signal), before, 'the handler is removed after the run');
    assert.match(ran.err.join('\n'), new RegExp(`interrupted by ${signal} at \\d+ ns simulated; partial results \\(complete: false\\) written to o/results\\.json`));
    const r = await readResults(join(dir, 'o'));
    assert.equal(r.complete, false);
    // Host 0 was stopped part-way (at a slice boundary); host 1 never started.
    assert.deepEqual(r.hosts.map((h) => h.host), [0]);
    assert.ok(r.simulatedNs > 0 && r.simulatedNs < LONG_NS, String(r.simulatedNs));
    assert.equal(r.simulatedNs % 100_000, 0, 'a slice boundary');
    assert.equal(r.counts.accesses, r.simulatedNs * 4, '4 vCPUs, one access per ns');
    assert.equal(r.digest, runDigest([r.hosts[0]!.digest]));
  });
}

test('SIGINT while running writes complete: false at a slice boundary and exits 130', { timeout: 60_000 }, async () => {
  await interrupt('SIGINT', 130);
});

test('SIGTERM while running writes complete: false and exits 143', { timeout: 60_000 }, async () => {
  await interrupt('SIGTERM', 143);
});

test('SIGINT with 2 workers stops both hosts at a slice boundary and keeps both, in host order', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, LONG);
    const ran = await runRun([file, '--out', 'o', '--workers', '2'], dir, (line) => {
      if (line.startsWith('rasflow run:')) setTimeout(() => process.kill(process.pid, 'SIGINT'), 1500);
    });
    assert.equal(ran.code, 130, ran.err.join('\n'));
    const r = await readResults(join(dir, 'o'));
    assert.equal(r.complete, false);
    assert.equal(r.workersUsed, 2);
    // Each worker was part-way through its first host.
    assert.deepEqual(r.hosts.map((h) => h.host), [0, 1]);
    assert.deepEqual(r.perWorker.map((w) => w.hosts), [[0], [1]]);
    for (const w of r.perWorker) {
      assert.ok(w.accesses > 0 && w.accesses % (4 * 100_000) === 0, `${w.accesses}: whole slices of 4 vCPUs`);
    }
    assert.equal(r.counts.accesses, r.perWorker[0]!.accesses + r.perWorker[1]!.accesses);
    // simulatedNs: the least time a partial host reached.
    assert.equal(r.simulatedNs, Math.min(...r.perWorker.map((w) => w.accesses / 4)));
    assert.equal(r.digest, runDigest(r.hosts.map((h) => h.digest)));
  });
});

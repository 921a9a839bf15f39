import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { loadPluginSet } from '../../src/engine/run-scenario.js';
import { driveRun, type RunHandle } from '../../src/threads/run-driver.js';
import { fixtureUrl, rasPlugins } from '../helpers/run-command.js';

test('a running simulation is paused and resumed through the control block, and reports progress while it runs', async () => {
  const scenario = parseScenario({
    name: 'control',
    durationNs: 4_000_000,
    engine: { sliceNs: 20_000 },
    hosts: { count: 2 },
    vms: { perHost: 1, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
    plugins: { ...rasPlugins(), workload: { module: fixtureUrl('random-workload') } },
  });
  let handle: RunHandle | undefined;
  // onControl runs before driveRun first awaits (the plugins are given, so it loads none): the control block exists as soon as the call returns.
  const result = driveRun(scenario, { baseDir: '/', plugins: await loadPluginSet(scenario, '/'), keepJourneys: false, workers: 2, onControl: (h) => { handle = h; } });
  const c = handle!.control;
  // Progress arrives while the run goes on.
  assert.ok(await c.waitForProgress(c.sequence(), 10_000), 'a first progress report');
  const first = c.progress();
  assert.equal(first.length, 2);
  assert.ok(first.some((p) => p.simulatedNs > 0 && p.slices >= 1 && p.heartbeatMs > 0 && p.accesses > 0));
  // Pause: both workers stop at their next yield point and the sequence stops moving.
  c.pause();
  assert.ok(await c.waitUntilPaused(10_000), 'workers reach the pause');
  assert.equal(c.pausedWorkers(), 2);
  const frozen = c.sequence();
  const at = c.progress().map((p) => [p.simulatedNs, p.accesses]);
  assert.equal(await c.waitForProgress(frozen, 200), false, 'no progress while paused');
  assert.deepEqual(c.progress().map((p) => [p.simulatedNs, p.accesses]), at);
  // Resume: progress moves on.
  c.resume();
  assert.ok(await c.waitForProgress(frozen, 10_000), 'progress after resume');
  const r = await result;
  assert.equal(r.output.complete, true, 'the resumed run completes');
  assert.equal(r.perWorker.length, 2);
  assert.ok(r.perWorker.every((w) => w.accesses > 0));
  // The control block's last word on each worker agrees with the merged results.
  assert.deepEqual(c.progress().map((p) => p.accesses), r.perWorker.map((w) => w.accesses));
  assert.deepEqual(c.progress().map((p) => p.hostsDone), [1, 1]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { loadPluginSet } from '../../src/engine/run-scenario.js';
import { driveRun, type RunHandle } from '../../src/threads/run-driver.js';
import { fixtureUrl, rasPlugins } from '../helpers/run-command.js';

// One slice for the whole run, many vCPUs: a worker that answered queries only at slice ends
// would answer none before the run ends. The worker suspends the slice between vCPUs instead.
const SCENARIO = parseScenario({
  name: 'queries',
  durationNs: 2_000_000,
  engine: { sliceNs: 2_000_000 },
  hosts: { count: 2 },
  vms: { perHost: 8, vcpus: 4, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
  plugins: { ...rasPlugins(), workload: { module: fixtureUrl('random-workload') } },
});

test('comlink queries are answered while a worker is inside a slice, paused or running', async () => {
  let handle: RunHandle | undefined;
  const result = driveRun(SCENARIO, { baseDir: '/', plugins: await loadPluginSet(SCENARIO, '/'), keepJourneys: false, workers: 2, onControl: (h) => { handle = h; } });
  const { control: c, workers } = handle!;
  assert.equal(workers.length, 2);
  // Pause at the first yield point: no slice has ended, yet the worker waits and answers.
  c.pause();
  assert.ok(await c.waitUntilPaused(10_000), 'workers reach the pause');
  assert.equal(c.pausedWorkers(), 2);
  assert.deepEqual(c.progress().map((p) => p.slices), [0, 0], 'paused inside the only slice');

  const stats = await workers[1]!.stats();
  assert.equal(stats.worker, 1);
  assert.equal(stats.host, 1, 'worker 1 runs host 1');
  assert.equal(stats.hostsDone, 0);
  assert.equal(stats.counts.accesses, c.progress()[1]!.accesses, 'the same accesses as the control block says');
  assert.ok(stats.counts.accesses > 0 && stats.counts.accesses < 2_000_000 * 32);

  const snap = await workers[0]!.snapshot();
  assert.ok(snap !== null);
  assert.equal(snap.host, 0);
  assert.equal(snap.up, true);
  assert.equal(snap.vms.length, 8);
  assert.equal(snap.vms.reduce((n, v) => n + v.accesses, 0), c.progress()[0]!.accesses, 'per-VM accesses add up to the worker\'s');
  assert.ok(snap.vms[0]!.accesses > 0, 'the first VM ran before the suspension');

  const regs = await handle!.vcpu(0, 0, 0);
  assert.ok(regs !== null);
  assert.equal(regs.state, 'running');
  assert.equal(regs.inHandlers, false, 'no errors in this run');
  assert.equal(regs.clockNs, 2_000_000, 'VM 0 vCPU 0 ran to the slice end before the suspension');
  assert.equal(regs.accesses, 2_000_000);
  assert.match(regs.esrEl2, /^0x[0-9a-f]{8}$/);
  assert.equal(await handle!.vcpu(1, 0, 0).then((r) => r?.host), 1, 'routed to the worker that runs host 1');
  await assert.rejects(workers[0]!.vcpu(0, 9, 0), /vm 9 is not a VM of host 0/);

  // Queries go on being answered once the run moves again.
  c.resume();
  const later = await workers[0]!.stats();
  assert.ok(later.counts.accesses >= snap.vms.reduce((n, v) => n + v.accesses, 0));
  const r = await result;
  assert.equal(r.output.complete, true);
  assert.equal(r.output.counts[0], 2 * 32 * 2_000_000, 'every vCPU ran every access');
});

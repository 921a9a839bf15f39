import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioInjector } from '../../src/injector/scenario-injector.js';
import { env, runInjector } from '../helpers/fake-contexts.js';
import { runScenario } from '../helpers/run.js';

function idleRun(injections: Record<string, unknown>[]) {
  return runScenario({
    durationNs: 200_000,
    hosts: { count: 2 },
    vms: { perHost: 2, vcpus: 1, memoryMiB: 2, kernelPages: 16, processes: 2, processPages: 16 },
    workload: { kind: 'scripted', accesses: [] },
    injections,
  });
}

test('a burst makes exactly count errors in [atNs, atNs + spreadNs), on its host only', async () => {
  const out = await idleRun([{ kind: 'burst', host: 1, atNs: 1000, spreadNs: 50_000, count: 600 }]);
  assert.equal(out.hosts[0]!.journeys, 0, 'host 0 is not hit');
  assert.equal(out.hosts[1]!.journeys, 600);
  const times = out.journeys.map((j) => j.atNs);
  assert.ok(times.every((t) => Number.isInteger(t) && t >= 1000 && t < 51_000));
  // Uniform over the window: each fifth holds about a fifth (binomial sd ≈ 9.8 of 120).
  const bins = new Array<number>(5).fill(0);
  for (const t of times) bins[Math.floor((t - 1000) / 10_000)]!++;
  for (const b of bins) assert.ok(Math.abs(b - 120) < 40, `errors per fifth of the window: ${bins.join(', ')}`);
  const pas = new Set(out.journeys.map((j) => j.hostPa));
  assert.ok(pas.size > 590, 'at random granules');
  assert.ok(out.journeys.every((j) => j.event === 'poison'));
});

test('spreadNs 0 puts every error of the burst at atNs', async () => {
  const out = await idleRun([{ kind: 'burst', atNs: 777, count: 25 }]);
  assert.equal(out.journeys.length, 25);
  assert.ok(out.journeys.every((j) => j.atNs === 777 && j.host === 0));
});

test('a burst of SErrors hits random VMs on the event\'s vCPU', async () => {
  const out = await idleRun([{ kind: 'burst', atNs: 10, spreadNs: 1000, count: 40, event: { type: 'serror', aet: 'UER' } }]);
  assert.equal(out.journeys.length, 40);
  assert.ok(out.journeys.every((j) => j.event === 'serror' && j.vcpu === 0));
  assert.deepEqual([...new Set(out.journeys.map((j) => j.vm))].sort(), [0, 1]);
});

test('burst times come out sorted, one pending at a time, and cover the window evenly', () => {
  const injections = [{ kind: 'burst', atNs: 0, spreadNs: 1_000_000, count: 20_000, host: 0 }];
  const log = runInjector(new ScenarioInjector(injections, env({ injections })), { durationNs: 2_000_000 });
  assert.equal(log.length, 20_000);
  const times = log.map((x) => x.atNs);
  assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]!));
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  assert.ok(Math.abs(mean - 500_000) < 8000, `mean time ${mean}`);
  // The k-th order statistic of n uniforms sits near k/(n+1) of the window.
  assert.ok(Math.abs(times[4999]! - 250_000) < 15_000 && Math.abs(times[14_999]! - 750_000) < 15_000);
});

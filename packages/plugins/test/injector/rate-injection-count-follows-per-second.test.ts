import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, runScenario } from '../helpers/run.js';

const HOSTS = 4;
const DURATION = 2_000_000;
const PER_SECOND = 2e6; // 4000 arrivals per host over 2 ms

/** A run with idle vCPUs (an empty script): only the injections happen. */
function idleRun(injections: Record<string, unknown>[], vms: Record<string, unknown> = {}) {
  return runScenario({
    seed: 5,
    durationNs: DURATION,
    hosts: { count: HOSTS },
    vms: { perHost: 2, vcpus: 2, memoryMiB: 2, kernelPages: 16, processes: 2, processPages: 16, ...vms },
    workload: { kind: 'scripted', accesses: [] },
    injections,
  });
}

test('each host gets about perSecond × duration errors (Poisson: within 4 standard deviations)', async () => {
  const out = await idleRun([{ kind: 'rate', perSecond: PER_SECOND }]);
  const mean = (PER_SECOND * DURATION) / 1e9;
  for (const h of out.hosts) {
    assert.ok(Math.abs(h.journeys - mean) < 4 * Math.sqrt(mean), `host ${h.host}: ${h.journeys} errors, mean ${mean}`);
  }
  assert.equal(count(out, 'errorsInjected'), out.journeys.length);
  assert.ok(out.journeys.every((j) => j.event === 'poison' && j.outcome === 'latent'));
  // Arrivals are spread over the run: their mean time is near the middle.
  const meanAt = out.journeys.reduce((s, j) => s + j.atNs, 0) / out.journeys.length;
  assert.ok(Math.abs(meanAt - DURATION / 2) < DURATION * 0.05, `mean arrival time ${meanAt}`);
  assert.ok(out.journeys.every((j) => Number.isInteger(j.atNs) && j.atNs >= 0 && j.atNs < DURATION));
});

test('hosts draw different arrivals', async () => {
  const out = await idleRun([{ kind: 'rate', perSecond: PER_SECOND }]);
  const times = out.hosts.map((h) => JSON.stringify(out.journeys.filter((j) => j.host === h.host).map((j) => j.atNs)));
  assert.equal(new Set(times).size, HOSTS);
});

test('errors land on uniformly random granules of host memory, VMM-private pages included', async () => {
  // 1 MiB of RAM and 256 VMM-private pages per VM: half of each VM's host memory is the VMM's.
  const out = await idleRun([{ kind: 'rate', perSecond: PER_SECOND }], { perHost: 1, memoryMiB: 1, vmmPrivatePages: 256 });
  const hostBytes = 2 * 2 ** 20;
  const pas = out.journeys.map((j) => Number(j.hostPa));
  assert.ok(pas.every((pa) => pa >= 0 && pa < hostBytes && pa % 64 === 0));
  const vmm = pas.filter((pa) => pa >= 2 ** 20).length / pas.length;
  assert.ok(Math.abs(vmm - 0.5) < 0.02, `share in VMM-private memory: ${vmm}`);
  assert.ok(Math.max(...pas) > 0.999 * hostBytes, 'up to the last granule');
  // 4000 draws from 32768 granules per host: about 240 repeats if uniform (birthday problem).
  const repeats = out.hosts.map((h) => {
    const mine = out.journeys.filter((j) => j.host === h.host).map((j) => j.hostPa);
    return mine.length - new Set(mine).size;
  });
  for (const r of repeats) assert.ok(r > 150 && r < 350, `repeated granules per host: ${r}`);
});

test('an SError rate hits random VMs on the event\'s vCPU; a ce rate is counted as corrected', async () => {
  const out = await idleRun([
    { kind: 'rate', perSecond: 2e5, event: { type: 'serror', aet: 'UEO', vcpu: 1 } },
    { kind: 'rate', perSecond: 2e5, event: { type: 'ce' } },
  ], { perHost: 3 });
  const serrors = out.journeys.filter((j) => j.event === 'serror');
  const ces = out.journeys.filter((j) => j.event === 'ce');
  assert.ok(serrors.length > 1200 && ces.length > 1200, `${serrors.length} SErrors, ${ces.length} CEs`);
  assert.ok(serrors.every((j) => j.vcpu === 1));
  const perVm = [0, 1, 2].map((vm) => serrors.filter((j) => j.vm === vm).length / serrors.length);
  for (const share of perVm) assert.ok(Math.abs(share - 1 / 3) < 0.05, `share of SErrors per VM: ${perVm.join(', ')}`);
  assert.ok(ces.every((j) => j.outcome === 'corrected' && j.hostPa !== null && Number(j.hostPa) % 64 === 0));
  assert.equal(count(out, 'corrected'), ces.length);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { loadPluginSet, runHosts } from '../../src/engine/run-scenario.js';
import { runDigest } from '../../src/results/digest.js';
import { fixturesDir } from '../helpers/engine-run.js';

async function run(batchSize: number) {
  const s = parseScenario({
    seed: 7,
    durationNs: 400_000,
    engine: { batchSize, sliceNs: 50_000 },
    hosts: { count: 2 },
    vms: { perHost: 2, vcpus: 2, memoryMiB: 8, kernelPages: 64, processes: 3, processPages: 128 },
    guest: { restartNs: 20_000 },
    plugins: {
      firmware: { module: './minimal-firmware.js' }, hypervisor: { module: './minimal-hypervisor.js' },
      vmm: { module: './minimal-vmm.js' }, guest: { module: './minimal-guest.js' },
      workload: { module: './random-workload.js' },
      injectors: [{ module: './per-access-injector.js', options: { probability: 2e-5 } }],
    },
  });
  const out = runHosts(s, await loadPluginSet(s, fixturesDir), { baseDir: fixturesDir });
  return { out, digest: runDigest(out.hosts.map((h) => h.digest)) };
}

test('counter-based randomness gives the same digest for batch sizes 256 and 4096', async () => {
  const a = await run(256);
  const b = await run(4096);
  assert.ok(a.out.counts[0]! > 1_000_000, 'the run makes accesses');
  assert.ok(a.out.hosts.reduce((n, h) => n + h.journeys, 0) > 5, 'and journeys');
  assert.deepEqual(Array.from(a.out.counts), Array.from(b.out.counts));
  assert.equal(a.digest, b.digest);
});

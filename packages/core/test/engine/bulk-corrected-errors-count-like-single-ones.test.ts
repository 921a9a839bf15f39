import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { loadPluginSet, runHosts } from '../../src/engine/run-scenario.js';
import { COUNT_KEYS } from '../../src/engine/counts.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

async function run(bulk: boolean): Promise<{ counts: Record<string, number>; journeys: number; overflows: number; interrupts: number; count: number | undefined }> {
  const s = parseScenario({
    durationNs: 100_000, hosts: { cpus: 4 },
    vms: { perHost: 1, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
    plugins: {
      firmware: { options: { ceThreshold: 64 } },
      injectors: [{ module: './bulk-ce-injector.js', options: { count: 200, bulk } }],
    },
  });
  const out = runHosts(s, await loadPluginSet(s, fixtures), { baseDir: fixtures, keepJourneys: true });
  const records = out.hosts.flatMap((h) => h.records ?? []);
  const steps = records.flatMap((r) => r.steps);
  return {
    counts: Object.fromEntries(COUNT_KEYS.map((k, i) => [k, out.counts[i]!])),
    journeys: records.length,
    overflows: steps.filter((st) => st.action === 'ce-overflow').length,
    interrupts: steps.filter((st) => st.layer === 'firmware').length,
    count: records[0]?.count,
  };
}

test('200 corrected errors in bulk count as 200 single ones: one journey, the same counter overflows and firmware work', { timeout: 60_000 }, async () => {
  const single = await run(false);
  const bulk = await run(true);
  assert.equal(single.journeys, 200);
  assert.equal(single.count, undefined, 'a single CE has no count');
  assert.equal(bulk.journeys, 1);
  assert.equal(bulk.count, 200);
  for (const k of ['errorsInjected', 'corrected']) assert.equal(bulk.counts[k], 200, k);
  assert.deepEqual(bulk.counts, single.counts);
  // The counter wraps at CE 64 (preset at boot) and, re-armed by the handler, at CE 128; the
  // interrupt of that second wrap waits while vCPU 0 is still in the first one's handlers, so
  // nothing re-arms the counter for a third within these 200. The same with single CEs.
  assert.equal(single.overflows, 2);
  assert.equal(bulk.overflows, 2);
  assert.ok(bulk.interrupts > 0);
  assert.equal(bulk.interrupts, single.interrupts);
});

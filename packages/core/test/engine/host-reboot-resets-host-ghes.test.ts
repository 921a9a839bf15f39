// A host reboot hands firmware empty, acknowledged host GHES blocks. A record written before the
// host went down (here: gathered for a timer that died with the host) would otherwise keep its
// source busy for the rest of the run, and every later error would be added to a block that is
// never announced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { loadPluginSet, runHosts } from '../../src/engine/run-scenario.js';
import type { Injection } from '../fixtures/targeted-injector.js';
import { fixturesDir } from '../helpers/engine-run.js';

const serror = (atNs: number, aet: 'UEO' | 'UC'): Injection => ({ atNs, vm: 0, serror: { aet } });

test('the first record after a host reboot is written to a free block, not added to the one the host never read', { timeout: 30_000 }, async () => {
  const s = parseScenario({
    durationNs: 100_000,
    hosts: { count: 1, cpus: 2, rebootNs: 10_000 },
    vms: { perHost: 1, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 1, processPages: 16 },
    plugins: {
      firmware: { module: './gathering-firmware.js', options: { windowNs: 50_000, notifyOn: 0 } },
      hypervisor: { module: './walking-hypervisor.js' },
      vmm: { module: './minimal-vmm.js' },
      guest: { module: './minimal-guest.js' },
      workload: { module: './scripted-workload.js', options: { accesses: [] } },
      // The first record waits for its timer; the uncontainable SError halts the host before it.
      injectors: [{ module: './targeted-injector.js', options: { injections: [serror(1_000, 'UEO'), serror(2_000, 'UC'), serror(30_000, 'UEO')] } }],
    },
  });
  const out = runHosts(s, await loadPluginSet(s, fixturesDir), { baseDir: fixturesDir, keepJourneys: true });
  const journeys = out.hosts.flatMap((h) => h.records ?? []).sort((a, b) => a.atNs - b.atNs);
  assert.equal(journeys.length, 3);
  const notes = journeys.map((j) => j.steps.filter((st) => st.layer === 'firmware').map((st) => st.text ?? st.action));
  assert.deepEqual(notes[0], ['record-cper', 'write=true'], 'written; its timer is armed');
  assert.deepEqual(notes[1], ['uncontainable SError'], 'the platform halts before the timer');
  assert.deepEqual(notes[2], ['record-cper', 'write=true'], 'after the reboot the block is free again');
});

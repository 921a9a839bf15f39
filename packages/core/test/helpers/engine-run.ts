// Runs a scenario in-process with the fixture plugins (test/fixtures), the way `rasflow run`
// does, and returns the run output with the canonical journey records.
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { loadPluginSet, runHosts, type RunOutput } from '../../src/engine/run-scenario.js';
import type { JourneyRecord } from '../../src/results/journey-record.js';
import type { Injection } from '../fixtures/targeted-injector.js';
import type { ScriptedAccess } from '../fixtures/scripted-workload.js';

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface FixtureRun {
  accesses: ScriptedAccess[];
  injections?: Injection[];
  /** Scenario fields to merge (hosts, vms, engine, guest, durationNs…). */
  scenario?: Record<string, unknown>;
  /** Replace a layer with another fixture module (file name in test/fixtures). */
  firmware?: string;
  hypervisor?: string;
  vmm?: string;
  guest?: string;
  /** Options of the VMM fixture. */
  vmmOptions?: Record<string, unknown>;
}

export async function runFixture(r: FixtureRun): Promise<RunOutput & { journeys: JourneyRecord[] }> {
  const s = parseScenario({
    durationNs: 10_000,
    vms: { perHost: 1, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
    ...r.scenario,
    plugins: {
      firmware: { module: `./${r.firmware ?? 'minimal-firmware'}.js` },
      hypervisor: { module: `./${r.hypervisor ?? 'minimal-hypervisor'}.js` },
      vmm: { module: `./${r.vmm ?? 'minimal-vmm'}.js`, options: r.vmmOptions ?? {} },
      guest: { module: `./${r.guest ?? 'minimal-guest'}.js` },
      workload: { module: './scripted-workload.js', options: { accesses: r.accesses } },
      injectors: [{ module: './targeted-injector.js', options: { injections: r.injections ?? [] } }],
    },
  });
  const plugins = await loadPluginSet(s, fixturesDir);
  const out = runHosts(s, plugins, { baseDir: fixturesDir, keepJourneys: true });
  return { ...out, journeys: out.hosts.flatMap((h) => h.records ?? []) };
}

/** Counter value by name. */
export function count(out: RunOutput, name: string): number {
  const { COUNT_KEYS } = countKeys;
  return out.counts[COUNT_KEYS.indexOf(name as (typeof COUNT_KEYS)[number])]!;
}
import * as countKeys from '../../src/engine/counts.js';

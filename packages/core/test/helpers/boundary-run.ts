// Runs the minimal fixture stack in-process, as engine-run.ts does, with any layer (or the
// injector) replaced by a fixture module that takes options: the boundary-* tests of test/engine
// hand one invalid value to the engine through it.
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { loadPluginSet, runHosts, type RunOutput } from '../../src/engine/run-scenario.js';
import type { JourneyRecord } from '../../src/results/journey-record.js';
import type { Injection } from '../fixtures/targeted-injector.js';
import type { ScriptedAccess } from '../fixtures/scripted-workload.js';
import { fixturesDir } from './engine-run.js';

type Layer = 'firmware' | 'hypervisor' | 'vmm' | 'guest';

export interface BoundaryRun {
  accesses: ScriptedAccess[];
  /** Injections of the targeted injector (ignored when `injector` replaces it). */
  injections?: Injection[];
  /** Layers replaced: fixture file name (without .js) and its options. */
  layers?: Partial<Record<Layer, { module: string; options?: Record<string, unknown> }>>;
  /** An injector fixture in place of the targeted one. */
  injector?: { module: string; options?: Record<string, unknown> };
  /** A workload fixture in place of the scripted one (which then ignores `accesses`). */
  workload?: { module: string; options?: Record<string, unknown> };
}

export async function runBoundary(r: BoundaryRun): Promise<RunOutput & { journeys: JourneyRecord[] }> {
  const layer = (l: Layer) => ({
    module: `./${r.layers?.[l]?.module ?? `minimal-${l}`}.js`,
    options: r.layers?.[l]?.options ?? {},
  });
  const s = parseScenario({
    durationNs: 10_000,
    vms: { perHost: 1, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
    plugins: {
      firmware: layer('firmware'),
      hypervisor: layer('hypervisor'),
      vmm: layer('vmm'),
      guest: layer('guest'),
      workload: r.workload === undefined
        ? { module: './scripted-workload.js', options: { accesses: r.accesses } }
        : { module: `./${r.workload.module}.js`, options: r.workload.options ?? {} },
      injectors: [r.injector === undefined
        ? { module: './targeted-injector.js', options: { injections: r.injections ?? [] } }
        : { module: `./${r.injector.module}.js`, options: r.injector.options ?? {} }],
    },
  });
  const plugins = await loadPluginSet(s, fixturesDir);
  const out = runHosts(s, plugins, { baseDir: fixturesDir, keepJourneys: true });
  return { ...out, journeys: out.hosts.flatMap((h) => h.records ?? []) };
}

/** One poisoned page of process 0 (page 1), then a load from it: the S1 path. */
export const POISON_THEN_LOAD = {
  injections: [{ atNs: 10, pid: 0, page: 1, offset: 0 }] as Injection[],
  accesses: [{ atNs: 100, pid: 0, address: 0x1000, kind: 'load' }] as ScriptedAccess[],
};

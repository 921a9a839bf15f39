// Runs a scenario end to end with core's API, the way `rasflow run` does: the scenario's workload
// and injections go through this package's default plugins (loaded by their package subpaths),
// the RAS layers through the minimal fixtures in test/fixtures (the profile defaults do not exist
// yet). Returns the run output, the journey records and the run digest.
import { fileURLToPath } from 'node:url';
import {
  COUNT_KEYS, loadPluginSet, parseScenario, runDigest, runHosts,
  type CountKey, type JourneyRecord, type RunOutput, type Scenario,
} from '@rasflow/core';

/** The compiled fixtures directory: relative plugin paths resolve against it. */
export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The RAS layers every test run uses. */
export const FIXTURE_LAYERS = {
  firmware: { module: './minimal-firmware.js' },
  hypervisor: { module: './minimal-hypervisor.js' },
  vmm: { module: './minimal-vmm.js' },
  guest: { module: './minimal-guest.js' },
} as const;

/** A small VM: 4 MiB of guest RAM, 16 kernel pages, 2 processes of 16 pages. */
export const SMALL_VMS = { perHost: 1, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 };

export interface ScenarioRun extends RunOutput {
  scenario: Scenario;
  journeys: JourneyRecord[];
  digest: string;
}

/** Validates `input` (plus the fixture RAS layers), loads the plugin set and runs every host. */
export async function runScenario(input: Record<string, unknown>): Promise<ScenarioRun> {
  const plugins = (input['plugins'] ?? {}) as Record<string, unknown>;
  const scenario = parseScenario({ ...input, plugins: { ...FIXTURE_LAYERS, ...plugins } });
  const set = await loadPluginSet(scenario, fixturesDir);
  const out = runHosts(scenario, set, { baseDir: fixturesDir, keepJourneys: true });
  return {
    ...out,
    scenario,
    journeys: out.hosts.flatMap((h) => h.records ?? []),
    digest: runDigest(out.hosts.map((h) => h.digest)),
  };
}

/** A scripted run: one host, SMALL_VMS unless `scenario` says otherwise. */
export function runScripted(
  accesses: Record<string, unknown>[], injections: Record<string, unknown>[], scenario: Record<string, unknown> = {},
): Promise<ScenarioRun> {
  return runScenario({
    durationNs: 10_000,
    vms: SMALL_VMS,
    ...scenario,
    workload: { kind: 'scripted', accesses },
    injections,
  });
}

/** Counter `name` of a run. */
export function count(out: RunOutput, name: CountKey): number {
  return out.counts[COUNT_KEYS.indexOf(name)]!;
}

/** The `layer:action` list of a journey's steps. */
export function stepNames(j: JourneyRecord): string[] {
  return j.steps.map((s) => `${s.layer}:${s.action}`);
}

/** The first step of a journey with `action`, or a failed assertion naming the journey. */
export function stepOf(j: JourneyRecord, action: string): JourneyRecord['steps'][number] {
  const s = j.steps.find((x) => x.action === action);
  if (s === undefined) throw new Error(`journey ${j.id} has no '${action}' step: ${stepNames(j).join(', ')}`);
  return s;
}

// Runs a scenario end to end with core's API, the way `rasflow run` does: everything goes through
// this package's default plugins, loaded by their package subpaths (the scenario's profile, seed
// by default, for the RAS layers). Returns the run output, the journey records and the run digest.
import { fileURLToPath } from 'node:url';
import {
  COUNT_KEYS, loadPluginSet, parseScenario, runDigest, runHosts,
  type CountKey, type JourneyRecord, type RunOutput, type Scenario,
} from '@rasflow/core';

/** Where relative plugin paths resolve (this directory, compiled). */
export const baseDir = fileURLToPath(new URL('.', import.meta.url));

/** A small VM: 4 MiB of guest RAM, 16 kernel pages, 2 processes of 16 pages. */
export const SMALL_VMS = { perHost: 1, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 };

export interface ScenarioRun extends RunOutput {
  scenario: Scenario;
  journeys: JourneyRecord[];
  digest: string;
}

/**
 * The profile's default RAS plugins with zero handler latency: these tests are about workloads and
 * injections, so a journey should not take simulated time away from the accesses they count.
 */
export const NO_LATENCY = {
  firmware: { options: { latencyNs: 0 } },
  hypervisor: { options: { kvmNs: 0, memoryFailureNs: 0 } },
  vmm: { options: { latencyNs: 0 } },
  guest: { options: { latencyNs: 0 } },
} as const;

/** Validates `input`, loads the plugin set and runs every host. */
export async function runScenario(input: Record<string, unknown>): Promise<ScenarioRun> {
  const plugins = (input['plugins'] ?? {}) as Record<string, unknown>;
  const scenario = parseScenario({ ...input, plugins: { ...NO_LATENCY, ...plugins } });
  const set = await loadPluginSet(scenario, baseDir);
  const out = runHosts(scenario, set, { baseDir, keepJourneys: true });
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

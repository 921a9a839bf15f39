// Runs one row of flow.md §6 (the normative decision table): a scripted workload and targeted
// injections on one host with one VM, with the default plugins of a profile.
import { fileURLToPath } from 'node:url';
import { COUNT_KEYS, loadPluginSet, parseScenario, runHosts, type JourneyRecord, type StepRecord } from '@rasflow/core';

const baseDir = fileURLToPath(new URL('.', import.meta.url));

export interface Row {
  profile: 'seed' | 'upstream';
  accesses: Record<string, unknown>[];
  injections: Record<string, unknown>[];
  scenario?: Record<string, unknown>;
  /** Options per layer for the profile's default plugins. */
  options?: Partial<Record<'firmware' | 'hypervisor' | 'vmm' | 'guest', Record<string, unknown>>>;
}

export interface RowResult {
  journeys: JourneyRecord[];
  counts: Record<string, number>;
}

export async function runRow(row: Row): Promise<RowResult> {
  const plugins: Record<string, unknown> = {};
  for (const [layer, options] of Object.entries(row.options ?? {})) {
    plugins[layer] = { module: `@rasflow/plugins/${row.profile}/${layer}`, options };
  }
  const s = parseScenario({
    profile: row.profile,
    durationNs: 5_000_000,
    hosts: { cpus: 4 },
    vms: { perHost: 1, vcpus: 2, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
    guest: { restartNs: 100_000 },
    ...row.scenario,
    workload: { kind: 'scripted', accesses: row.accesses },
    injections: row.injections,
    plugins,
  });
  const out = runHosts(s, await loadPluginSet(s, baseDir), { baseDir, keepJourneys: true });
  const counts: Record<string, number> = {};
  COUNT_KEYS.forEach((k, i) => (counts[k] = out.counts[i]!));
  return { journeys: out.hosts.flatMap((h) => h.records ?? []), counts };
}

/** `layer:action` of every step. */
export function chain(j: JourneyRecord): string[] {
  return j.steps.map((s) => `${s.layer}:${s.action}`);
}

/** The first step with this action (and layer, if given); fails the test when absent. */
export function stepOf(j: JourneyRecord, action: string, layer?: string): StepRecord {
  const s = j.steps.find((x) => x.action === action && (layer === undefined || x.layer === layer));
  if (s === undefined) throw new Error(`journey ${j.id} has no ${layer ?? ''}:${action} step; steps: ${chain(j).join(' ')}`);
  return s;
}

/** A poisoned granule in process 0's page 2, consumed by a load at 10 µs. */
export const PAGE = 0x1000;
export const poisonP0 = (event: Record<string, unknown> = {}) => ({
  kind: 'targeted', atNs: 1_000, target: { process: 0, page: 2, offset: 0x40 }, event: { type: 'poison', ...event },
});
export const loadP0 = (kind = 'load', process: number | 'kernel' = 0) => ({ atNs: 10_000, process, address: 2 * PAGE + 0x40, kind });

// Loads a bundled scenario from examples/ and runs it the way `rasflow run` does (parseScenario,
// loadPluginSet, runHosts with the journeys kept), for the failure-mode tests of flow.md §8.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  COUNT_KEYS, loadPluginSet, parseScenario, runHosts,
  type CountKey, type JourneyRecord, type Scenario, type StepRecord, type VmResult,
} from '@rasflow/core';

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('tests: cannot find the repository root (pnpm-workspace.yaml)');
    dir = up;
  }
}

/** The repository root (holds pnpm-workspace.yaml) and its examples/ directory. */
export const repoRoot = findRepoRoot();
export const examplesDir = join(repoRoot, 'examples');

export type Profile = 'seed' | 'upstream';
export type Layer = 'firmware' | 'hypervisor' | 'vmm' | 'guest';
type Json = Record<string, unknown>;

/** The JSON scenario files directly in examples/, sorted. */
export function exampleFiles(): string[] {
  return readdirSync(examplesDir).filter((n) => n.endsWith('.json')).sort();
}

/** The parsed JSON of examples/<name>.json (a fresh copy each time). */
export function readExample(name: string): Json {
  return JSON.parse(readFileSync(join(examplesDir, `${name}.json`), 'utf8')) as Json;
}

const PROFILE_MODULE = /^@rasflow\/plugins\/(seed|upstream)\//;

/**
 * The scenario as run with another profile. Unlike `rasflow run --profile`, a layer the example
 * names only to set options of a profile's default plugin (`@rasflow/plugins/<profile>/<layer>`)
 * follows the profile too, so that all four layers come from the same profile.
 */
export function withProfile(raw: Json, profile: Profile): Json {
  const plugins = { ...((raw['plugins'] ?? {}) as Json) };
  for (const [layer, ref] of Object.entries(plugins)) {
    const r = ref as { module?: unknown } | undefined;
    if (r !== undefined && typeof r.module === 'string' && PROFILE_MODULE.test(r.module)) {
      plugins[layer] = { ...r, module: r.module.replace(PROFILE_MODULE, `@rasflow/plugins/${profile}/`) };
    }
  }
  return { ...raw, profile, plugins };
}

/** The scenario with more options for the default plugin of `layer` (of the scenario's profile). */
export function withLayerOptions(raw: Json, layer: Layer, options: Json): Json {
  const plugins = { ...((raw['plugins'] ?? {}) as Json) };
  const old = (plugins[layer] ?? {}) as { module?: string; options?: Json };
  const profile = (raw['profile'] ?? 'seed') as Profile;
  plugins[layer] = { module: old.module ?? `@rasflow/plugins/${profile}/${layer}`, options: { ...old.options, ...options } };
  return { ...raw, plugins };
}

export interface ExampleRun {
  scenario: Scenario;
  journeys: JourneyRecord[];
  counts: Record<CountKey, number>;
  vms: VmResult[];
  complete: boolean;
}

/** Validates and runs a scenario (relative plugin paths resolve against examples/). */
export async function runExample(raw: Json): Promise<ExampleRun> {
  const scenario = parseScenario(raw);
  const out = runHosts(scenario, await loadPluginSet(scenario, examplesDir), { baseDir: examplesDir, keepJourneys: true });
  const counts = {} as Record<CountKey, number>;
  COUNT_KEYS.forEach((k, i) => (counts[k] = out.counts[i]!));
  return {
    scenario,
    journeys: out.hosts.flatMap((h) => h.records ?? []),
    counts,
    vms: out.hosts.flatMap((h) => h.vms),
    complete: out.complete,
  };
}

/** Runs examples/<name>.json with `profile` (its own profile when omitted). */
export function runNamed(name: string, profile?: Profile): Promise<ExampleRun> {
  const raw = readExample(name);
  return runExample(profile === undefined ? raw : withProfile(raw, profile));
}

/** Outcome counters (journeys by outcome) that are not zero, for deepEqual. */
export function outcomes(run: ExampleRun): Partial<Record<CountKey, number>> {
  const keys: CountKey[] = [
    'corrected', 'latent', 'recovered', 'ignored', 'guestPageOfflined', 'guestAppKilled', 'guestPanic',
    'vmTerminated', 'hostPanic', 'livelock', 'silentCorruption',
  ];
  const o: Partial<Record<CountKey, number>> = {};
  for (const k of keys) if (run.counts[k] !== 0) o[k] = run.counts[k];
  return o;
}

/** `layer:action` of every step. */
export function chain(j: JourneyRecord): string[] {
  return j.steps.map((s) => `${s.layer}:${s.action}`);
}

/** The steps with this action (and layer, if given). */
export function stepsOf(j: JourneyRecord, action: string, layer?: string): StepRecord[] {
  return j.steps.filter((x) => x.action === action && (layer === undefined || x.layer === layer));
}

/** The first step with this action (and layer, if given); fails the test when absent. */
export function stepOf(j: JourneyRecord, action: string, layer?: string): StepRecord {
  const s = stepsOf(j, action, layer)[0];
  if (s === undefined) throw new Error(`journey ${j.id} has no ${layer ?? ''}:${action} step; steps: ${chain(j).join(' ')}`);
  return s;
}

/** Index of the first step with this action (and layer), -1 when absent. */
export function indexOfStep(j: JourneyRecord, action: string, layer?: string): number {
  return j.steps.findIndex((x) => x.action === action && (layer === undefined || x.layer === layer));
}

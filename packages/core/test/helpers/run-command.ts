// Helpers for the `rasflow run` tests: scenario files in a temporary directory whose plugins are
// the compiled test fixtures (absolute file:// URLs, since the profile defaults do not exist
// yet), a real-filesystem CliIo that captures what the command prints, and the files it wrote.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processIo, type CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { ResultsJson } from '../../src/results/results-json.js';
import type { Injection } from '../fixtures/targeted-injector.js';
import type { ScriptedAccess } from '../fixtures/scripted-workload.js';

/** file:// URL of a compiled fixture (dist/test/fixtures/<name>.js). */
export function fixtureUrl(name: string): string {
  return new URL(`../fixtures/${name}.js`, import.meta.url).href;
}

/** The four RAS layers, all named explicitly (the profile defaults do not exist yet). */
export function rasPlugins(vmm = 'minimal-vmm'): Record<string, { module: string; options?: Record<string, unknown> }> {
  return {
    firmware: { module: fixtureUrl('minimal-firmware') },
    hypervisor: { module: fixtureUrl('minimal-hypervisor') },
    vmm: { module: fixtureUrl(vmm) },
    guest: { module: fixtureUrl('minimal-guest') },
  };
}

const SMALL_VMS = { perHost: 1, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 };

/** A scenario replaying explicit accesses and injections (on every host). */
export function scriptedScenario(accesses: ScriptedAccess[], injections: Injection[], fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'scripted',
    durationNs: 10_000,
    vms: SMALL_VMS,
    ...fields,
    plugins: {
      ...rasPlugins(),
      workload: { module: fixtureUrl('scripted-workload'), options: { accesses } },
      injectors: [{ module: fixtureUrl('targeted-injector'), options: { injections } }],
    },
  };
}

/**
 * Per host: a clean load (the one access counted: the consuming one does not retire), then a
 * load of a poisoned granule, whose journey ends in guest-app-killed.
 */
export const ONE_SEA = {
  accesses: [
    { atNs: 50, pid: 0, address: 0x3000, kind: 'load' },
    { atNs: 100, pid: 0, address: 0x1000, kind: 'load' },
  ] as ScriptedAccess[],
  injections: [{ atNs: 10, pid: 0, page: 1, offset: 0 }] as Injection[],
};

/** Random accesses with per-access poisoning: results depend on the seed. */
export function randomScenario(fields: Record<string, unknown> = {}, probability = 2e-5): Record<string, unknown> {
  return {
    name: 'random',
    seed: 7,
    durationNs: 200_000,
    engine: { sliceNs: 50_000 },
    hosts: { count: 2 },
    vms: { perHost: 2, vcpus: 2, memoryMiB: 8, kernelPages: 64, processes: 3, processPages: 128 },
    guest: { restartNs: 20_000 },
    ...fields,
    plugins: {
      ...rasPlugins(),
      workload: { module: fixtureUrl('random-workload') },
      injectors: probability > 0 ? [{ module: fixtureUrl('per-access-injector'), options: { probability } }] : [],
    },
  };
}

/**
 * Duration of the runs the signal tests interrupt: with randomScenario(…, 0) a host makes 8e8
 * accesses (about 10 s here), long enough to be interrupted mid-host, short enough that a stop
 * that does not work fails the test (complete: true) instead of hanging it.
 */
export const LONG_NS = 200_000_000;

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'rasflow-run-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes a scenario (an object, or raw text) as JSON into `dir`; returns its path. */
export async function writeScenario(dir: string, scenario: Record<string, unknown> | string, name = 'scenario.json'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof scenario === 'string' ? scenario : JSON.stringify(scenario, null, 2));
  return path;
}

/** What one `rasflow run` printed and returned. */
export interface Ran {
  code: number;
  out: string[];
  err: string[];
}

/** The real-filesystem CliIo (processIo) with stdout and stderr captured and the given cwd. */
export function capturingIo(cwd: string, onOut?: (text: string) => void): CliIo & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return {
    ...processIo(),
    cwd,
    out_,
    err_,
    out: (t) => {
      out_.push(t);
      onOut?.(t);
    },
    err: (t) => void err_.push(t),
  };
}

/** `runCli(['run', ...args])` with a capturing io whose cwd is `cwd`. */
export async function runRun(args: string[], cwd: string, onOut?: (text: string) => void): Promise<Ran> {
  const io = capturingIo(cwd, onOut);
  const code = await runCli(['run', ...args], io);
  return { code, out: io.out_, err: io.err_ };
}

/** Reads and parses DIR/results.json. */
export async function readResults(dir: string): Promise<ResultsJson> {
  return JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as ResultsJson;
}

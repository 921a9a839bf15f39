// What the example tests share: an example's scenario, run in this thread the way `rasflow run`
// runs it (parseScenario, loadPluginSet, runHosts), or the `rasflow` command in a child process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  COUNT_KEYS, loadPluginSet, parseScenario, runDigest, runHosts,
  type CountKey, type JourneyRecord, type VmResult,
} from '@rasflow/core';

type Json = Record<string, unknown>;

/** examples/plugins/<name>/ (the sources, where scenario.json is; this file runs from dist/helpers/). */
export function exampleDir(name: string): string {
  return fileURLToPath(new URL(`../../${name}/`, import.meta.url));
}

/** A fresh copy of examples/plugins/<name>/scenario.json. */
export function readScenario(name: string): Json {
  return JSON.parse(readFileSync(join(exampleDir(name), 'scenario.json'), 'utf8')) as Json;
}

/**
 * The scenario with every relative plugin path made absolute (against `dir`, the directory of the
 * file it came from), so that a copy written anywhere else loads the same modules.
 */
export function withAbsoluteModules(raw: Json, dir: string): Json {
  const fix = (ref: unknown): unknown => {
    const r = ref as { module?: unknown };
    return typeof r?.module === 'string' && r.module.startsWith('.') ? { ...r, module: resolve(dir, r.module) } : ref;
  };
  const plugins = Object.fromEntries(Object.entries((raw['plugins'] ?? {}) as Json)
    .map(([k, v]) => [k, Array.isArray(v) ? v.map(fix) : fix(v)]));
  return { ...raw, plugins };
}

export interface Run {
  journeys: JourneyRecord[];
  vms: VmResult[];
  counts: Record<CountKey, number>;
  digest: string;
  complete: boolean;
}

/** Validates and runs `raw` in this thread; relative plugin paths resolve against `baseDir`. */
export async function runInThread(raw: Json, baseDir: string): Promise<Run> {
  const scenario = parseScenario(raw);
  const out = runHosts(scenario, await loadPluginSet(scenario, baseDir), { baseDir, keepJourneys: true });
  const counts = {} as Record<CountKey, number>;
  COUNT_KEYS.forEach((k, i) => (counts[k] = out.counts[i]!));
  return {
    journeys: out.hosts.flatMap((h) => h.records ?? []),
    vms: out.hosts.flatMap((h) => h.vms),
    counts,
    digest: runDigest(out.hosts.map((h) => h.digest)),
    complete: out.complete,
  };
}

/** The rasflow command of the @rasflow/core this package depends on. */
const MAIN = fileURLToPath(new URL('./cli/main.js', import.meta.resolve('@rasflow/core')));

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Runs `rasflow <args>` in a child process. `killWhen`: SIGKILL it as soon as its stderr
 * contains that text (a run stopped at a known point, e.g. by a stalling fixture).
 */
export function rasflow(args: string[], opts: { cwd: string; env?: Record<string, string>; killWhen?: string }): Promise<Ran> {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: opts.cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...opts.env },
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
    if (opts.killWhen !== undefined && stderr.includes(opts.killWhen)) child.kill('SIGKILL');
  });
  return new Promise((res) => child.on('exit', (code, signal) => res({ code, signal, stderr })));
}

/** What {@link killAndResume} leaves: the uninterrupted run's and the resumed run's results. */
export interface Resumed {
  whole: { digest: string; complete: boolean };
  resumed: { digest: string; complete: boolean };
  /** The resumed run's journeys (journeys.jsonl). */
  journeys: JourneyRecord[];
}

/**
 * Runs scenario `raw` (its modules made absolute against `dir`) with the stall injector
 * (page-limit-vmm/test/stall-injector) stopping it at `stallAtNs`: once uninterrupted, once with a
 * checkpoint every 100 µs killed with SIGKILL when it stalls, then `rasflow resume`d. Asserts that
 * each step went as planned and returns both results.
 */
export async function killAndResume(raw: Json, dir: string, stallAtNs: number): Promise<Resumed> {
  const tmp = await mkdtemp(join(tmpdir(), 'rasflow-example-'));
  try {
    const s = withAbsoluteModules(raw, dir);
    const stall = fileURLToPath(new URL('../page-limit-vmm/test/stall-injector.js', import.meta.url));
    (s['plugins'] as Json)['injectors'] = [{ module: stall, options: { atNs: stallAtNs } }];
    const file = join(tmp, 'scenario.json');
    await writeFile(file, JSON.stringify(s));
    const common = ['--workers', '1', '--quiet', '--journeys', '--watchdog', '0'];
    const whole = await rasflow(['run', file, '--out', join(tmp, 'whole'), ...common], { cwd: tmp });
    assert.equal(whole.code, 0, whole.stderr);
    const cut = join(tmp, 'cut');
    const killed = await rasflow(['run', file, '--out', cut, ...common, '--checkpoint-every', '100us'], {
      cwd: tmp, env: { RASFLOW_EXAMPLE_STALL: '1' }, killWhen: 'stalled',
    });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    const resumed = await rasflow(['resume', cut, '--quiet'], { cwd: tmp });
    assert.equal(resumed.code, 0, resumed.stderr);
    const results = async (d: string) => JSON.parse(await readFile(join(d, 'results.json'), 'utf8')) as { digest: string; complete: boolean };
    const journeys = (await readFile(join(cut, 'journeys.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as JourneyRecord);
    return { whole: await results(join(tmp, 'whole')), resumed: await results(cut), journeys };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

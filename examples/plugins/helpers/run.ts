// What the example tests share: an example's scenario, run in this thread the way `rasflow run`
// runs it (parseScenario, loadPluginSet, runHosts), or the `rasflow` command in a child process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

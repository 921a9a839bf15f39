/**
 * Startup: how long `rasflow run` takes from the start of its process to the first simulated
 * access. The figure is rasflow's own (results.json's `startup.firstAccessMs`, measured from the
 * process's performance.timeOrigin to the first slice of the first worker), so the suite only
 * spawns the CLI as a person would — node on the compiled main.js, no package manager in between,
 * whose own startup would be counted otherwise — and reads it back. The target is ≤ 500 ms for the
 * quick start.
 *
 * Beside it, in the same run: the process's wall time from spawn to exit (the whole run, results
 * written), and node's own start — a bare `node -e` that reports its performance.now() at its
 * first line of user code — so a reader can tell rasflow's share from what any node program pays
 * on this machine. Samples alternate bare node, rasflow, bare node, …; a fresh output directory
 * per run, all removed at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResultsJson } from '@rasflow/core';
import { figure, type Figure } from './stats.js';

export interface StartupOptions {
  /** rasflow processes to start (one sample each). */
  runs: number;
  /** Scenario file (default: examples/quickstart.json); a small one keeps tests fast. */
  scenario?: string;
  progress?: (line: string) => void;
}

export interface StartupResult {
  /** The scenario run, as given (absolute path). */
  scenario: string;
  runs: number;
  /** Worker threads the runs used (results.json's workersUsed; the CLI's default --workers). */
  workersUsed: number;
  /** results.json's startup.firstAccessMs: process start to the first simulated access, ms. */
  firstAccessMs: Figure;
  /** The rasflow process from spawn to exit, ms: startup, simulation, results written. */
  processMs: Figure;
  /** A bare node process's start to its first line of user code, ms: what every node program pays. */
  nodeStartMs: Figure;
  /** The target for firstAccessMs on the quick start. */
  targetMs: number;
  /** Whether the median of firstAccessMs is within targetMs. */
  withinTarget: boolean;
}

export const STARTUP_TARGET_MS = 500;

/** Found from this file (packages/bench/dist/src), so any working directory works. */
const CLI = fileURLToPath(new URL('../../../core/dist/src/cli/main.js', import.meta.url));
const QUICKSTART = fileURLToPath(new URL('../../../../examples/quickstart.json', import.meta.url));

interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs node with `args` to its exit; `ms` is spawn to exit as the parent sees it. */
function node(args: string[]): Promise<Exited> {
  return new Promise((done, fail) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => void (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => void (stderr += b.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
  });
}

async function nodeStart(): Promise<number> {
  const r = await node(['-e', 'process.stdout.write(String(performance.now()))']);
  const ms = Number(r.stdout);
  if (r.code !== 0 || !Number.isFinite(ms)) throw new Error(`startup: bare node failed (${r.code}): ${r.stderr}`);
  return ms;
}

async function rasflowRun(scenario: string, out: string): Promise<{ firstAccessMs: number; processMs: number; workersUsed: number }> {
  const r = await node([CLI, 'run', scenario, '--quiet', '--out', out]);
  if (r.code !== 0) throw new Error(`startup: rasflow run ${scenario} exited with ${r.code}: ${r.stderr.trim()}`);
  const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as ResultsJson;
  const ms = results.startup?.firstAccessMs;
  if (typeof ms !== 'number' || !(ms > 0)) throw new Error(`startup: results.json of ${scenario} has no startup.firstAccessMs (${String(ms)})`);
  return { firstAccessMs: ms, processMs: r.ms, workersUsed: results.workersUsed };
}

export async function runStartupSuite(o: StartupOptions): Promise<StartupResult> {
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new RangeError(`runs must be a positive integer, got ${o.runs}`);
  const scenario = resolve(o.scenario ?? QUICKSTART);
  const dir = await mkdtemp(join(tmpdir(), 'rasflow-bench-startup-'));
  const first: number[] = [];
  const whole: number[] = [];
  const bare: number[] = [];
  let workersUsed = 0;
  try {
    for (let k = 0; k < o.runs; k++) {
      bare.push(await nodeStart());
      const r = await rasflowRun(scenario, join(dir, String(k)));
      first.push(r.firstAccessMs);
      whole.push(r.processMs);
      workersUsed = r.workersUsed;
      o.progress?.(`startup: run ${k + 1}/${o.runs}: first access at ${r.firstAccessMs.toFixed(0)} ms, ` +
        `process ${r.processMs.toFixed(0)} ms (bare node ${bare[k]!.toFixed(0)} ms)`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const firstAccessMs = figure(first);
  return {
    scenario, runs: o.runs, workersUsed, firstAccessMs, processMs: figure(whole), nodeStartMs: figure(bare),
    targetMs: STARTUP_TARGET_MS, withinTarget: firstAccessMs.median <= STARTUP_TARGET_MS,
  };
}

/** The startup table: milliseconds, median/min/max over the runs. */
export function formatStartup(r: StartupResult): string {
  const rows = [
    ['', 'median', 'min', 'max', 'samples'],
    ...([
      ['first simulated access', r.firstAccessMs],
      ['process, spawn to exit', r.processMs],
      ['bare node, to user code', r.nodeStartMs],
    ] as const).map(([name, f]) => [name, ms(f.median), ms(f.min), ms(f.max), String(f.samples.length)]),
  ];
  const widths = rows[0]!.map((_c, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const lines = rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return [
    `startup: rasflow run ${r.scenario} --quiet, ${r.runs} processes, ${r.workersUsed} worker thread(s) each (ms from process start)`,
    ...lines,
    `first access ${r.withinTarget ? 'within' : 'ABOVE'} the ${r.targetMs} ms target (median ${ms(r.firstAccessMs.median)} ms)`,
  ].join('\n');
}

const ms = (v: number): string => v.toFixed(1);

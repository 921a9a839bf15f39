/**
 * What a benchmark run leaves behind: a table for the person at the terminal and a JSON document
 * (packages/bench/results/latest.json by default) for whoever compares runs later. The JSON keeps
 * every sample, not only the medians, so a later reader can recompute the ratios or spot drift
 * within a run.
 */
import { writeFileSync } from 'node:fs';
import { makeDirSync } from '@rasflow/core';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import type { CleanPathResult } from './clean-path-suite.js';
import type { EngineRunResult } from './engine-run-suite.js';
import type { ErrorRateResult } from './error-rate-suite.js';
import type { FleetResult } from './fleet-suite.js';
import type { JourneyResult } from './journey-suite.js';
import type { MacroCleanPathResult } from './macro-clean-path-suite.js';
import type { MicroResult } from './micro-suite.js';
import type { StartupResult } from './startup-suite.js';
import type { WorkerScalingResult } from './worker-scaling-suite.js';
import { relativeSpread, type Figure, type RatioFigure } from './stats.js';

/** Every suite's full result (raw samples included). */
export interface BenchSuites {
  micro: MicroResult;
  cleanPath: CleanPathResult;
  macroCleanPath: MacroCleanPathResult;
  engineRun: EngineRunResult;
  journey: JourneyResult;
  errorRate: ErrorRateResult;
  workerScaling: WorkerScalingResult;
  fleet: FleetResult;
  startup: StartupResult;
}

/** The targets, each a ratio measured in this run (median of its pairs). */
export interface BenchRatios {
  /** Macro clean path (real engine, data-backed, the bare loop's stream) / bare access loop. Target ≥ 0.5. */
  cleanPath: number;
  /** Complete S1 journeys (seed) / bare journeys. Target ≥ 0.2. */
  journey: number;
  /** Accesses/s at 10^-4 poisonings per access / at 0. Target ≥ 0.7. */
  errorRate1e4: number;
  /** 2 workers / 1 worker on 8 hosts. Target ≥ 1.8 on 2 cores. */
  scaling2w: number;
}

export const TARGETS: Readonly<BenchRatios> = { cleanPath: 0.5, journey: 0.2, errorRate1e4: 0.7, scaling2w: 1.8 };

export interface BenchReport {
  rasflow: 'bench';
  date: string;
  node: string;
  /** Logical CPUs: the figures on a 2-core machine and a 64-core one are not comparable. */
  cpus: number;
  cpuModel: string;
  /** `quick` or `full`: quick figures are noisier and should not be compared with full ones. */
  mode: 'quick' | 'full';
  ratios: BenchRatios;
  /** The largest fleet size measured (target: 1,000 VMs × 4 vCPUs × 1 GiB in ≤ 2,048 MiB). */
  fleet: { vms: number; vcpus: number; peakRssMiB: number };
  /** Median ms from process start to the first simulated access of the quick start (target ≤ 500). */
  startup: { firstAccessMs: number };
  suites: BenchSuites;
}

export function makeReport(mode: 'quick' | 'full', suites: BenchSuites): BenchReport {
  const list = cpus();
  const at1e4 = suites.errorRate.points.find((p) => p.rate === 1e-4);
  const biggest = suites.fleet.sizes.reduce((a, b) => (b.vms > a.vms ? b : a));
  return {
    rasflow: 'bench',
    date: new Date().toISOString(),
    node: process.version,
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    mode,
    ratios: {
      cleanPath: suites.macroCleanPath.ratio.median,
      journey: suites.journey.ratio.median,
      errorRate1e4: at1e4 === undefined ? NaN : at1e4.ratio.median,
      scaling2w: suites.workerScaling.ratio.median,
    },
    fleet: { vms: biggest.vms, vcpus: biggest.vms * biggest.vcpus, peakRssMiB: biggest.peakRssMiB },
    startup: { firstAccessMs: suites.startup.firstAccessMs.median },
    suites,
  };
}

/** The targets table: each ratio, its target and whether this run met it. */
export function formatTargets(r: BenchReport): string {
  const rows: string[][] = [['target', 'measured', 'goal', '']];
  const mark = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  for (const k of Object.keys(TARGETS) as (keyof BenchRatios)[]) {
    rows.push([k, `×${r.ratios[k].toFixed(3)}`, `≥ ×${TARGETS[k]}`, mark(r.ratios[k] >= TARGETS[k])]);
  }
  rows.push(['fleet peak RSS', `${r.fleet.peakRssMiB.toFixed(0)} MiB (${r.fleet.vms} VMs, ${r.fleet.vcpus} vCPUs)`, '≤ 2048 MiB', mark(r.fleet.peakRssMiB <= 2048)]);
  rows.push(['first access', `${r.startup.firstAccessMs.toFixed(0)} ms`, '≤ 500 ms', mark(r.startup.firstAccessMs <= 500)]);
  return [`targets (${r.mode} run, ${r.cpus} CPUs, ${r.cpuModel}):`, ...aligned(rows, false)].join('\n');
}

export function writeReport(file: string, report: BenchReport): void {
  makeDirSync(dirname(file));
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/**
 * Rows as aligned columns: a header, a rule under it, the rate rows, a rule, the ratio rows
 * (`rates` says how many rows are rates).
 */
function table(rows: string[][], rates: number): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const lines = rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  lines.splice(1, 0, rule);
  lines.splice(2 + rates, 0, rule);
  return lines;
}

const HEADER = ['', 'median', 'min', 'max', 'spread', 'samples'];

/** The clean-path table: raw rates, then the pairwise ratios, then the checksums. */
export function formatCleanPath(r: CleanPathResult): string {
  const lines = table([
    HEADER,
    rateRow('bare access loop', r.bare),
    rateRow('engine clean path', r.engine),
    rateRow('engine, data-backed', r.engineDataBacked),
    ratioRow('engine / bare', r.ratio),
    ratioRow('data-backed / bare', r.ratioDataBacked),
  ], 3);
  return [
    `clean path: ${r.memoryBytes / (1 << 20)} MiB, batch ${r.batchSize}, ${r.pairs} pairs per mode, ` +
      `order ${r.sequence.join(' ')} … (rates in M accesses/s, ratios per pair)`,
    ...lines,
    `bare loop data and guest data filled before measuring (loads hit real memory, not the zero page); ` +
      `setup ${r.setupSeconds.toFixed(1)} s`,
    `accesses per sample: bare ${r.accessesPerSample.bare}, engine ${r.accessesPerSample.engine}, ` +
      `data-backed ${r.accessesPerSample.engineDataBacked}`,
    `checksum: bare ${r.checksum.bare}, engine ${r.checksum.engine}, data-backed ${r.checksum.engineDataBacked}`,
  ].join('\n');
}

function rateRow(name: string, f: Figure): string[] {
  return [name, m(f.median), m(f.min), m(f.max), pct(f), String(f.samples.length)];
}

function ratioRow(name: string, f: RatioFigure): string[] {
  return [name, `×${f.median.toFixed(3)}`, `×${f.min.toFixed(3)}`, `×${f.max.toFixed(3)}`, pct(f), String(f.pairs.length)];
}

const m = (perSecond: number): string => (perSecond / 1e6).toFixed(1);
const pct = (f: { median: number; min: number; max: number }): string => `±${(relativeSpread(f) * 100).toFixed(1)}%`;

/** The whole-engine table: the bare loop against complete clean runs of the engine. */
export function formatEngineRun(r: EngineRunResult): string {
  const lines = table([
    HEADER,
    rateRow('bare access loop', r.bare),
    rateRow('engine run, loads only', r.engineLoads),
    rateRow('engine run, default mix', r.engineMixed),
    ratioRow('loads / bare', r.ratioLoads),
    ratioRow('mix / bare', r.ratioMixed),
  ], 3);
  return [
    `engine run (runHosts, seed profile, scenario workload, no errors): ${r.memoryBytes / (1 << 20)} MiB guest, ${r.pairs} pairs per mode`,
    ...lines,
    `accesses per sample: bare ${r.accessesPerSample.bare}, loads ${r.accessesPerSample.loads}, mix ${r.accessesPerSample.mixed}; checksum ${r.checksum}`,
  ].join('\n');
}

/** The worker-scaling table: 1 and 2 workers on the same 8 hosts, and their pairwise ratio. */
export function formatWorkerScaling(r: WorkerScalingResult): string {
  const lines = table([
    HEADER,
    ...r.curve.map((p) => rateRow(`${p.workers} worker${p.workers === 1 ? '' : 's'}`, p.rate)),
    ...r.curve.filter((p) => p.workers > 1).map((p) => ratioRow(`${p.workers} workers / 1 worker`, p.ratio)),
    ratioRow('2 / 1, end to end', r.ratioEndToEnd),
  ], r.curve.length);
  return [
    `worker scaling: ${r.hosts} hosts of the quick start, ${r.durationNs / 1e6} ms simulated each, ${r.accesses} accesses per run, ` +
      `${r.ratio.pairs.length} pairs (rates in M accesses/s over the busiest worker's time)`,
    ...lines,
    `the same digest on 1 and 2 workers: ${r.digest.slice(0, 16)}…`,
  ].join('\n');
}

/** The macro clean path table: the bare loop against the real engine doing the same work. */
export function formatMacroCleanPath(r: MacroCleanPathResult): string {
  const lines = table([
    HEADER,
    rateRow('bare access loop', r.bare),
    rateRow('engine, same stream, data-backed', r.engine),
    ratioRow('engine / bare (cleanPath)', r.ratio),
  ], 2);
  return [
    `macro clean path: ${r.memoryBytes / (1 << 20)} MiB, ${r.pairs} pairs (rates in M accesses/s)`,
    ...lines,
    `setup ${r.setupSeconds.toFixed(1)} s (1 GiB bare data and the guest's written in full); checksum ${r.checksum}`,
  ].join('\n');
}

/** The error-rate sweep table: accesses/s, journeys/s and the ratio to the error-free samples. */
export function formatErrorRate(r: ErrorRateResult): string {
  const rows: string[][] = [['poisonings/access', 'M accesses/s', 'k journeys/s', 'vs rate 0', 'spread']];
  for (const p of r.points) {
    rows.push([
      p.rate === 0 ? '0' : p.rate.toExponential(0), m(p.accessesPerSecond.median),
      (p.journeysPerSecond.median / 1e3).toFixed(1), `×${p.ratio.median.toFixed(3)}`, pct(p.ratio),
    ]);
  }
  const lines = aligned(rows, true);
  return [`error-rate sweep (seed profile, per-access poison consumed at once, ${r.rounds} rounds of ${r.sampleSeconds} s):`, ...lines].join('\n');
}

/** Rows as columns with a rule under the header; numbers right-aligned when `numbers` is set. */
function aligned(rows: string[][], numbers: boolean): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const lines = rows.map((row) => row.map((cell, c) => (c === 0 || !numbers ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines;
}

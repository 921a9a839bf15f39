/**
 * What a benchmark run leaves behind: a table for the person at the terminal and a JSON document
 * (packages/bench/results/latest.json by default) for whoever compares runs later. The JSON keeps
 * every sample, not only the medians, so a later reader can recompute the ratios or spot drift
 * within a run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import type { CleanPathResult } from './clean-path-suite.js';
import type { EngineRunResult } from './engine-run-suite.js';
import type { WorkerScalingResult } from './worker-scaling-suite.js';
import { relativeSpread, type Figure, type RatioFigure } from './stats.js';

export interface BenchReport {
  rasflow: 'bench';
  date: string;
  node: string;
  /** Logical CPUs: the figures on a 2-core machine and a 64-core one are not comparable. */
  cpus: number;
  cpuModel: string;
  /** `quick` or `full`: quick figures are noisier and should not be compared with full ones. */
  mode: 'quick' | 'full';
  suites: { cleanPath: CleanPathResult; engineRun: EngineRunResult; workerScaling: WorkerScalingResult };
}

export function makeReport(mode: 'quick' | 'full', cleanPath: CleanPathResult, engineRun: EngineRunResult, workerScaling: WorkerScalingResult): BenchReport {
  const list = cpus();
  return {
    rasflow: 'bench',
    date: new Date().toISOString(),
    node: process.version,
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    mode,
    suites: { cleanPath, engineRun, workerScaling },
  };
}

export function writeReport(file: string, report: BenchReport): void {
  mkdirSync(dirname(file), { recursive: true });
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
    rateRow('1 worker', r.oneWorker),
    rateRow('2 workers', r.twoWorkers),
    ratioRow('2 workers / 1 worker', r.ratio),
    ratioRow('same, end to end', r.ratioEndToEnd),
  ], 2);
  return [
    `worker scaling: ${r.hosts} hosts of the quick start, ${r.durationNs / 1e6} ms simulated each, ${r.accesses} accesses per run, ` +
      `${r.ratio.pairs.length} pairs (rates in M accesses/s over the busiest worker's time)`,
    ...lines,
    `the same digest on 1 and 2 workers: ${r.digest.slice(0, 16)}…`,
  ].join('\n');
}

/**
 * The whole engine on a clean run against the bare access loop: a real scenario (one host, one
 * VM, one vCPU over the same memory as the bare loop, the seed profile's plugins, the scenario
 * workload) run by `runHosts`, so the figure includes the host loop, slices, the workload plugin's
 * batch fill and the access loop — everything but errors. Two workloads: loads only (the bare
 * loop's mix) and the default mix (30 % stores, 10 % fetches, 10 % kernel accesses).
 *
 * Samples alternate bare, engine, bare, engine-mixed; each engine sample is divided by the bare
 * sample just before it. Timed with hrtime: a sample is one run of a second or so, where a
 * harness adds nothing, and the host is rebuilt per run (its setup, a few ms, is inside the
 * sample: a real run pays it too).
 */
import { fileURLToPath } from 'node:url';
import { COUNT_KEYS, loadPluginSet, parseScenario, runHosts, type PluginSet, type Scenario } from '@rasflow/core';
import { bareAccessLoop, makeBareMemory, type BareMemory } from './bare-access-loop.js';
import { figure, pairRatios, type Figure, type RatioFigure } from './stats.js';

export interface EngineRunOptions {
  memoryBytes: number;
  pairs: number;
  sampleSeconds: number;
  progress?: (line: string) => void;
}

export interface EngineRunResult {
  memoryBytes: number;
  pairs: number;
  accessesPerSample: { bare: number; loads: number; mixed: number };
  bare: Figure;
  engineLoads: Figure;
  engineMixed: Figure;
  ratioLoads: RatioFigure;
  ratioMixed: RatioFigure;
  checksum: number;
}

const ACCESSES = COUNT_KEYS.indexOf('accesses');

function scenario(memoryBytes: number, accesses: number, mixed: boolean): Scenario {
  const pages = memoryBytes / 4096;
  return parseScenario({
    name: mixed ? 'bench-engine-mixed' : 'bench-engine-loads',
    durationNs: accesses,
    engine: { batchSize: 1024, sliceNs: 1_000_000 },
    hosts: { count: 1, cpus: 1 },
    vms: { perHost: 1, vcpus: 1, memoryMiB: memoryBytes / 2 ** 20, kernelPages: pages / 16, processes: 1, processPages: pages - pages / 16 },
    workload: mixed ? { kind: 'random' } : { kind: 'random', storeFraction: 0, fetchFraction: 0, kernelFraction: 0 },
  });
}

function timeEngine(s: Scenario, plugins: PluginSet): { rate: number; accesses: number } {
  const t0 = process.hrtime.bigint();
  const out = runHosts(s, plugins, { baseDir: process.cwd() });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const accesses = out.counts[ACCESSES]!;
  return { rate: accesses / seconds, accesses };
}

function timeBare(m: BareMemory, n: number, seed: number): { rate: number; sum: number } {
  const t0 = process.hrtime.bigint();
  const sum = bareAccessLoop(m, n, seed);
  return { rate: n / (Number(process.hrtime.bigint() - t0) / 1e9), sum };
}

export async function runEngineRunSuite(o: EngineRunOptions): Promise<EngineRunResult> {
  const say = o.progress ?? (() => undefined);
  const bare = makeBareMemory(o.memoryBytes);
  for (let i = 0; i < bare.data.length; i += 1024) bare.data[i] = i; // real pages, not the zero page
  const plugins = await loadPluginSet(scenario(o.memoryBytes, 1000, false), fileURLToPath(new URL('.', import.meta.url)));
  // Calibration: warm each path, then size its samples to about sampleSeconds.
  let checksum = 0;
  const nBare = Math.max(1e6, Math.round(timeBare(bare, 5e6, 1).rate * o.sampleSeconds));
  checksum ^= timeBare(bare, 5e6, 2).sum;
  const size = (mixed: boolean): number => {
    timeEngine(scenario(o.memoryBytes, 2e6, mixed), plugins);
    return Math.max(1e6, Math.round(timeEngine(scenario(o.memoryBytes, 5e6, mixed), plugins).rate * o.sampleSeconds));
  };
  const nLoads = size(false);
  const nMixed = size(true);
  const loads = scenario(o.memoryBytes, nLoads, false);
  const mixed = scenario(o.memoryBytes, nMixed, true);
  say(`engine run: calibrated ${nBare} bare, ${nLoads} loads-only, ${nMixed} mixed accesses per sample`);
  const bareRates: number[] = [];
  const loadRates: number[] = [];
  const mixedRates: number[] = [];
  for (let k = 0; k < o.pairs; k++) {
    let b = timeBare(bare, nBare, 10 + k);
    checksum ^= b.sum;
    bareRates.push(b.rate);
    loadRates.push(timeEngine(loads, plugins).rate);
    b = timeBare(bare, nBare, 100 + k);
    checksum ^= b.sum;
    bareRates.push(b.rate);
    mixedRates.push(timeEngine(mixed, plugins).rate);
    say(`engine run: pair ${k + 1}/${o.pairs}: ×${(loadRates[k]! / bareRates[2 * k]!).toFixed(3)} loads, ×${(mixedRates[k]! / bareRates[2 * k + 1]!).toFixed(3)} mixed`);
  }
  return {
    memoryBytes: o.memoryBytes,
    pairs: o.pairs,
    accessesPerSample: { bare: nBare, loads: nLoads, mixed: nMixed },
    bare: figure(bareRates),
    engineLoads: figure(loadRates),
    engineMixed: figure(mixedRates),
    ratioLoads: pairRatios(bareRates.filter((_r, i) => i % 2 === 0), loadRates),
    ratioMixed: pairRatios(bareRates.filter((_r, i) => i % 2 === 1), mixedRates),
    checksum,
  };
}

/**
 * Worker scaling: the same 8-host scenario (the quick start's hosts, VMs and error mix) on 1, 2,
 * 4 … up to all cores' worker threads, in rounds (1, 2, …, N, 1, 2, …); each count's ratio is
 * taken against the 1-worker run of the same round. The `scaling2w` figure is the 2-worker ratio;
 * on a machine with more cores the whole curve is reported. The target is ≥ 1.8 on 2 cores:
 * hosts share nothing, so only the main thread, the yields for queries and the machine's own
 * noise stand between two workers and twice the speed. Both runs must give the same digest, or
 * the figure is meaningless: the suite checks it.
 *
 * Throughput is accesses over the busiest worker's simulating time (results.json's wallSeconds);
 * the end-to-end time (thread start, plugin loading, merge) is reported beside it.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { COUNT_KEYS, parseScenario, runDigest, type Scenario } from '@rasflow/core';
import { driveRun } from '@rasflow/core/threads';
import { figure, pairRatios, type Figure, type RatioFigure } from './stats.js';

export interface WorkerScalingOptions {
  /** Simulated time per host, ns. */
  durationNs: number;
  pairs: number;
  /** Worker counts to measure (default: 1, 2, 4, … and the machine's core count, at most 8: one per host). */
  counts?: number[];
  progress?: (line: string) => void;
}

/** One point of the scaling curve. */
export interface WorkerScalingPoint {
  workers: number;
  rate: Figure;
  /** Against 1 worker in the same round. */
  ratio: RatioFigure;
  ratioEndToEnd: RatioFigure;
}

/** 1, 2, 4 … and `cores` itself, capped at `hosts` (a worker runs whole hosts). */
export function defaultWorkerCounts(cores: number, hosts = 8): number[] {
  const top = Math.max(2, Math.min(cores, hosts));
  const out: number[] = [];
  for (let w = 1; w < top; w *= 2) out.push(w);
  out.push(top);
  return out;
}

export interface WorkerScalingResult {
  hosts: number;
  durationNs: number;
  accesses: number;
  oneWorker: Figure;
  twoWorkers: Figure;
  /** 2-worker throughput / 1-worker throughput, pair by pair. */
  ratio: RatioFigure;
  /** The same ratio over end-to-end times (threads started, plugins loaded, results merged). */
  ratioEndToEnd: RatioFigure;
  /** Every worker count measured, 1 first. */
  curve: WorkerScalingPoint[];
  digest: string;
}

const QUICKSTART = fileURLToPath(new URL('../../../../examples/quickstart.json', import.meta.url));
const ACCESSES = COUNT_KEYS.indexOf('accesses');

function scenario(durationNs: number): Scenario {
  const json = JSON.parse(readFileSync(QUICKSTART, 'utf8')) as Record<string, unknown>;
  delete json['$schema'];
  return parseScenario({ ...json, name: 'bench-worker-scaling', durationNs, hosts: { ...(json['hosts'] as object), count: 8 } });
}

async function sample(s: Scenario, workers: number): Promise<{ rate: number; endToEnd: number; accesses: number; digest: string }> {
  const t0 = process.hrtime.bigint();
  const d = await driveRun(s, { baseDir: process.cwd(), keepJourneys: false, workers });
  const endToEnd = Number(process.hrtime.bigint() - t0) / 1e9;
  if (d.failure !== null || !d.output.complete) throw new Error(`worker scaling: the ${workers}-worker run did not complete`);
  const accesses = d.output.counts[ACCESSES]!;
  return { rate: accesses / d.output.wallSeconds, endToEnd: accesses / endToEnd, accesses, digest: runDigest(d.output.hosts.map((h) => h.digest)) };
}

export async function runWorkerScalingSuite(o: WorkerScalingOptions): Promise<WorkerScalingResult> {
  const s = scenario(o.durationNs);
  const counts = o.counts ?? defaultWorkerCounts(availableParallelism(), s.hosts.count);
  if (counts[0] !== 1 || !counts.includes(2)) throw new RangeError('worker scaling: the counts must start with 1 and include 2');
  const rates: number[][] = counts.map(() => []);
  const ends: number[][] = counts.map(() => []);
  let digest = '';
  let accesses = 0;
  for (let k = 0; k < o.pairs; k++) {
    const line: string[] = [];
    for (let c = 0; c < counts.length; c++) {
      const r = await sample(s, counts[c]!);
      if (digest !== '' && r.digest !== digest) throw new Error(`worker scaling: ${counts[c]} workers gave another digest than 1`);
      digest = r.digest;
      accesses = r.accesses;
      rates[c]!.push(r.rate);
      ends[c]!.push(r.endToEnd);
      line.push(`${counts[c]} worker${counts[c] === 1 ? '' : 's'} ${(r.rate / 1e6).toFixed(1)} M/s${c === 0 ? '' : ` (×${(r.rate / rates[0]![k]!).toFixed(2)})`}`);
    }
    o.progress?.(`workers: round ${k + 1}/${o.pairs}: ${line.join(', ')}`);
  }
  const curve = counts.map((workers, c) => ({
    workers, rate: figure(rates[c]!), ratio: pairRatios(rates[0]!, rates[c]!), ratioEndToEnd: pairRatios(ends[0]!, ends[c]!),
  }));
  const two = curve.find((p) => p.workers === 2)!;
  return {
    hosts: s.hosts.count, durationNs: o.durationNs, accesses, oneWorker: curve[0]!.rate, twoWorkers: two.rate,
    ratio: two.ratio, ratioEndToEnd: two.ratioEndToEnd, curve, digest,
  };
}

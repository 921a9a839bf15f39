/**
 * Worker scaling: the same 8-host scenario (the quick start's hosts, VMs and error mix) on 1 and
 * on 2 worker threads, alternated (1, 2, 1, 2, …); each pair gives the ratio of the 2-worker
 * throughput to the 1-worker throughput just before it. The target is ≥ 1.8 on a 2-core machine:
 * hosts share nothing, so only the main thread, the yields for queries and the machine's own
 * noise stand between two workers and twice the speed. Both runs must give the same digest, or
 * the figure is meaningless: the suite checks it.
 *
 * Throughput is accesses over the busiest worker's simulating time (results.json's wallSeconds);
 * the end-to-end time (thread start, plugin loading, merge) is reported beside it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COUNT_KEYS, driveRun, parseScenario, runDigest, type Scenario } from '@rasflow/core';
import { figure, pairRatios, type Figure, type RatioFigure } from './stats.js';

export interface WorkerScalingOptions {
  /** Simulated time per host, ns. */
  durationNs: number;
  pairs: number;
  progress?: (line: string) => void;
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
  const one: number[] = [];
  const two: number[] = [];
  const oneE: number[] = [];
  const twoE: number[] = [];
  let digest = '';
  let accesses = 0;
  for (let k = 0; k < o.pairs; k++) {
    const a = await sample(s, 1);
    const b = await sample(s, 2);
    if (a.digest !== b.digest || (digest !== '' && a.digest !== digest)) throw new Error('worker scaling: 1 and 2 workers gave different digests');
    digest = a.digest;
    accesses = a.accesses;
    one.push(a.rate);
    two.push(b.rate);
    oneE.push(a.endToEnd);
    twoE.push(b.endToEnd);
    o.progress?.(`workers: pair ${k + 1}/${o.pairs}: 1 worker ${(a.rate / 1e6).toFixed(1)} M/s, 2 workers ${(b.rate / 1e6).toFixed(1)} M/s, ×${(b.rate / a.rate).toFixed(2)}`);
  }
  return {
    hosts: s.hosts.count, durationNs: o.durationNs, accesses, oneWorker: figure(one), twoWorkers: figure(two),
    ratio: pairRatios(one, two), ratioEndToEnd: pairRatios(oneE, twoE), digest,
  };
}

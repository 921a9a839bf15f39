/**
 * The content of `results.json`: one object per run, assembled from the scenario and the run's
 * output by a pure function, so the CLI, the benchmarks and tests produce the same document from
 * the same run. Writing it (atomically) is `write-results.ts`'s job.
 */
import { COUNT_KEYS, countsObject, type CountKey } from '../engine/counts.js';
import type { RunOutput } from '../engine/run-scenario.js';
import type { Scenario } from '../scenario/scenario-types.js';
import type { VmResult } from './collect-host.js';
import { runDigest } from './digest.js';
import { createHash } from 'node:crypto';

/** One host in results.json: enough to compare runs host by host. */
export interface HostResultJson {
  /** Host index in the scenario. */
  host: number;
  /** SHA-256 over the host's canonical journey records and counters (`hostDigest`). */
  digest: string;
  /** Journeys the host recorded. */
  journeys: number;
  /** Whether the host was up when its run ended (false: it panicked and did not come back). */
  up: boolean;
}

/** What one worker thread did in results.json (`perWorker`): statistics, not part of the answer. */
export interface WorkerResultJson {
  /** Worker index: host i is placed on worker i mod workersUsed. */
  worker: number;
  /** The hosts in `hosts` this worker ran, in host order (--parallel: every host, a share of each one's vCPUs). */
  hosts: number[];
  /** Accesses over those hosts (--parallel: by this worker's vCPUs). */
  accesses: number;
  /** Journeys this worker recorded (--parallel: started on its vCPUs or by its host events). */
  journeys: number;
  /** Wall-clock seconds the worker spent simulating them. */
  wallSeconds: number;
}

/** results.json's `startup`. */
export interface StartupJson {
  /**
   * Milliseconds from the start of the rasflow process to the moment the first simulated access
   * was about to run (the first slice of the first host, in whichever worker got there first):
   * node's own start, module loading, scenario validation, thread start, plugin loading and
   * building the host. Null when not measured or when no host started simulating.
   */
  firstAccessMs: number | null;
}

/** The document written to `results.json` (docs/cli.md, `rasflow run`). */
export interface ResultsJson {
  /** Version of `@rasflow/core` that produced the file. */
  rasflow: string;
  /** The scenario's `name`. */
  scenario: string;
  /**
   * SHA-256 of the validated scenario (after --seed and --profile, defaults filled in): runs
   * and shards of the same scenario have the same one (`rasflow merge` checks it).
   */
  scenarioDigest: string;
  /** Hosts in the scenario (`hosts.count`); with a shard, more than `hosts` lists. */
  hostsInScenario: number;
  /**
   * --shard i/n: this run simulated hosts h with h mod n = i - 1 only; null for a whole run
   * (and for the output of `rasflow merge`).
   */
  shard: {
    /** i: which shard, 1-based. */
    index: number;
    /** n: how many shards the scenario's hosts were split into. */
    count: number;
  } | null;
  /** The seed the run used (after `--seed`). */
  seed: number;
  /** The profile the run used (after `--profile`). */
  profile: Scenario['profile'];
  /** Worker threads asked for (`--workers`). */
  workers: number;
  /** Worker threads that simulated hosts: min(workers, hosts.count). */
  workersUsed: number;
  /**
   * Whether the results depend only on the scenario and the seed: true by default (the same for
   * any number of workers), false with --parallel (threads race over shared host memory).
   */
  deterministic: boolean;
  /** False when the run was stopped (signal) or failed (plugin error): the results are partial. */
  complete: boolean;
  /**
   * Simulated time reached, in ns: `durationNs` when complete; otherwise the time the last host
   * that ran had reached when it stopped (the hosts before it reached `durationNs`, those after
   * it did not run).
   */
  simulatedNs: number;
  /**
   * Wall-clock seconds the hosts took to simulate (loading plugins and writing files excluded);
   * with several workers, the busiest worker's time.
   */
  wallSeconds: number;
  /**
   * Peak resident set of the process that ran the simulation (all its worker threads), MiB, as
   * the operating system counts it (getrusage maxrss); null when not measured. A measurement of
   * this run on this machine, not part of the answer.
   */
  peakRssMiB: number | null;
  /** How long the process took to get going; a measurement of this run on this machine, like peakRssMiB. */
  startup: StartupJson;
  /** Accesses and journeys per wall-clock second (0 when no time was measured). */
  throughput: {
    /** Guest memory accesses simulated per wall-clock second. */
    accessesPerSecond: number;
    /** Error journeys (firmware to guest) simulated per wall-clock second. */
    journeysPerSecond: number;
  };
  /** One entry per worker used, in worker order. */
  perWorker: WorkerResultJson[];
  /** The run's counters summed over the hosts in `hosts` (keys: COUNT_KEYS, in that order). */
  counts: Record<CountKey, number>;
  /** Every VM of every host in `hosts`: state at the end, accesses, time lost and outcome counts. */
  vms: VmResult[];
  /** The hosts that ran, in host order (a host stopped by a signal is included, partially run). */
  hosts: HostResultJson[];
  /** `runDigest` of the host digests in host order: equal digests, equal runs. */
  digest: string;
}

/** What {@link buildResultsJson} needs besides the scenario and the run output. */
export interface ResultsJsonInput {
  /** The validated scenario, with the command-line overrides applied. */
  scenario: Scenario;
  /** The output of the hosts that ran (merged when they ran one call at a time). */
  run: RunOutput;
  /** Wall-clock seconds of the simulation. */
  wallSeconds: number;
  /** Version of @rasflow/core (see `coreVersion()` in write-results.ts). */
  version: string;
  /** Simulated time reached when the run is not complete (ignored when it is). */
  reachedNs?: number;
  /** Worker threads asked for (default 1). */
  workers?: number;
  /** Per-worker statistics (default: one worker that ran every host in `run`). */
  perWorker?: WorkerResultJson[];
  /** False for a --parallel run (default true). */
  deterministic?: boolean;
  /** Peak resident set of the simulating process, MiB (default null: not measured). */
  peakRssMiB?: number | null;
  /** Time to the first simulated access (default: not measured, null). */
  startup?: StartupJson;
  /** --shard i/n (default null: every host). */
  shard?: {
    /** i: which shard, 1-based. */
    index: number;
    /** n: how many shards. */
    count: number;
  } | null;
}

/** SHA-256 over the validated scenario's JSON (its keys in the validator's order). */
export function scenarioDigest(s: Scenario): string {
  return createHash('sha256').update(JSON.stringify(s)).digest('hex');
}

/** The hosts of shard `index` (1-based) of `count`: every count-th host, so each shard gets a mix. */
export function shardHosts(hostsInScenario: number, index: number, count: number): number[] {
  const out: number[] = [];
  for (let h = index - 1; h < hostsInScenario; h += count) out.push(h);
  return out;
}

/** Divides, giving 0 rather than Infinity or NaN (JSON cannot hold them). */
function perSecond(n: number, seconds: number): number {
  return seconds > 0 ? n / seconds : 0;
}

/** Assembles results.json. Pure: the same input gives the same object. */
export function buildResultsJson(input: ResultsJsonInput): ResultsJson {
  const { scenario: s, run, wallSeconds } = input;
  // Host order is canonical for the digest; a merged output is already in order, but sorting
  // here keeps the digest right whatever order a caller merged shards in.
  const hosts = [...run.hosts].sort((a, b) => a.host - b.host);
  const counts = countsObject(run.counts);
  const journeys = hosts.reduce((n, h) => n + h.journeys, 0);
  const perWorker = input.perWorker ?? [{ worker: 0, hosts: hosts.map((h) => h.host), accesses: counts.accesses, journeys, wallSeconds }];
  return {
    rasflow: input.version,
    scenario: s.name,
    scenarioDigest: scenarioDigest(s),
    hostsInScenario: s.hosts.count,
    shard: input.shard ?? null,
    seed: s.seed,
    profile: s.profile,
    workers: input.workers ?? 1,
    workersUsed: perWorker.length,
    deterministic: input.deterministic ?? true,
    complete: run.complete,
    simulatedNs: run.complete ? s.durationNs : Math.min(input.reachedNs ?? 0, s.durationNs),
    wallSeconds,
    peakRssMiB: input.peakRssMiB ?? null,
    startup: input.startup ?? { firstAccessMs: null },
    throughput: {
      accessesPerSecond: perSecond(counts.accesses, wallSeconds),
      journeysPerSecond: perSecond(journeys, wallSeconds),
    },
    perWorker,
    counts,
    vms: hosts.flatMap((h) => h.vms),
    hosts: hosts.map((h) => ({ host: h.host, digest: h.digest, journeys: h.journeys, up: h.up })),
    digest: runDigest(hosts.map((h) => h.digest)),
  };
}

/** Sums run outputs of disjoint host sets (e.g. one runHosts call per host) into one. */
export function mergeRunOutputs(parts: readonly RunOutput[]): RunOutput {
  const counts = new Float64Array(COUNT_KEYS.length);
  for (const p of parts) for (let k = 0; k < counts.length; k++) counts[k]! += p.counts[k] ?? 0;
  return {
    complete: parts.every((p) => p.complete),
    hosts: parts.flatMap((p) => p.hosts).sort((a, b) => a.host - b.host),
    counts,
    wallSeconds: parts.reduce((t, p) => t + p.wallSeconds, 0),
  };
}

/**
 * `rasflow merge`'s arithmetic: the results.json of the shards of one run (`rasflow run --shard
 * i/n`, i = 1 … n) combined into the results.json of the whole run. Hosts share nothing and the
 * run digest is taken over the host digests in host order (digest.ts), so the merged counts,
 * per-VM figures, hosts and digest are exactly those of the unsharded run. That holds because
 * every host's simulation depends only on the scenario, the seed and the host index; a plugin
 * that made hosts depend on each other (shared state between hosts) would break it, and so
 * would a run with --parallel (its results depend on timing).
 *
 * What is measured rather than computed (wall time, peak RSS, startup) is combined as the shards
 * ran side by side on separate machines: the longest wall time, the largest RSS.
 */
import { COUNT_KEYS, type CountKey } from '../engine/counts.js';
import type { JourneyRecord } from './journey-record.js';
import { runDigest } from './digest.js';
import type { ResultsJson, WorkerResultJson } from './results-json.js';

/** One shard's files, with a label (its directory) for messages. */
export interface ShardInput {
  label: string;
  results: ResultsJson;
  journeys: JourneyRecord[] | null;
}

/** The shards do not make one run; the message says which and why. */
export class MergeError extends Error {
  override readonly name = 'MergeError';
}

/** Checks that `parts` are the n distinct shards of one scenario; returns them in shard order. */
function checkShards(parts: readonly ShardInput[]): ShardInput[] {
  if (parts.length === 0) throw new MergeError('nothing to merge');
  const first = parts[0]!;
  for (const p of parts) {
    if (p.results.shard === null || p.results.shard === undefined) {
      throw new MergeError(`${p.label} is not a shard (its results.json has shard: null): merge the outputs of rasflow run --shard I/N`);
    }
    if (p.results.scenarioDigest !== first.results.scenarioDigest) {
      throw new MergeError(`${p.label} ran another scenario than ${first.label} (scenarioDigest ${p.results.scenarioDigest.slice(0, 12)}… vs ${first.results.scenarioDigest.slice(0, 12)}…: a different file, seed or profile)`);
    }
    if (p.results.shard.count !== first.results.shard!.count) {
      throw new MergeError(`${p.label} is shard ${p.results.shard.index}/${p.results.shard.count} but ${first.label} is ${first.results.shard!.index}/${first.results.shard!.count}: all shards must split the run the same way`);
    }
    if (p.results.deterministic !== true) throw new MergeError(`${p.label} ran with --parallel: its results depend on timing and cannot be merged into a deterministic run`);
  }
  const n = first.results.shard!.count;
  const byIndex = new Map<number, ShardInput>();
  for (const p of parts) {
    const other = byIndex.get(p.results.shard!.index);
    if (other !== undefined) throw new MergeError(`shard ${p.results.shard!.index}/${n} is given twice: ${other.label} and ${p.label}`);
    byIndex.set(p.results.shard!.index, p);
  }
  const missing = Array.from({ length: n }, (_v, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new MergeError(`missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${n}`).join(', ')} (given: ${[...byIndex.keys()].sort((a, b) => a - b).map((i) => `${i}/${n}`).join(', ')})`);
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
}

/** The whole run's results.json (and its journeys, when every shard wrote them) from its shards. */
export function mergeShards(parts: readonly ShardInput[], version: string): { results: ResultsJson; journeys: JourneyRecord[] | null } {
  const shards = checkShards(parts);
  const rs = shards.map((p) => p.results);
  const r0 = rs[0]!;
  const hosts = rs.flatMap((r) => r.hosts).sort((a, b) => a.host - b.host);
  for (let k = 1; k < hosts.length; k++) {
    if (hosts[k]!.host === hosts[k - 1]!.host) throw new MergeError(`host ${hosts[k]!.host} is in two shards`);
  }
  const counts = Object.fromEntries(COUNT_KEYS.map((k) => [k, rs.reduce((t, r) => t + (r.counts[k] ?? 0), 0)])) as Record<CountKey, number>;
  const journeys = hosts.reduce((n, h) => n + h.journeys, 0);
  const wallSeconds = Math.max(...rs.map((r) => r.wallSeconds));
  const complete = rs.every((r) => r.complete) && hosts.length === r0.hostsInScenario;
  let worker = 0;
  const perWorker: WorkerResultJson[] = rs.flatMap((r) => r.perWorker.map((w) => ({ ...w, worker: worker++ })));
  const rss = rs.map((r) => r.peakRssMiB).filter((m): m is number => m !== null);
  const starts = rs.map((r) => r.startup.firstAccessMs).filter((m): m is number => m !== null);
  const results: ResultsJson = {
    rasflow: version,
    scenario: r0.scenario,
    scenarioDigest: r0.scenarioDigest,
    hostsInScenario: r0.hostsInScenario,
    shard: null,
    seed: r0.seed,
    profile: r0.profile,
    workers: Math.max(...rs.map((r) => r.workers)),
    workersUsed: perWorker.length,
    deterministic: true,
    complete,
    simulatedNs: Math.min(...rs.map((r) => r.simulatedNs)),
    wallSeconds,
    peakRssMiB: rss.length === 0 ? null : Math.max(...rss),
    startup: { firstAccessMs: starts.length === 0 ? null : Math.max(...starts) },
    throughput: {
      accessesPerSecond: wallSeconds > 0 ? counts.accesses / wallSeconds : 0,
      journeysPerSecond: wallSeconds > 0 ? journeys / wallSeconds : 0,
    },
    perWorker,
    counts,
    vms: rs.flatMap((r) => r.vms).sort((a, b) => a.host - b.host || a.vm - b.vm),
    hosts,
    digest: runDigest(hosts.map((h) => h.digest)),
  };
  // Journeys: each shard's are in host order; the whole run's are too (a stable sort keeps each
  // host's own order).
  const all = shards.every((p) => p.journeys !== null) ? shards.flatMap((p) => p.journeys!).sort((a, b) => a.host - b.host) : null;
  return { results, journeys: all };
}

/**
 * A host between two slices as plain data, and back: what `--checkpoint-every` writes and
 * `rasflow resume` reads. A host restored from its snapshot runs on exactly as the original would
 * have, so a resumed run ends with the same digest as one never interrupted.
 *
 * The snapshot holds copies of every shared buffer of the host (memory, poison, vCPU registers,
 * GHES blobs, error records: layout.ts), the JavaScript-side state of the host and its engine
 * (journey log, event queue, hand-overs, pending SErrors, random-stream counters), and each
 * plugin's `saveState()`. Everything else is rebuilt from the scenario, the seed and the host
 * index, as when the host was first made. A plugin that keeps state across hooks without
 * saveState / loadState breaks this promise; the bundled plugins all have them where needed.
 */
import type { HostRun } from './run-scenario.js';
import type { EngineState } from './engine-host.js';
import type { EventQueueState } from './event-queue.js';
import type { HostShared } from './host.js';
import type { JourneyLogState } from './journey-log.js';
import type { PairMapState } from '../util/pair-map.js';
import type { StatefulHooks } from '../plugin/plugin-types.js';
import { PluginError } from '../plugin/plugin-error.js';

/** Bumped whenever the snapshot's shape changes: an older snapshot is refused, not misread. */
export const SNAPSHOT_VERSION = 1;

export interface HostSnapshot {
  version: number;
  host: number;
  reachedNs: number;
  /** Copies of the host's shared buffers, by HostShared field (lists flattened as `guests.0`, …). */
  buffers: Record<string, Uint8Array | null>;
  engine: EngineState;
  journeys: JourneyLogState;
  queue: EventQueueState;
  granuleJourney: PairMapState;
  gpfnJourney: PairMapState;
  /** The journey of each host GHES block entry (absent in snapshots from before batching: -1 each). */
  hostEntryJourney?: Int32Array;
  counts: Float64Array;
  vmAccesses: Float64Array;
  peBusy: Int32Array;
  /** saveState() of firmware, hypervisor, vmm, guest, workload, injectors…, observers… (undefined: none). */
  plugins: unknown[];
}

/** The host's buffers by name: one entry per buffer, lists numbered. */
function buffersOf(s: HostShared): [string, SharedArrayBuffer | null][] {
  const out: [string, SharedArrayBuffer | null][] = [];
  for (const [name, v] of Object.entries(s) as [string, SharedArrayBuffer | (SharedArrayBuffer | null)[]][]) {
    if (Array.isArray(v)) v.forEach((b, k) => out.push([`${name}.${k}`, b]));
    else out.push([name, v]);
  }
  return out;
}

function pluginHooks(run: HostRun): StatefulHooks[] {
  const h = run.sim;
  return [h.firmware, h.hypervisor, h.vmm, h.guest, h.workload, ...h.injectors, ...h.observers];
}

/** Calls plugin k's saveState / loadState; what it throws names the plugin and the hook. */
function callPlugin<T>(run: HostRun, k: number, hook: 'saveState' | 'loadState', fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const p = run.sim.plugins;
    const def = [p.firmware, p.hypervisor, p.vmm, p.guest, p.workload, ...p.injectors, ...p.observers][k]!.definition;
    throw new PluginError({ plugin: def.name, layer: def.layer, hook, host: run.index, vm: -1, vcpu: -1, nowNs: run.reachedNs }, err);
  }
}

/** The host `run` as it stands at the end of its last slice. */
export function snapshotHost(run: HostRun): HostSnapshot {
  const h = run.sim;
  const buffers: Record<string, Uint8Array | null> = {};
  for (const [name, b] of buffersOf(h.shared)) buffers[name] = b === null ? null : new Uint8Array(b).slice();
  return {
    version: SNAPSHOT_VERSION, host: h.index, reachedNs: run.reachedNs, buffers,
    engine: run.engine.saveState(), journeys: h.journeys.saveState(), queue: h.queue.saveState(),
    granuleJourney: h.granuleJourney.saveState(), gpfnJourney: h.gpfnJourney.saveState(), hostEntryJourney: h.hostEntryJourney.slice(),
    counts: h.counts.slice(), vmAccesses: h.vmAccesses.slice(), peBusy: h.peBusy.slice(),
    plugins: pluginHooks(run).map((p, k) => callPlugin(run, k, 'saveState', () => p.saveState?.())),
  };
}

/** Why a snapshot does not fit the host it is restored into. */
export class SnapshotMismatchError extends Error {
  override readonly name = 'SnapshotMismatchError';
}

/**
 * Restores `snap` into `run`, a host freshly built from the same scenario and plugins (its
 * constructor ran, its first slice did not).
 */
export function restoreHost(run: HostRun, snap: HostSnapshot): void {
  const h = run.sim;
  if (snap.version !== SNAPSHOT_VERSION) throw new SnapshotMismatchError(`host ${snap.host}'s snapshot has version ${snap.version}; this rasflow reads version ${SNAPSHOT_VERSION}`);
  if (snap.host !== h.index) throw new SnapshotMismatchError(`the snapshot is of host ${snap.host}, not ${h.index}`);
  const bufs = buffersOf(h.shared);
  if (bufs.length !== Object.keys(snap.buffers).length) throw new SnapshotMismatchError(`host ${h.index}: the snapshot has ${Object.keys(snap.buffers).length} buffers, the scenario makes ${bufs.length}`);
  for (const [name, b] of bufs) {
    const saved = snap.buffers[name];
    if (saved === undefined || (saved === null) !== (b === null) || (b !== null && saved!.byteLength !== b.byteLength)) {
      throw new SnapshotMismatchError(`host ${h.index}: buffer ${name} does not match the scenario (${saved?.byteLength ?? 'none'} bytes saved, ${b?.byteLength ?? 'none'} made)`);
    }
    if (b !== null) new Uint8Array(b).set(saved!);
  }
  run.engine.loadState(snap.engine);
  h.journeys.loadState(snap.journeys);
  h.queue.loadState(snap.queue);
  h.granuleJourney.loadState(snap.granuleJourney);
  h.gpfnJourney.loadState(snap.gpfnJourney);
  if (snap.hostEntryJourney !== undefined && snap.hostEntryJourney.length === h.hostEntryJourney.length) h.hostEntryJourney.set(snap.hostEntryJourney);
  else h.hostEntryJourney.fill(-1);
  h.counts.set(snap.counts);
  h.vmAccesses.set(snap.vmAccesses);
  h.peBusy.set(snap.peBusy);
  pluginHooks(run).forEach((p, k) => {
    const s = snap.plugins[k];
    if (s !== undefined) callPlugin(run, k, 'loadState', () => p.loadState?.(s));
  });
}

/**
 * The files of a checkpointed run, in `<out>/checkpoint/`:
 *
 * - `run.json`: the validated scenario and the options of `rasflow run`, written before any
 *   worker starts; `rasflow resume` reads nothing else to know what to run.
 * - `host-<n>.snap`: host n as it stood at its last checkpoint (engine/host-snapshot.ts), written
 *   by the worker running it at the first slice end past each multiple of --checkpoint-every, and
 *   when a stop request ends its run early.
 * - `host-<n>.done`: host n's finished result, as its worker posted it; its .snap is then removed.
 *
 * Every file is written to `<name>.tmp`, flushed, and renamed over its name, so a process killed
 * at any instant leaves each file either whole or as it was. Files are independent: a host's
 * snapshot never depends on another's. The .snap and .done files are v8-serialised (typed arrays
 * as they are, no JSON round trip).
 */
import { closeSync, fsyncSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirSync } from '../util/make-dir.js';
import { deserialize, serialize } from 'node:v8';
import type { HostSnapshot } from '../engine/host-snapshot.js';
import type { RunOutput } from '../engine/run-scenario.js';
import type { Scenario } from '../scenario/scenario-types.js';
import type { SlowestJourney } from '../cli/run-summary.js';
import type { Fates } from '../cli/run-fates.js';

export const CHECKPOINT_DIR = 'checkpoint';
const MANIFEST = 'run.json';
export const MANIFEST_VERSION = 1;

/** What `rasflow resume` needs to run the rest exactly as `rasflow run` would have. */
export interface CheckpointManifest {
  version: number;
  /** The rasflow that wrote it (a resume by another version may not reach the same digest). */
  rasflow: string;
  scenarioFile: string;
  /** Where the scenario's relative plugin paths resolve. */
  baseDir: string;
  scenario: Scenario;
  everyNs: number;
  /** --shard of the run (null: every host). */
  shard: { index: number; count: number } | null;
  options: { workers: number; journeys: boolean; trace: boolean; report: boolean; watchdogMs: number; workerHeapMiB: number | null };
}

/** One finished host as its worker posted it. */
export interface HostDone {
  output: RunOutput;
  slowest: SlowestJourney | null;
  fates: Fates;
  reachedNs: number;
}

/** A checkpoint directory that cannot be resumed, with the reason. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

/** Writes `bytes` to `file` so that a kill at any point leaves the old file or the new one whole. */
export function writeFileAtomicSync(file: string, bytes: Uint8Array | string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    for (let off = 0; off < buf.byteLength; ) off += writeSync(fd, buf, off, buf.byteLength - off);
    fsyncSync(fd); // on disk before the rename makes it visible under its name
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

const pad = (host: number): string => String(host).padStart(5, '0');
const snapFile = (dir: string, host: number): string => join(dir, `host-${pad(host)}.snap`);
const doneFile = (dir: string, host: number): string => join(dir, `host-${pad(host)}.done`);

/** A fresh checkpoint directory for a new run (what an earlier run left there is removed). */
export function startCheckpointDir(dir: string, manifest: CheckpointManifest): void {
  rmSync(dir, { recursive: true, force: true });
  makeDirSync(dir);
  writeFileAtomicSync(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

/** Reads `dir/run.json`, saying precisely what is wrong if it cannot be resumed from. */
export function readManifest(dir: string): CheckpointManifest {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CheckpointError(code === 'ENOENT'
      ? `${dir} has no ${MANIFEST}: it is not the checkpoint of a run (run with --checkpoint-every to make one)`
      : `cannot read ${join(dir, MANIFEST)}: ${(err as Error).message}`);
  }
  let m: CheckpointManifest;
  try {
    m = JSON.parse(text) as CheckpointManifest;
  } catch (err) {
    throw new CheckpointError(`${join(dir, MANIFEST)} is not valid JSON: ${(err as Error).message}`);
  }
  if (m.version !== MANIFEST_VERSION) throw new CheckpointError(`${join(dir, MANIFEST)} has version ${String(m.version)}; this rasflow reads version ${MANIFEST_VERSION}`);
  return m;
}

export function writeHostSnapshot(dir: string, snap: HostSnapshot): void {
  writeFileAtomicSync(snapFile(dir, snap.host), serialize(snap));
}

/** Host `host`'s last snapshot, or null when it has none. */
export function readHostSnapshot(dir: string, host: number): HostSnapshot | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(snapFile(dir, host));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    return deserialize(bytes) as HostSnapshot;
  } catch (err) {
    throw new CheckpointError(`${snapFile(dir, host)} cannot be read back (${(err as Error).message}); delete it to run host ${host} again from its start`);
  }
}

/** Records host `host` as finished; its snapshot is no longer needed. */
export function writeHostDone(dir: string, host: number, done: HostDone): void {
  writeFileAtomicSync(doneFile(dir, host), serialize(done));
  rmSync(snapFile(dir, host), { force: true });
}

/** The finished hosts of the checkpoint, in host order. */
export function readDoneHosts(dir: string): HostDone[] {
  const names = readdirSync(dir).filter((n) => /^host-\d+\.done$/.test(n)).sort();
  return names.map((n) => {
    try {
      return deserialize(readFileSync(join(dir, n))) as HostDone;
    } catch (err) {
      throw new CheckpointError(`${join(dir, n)} cannot be read back: ${(err as Error).message}`);
    }
  });
}

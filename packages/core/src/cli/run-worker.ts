/**
 * A thread that simulates hosts of `rasflow run` (run-driver.ts starts `--workers` of them, each
 * with its own list of hosts). The engine is synchronous, so a signal handler on the thread
 * running it could not run before the whole run ends; here it runs in a worker, the main thread
 * stays free to take SIGINT / SIGTERM and raises a shared stop flag, and `onSlice` reads the flag
 * at every slice boundary.
 *
 * Hosts run one `runHosts` call at a time, and each host's result is posted as soon as it is
 * collected, so the main thread holds every finished host when a plugin throws in a later one.
 *
 * A plugin error in host f lowers the shared `firstFailure` to f (if lower): every worker then
 * abandons hosts after f (at their next slice, or before starting them) but still finishes the
 * hosts before f, so the partial results of a failed run are hosts 0 … f-1, whatever the number
 * of workers, exactly as with one worker.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { loadPluginSet, runHosts, type RunOutput } from '../engine/run-scenario.js';
import { PluginError, PluginLoadError } from '../plugin/plugin-error.js';
import type { Scenario } from '../scenario/scenario-types.js';
import { slowestJourney, type SlowestJourney } from './run-summary.js';
import { tallyFates, type Fates } from './run-fates.js';
import { RunControl } from './run-control.js';

/** What the main thread gives the worker. */
export interface WorkerInput {
  scenario: Scenario;
  baseDir: string;
  /** The hosts this worker runs, in increasing order. */
  hosts: number[];
  /** Keep journey records in the posted results (for journeys.jsonl). */
  keepJourneys: boolean;
  /** Int32Array over a SharedArrayBuffer: element 0 becomes 1 when the run must stop. */
  stop: Int32Array;
  /** The run's control block (run-control.ts): pause/resume and progress. */
  control: SharedArrayBuffer;
  /** This worker's index in the control block. */
  worker: number;
  /** Workers of the run (the control block's size). */
  workers: number;
  /**
   * Int32Array over a SharedArrayBuffer: element 0 is the lowest host a plugin threw in so far
   * (hosts.count while none has); hosts above it are abandoned, hosts below it still run.
   */
  firstFailure: Int32Array;
}

/** Lowers `a[0]` to `host` unless it is already lower (several workers may fail at once). */
function lowerTo(a: Int32Array, host: number): void {
  for (;;) {
    const cur = Atomics.load(a, 0);
    if (host >= cur || Atomics.compareExchange(a, 0, cur, host) === cur) return;
  }
}

/** Messages from the worker, in order: `host`* then exactly one of the others. */
export type WorkerMessage =
  /** One host finished (or was stopped: `output.complete` false, and it is the last). */
  | { type: 'host'; output: RunOutput; slowest: SlowestJourney | null; fates: Fates; reachedNs: number }
  /** Every host of this worker ran to durationNs. */
  | { type: 'done' }
  /** The stop flag (or a failure in an earlier host) was seen before the next host started. */
  | { type: 'stopped' }
  /** A plugin could not be loaded; no host ran. */
  | { type: 'load-error'; message: string }
  /** A plugin threw in host `host` after it reached `reachedNs` (that host has no result). */
  | { type: 'plugin-error'; message: string; host: number; reachedNs: number }
  /** Anything else thrown: a bug, reported with its stack. */
  | { type: 'crash'; message: string; stack: string };

function describe(err: unknown): { message: string; stack: string } {
  return err instanceof Error
    ? { message: `${err.name}: ${err.message}`, stack: err.stack ?? err.message }
    : { message: String(err), stack: String(err) };
}

async function work(input: WorkerInput, port: MessagePort): Promise<void> {
  const post = (m: WorkerMessage): void => port.postMessage(m);
  const s = input.scenario;
  const stopped = (): boolean => Atomics.load(input.stop, 0) !== 0;
  // A host after the first failing one is abandoned; one before it runs on (see the module comment).
  const abandoned = (host: number): boolean => host > Atomics.load(input.firstFailure, 0);
  const stopAll = (): void => void Atomics.store(input.stop, 0, 1);
  const control = new RunControl(input.workers, input.control);
  let plugins;
  try {
    plugins = await loadPluginSet(s, input.baseDir);
  } catch (err) {
    stopAll();
    if (err instanceof PluginLoadError) return post({ type: 'load-error', message: err.message });
    return post({ type: 'crash', ...describe(err) });
  }
  for (const host of input.hosts) {
    if (stopped() || abandoned(host)) return post({ type: 'stopped' });
    let reachedNs = 0;
    let output: RunOutput;
    try {
      // Records are always kept: the summary's slowest journey needs their latencies. They are
      // dropped before posting unless journeys.jsonl was asked for.
      output = runHosts(s, plugins, {
        baseDir: input.baseDir,
        keepJourneys: true,
        hosts: [host],
        onSlice: (_h, endNs) => {
          reachedNs = endNs;
          control.sliceEnd(input.worker, host, endNs, stopped);
          return !stopped() && !abandoned(host);
        },
      });
    } catch (err) {
      if (err instanceof PluginError) {
        lowerTo(input.firstFailure, host);
        return post({ type: 'plugin-error', message: err.message, host, reachedNs });
      }
      stopAll();
      return post({ type: 'crash', ...describe(err) });
    }
    const slowest = slowestJourney(output.hosts.flatMap((h) => h.records ?? []));
    const fates = tallyFates(output.hosts.flatMap((h) => h.records ?? []));
    if (!input.keepJourneys) for (const h of output.hosts) h.records = null;
    post({ type: 'host', output, slowest, fates, reachedNs: output.complete ? s.durationNs : reachedNs });
    if (!output.complete) return;
  }
  post({ type: 'done' });
}

if (parentPort === null) throw new Error('run-worker.js must run in a worker thread (it is started by `rasflow run`)');
const port = parentPort;
work(workerData as WorkerInput, port).catch((err: unknown) => port.postMessage({ type: 'crash', ...describe(err) } satisfies WorkerMessage));

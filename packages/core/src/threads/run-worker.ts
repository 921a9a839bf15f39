/**
 * A worker thread of `rasflow run`: the piscina task that simulates one worker's hosts for the
 * whole run (run-driver.ts submits exactly one task per worker: a task per host or per slice
 * would cost a message round trip each time).
 *
 * The engine is synchronous; the worker steps it a slice at a time and returns to its event loop
 * at least every YIELD_EVERY_MS of wall time (between two vCPUs of a slice if need be), where
 * comlink answers queries and a pause waits without blocking them. Pause, stop and progress go
 * through the run's control block, read at each of these points: no message on the data path.
 *
 * Each host's result is posted as soon as it is collected, so the main thread holds every
 * finished host when a plugin throws in a later one. A plugin error in host f lowers the shared
 * first failure to f (if lower): every worker then abandons hosts after f (at their next slice,
 * or before starting them) but still finishes the hosts before f, so the partial results of a
 * failed run are hosts 0 … f-1, whatever the number of workers, exactly as with one worker.
 */
import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import { HostRun, loadPluginSet, type RunOutput } from '../engine/run-scenario.js';
import type { PluginSet } from '../engine/plugin-set.js';
import { PluginError, PluginLoadError } from '../plugin/plugin-error.js';
import type { Scenario } from '../scenario/scenario-types.js';
import { slowestJourney, type SlowestJourney } from '../cli/run-summary.js';
import { tallyFates, type Fates } from '../cli/run-fates.js';
import { RunControl } from './control-block.js';
import { serve } from './comlink-node.js';
import { WorkerQueryServer, YIELD_EVERY_MS } from './worker-queries.js';

/** What the main thread gives the worker (the piscina task). */
export interface WorkerTask {
  scenario: Scenario;
  baseDir: string;
  /** The hosts this worker runs, in increasing order. */
  hosts: number[];
  /** Keep journey records in the posted results (for journeys.jsonl). */
  keepJourneys: boolean;
  /** The run's control block (control-block.ts). */
  control: SharedArrayBuffer;
  /** This worker's index in the control block. */
  worker: number;
  /** Workers of the run (the control block's size). */
  workers: number;
  /** Where the worker posts {@link WorkerMessage}s. */
  port: MessagePort;
  /** Where the worker serves WorkerQueries with comlink. */
  queryPort: MessagePort;
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

/** One turn of the event loop: messages waiting on the ports (queries) are handled in it. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The worker's loop over its hosts; returns the last message to post. */
async function work(t: WorkerTask, plugins: PluginSet, control: RunControl, q: WorkerQueryServer, post: (m: WorkerMessage) => void): Promise<WorkerMessage> {
  const s = t.scenario;
  // A host after the first failing one is abandoned; one before it runs on (see the module comment).
  const abandoned = (host: number): boolean => host > control.firstFailure();
  let lastYield = performance.now();
  const yieldDue = (): boolean => performance.now() - lastYield >= YIELD_EVERY_MS || control.pauseRequested();
  for (const host of t.hosts) {
    if (control.stopped() || abandoned(host)) return { type: 'stopped' };
    let run: HostRun | null = null;
    // Wall time spent simulating this host (waits for queries and pauses excluded).
    let busyMs = 0;
    try {
      let b0 = performance.now();
      run = new HostRun(s, plugins, host);
      q.current = run;
      while (!run.finished) {
        const sliceDone = run.step(yieldDue);
        busyMs += performance.now() - b0;
        control.report(t.worker, host, run.reachedNs, q.accesses(), q.journeys(), q.hostsDone, sliceDone);
        if (sliceDone && (control.stopped() || abandoned(host))) break;
        if (yieldDue()) {
          await turn();
          await control.waitWhilePaused();
          lastYield = performance.now();
        }
        b0 = performance.now();
      }
    } catch (err) {
      q.current = null;
      if (err instanceof PluginError) {
        control.failedIn(host);
        return { type: 'plugin-error', message: err.message, host, reachedNs: run?.reachedNs ?? 0 };
      }
      throw err;
    }
    // Records are always kept: the summary's slowest journey needs their latencies. They are
    // dropped before posting unless journeys.jsonl was asked for.
    const r0 = performance.now();
    const r = run.result(true);
    busyMs += performance.now() - r0;
    q.finish(r.counts, r.journeys);
    q.current = null;
    control.report(t.worker, host, run.reachedNs, q.accesses(), q.journeys(), q.hostsDone, false);
    const records = r.records ?? [];
    const slowest = slowestJourney(records);
    const fates = tallyFates(records);
    if (!t.keepJourneys) r.records = null;
    const output: RunOutput = { complete: r.complete, hosts: [r], counts: r.counts, wallSeconds: busyMs / 1000 };
    post({ type: 'host', output, slowest, fates, reachedNs: run.reachedNs });
    if (!r.complete) return { type: 'stopped' };
  }
  return { type: 'done' };
}

/** The piscina task: one per worker for the whole run. */
export default async function simulate(t: WorkerTask): Promise<void> {
  const post = (m: WorkerMessage): void => t.port.postMessage(m);
  const control = new RunControl(t.workers, t.scenario.hosts.count, t.control);
  const queries = new WorkerQueryServer(t.worker);
  serve(queries, t.queryPort);
  try {
    let plugins: PluginSet;
    try {
      plugins = await loadPluginSet(t.scenario, t.baseDir);
    } catch (err) {
      control.stop();
      if (err instanceof PluginLoadError) return post({ type: 'load-error', message: err.message });
      throw err;
    }
    post(await work(t, plugins, control, queries, post));
  } catch (err) {
    control.stop();
    post({ type: 'crash', ...describe(err) });
  }
}

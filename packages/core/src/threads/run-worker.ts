/**
 * A worker thread of `rasflow run`: the piscina task that simulates one worker's hosts for the
 * whole run (run-driver.ts submits exactly one task per worker: a task per host or per slice
 * would cost a message round trip each time).
 *
 * The engine is synchronous; the worker steps it a slice at a time and returns to its event loop
 * at least every YIELD_EVERY_MS of wall time (step-host.ts), where comlink answers queries and a
 * pause waits without blocking them. Pause, stop and progress go through the run's control
 * block: no message on the data path.
 *
 * Default mode: the worker claims the next host from the control block whenever it is free and
 * runs it alone. Each host's result is posted as soon as it is collected. A plugin error in host
 * f lowers the shared first failure to f (if lower): every worker then abandons hosts after f (at
 * their next slice, or instead of starting them) but still finishes the hosts before f (claimed
 * before f was, since claims go in host order), so the partial results of a failed run are hosts
 * 0 … f-1, whatever the number of workers, exactly as with one worker.
 *
 * --parallel: every worker runs every host, each a share of its vCPUs (parallel-host.ts).
 */
import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import { HostRun, importPluginSet, type RunOutput } from '../engine/run-scenario.js';
import type { HostShared } from '../engine/host.js';
import { pluginOrder, type LoadedPlugin, type PluginRefs, type PluginSet } from '../engine/plugin-set.js';
import { PluginError, PluginLoadError } from '../plugin/plugin-error.js';
import type { Scenario } from '../scenario/scenario-types.js';
import { slowestJourney, type SlowestJourney } from '../cli/run-summary.js';
import { tallyFates, type Fates } from '../cli/run-fates.js';
import { RunControl } from './control-block.js';
import { serve } from './comlink-node.js';
import { WorkerQueryServer } from './worker-queries.js';
import { Pacer, stepHost, type HostStepper } from './step-host.js';
import { runParallel } from './parallel-host.js';
import { readHostSnapshot, writeHostDone, writeHostSnapshot, type HostDone } from './checkpoint-files.js';
import { restoreHost, snapshotHost } from '../engine/host-snapshot.js';
import { BufferPool } from '../memory/buffer-pool.js';

/** What the main thread gives the worker (the piscina task). */
export interface WorkerTask {
  scenario: Scenario;
  /** The plugins as the main thread loaded and validated them (module URLs, options with defaults). */
  plugins: PluginRefs;
  /**
   * The hosts of the run, in increasing order (every host, or a shard's). --parallel: every
   * worker runs every one; default mode: claim k of the control block is hosts[k].
   */
  hosts: number[];
  /** Keep journey records in the posted results (for journeys.jsonl). */
  keepJourneys: boolean;
  /** The run's output directory (PluginEnv.outDir), null when it has none. */
  outDir: string | null;
  /** --parallel: this worker runs vCPUs worker, worker + workers, … of every host. */
  parallel: boolean;
  /** The run's control block (control-block.ts). */
  control: SharedArrayBuffer;
  /** This worker's index in the control block. */
  worker: number;
  /** Workers of the run (the control block's size). */
  workers: number;
  /** Where the worker posts {@link WorkerMessage}s (and, --parallel, receives {@link MainMessage}s). */
  port: MessagePort;
  /** Where the worker serves WorkerQueries with comlink. */
  queryPort: MessagePort;
  /**
   * --checkpoint-every (default mode only): where host snapshots and finished hosts go
   * (checkpoint-files.ts), how often in simulated ns, and the hosts a resumed run has finished
   * already (skipped). A host with a snapshot there starts from it.
   */
  checkpoint: { dir: string; everyNs: number; done: number[] } | null;
}

/** Messages from the worker, in order: `host`*, `shared`* and at most one `started` (before any `host`), then exactly one of the others. */
export type WorkerMessage =
  /** One host finished (or was stopped: `output.complete` false, and it is the last). --parallel: this worker's part of it. */
  | { type: 'host'; output: RunOutput; slowest: SlowestJourney | null; fates: Fates; reachedNs: number }
  /** Sent once, before the first slice of the worker's first host: its first access is about to run (Unix epoch ms). */
  | { type: 'started'; atEpochMs: number; plugins: string[] }
  /** --parallel, worker 0: the buffers of a host it built, for the other workers. */
  | { type: 'shared'; host: number; shared: HostShared }
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

/** --parallel: messages from the main thread to workers other than 0. */
export type MainMessage =
  | { type: 'shared'; host: number; shared: HostShared }
  /** Worker 0 ended: no host after the last `shared` will come. */
  | { type: 'no-more-hosts' };

/** The last message of a worker: how its run ended. */
export type FinalMessage = Exclude<WorkerMessage, { type: 'host' } | { type: 'shared' } | { type: 'started' }>;

function describe(err: unknown): { message: string; stack: string } {
  return err instanceof Error
    ? { message: `${err.name}: ${err.message}`, stack: err.stack ?? err.message }
    : { message: String(err), stack: String(err) };
}

/** What a worker's loops need. */
export interface WorkerContext extends HostStepper {
  task: WorkerTask;
  plugins: PluginSet;
  post: (m: WorkerMessage) => void;
}

/** Collects a host's result (or this worker's part of it), posts it and returns it. */
export function postHost(c: WorkerContext, run: HostRun, busyMs: number): HostDone {
  const r0 = performance.now();
  // Records are always kept: the summary's slowest journey needs their latencies, and --parallel
  // merges the parts' records. They are dropped before posting unless needed.
  const r = run.result(true);
  const wallSeconds = (busyMs + performance.now() - r0) / 1000;
  const q = c.queries;
  q.finish(r.counts, r.journeys);
  q.current = null;
  c.control.report(c.worker, run.index, run.reachedNs, q.accesses(), q.journeys(), q.hostsDone, false);
  const records = r.records ?? [];
  const slowest = slowestJourney(records);
  const fates = tallyFates(records);
  if (!c.task.keepJourneys && !c.task.parallel) r.records = null;
  const output: RunOutput = { complete: r.complete, hosts: [r], counts: r.counts, wallSeconds };
  const done: HostDone = { output, slowest, fates, reachedNs: run.reachedNs };
  c.post({ type: 'host', ...done });
  return done;
}

/**
 * --checkpoint-every: at each slice end, writes the host's snapshot when it has passed the next
 * multiple of everyNs, or when the run is being stopped (so a Ctrl-C keeps the host's progress).
 */
function checkpointer(dir: string, everyNs: number, run: HostRun): (stopping: boolean) => void {
  let next = (Math.floor(run.reachedNs / everyNs) + 1) * everyNs;
  return (stopping) => {
    if (run.finished || (!stopping && run.reachedNs < next)) return;
    writeHostSnapshot(dir, snapshotHost(run));
    next = (Math.floor(run.reachedNs / everyNs) + 1) * everyNs;
  };
}

/** Default mode: hosts claimed one at a time, each run alone. */
async function runOwnHosts(c: WorkerContext): Promise<FinalMessage> {
  const { control, task } = c;
  // A host after the first failing one is abandoned; one before it runs on (see the module comment).
  const abandoned = (host: number): boolean => host > control.firstFailure();
  // The buffers of each finished host go to the next one (memory/buffer-pool.ts).
  const pool = new BufferPool();
  for (let first = true; ; first = false) {
    if (control.stopped()) return { type: 'stopped' };
    const claim = control.claimHost(c.worker, first);
    if (claim >= task.hosts.length) return { type: 'done' };
    const host = task.hosts[claim]!;
    if (abandoned(host)) return { type: 'stopped' };
    const cp = task.checkpoint;
    if (cp !== null && cp.done.includes(host)) continue; // a resumed run finished it before
    let run: HostRun | null = null;
    let done: ReturnType<typeof postHost>;
    // Building the host counts as busy time: in sampled time it is most of a host's cost.
    const built = performance.now();
    try {
      run = new HostRun(task.scenario, c.plugins, host, undefined, pool, task.outDir, control.hookWatch(c.worker));
      const r = run;
      const snap = cp === null ? null : readHostSnapshot(cp.dir, host);
      if (snap !== null) restoreHost(r, snap);
      r.engine.flow.watch = control.hookWatch(c.worker);
      c.queries.current = r;
      const save = cp === null ? null : checkpointer(cp.dir, cp.everyNs, r);
      const buildMs = performance.now() - built;
      const busyMs = buildMs + await stepHost(r, c, () => {
        const stop = control.stopped() || abandoned(host);
        save?.(stop);
        return stop;
      });
      // Collecting the host runs its observers' hooks: a throw there is that plugin's error.
      done = postHost(c, r, busyMs);
    } catch (err) {
      c.queries.current = null;
      if (err instanceof PluginError) {
        control.failedIn(host);
        return { type: 'plugin-error', message: err.message, host, reachedNs: run?.reachedNs ?? 0 };
      }
      throw err;
    }
    if (!done.output.complete) return { type: 'stopped' };
    if (cp !== null) writeHostDone(cp.dir, host, done);
    pool.give(run.sim.shared);
  }
}

/** Plugin names by the engine's plugin index (flow.ts P_*): the watchdog's messages name them. */
function pluginNames(p: PluginSet): string[] {
  return pluginOrder<LoadedPlugin>(p).map((x) => x.definition.name);
}

/** The piscina task: one per worker for the whole run. */
export default async function simulate(task: WorkerTask): Promise<void> {
  const post = (m: WorkerMessage): void => task.port.postMessage(m);
  const control = new RunControl(task.workers, task.scenario.hosts.count, task.control);
  const queries = new WorkerQueryServer(task.worker);
  serve(queries, task.queryPort);
  try {
    let plugins: PluginSet;
    try {
      plugins = await importPluginSet(task.plugins);
    } catch (err) {
      control.stop();
      if (err instanceof PluginLoadError) return post({ type: 'load-error', message: err.message });
      throw err;
    }
    const c: WorkerContext = {
      task, plugins, post, worker: task.worker, control, queries, pacer: new Pacer(control),
      onFirstStep: (atEpochMs) => post({ type: 'started', atEpochMs, plugins: pluginNames(plugins) }),
    };
    post(task.parallel ? await runParallel(c) : await runOwnHosts(c));
  } catch (err) {
    control.stop();
    post({ type: 'crash', ...describe(err) });
  }
}

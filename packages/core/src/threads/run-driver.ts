/**
 * The main-thread side of `rasflow run`: a piscina pool of one long-lived task per worker
 * (run-worker.ts; each worker claims the next host when it is free), each host's result collected
 * as it arrives and merged
 * in host order (never arrival order, so the answer does not depend on the number of workers), and
 * SIGINT / SIGTERM turned into a stop at the next slice boundary. The signal handlers are
 * installed only while the workers run, so before and after the run a signal has its default
 * effect.
 */
import { CLW_HOOK, CLW_HOST, CLW_SEQ, CLW_VCPU } from '../memory/layout.js';
import { HOOK_NAMES } from '../plugin/hook-names.js';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { mergeFates, type Fates } from '../cli/run-fates.js';
import type { RunOutput } from '../engine/run-scenario.js';
import { COUNT_KEYS } from '../engine/counts.js';
import type { Scenario } from '../scenario/scenario-types.js';
import { mergeRunOutputs, type WorkerResultJson } from '../results/results-json.js';
import { slowestJourney, type SlowestJourney } from '../cli/run-summary.js';
import { tallyFates } from '../cli/run-fates.js';
import { mergeHostParts } from '../results/merge-host-parts.js';
import type { MainMessage, WorkerMessage, WorkerTask } from './run-worker.js';
import { RunControl } from './control-block.js';
import { readDoneHosts } from './checkpoint-files.js';
import { loadPluginSet, validatePluginSet, type ImportedPluginSet } from '../engine/run-scenario.js';
import { pluginOrder, pluginRefs, type PluginRefs, type PluginSet } from '../engine/plugin-set.js';
import { connect, release, type Remote } from './comlink-node.js';
import type { VcpuRegisters, WorkerQueries } from './worker-queries.js';

/** The signals that stop a run, with the exit status a shell gives a process they kill. */
export const STOP_SIGNALS = {
  /** 128 + 2. */
  SIGINT: 130,
  /** 128 + 15. */
  SIGTERM: 143,
} as const;
/** A signal that stops a run: SIGINT (Ctrl-C) or SIGTERM. */
export type StopSignal = keyof typeof STOP_SIGNALS;

/** Why a run did not complete (null in {@link DriveResult.failure} when it did, or was stopped). */
export type RunFailure =
  | {
    /** A plugin could not be loaded in a worker. */
    kind: 'load';
    /** What went wrong, for a person. */
    message: string;
  }
  | {
    /** A plugin hook threw (a PluginError): hosts after this one were abandoned. */
    kind: 'plugin';
    /** The PluginError's message: plugin, hook, host, VM, vCPU and simulated time. */
    message: string;
    /** The host it threw in. */
    host: number;
  }
  | {
    /** A worker failed outside plugin code (an engine exception) or its thread died (out of memory, process.exit). */
    kind: 'crash';
    /** What went wrong, for a person. */
    message: string;
    /** The stack, when there was one. */
    stack: string;
  }
  /** A plugin hook did not return within the watchdog's time: the worker threads were terminated. */
  | {
    /** The watchdog fired. */
    kind: 'watchdog';
    /** The plugin, hook, host, VM and vCPU that did not return. */
    message: string;
    /** The host it was running. */
    host: number;
  };

/** Everything the workers reported. */
export interface DriveResult {
  /** The hosts that ran, merged in host order; `complete` is true only if every host reached durationNs. */
  output: RunOutput;
  /** Simulated time reached: durationNs when complete, else see {@link driveRun}. */
  reachedNs: number;
  /** The journey with the largest latency over all hosts that ran (the first in host order on a tie). */
  slowest: SlowestJourney | null;
  /** Journeys by kind of error and outcome, over all hosts that ran. */
  fates: Fates;
  /** Why the run did not complete; null when it did, or when a signal stopped it. */
  failure: RunFailure | null;
  /** The signal that stopped the run, if one did. */
  signal: StopSignal | null;
  /** Worker threads asked for. */
  workers: number;
  /** One entry per worker used (min(workers, hosts.count)), over the hosts in `output`. */
  perWorker: WorkerResultJson[];
  /** False with --parallel: the results depend on how the threads' timing fell. */
  deterministic: boolean;
  /**
   * When the first simulated access was about to run, in whichever worker got there first (Unix
   * epoch ms: compare with the main thread's `performance.timeOrigin`); null if no worker did.
   */
  firstAccessEpochMs: number | null;
}

/** Live access to a running run: the control block and the workers' query API. */
export interface RunHandle {
  /** Pause, resume, stop and per-worker progress, through shared memory. */
  control: RunControl;
  /** One comlink proxy per worker: its answers come at the worker's next yield point. */
  workers: Remote<WorkerQueries>[];
  /**
   * Which worker runs host `host` now (-1: none; --parallel: which one runs vCPU index
   * `vcpuIndex` = vm × vcpus + vcpu of it).
   */
  workerOf(host: number, vcpuIndex?: number): number;
  /** A vCPU's registers, asked of the worker that runs it (null when its host is not running). */
  vcpu(host: number, vm: number, vcpu: number): Promise<VcpuRegisters | null>;
}

/** What {@link driveRun} needs. */
export interface DriveOptions {
  /** Directory relative plugin paths resolve against (the scenario file's). */
  baseDir: string;
  /** The run's output directory, handed to plugins as PluginEnv.outDir (default none). */
  outDir?: string;
  /** Keep the canonical journey records (for journeys.jsonl, --report, --trace). */
  keepJourneys: boolean;
  /**
   * Worker threads to use (at least 1; default 1). No more than hosts.count are started, or with
   * `parallel` no more than the vCPUs of a host.
   */
  workers?: number;
  /** --parallel: every worker runs a share of every host's vCPUs (threads/parallel-host.ts). */
  parallel?: boolean;
  /** Called with the run's handle once the workers are starting (pause, resume, progress, queries). */
  onControl?: (handle: RunHandle) => void;
  /** Called once the run is over, before the handle's query channels close (stop asking them). */
  onControlEnd?: () => void;
  /**
   * Called on SIGINT/SIGTERM during the run, `first` for the one that asks the workers to stop at
   * their slice ends (a second one abandons the running hosts).
   */
  onStopSignal?: (name: StopSignal, first: boolean) => void;
  /**
   * Milliseconds a plugin hook may run before the watchdog terminates the workers and the run
   * ends with a 'watchdog' failure (default 30,000; 0: no watchdog).
   */
  watchdogMs?: number;
  /** Heap limit of each worker thread (resourceLimits.maxOldGenerationSizeMb); default: node's. */
  workerHeapMiB?: number;
  /**
   * --checkpoint-every: host snapshots every `everyNs` of simulated time into `dir`
   * (checkpoint-files.ts; not with `parallel`). With `resume`, the hosts `dir` has finished are
   * taken from it and the others start from their snapshots.
   */
  checkpoint?: {
    /** Directory of the host snapshots. */
    dir: string;
    /** Simulated time between two snapshots of a host, ns. */
    everyNs: number;
    /** `rasflow resume`: take finished hosts from `dir` and start the others from their snapshots. */
    resume: boolean;
  };
  /** The scenario's plugins, loaded and validated; loaded here (before any worker starts) when absent. */
  plugins?: PluginSet;
  /**
   * Instead of `plugins`: the plugin modules already imported in this thread (so a module that
   * cannot be loaded failed before any worker started), their options validated here while the
   * worker threads start (the schema validator costs ~100 ms; the threads' start as much).
   * Invalid options throw a PluginLoadError before any task is given to a worker.
   */
  imported?: ImportedPluginSet;
  /** The hosts to run, in increasing order (--shard); default every host of the scenario. */
  hosts?: readonly number[];
}

/** One host's result as a worker posted it (--parallel: one worker's part of it). */
interface HostMessage {
  worker: number;
  output: RunOutput;
  slowest: SlowestJourney | null;
  fates: Fates;
  reachedNs: number;
}

const ACCESSES = COUNT_KEYS.indexOf('accesses');

/**
 * Runs the hosts of `scenario` on min(workers, hosts.count) worker threads, each running its
 * hosts one after another. The first SIGINT or SIGTERM asks every worker to stop at the end of
 * its current slice (the partial hosts are kept); a second one terminates the workers at once
 * (only the hosts already finished are kept). A plugin error in host f abandons the hosts after f
 * and keeps hosts 0 … f-1 (run-worker.ts), as with one worker.
 *
 * When the run is incomplete, `reachedNs` is the failing host's time (plugin error), otherwise
 * the least time reached by a partial host, or durationNs if every host that ran finished.
 */
export async function driveRun(scenario: Scenario, opts: DriveOptions): Promise<DriveResult> {
  // A plugin that cannot be loaded, or whose options are wrong, fails with a PluginLoadError before
  // any worker has a task (before any starts, unless the modules came imported); the workers
  // import the same modules again, with the options as validated here.
  let plugins: PluginRefs | null = opts.plugins === undefined ? null : pluginRefs(opts.plugins);
  if (plugins === null && opts.imported === undefined) plugins = pluginRefs(await loadPluginSet(scenario, opts.baseDir));
  const requested = Math.max(1, Math.floor(opts.workers ?? 1));
  const parallel = opts.parallel === true;
  const vcpusPerHost = scenario.vms.perHost * scenario.vms.vcpus;
  const toRun = [...(opts.hosts ?? Array.from({ length: scenario.hosts.count }, (_v, h) => h))];
  if (toRun.length === 0) throw new RangeError('driveRun: no hosts to run');
  const used = Math.min(requested, parallel ? vcpusPerHost : toRun.length);
  // Every worker gets the whole list: --parallel runs every host; otherwise workers claim the
  // next one from it through the control block.
  const placement = Array.from({ length: used }, () => toRun);
  const control = new RunControl(used, scenario.hosts.count);
  const received: HostMessage[] = [];
  let failure: RunFailure | null = null;
  let pluginReachedNs = 0;
  let signal: StopSignal | null = null;
  let done = 0;
  let firstAccessEpochMs: number | null = null;
  // Known before any worker starts, so that a create() that never returns is named too.
  const named = opts.plugins ?? opts.imported;
  let pluginNames: string[] = named === undefined ? [] : pluginOrder<{ definition: { name: string } }>(named).map((p) => p.definition.name);
  let watchdogReachedNs = 0;
  const cp = opts.checkpoint;
  if (cp !== undefined && parallel) throw new RangeError('checkpoints need a deterministic run: not with --parallel');
  // A resumed run: the hosts finished before count as if a worker had just posted them.
  const before = cp?.resume === true ? readDoneHosts(cp.dir) : [];
  for (const d of before) received.push({ worker: -1, ...d });

  // A crash or a load error outranks a plugin error; among plugin errors the lowest host wins
  // (it is the one a single worker would have met first).
  const fail = (f: RunFailure): void => {
    if (f.kind !== 'plugin') {
      if (failure === null || failure.kind === 'plugin') failure = f;
      control.stop();
    } else if (failure === null || (failure.kind === 'plugin' && f.host < failure.host)) failure = f;
  };

  // One long-lived task per worker: min = max threads and one task per thread, so each task
  // gets a thread of its own for the whole run.
  const pool = new Piscina<WorkerTask, void>({
    filename: new URL('./run-worker.js', import.meta.url).href,
    minThreads: used, maxThreads: used, concurrentTasksPerWorker: 1, idleTimeout: Number.POSITIVE_INFINITY,
    maxQueue: used, atomics: 'disabled',
    ...(opts.workerHeapMiB === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: opts.workerHeapMiB } }),
  });
  if (plugins === null) {
    // The threads are starting (their own event loops import the engine meanwhile).
    try {
      plugins = pluginRefs(validatePluginSet(opts.imported!));
    } catch (err) {
      await pool.destroy();
      throw err;
    }
  }
  const refs = plugins;
  const channels = placement.map(() => ({ results: new MessageChannel(), queries: new MessageChannel() }));
  const proxies = channels.map((c) => connect<WorkerQueries>(c.queries.port1));
  const workerOf = (host: number, vcpuIndex = 0): number => (parallel ? vcpuIndex % used : control.workerRunning(host));
  opts.onControl?.({
    control, workers: proxies, workerOf,
    vcpu: async (host, vm, vcpu) => {
      const w = workerOf(host, vm * scenario.vms.vcpus + vcpu);
      return w < 0 ? null : proxies[w]!.vcpu(host, vm, vcpu);
    },
  });
  // --parallel: worker 0 builds each host; its buffers go on to the others (parallel-host.ts).
  const relay = (m: MainMessage): void => {
    for (let w = 1; w < used; w++) channels[w]!.results.port1.postMessage(m);
  };
  const onSignal = (name: StopSignal): void => {
    opts.onStopSignal?.(name, signal === null);
    if (signal === null) {
      signal = name;
      control.stop();
    } else void pool.destroy(); // the second signal: the running hosts are abandoned
  };
  const watchdog = startWatchdog(control, used, scenario.vms.vcpus, opts.watchdogMs ?? 30_000, () => pluginNames, (f, worker) => {
    fail(f);
    watchdogReachedNs = control.progress()[worker]?.simulatedNs ?? 0;
    void pool.destroy(); // a thread stuck in a hook cannot hear a stop request: terminate it
  });
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((name) => [name, () => onSignal(name)] as const);
  for (const [name, h] of handlers) process.on(name, h);
  try {
    await Promise.all(placement.map((hosts, worker) => new Promise<void>((resolve) => {
      const { results, queries } = channels[worker]!;
      const task: WorkerTask = {
        scenario, plugins: refs, keepJourneys: opts.keepJourneys, hosts, outDir: opts.outDir ?? null,
        control: control.sab, worker, workers: used, port: results.port2, queryPort: queries.port2, parallel,
        checkpoint: cp === undefined ? null : { dir: cp.dir, everyNs: cp.everyNs, done: before.map((d) => d.output.hosts[0]!.host) },
      };
      let said = false;
      results.port1.on('message', (m: WorkerMessage) => {
        if (m.type !== 'host' && m.type !== 'shared' && m.type !== 'started') {
          said = true;
          if (parallel && worker === 0) relay({ type: 'no-more-hosts' });
          resolve();
        }
        switch (m.type) {
          case 'host':
            received.push({ worker, output: m.output, slowest: m.slowest, fates: m.fates, reachedNs: m.reachedNs });
            return;
          case 'shared':
            relay(m);
            return;
          case 'started':
            if (firstAccessEpochMs === null || m.atEpochMs < firstAccessEpochMs) firstAccessEpochMs = m.atEpochMs;
            pluginNames = m.plugins;
            return;
          case 'done':
            done++;
            return;
          case 'stopped':
            return;
          case 'load-error':
            fail({ kind: 'load', message: m.message });
            return;
          case 'plugin-error': {
            const before = failure;
            fail({ kind: 'plugin', message: m.message, host: m.host });
            if (failure !== before) pluginReachedNs = m.reachedNs;
            return;
          }
          case 'crash':
            fail({ kind: 'crash', message: m.message, stack: m.stack });
            return;
        }
      });
      // The task settles after its last message was posted, but on another channel: a fulfilled
      // task still waits for that message; a rejected one (the thread died: out of memory, or the
      // pool destroyed by a second signal) may never send it.
      pool.run(task, { transferList: [results.port2, queries.port2] }).then(
        () => undefined,
        (err: unknown) => {
          if (parallel && worker === 0 && !said) relay({ type: 'no-more-hosts' });
          if (!said && signal === null && failure === null) {
            const where = lastHook(control.hookWatch(worker), pluginNames, scenario.vms.vcpus);
            const why = err instanceof Error ? err.message : String(err);
            const message = `the simulation thread of worker ${worker} ended before the run did (${why})${where === null ? '' : `, while in ${where}`}`;
            fail({ kind: 'crash', message, stack: err instanceof Error ? (err.stack ?? message) : message });
          }
          resolve();
        },
      );
    })));
  } finally {
    clearInterval(watchdog);
    for (const [name, h] of handlers) process.off(name, h);
    opts.onControlEnd?.(); // a progress line's stats() must not reach a released proxy
    for (const p of proxies) release(p);
    for (const c of channels) {
      c.results.port1.close();
      c.queries.port1.close();
    }
    await pool.destroy();
  }

  // Host order, whatever the arrival order; after a plugin error in host f only hosts before f.
  const f = failure as RunFailure | null;
  const parts = received
    .filter((m) => f === null || f.kind !== 'plugin' || m.output.hosts[0]!.host < f.host)
    .sort((a, b) => a.output.hosts[0]!.host - b.output.hosts[0]!.host || a.worker - b.worker);
  const kept = parallel ? mergeParallelParts(parts, used, opts.keepJourneys) : parts;
  let slowest: SlowestJourney | null = null;
  const fates: Fates = {};
  for (const m of kept) {
    if (m.slowest !== null && (slowest === null || m.slowest.latencyNs > slowest.latencyNs)) slowest = m.slowest;
    mergeFates(fates, m.fates);
  }
  const perWorker: WorkerResultJson[] = placement.map((_h, worker) => {
    const mine = parts.filter((m) => m.worker === worker);
    return {
      worker,
      hosts: mine.map((m) => m.output.hosts[0]!.host),
      accesses: mine.reduce((n, m) => n + (m.output.counts[ACCESSES] ?? 0), 0),
      journeys: mine.reduce((n, m) => n + m.output.hosts[0]!.journeys, 0),
      wallSeconds: mine.reduce((t, m) => t + m.output.wallSeconds, 0),
    };
  });
  const merged = mergeRunOutputs(kept.map((m) => m.output));
  const complete = done === used && f === null && signal === null && merged.complete;
  const partial = kept.filter((m) => !m.output.complete).map((m) => m.reachedNs);
  const reachedNs = complete ? scenario.durationNs
    : f?.kind === 'plugin' ? pluginReachedNs
      : f?.kind === 'watchdog' ? watchdogReachedNs
      : partial.length > 0 ? Math.min(...partial)
        : kept.length > 0 ? scenario.durationNs : 0;
  // The workers ran side by side: the run took as long as the busiest one.
  const wallSeconds = Math.max(0, ...perWorker.map((w) => w.wallSeconds));
  return {
    output: { ...merged, complete, wallSeconds },
    reachedNs,
    slowest,
    fates,
    failure: f,
    signal,
    workers: requested,
    perWorker,
    deterministic: !parallel,
    firstAccessEpochMs,
  };
}

/** The plugin hook a worker's watchdog words say it is in: `plugin 'x' hook y on host h, VM v vCPU c`, or null. */
function lastHook(v: Int32Array, names: string[], vcpusPerVm: number): string | null {
  const code = v[CLW_HOOK]!;
  if (code === 0) return null;
  const plugin = names[(code - 1) >>> 8] ?? `plugin #${(code - 1) >>> 8}`;
  const hook = HOOK_NAMES[(code - 1) & 0xff] ?? '?';
  const vcpu = v[CLW_VCPU]!;
  const where = vcpu >= 0 ? `, VM ${Math.floor(vcpu / vcpusPerVm)} vCPU ${vcpu % vcpusPerVm}` : '';
  return `plugin '${plugin}' hook ${hook} on host ${v[CLW_HOST]!}${where}`;
}

/**
 * Every second (or a fifth of the limit), looks at each worker's hook words: a worker inside a
 * plugin hook whose hook-entry count has not moved for `limitMs` is stuck there (an endless loop
 * never returns to the event loop, so neither a stop request nor a query reaches it). Reads are
 * plain: the words are written by one thread and read seconds apart, and a torn view only delays
 * the verdict by one check.
 */
function startWatchdog(
  control: RunControl, workers: number, vcpusPerVm: number, limitMs: number, names: () => string[],
  onStuck: (f: RunFailure, worker: number) => void,
): NodeJS.Timeout | undefined {
  if (!(limitMs > 0)) return undefined;
  const views = Array.from({ length: workers }, (_v, w) => control.hookWatch(w));
  const seen = views.map(() => ({ seq: -1, since: Date.now() }));
  const timer = setInterval(() => {
    const now = Date.now();
    for (let w = 0; w < workers; w++) {
      const v = views[w]!;
      const code = v[CLW_HOOK]!;
      const seq = v[CLW_SEQ]!;
      const s = seen[w]!;
      if (code === 0 || seq !== s.seq) {
        s.seq = code === 0 ? -1 : seq;
        s.since = now;
        continue;
      }
      if (now - s.since < limitMs) continue;
      const host = v[CLW_HOST]!;
      clearInterval(timer);
      onStuck({
        kind: 'watchdog', host,
        message: `${lastHook(v, names(), vcpusPerVm)!} has not returned for ${((now - s.since) / 1000).toFixed(1)} s (watchdog ${limitMs / 1000} s): the worker threads were terminated`,
      }, w);
      return;
    }
  }, Math.max(50, Math.min(1000, limitMs / 5)));
  timer.unref();
  return timer;
}

/**
 * --parallel: each host's parts (one per worker, in worker order) as one host message. A host is
 * complete when every worker's part is; its records are numbered again in time order, and the
 * summary's slowest journey and fates are taken over them.
 */
function mergeParallelParts(parts: HostMessage[], used: number, keepJourneys: boolean): HostMessage[] {
  const byHost = new Map<number, HostMessage[]>();
  for (const m of parts) {
    const h = m.output.hosts[0]!.host;
    byHost.set(h, [...(byHost.get(h) ?? []), m]);
  }
  return [...byHost.values()].map((ps) => {
    const host = mergeHostParts(ps.map((m) => m.output.hosts[0]!));
    const records = host.records ?? [];
    const slowest = slowestJourney(records);
    const fates = tallyFates(records);
    if (!keepJourneys) host.records = null;
    const complete = ps.length === used && host.complete;
    return {
      worker: -1,
      output: { complete, hosts: [{ ...host, complete }], counts: host.counts, wallSeconds: Math.max(...ps.map((m) => m.output.wallSeconds)) },
      slowest, fates,
      reachedNs: Math.min(...ps.map((m) => m.reachedNs)),
    };
  });
}

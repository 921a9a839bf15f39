/**
 * The main-thread side of `rasflow run`: starts the worker that simulates the hosts
 * (run-worker.ts), collects each host's result as it arrives, and turns SIGINT / SIGTERM into a
 * stop at the next slice boundary. The handlers are installed only while the worker runs, so
 * before and after the run a signal has its default effect.
 */
import { mergeFates, type Fates } from './run-fates.js';
import { Worker } from 'node:worker_threads';
import type { RunOutput } from '../engine/run-scenario.js';
import type { Scenario } from '../scenario/scenario-types.js';
import { mergeRunOutputs } from '../results/results-json.js';
import type { SlowestJourney } from './run-summary.js';
import type { WorkerInput, WorkerMessage } from './run-worker.js';

/** The signals that stop a run, with the exit status a shell gives a process they kill. */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/** Why a run did not complete (null in {@link DriveResult.failure} when it did, or was stopped). */
export type RunFailure =
  | { kind: 'load'; message: string }
  | { kind: 'plugin'; message: string; host: number }
  | { kind: 'crash'; message: string; stack: string };

/** Everything the worker reported. */
export interface DriveResult {
  /** The hosts that ran, merged; `complete` is true only if every host reached durationNs. */
  output: RunOutput;
  /** Simulated time the last host that ran had reached (durationNs when complete). */
  reachedNs: number;
  /** The journey with the largest latency over all hosts that ran. */
  slowest: SlowestJourney | null;
  /** Journeys by kind of error and outcome, over all hosts that ran. */
  fates: Fates;
  failure: RunFailure | null;
  /** The signal that stopped the run, if one did. */
  signal: StopSignal | null;
}

/** What {@link driveRun} needs. */
export interface DriveOptions {
  baseDir: string;
  keepJourneys: boolean;
}

/**
 * Runs every host of `scenario` in one worker thread, one host after another. The first SIGINT or
 * SIGTERM asks the worker to stop at the end of the current slice (its partial host is kept); a
 * second one terminates the worker at once (only the hosts already finished are kept).
 */
export async function driveRun(scenario: Scenario, opts: DriveOptions): Promise<DriveResult> {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = { scenario, baseDir: opts.baseDir, keepJourneys: opts.keepJourneys, stop };
  const outputs: RunOutput[] = [];
  let reachedNs = 0;
  let slowest: SlowestJourney | null = null;
  const fates: Fates = {};
  let failure: RunFailure | null = null;
  let signal: StopSignal | null = null;
  let finished = false;

  const worker = new Worker(new URL('./run-worker.js', import.meta.url), { workerData: input });
  const onSignal = (name: StopSignal): void => {
    if (signal === null) {
      signal = name;
      Atomics.store(stop, 0, 1);
    } else void worker.terminate();
  };
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((name) => [name, () => onSignal(name)] as const);
  for (const [name, h] of handlers) process.on(name, h);
  try {
    await new Promise<void>((resolve) => {
      worker.on('message', (m: WorkerMessage) => {
        // After its last message the worker has nothing left to say; terminating it (rather than
        // waiting for its event loop to drain) keeps a plugin's stray timer from holding the run.
        if (m.type !== 'host' || !m.output.complete) void worker.terminate();
        switch (m.type) {
          case 'host':
            outputs.push(m.output);
            reachedNs = m.reachedNs;
            if (m.slowest !== null && (slowest === null || m.slowest.latencyNs > slowest.latencyNs)) slowest = m.slowest;
            mergeFates(fates, m.fates);
            return;
          case 'done':
            finished = true;
            return;
          case 'stopped':
            return;
          case 'load-error':
            failure = { kind: 'load', message: m.message };
            return;
          case 'plugin-error':
            failure = { kind: 'plugin', message: m.message, host: m.host };
            reachedNs = m.reachedNs;
            return;
          case 'crash':
            failure = { kind: 'crash', message: m.message, stack: m.stack };
            return;
        }
      });
      worker.on('error', (err) => {
        failure ??= { kind: 'crash', message: `${err.name}: ${err.message}`, stack: err.stack ?? err.message };
      });
      // 'exit' comes after every message the worker posted, whatever ended it.
      worker.on('exit', () => resolve());
    });
  } finally {
    for (const [name, h] of handlers) process.off(name, h);
  }
  if (!finished && failure === null && signal === null) {
    // Neither a result nor an error: the thread died without a word (e.g. out of memory).
    failure = { kind: 'crash', message: 'the simulation thread exited before the run ended', stack: 'the simulation thread exited before the run ended' };
  }
  const merged = mergeRunOutputs(outputs);
  const complete = finished && failure === null && signal === null && merged.complete;
  return { output: { ...merged, complete }, reachedNs: complete ? scenario.durationNs : reachedNs, slowest, fates, failure, signal };
}

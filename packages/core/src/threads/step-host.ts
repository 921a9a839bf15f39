/**
 * A worker's loop over one host: step the engine a slice (or part of one) at a time, report to
 * the control block, and return to the event loop every YIELD_EVERY_MS so queries are answered
 * and a pause can take hold. Both worker modes use it; they differ in what happens at a slice end
 * (a look at the stop flags, or the --parallel barrier).
 */
import { performance } from 'node:perf_hooks';
import type { HostRun } from '../engine/run-scenario.js';
import type { RunControl } from './control-block.js';
import { YIELD_EVERY_MS, type WorkerQueryServer } from './worker-queries.js';

/** One turn of the event loop: messages waiting on the ports (queries) are handled in it. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** When the worker last returned to its event loop; shared by the hosts it runs. */
export class Pacer {
  private last = performance.now();

  constructor(private readonly control: RunControl) {}

  /** Asked between vCPUs: time to yield? (a clock read; a pause asked for also says yes) */
  readonly due = (): boolean => performance.now() - this.last >= YIELD_EVERY_MS || this.control.pauseRequested();

  /** Yields to the event loop (queries are answered), then waits while paused. */
  async yield(): Promise<void> {
    await turn();
    await this.control.waitWhilePaused();
    this.last = performance.now();
  }
}

export interface HostStepper {
  worker: number;
  control: RunControl;
  queries: WorkerQueryServer;
  pacer: Pacer;
  /**
   * Called once, with the wall-clock time (Unix epoch ms), just before the worker's first slice:
   * its first simulated access is about to run. Cleared after the call, so later hosts and slices
   * pay nothing for it (results.json's `startup`).
   */
  onFirstStep: ((epochMs: number) => void) | null;
}

/**
 * Now as Unix epoch milliseconds, comparable across threads: each thread's performance.now()
 * counts from its own timeOrigin (a worker's is when the worker started), the sum does not.
 */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * Runs `run` until it reaches durationNs or `atSliceEnd` (called after every complete slice)
 * returns true. Returns the wall milliseconds spent simulating, slice ends included (yields to
 * the event loop and pauses excluded).
 */
export async function stepHost(run: HostRun, w: HostStepper, atSliceEnd: () => boolean | Promise<boolean>): Promise<number> {
  const q = w.queries;
  let busyMs = 0;
  const first = w.onFirstStep;
  if (first !== null && !run.finished) {
    w.onFirstStep = null;
    first(epochNow());
  }
  while (!run.finished) {
    const t0 = performance.now();
    const sliceDone = run.step(w.pacer.due);
    w.control.report(w.worker, run.index, run.reachedNs, q.accesses(), q.journeys(), q.hostsDone, sliceDone);
    // The slice end counts as busy time: with --parallel it is the barrier, part of the run.
    const stop = sliceDone && (await atSliceEnd());
    busyMs += performance.now() - t0;
    if (stop) break;
    if (w.pacer.due()) await w.pacer.yield();
  }
  return busyMs;
}

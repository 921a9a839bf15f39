/**
 * The control block of a run: one SharedArrayBuffer (layout in memory/layout.ts) through which the
 * main thread pauses, resumes and stops the workers and reads their progress without a message on
 * the data path: a worker inside a host's run does not service messages, it reads this block at
 * every slice end (and at the suspensions between vCPUs, see Engine.runSlice).
 */
import {
  CL_ACCESSES, CL_HEARTBEAT_MS, CL_HOST, CL_HOSTS_DONE, CL_JOURNEYS, CL_SIMULATED_NS, CL_SLICES,
  controlBlockBytes, CTRL_HEADER_BYTES, CTRL_LINE_BYTES, CW_FIRST_FAILURE, CW_NEXT_HOST, CW_PAUSE, CW_PAUSED, CW_SEQ, CW_STOP,
} from '../memory/layout.js';

/** Atomics.waitAsync (Node 20 has it; the ES2022 library typings do not). */
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, i: number, v: number, t: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

async function waitWhileEquals(a: Int32Array, index: number, value: number, timeoutMs: number): Promise<boolean> {
  const r = waitAsync(a, index, value, timeoutMs);
  return (r.async ? await r.value : r.value) !== 'timed-out';
}

/** A worker's last report. */
export interface WorkerProgress {
  /** Worker index. */
  worker: number;
  /** Host being run (-1 before the first). */
  host: number;
  /** Simulated time that host reached, ns. */
  simulatedNs: number;
  /** Slices of engine.sliceNs completed over every host the worker ran. */
  slices: number;
  /** Wall-clock time of the report (Date.now()). */
  heartbeatMs: number;
  /** Accesses retired so far over every host the worker ran. */
  accesses: number;
  /** Journeys recorded so far over every host the worker ran. */
  journeys: number;
  /** Hosts the worker finished. */
  hostsDone: number;
}

const LINE_F64 = CTRL_LINE_BYTES / 8;

/**
 * The run's control block: one SharedArrayBuffer (layout.ts `CW_*`, `CL_*`, `CLW_*`) through which
 * the main thread pauses, resumes and stops the workers without messages, and reads each worker's
 * progress and the hook it is in (the watchdog).
 */
export class RunControl {
  /** The block (sent to every worker). */
  readonly sab: SharedArrayBuffer;
  private readonly words: Int32Array;
  private readonly lines: Float64Array;

  /**
   * A new block for `workers` workers (main thread), or views over an existing one (worker).
   *
   * @param workers Worker threads of the run.
   */
  constructor(readonly workers: number, hosts: number, sab?: SharedArrayBuffer) {
    this.sab = sab ?? new SharedArrayBuffer(controlBlockBytes(workers));
    this.words = new Int32Array(this.sab, 0, CTRL_HEADER_BYTES / 4);
    this.lines = new Float64Array(this.sab, CTRL_HEADER_BYTES, workers * LINE_F64);
    if (sab === undefined) {
      this.words[CW_FIRST_FAILURE] = hosts;
      // Host w is worker w's first (claimHost); the claims start after them.
      this.words[CW_NEXT_HOST] = workers;
      for (let w = 0; w < workers; w++) this.lines[w * LINE_F64 + CL_HOST] = -1;
    }
  }

  /** Worker `w`'s watchdog words (CLW_*) as an Int32Array over its whole line. */
  hookWatch(w: number): Int32Array {
    return new Int32Array(this.sab, CTRL_HEADER_BYTES + w * CTRL_LINE_BYTES, CTRL_LINE_BYTES / 4);
  }

  // ---- main thread ------------------------------------------------------------------------------

  /** Asks every worker to wait at its next yield point (slice end or suspension). */
  pause(): void {
    Atomics.store(this.words, CW_PAUSE, 1);
  }

  /** Lets every paused worker run again. */
  resume(): void {
    Atomics.store(this.words, CW_PAUSE, 0);
    // Closes the race with a worker about to wait: it waits only while PAUSE still reads 1, so
    // either it sees 0 before waiting or this notify wakes it.
    Atomics.notify(this.words, CW_PAUSE);
  }

  /** Asks every worker to stop at its next slice end (the partial hosts are kept). */
  stop(): void {
    Atomics.store(this.words, CW_STOP, 1);
    // A paused worker waits on PAUSE with a timeout; waking it now makes the stop prompt.
    Atomics.notify(this.words, CW_PAUSE);
  }

  /** Workers waiting in a pause now. */
  pausedWorkers(): number {
    return Atomics.load(this.words, CW_PAUSED);
  }

  /**
   * Resolves true once every worker waits in the pause asked for by pause(), false if that has not
   * happened within `timeoutMs` (a worker that has ended never pauses).
   */
  async waitUntilPaused(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      // The sequence is read before the count: a worker pausing after the read moves it.
      const seen = this.sequence();
      if (this.pausedWorkers() === this.workers) return true;
      const left = until - Date.now();
      if (left <= 0 || !(await this.waitForProgress(seen, left))) return this.pausedWorkers() === this.workers;
    }
  }

  /** Progress sequence number: changes whenever a worker reports. */
  sequence(): number {
    return Atomics.load(this.words, CW_SEQ);
  }

  /** Resolves when the sequence moves past `seen` (true) or after `timeoutMs` (false). */
  waitForProgress(seen: number, timeoutMs: number): Promise<boolean> {
    return waitWhileEquals(this.words, CW_SEQ, seen, timeoutMs);
  }

  /** Every worker's last report (a line may be mid-update: each field is still one it wrote). */
  progress(): WorkerProgress[] {
    return Array.from({ length: this.workers }, (_v, w) => {
      const b = w * LINE_F64;
      const l = this.lines;
      return {
        worker: w, host: l[b + CL_HOST]!, simulatedNs: l[b + CL_SIMULATED_NS]!, slices: l[b + CL_SLICES]!,
        heartbeatMs: l[b + CL_HEARTBEAT_MS]!, accesses: l[b + CL_ACCESSES]!, journeys: l[b + CL_JOURNEYS]!,
        hostsDone: l[b + CL_HOSTS_DONE]!,
      };
    });
  }

  // ---- both -------------------------------------------------------------------------------------

  /** Whether a stop was asked for (a signal, or a failure elsewhere): workers stop at their next slice end. */
  stopped(): boolean {
    return Atomics.load(this.words, CW_STOP) !== 0;
  }

  /** The lowest host a plugin threw in so far (hosts.count while none has). */
  firstFailure(): number {
    return Atomics.load(this.words, CW_FIRST_FAILURE);
  }

  // ---- worker -----------------------------------------------------------------------------------

  /**
   * The next host for `worker` to run (default mode): first host `worker` itself, so every worker
   * has one, then hosts W, W+1, … in increasing order to whichever worker is free, so a worker
   * whose hosts are light (a host that panicked early) takes more of them. The answer does not
   * depend on who runs what: hosts share nothing and are merged in host order.
   */
  claimHost(worker: number, first: boolean): number {
    return first ? worker : Atomics.add(this.words, CW_NEXT_HOST, 1);
  }

  /** The worker whose last report names `host`, or -1. */
  workerRunning(host: number): number {
    for (let w = 0; w < this.workers; w++) if (this.lines[w * LINE_F64 + CL_HOST] === host) return w;
    return -1;
  }

  /** Lowers the first failing host to `host` unless it is already lower (workers may fail at once). */
  failedIn(host: number): void {
    for (;;) {
      const cur = Atomics.load(this.words, CW_FIRST_FAILURE);
      if (host >= cur || Atomics.compareExchange(this.words, CW_FIRST_FAILURE, cur, host) === cur) return;
    }
  }

  /**
   * A worker's report: where it is and what it did so far. `sliceDone` counts a slice. The
   * sequence bump comes after the line is written, so a reader woken by it finds the new values.
   */
  report(worker: number, host: number, simulatedNs: number, accesses: number, journeys: number, hostsDone: number, sliceDone: boolean): void {
    const b = worker * LINE_F64;
    const l = this.lines;
    l[b + CL_HOST] = host;
    l[b + CL_SIMULATED_NS] = simulatedNs;
    if (sliceDone) l[b + CL_SLICES] = l[b + CL_SLICES]! + 1;
    l[b + CL_HEARTBEAT_MS] = Date.now();
    l[b + CL_ACCESSES] = accesses;
    l[b + CL_JOURNEYS] = journeys;
    l[b + CL_HOSTS_DONE] = hostsDone;
    Atomics.add(this.words, CW_SEQ, 1);
    Atomics.notify(this.words, CW_SEQ);
  }

  /** True when a pause was asked for (one load: the worker's cheap check). */
  pauseRequested(): boolean {
    return Atomics.load(this.words, CW_PAUSE) !== 0;
  }

  /**
   * Waits while paused, without blocking the worker's event loop, so queries are still answered
   * during the pause. Returns when resumed or stopped.
   */
  async waitWhilePaused(): Promise<void> {
    if (!this.pauseRequested()) return;
    // A reader waiting for the pause to take hold watches the sequence (waitUntilPaused). The
    // sequence moves before the count, and the notify comes after it: once the count says every
    // worker is paused, nothing of the pause moves the sequence again (it moved after the count,
    // a reader that saw all paused then saw "progress while paused"), and a reader that read the
    // sequence before this move and the count before the add still wakes on the notify.
    Atomics.add(this.words, CW_SEQ, 1);
    Atomics.add(this.words, CW_PAUSED, 1);
    Atomics.notify(this.words, CW_SEQ);
    while (Atomics.load(this.words, CW_PAUSE) === 1 && !this.stopped()) {
      // Waits only while PAUSE reads 1, so a resume() between the load and the wait is not lost;
      // the timeout bounds how late a stop() raised without a notify is seen.
      await waitWhileEquals(this.words, CW_PAUSE, 1, 50);
    }
    Atomics.sub(this.words, CW_PAUSED, 1);
  }
}

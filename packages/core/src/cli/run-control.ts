/**
 * The control block of a run: one SharedArrayBuffer through which the main thread pauses and
 * resumes the workers and reads their progress, without a message on the data path (a worker
 * inside a host's run does not service messages; it reads this block once per slice).
 *
 *  Int32 words  0: PAUSE (1 = pause at the next slice end)   1: PAUSED (workers now waiting)
 *               2: SEQ (bumped after every progress write; Atomics.notify on it)
 *  then one 64-byte line per worker (its own cache line, so two workers never write one line):
 *  Float64 0: host being run   1: simulated ns it reached   2: slices done   3: wall ms (heartbeat)
 */

/** Atomics.waitAsync (Node 20 has it; the ES2022 library typings do not). */
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, i: number, v: number, t: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

const HEADER_BYTES = 64;
const LINE_BYTES = 64;
const PAUSE = 0;
const PAUSED = 1;
const SEQ = 2;

/** A worker's last report. */
export interface WorkerProgress {
  worker: number;
  host: number;
  simulatedNs: number;
  slices: number;
  heartbeatMs: number;
}

export class RunControl {
  readonly sab: SharedArrayBuffer;
  private readonly words: Int32Array;
  private readonly lines: Float64Array;

  constructor(readonly workers: number, sab?: SharedArrayBuffer) {
    this.sab = sab ?? new SharedArrayBuffer(HEADER_BYTES + workers * LINE_BYTES);
    this.words = new Int32Array(this.sab, 0, HEADER_BYTES / 4);
    this.lines = new Float64Array(this.sab, HEADER_BYTES, (workers * LINE_BYTES) / 8);
  }

  // ---- main thread ------------------------------------------------------------------------------

  /** Asks every worker to wait at its next slice end. */
  pause(): void {
    Atomics.store(this.words, PAUSE, 1);
  }

  resume(): void {
    Atomics.store(this.words, PAUSE, 0);
    // Closes the race with a worker about to wait: it waits only while PAUSE still reads 1, so
    // either it sees 0 before waiting or this notify wakes it.
    Atomics.notify(this.words, PAUSE);
  }

  /** Workers waiting in a pause now. */
  pausedWorkers(): number {
    return Atomics.load(this.words, PAUSED);
  }

  /** Progress sequence number: changes whenever a worker reports. */
  sequence(): number {
    return Atomics.load(this.words, SEQ);
  }

  /** Resolves when the sequence moves past `seen` or after `timeoutMs` (false then). */
  async waitForProgress(seen: number, timeoutMs: number): Promise<boolean> {
    const r = waitAsync(this.words, SEQ, seen, timeoutMs);
    return (r.async ? await r.value : r.value) !== 'timed-out';
  }

  /** Every worker's last report (a line may be mid-update: each field is still one it wrote). */
  progress(): WorkerProgress[] {
    return Array.from({ length: this.workers }, (_v, w) => {
      const b = (w * LINE_BYTES) / 8;
      return { worker: w, host: this.lines[b]!, simulatedNs: this.lines[b + 1]!, slices: this.lines[b + 2]!, heartbeatMs: this.lines[b + 3]! };
    });
  }

  // ---- worker -----------------------------------------------------------------------------------

  /** A worker's slice end: report, then wait while paused (waking every 50 ms to see `stopped`). */
  sliceEnd(worker: number, host: number, simulatedNs: number, stopped: () => boolean): void {
    const b = (worker * LINE_BYTES) / 8;
    this.lines[b] = host;
    this.lines[b + 1] = simulatedNs;
    this.lines[b + 2] = this.lines[b + 2]! + 1;
    this.lines[b + 3] = Date.now();
    // The bump comes after the line is written, so a reader woken by it finds the new values.
    Atomics.add(this.words, SEQ, 1);
    Atomics.notify(this.words, SEQ);
    if (Atomics.load(this.words, PAUSE) === 0) return;
    Atomics.add(this.words, PAUSED, 1);
    Atomics.notify(this.words, SEQ); // a reader waiting for the pause to take hold
    while (Atomics.load(this.words, PAUSE) === 1 && !stopped()) {
      // Waits only while PAUSE reads 1: a resume() between the load and the wait is not lost.
      Atomics.wait(this.words, PAUSE, 1, 50);
    }
    Atomics.sub(this.words, PAUSED, 1);
  }
}

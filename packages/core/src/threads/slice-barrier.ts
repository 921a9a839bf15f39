/**
 * --parallel: the workers that share a host meet at every slice end, so none runs more than one
 * slice ahead of another (the staleness bound of the default mode, kept), and they take every
 * stop decision together: a worker that wants to stop (a signal, a failure in an earlier host)
 * says so before arriving, and the decision is read by all after the last one arrives. A worker
 * that fails marks the host aborted, which releases the others from the barrier.
 *
 * Words in the host state buffer (layout.ts): HS_BARRIER_ARRIVED, HS_BARRIER_GEN,
 * HS_BARRIER_STOP, HS_ABORTED.
 */
import { HS_ABORTED, HS_BARRIER_ARRIVED, HS_BARRIER_GEN, HS_BARRIER_STOP } from '../memory/layout.js';

/** Atomics.waitAsync (Node 20 has it; the ES2022 library typings do not). */
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, i: number, v: number, t: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

export class SliceBarrier {
  constructor(private readonly words: Int32Array, private readonly parties: number) {}

  /** Arrives at a slice end; resolves true when every worker of the host stops here. */
  async arrive(wantStop: boolean): Promise<boolean> {
    const w = this.words;
    // The generation is read before arriving: the last arriver bumps it only after everyone
    // counted, so a worker that reads the old value here cannot miss the bump.
    const gen = Atomics.load(w, HS_BARRIER_GEN);
    if (wantStop) Atomics.store(w, HS_BARRIER_STOP, 1);
    if (Atomics.add(w, HS_BARRIER_ARRIVED, 1) === this.parties - 1) {
      // Last to arrive: reset the count before the bump, so a worker released by the bump that
      // arrives at the next barrier counts from zero.
      Atomics.store(w, HS_BARRIER_ARRIVED, 0);
      Atomics.add(w, HS_BARRIER_GEN, 1);
      Atomics.notify(w, HS_BARRIER_GEN);
    } else {
      // Waits asynchronously, so queries are still answered; only while the generation still
      // reads `gen`, so a bump between the load and the wait is not lost. The timeout is a
      // safety net: abort() notifies too.
      while (Atomics.load(w, HS_BARRIER_GEN) === gen && !this.aborted()) {
        const r = waitAsync(w, HS_BARRIER_GEN, gen, 100);
        if (r.async) await r.value;
      }
    }
    return Atomics.load(w, HS_BARRIER_STOP) === 1 || this.aborted();
  }

  /** A worker of this host failed: the others leave the barrier (and stop) at once. */
  abort(): void {
    Atomics.store(this.words, HS_ABORTED, 1);
    Atomics.notify(this.words, HS_BARRIER_GEN);
  }

  aborted(): boolean {
    return Atomics.load(this.words, HS_ABORTED) === 1;
  }
}

/**
 * The journey lock of a host shared by several workers (--parallel): a word in the host state
 * buffer (HS_LOCK), 0 free, 1 held, 2 held with waiters (the classic three-state futex mutex, so
 * an uncontended acquire and release cost one atomic operation each and no wake-up).
 *
 * The access loop never takes it: poison bits and page flags are written with Atomics and read
 * with plain loads. What it serialises is everything else a journey or a timed event changes that
 * other vCPUs' journeys also change: GHES blocks and their ack registers, the RAS error records,
 * guest page states and free lists, VM and process states.
 */
import { HS_LOCK } from '../memory/layout.js';

export class HostLock {
  constructor(private readonly words: Int32Array) {}

  acquire(): void {
    const w = this.words;
    let c = Atomics.compareExchange(w, HS_LOCK, 0, 1);
    if (c === 0) return;
    do {
      // Mark the lock contended (2) before sleeping, so the holder's release knows to wake us;
      // Atomics.wait sleeps only while the word still reads 2, so a release between the
      // exchange and the wait is not lost.
      if (c === 2 || Atomics.compareExchange(w, HS_LOCK, 1, 2) !== 0) Atomics.wait(w, HS_LOCK, 2);
      c = Atomics.compareExchange(w, HS_LOCK, 0, 2);
    } while (c !== 0);
  }

  release(): void {
    const w = this.words;
    // 1 → 0: nobody waits. 2 → 1 → 0 plus one wake-up: a waiter retakes it as contended (2),
    // so a further waiter behind it is woken in turn.
    if (Atomics.sub(w, HS_LOCK, 1) !== 1) {
      Atomics.store(w, HS_LOCK, 0);
      Atomics.notify(w, HS_LOCK, 1);
    }
  }
}

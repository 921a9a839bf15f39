/**
 * Shared buffers of finished hosts, kept for the next host of the same shape. Building a host
 * from fresh SharedArrayBuffers costs a page fault per 4 KiB it initialises (17–30 µs each on
 * these VMs: 80–100 ms for a host of eight 4 GiB guests), and the garbage collector frees dead
 * buffers late, so a worker running thousands of hosts in sampled time spent its time in the
 * kernel and its RSS grew to gigabytes. A recycled buffer is zero-filled before it is handed out,
 * so a host built from it starts exactly as one built from fresh memory (a fresh
 * SharedArrayBuffer is all zeros): the results do not depend on recycling.
 */
import type { HostShared } from '../engine/host.js';

/** Allocates a zero-filled shared buffer of `bytes` bytes. */
export type SharedAlloc = (bytes: number) => SharedArrayBuffer;

/** A fresh SharedArrayBuffer: the allocator when nothing is recycled. */
export const freshShared: SharedAlloc = (bytes) => new SharedArrayBuffer(bytes);

export class BufferPool {
  private readonly free = new Map<number, SharedArrayBuffer[]>();

  /** A zero-filled buffer of `bytes` bytes: a recycled one when there is one of that size. */
  readonly take: SharedAlloc = (bytes) => {
    const b = this.free.get(bytes)?.pop();
    if (b === undefined) return new SharedArrayBuffer(bytes);
    new Uint8Array(b).fill(0);
    return b;
  };

  /** Takes back every buffer of a host that nothing uses any more. */
  give(s: HostShared): void {
    for (const v of Object.values(s) as (SharedArrayBuffer | (SharedArrayBuffer | null)[])[]) {
      for (const b of Array.isArray(v) ? v : [v]) {
        if (b === null) continue;
        const list = this.free.get(b.byteLength);
        if (list === undefined) this.free.set(b.byteLength, [b]);
        else list.push(b);
      }
    }
  }
}

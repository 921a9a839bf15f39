/**
 * The host kernel's APEI/GHES driver as KVM's handlers use it: read the record of a source, copy,
 * clear and ack it at once (Linux acks before processing), and optionally suppress a record seen
 * recently (Linux's 4-entry, 10-second estatus cache), which is how SEA storms happen (flow.md §8).
 *
 * @module
 */
import type { GhesReading, HypervisorContext } from '@rasflow/core';

/** What the host's APEI found in a source ({@link HostApei.claim}): no record. */
export const APEI_NONE = 0;
/** A record to process (ghes_proc(): memory_failure() on its address). */
export const APEI_RECORD = 1;
/** A record the estatus cache suppressed: claimed and acked, not processed. */
export const APEI_DUPLICATE = 2;

const CACHE_ENTRIES = 4;
const CACHE_WINDOW_NS = 10_000_000_000;

/**
 * The host kernel's APEI/GHES driver as KVM's handlers use it (ghes_notify_sea(), ghes_sdei_*):
 * reads a source's record, acks it at once, and with `duplicateCache` suppresses a record seen
 * within 10 s (Linux's 4-entry estatus cache), which is how SEA storms happen.
 */
export class HostApei {
  /** The record the last {@link claim} read (reused). */
  readonly reading: GhesReading = { result: 'none', severity: 0, validationBits: 0, physicalAddress: -1 };
  private readonly cachePa = new Float64Array(CACHE_ENTRIES).fill(-1);
  private readonly cacheSev = new Int32Array(CACHE_ENTRIES);
  // -Infinity: an empty slot is never "seen within 10 s" (an empty slot would otherwise match a
  // record with no address during the first 10 s of a run).
  private readonly cacheAt = new Float64Array(CACHE_ENTRIES).fill(Number.NEGATIVE_INFINITY);
  private next = 0;
  /**
   * Generic Error Data Entries in the block the last {@link claim} read: `reading` holds the
   * first, HypervisorContext.apeiReadEntry reads the others (ghes_do_proc() handles each).
   */
  entries = 0;

  constructor(private readonly duplicateCache: boolean) {}

  /** Reads and acks `source`; the record is in `reading`. Returns APEI_* (APEI_NONE for a malformed block too). */
  claim(hv: HypervisorContext, source: number): number {
    this.entries = 0;
    if (source < 0) return APEI_NONE;
    const r = this.reading;
    this.entries = hv.apeiRead(source, r);
    if (r.result === 'none') return APEI_NONE;
    hv.apeiAck(source);
    // A block __ghes_check_estatus() refuses (lengths that do not add up, no entry) is cleared
    // and acknowledged but not claimed: ghes_notify_sea() fails, and the caller's no-record
    // fallback runs (KVM's virtual SError or SEA exit, do_sea()'s own SIGBUS).
    if (r.result === 'malformed') return APEI_NONE;
    if (r.result !== 'record') return APEI_RECORD;
    // The cache holds single records; a block of several (a batching firmware's) is never one seen.
    if (this.duplicateCache && !(this.entries > 1) && this.seenRecently(r.physicalAddress, r.severity, hv.nowNs)) {
      hv.note('GHES estatus cache: duplicate record within 10 s, not processed');
      return APEI_DUPLICATE;
    }
    return APEI_RECORD;
  }

  private seenRecently(pa: number, sev: number, now: number): boolean {
    for (let i = 0; i < CACHE_ENTRIES; i++) {
      if (this.cachePa[i] === pa && this.cacheSev[i] === sev && now - this.cacheAt[i]! < CACHE_WINDOW_NS) return true;
    }
    this.cachePa[this.next] = pa;
    this.cacheSev[this.next] = sev;
    this.cacheAt[this.next] = now;
    this.next = (this.next + 1) % CACHE_ENTRIES;
    return false;
  }

  /** The estatus cache, for a checkpoint. */
  saveState(): unknown {
    return { pa: [...this.cachePa], sev: [...this.cacheSev], at: [...this.cacheAt], next: this.next };
  }

  /** Restores what {@link saveState} returned. */
  loadState(s: unknown): void {
    const st = s as { pa: number[]; sev: number[]; at: number[]; next: number } | undefined;
    if (st === undefined) return;
    this.cachePa.set(st.pa);
    this.cacheSev.set(st.sev);
    this.cacheAt.set(st.at);
    this.next = st.next;
  }
}

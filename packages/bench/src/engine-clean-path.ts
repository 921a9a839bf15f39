/**
 * The engine's clean path as the clean-path suite drives it: one guest of `bytes` bytes whose single
 * process maps most of RAM, an empty host poison map, and a vCPU that fills a batch with
 * `fillRandom` and retires it with `runBatch`, batch after batch. This is the loop the engine runs
 * between errors, so its throughput is what the bare access loop is compared with.
 *
 * Everything (views, batch, out and sink arrays, the VM view) is made once in the constructor: the
 * measured `run` allocates nothing and creates no closure.
 */
import {
  AccessBatch, GuestMemory, HostPoisonMap, OUT_REASON, OUT_WORDS, STOP_BUDGET, STREAM_WORKLOAD, fillRandom,
  mixThresholds, planHost, runBatch, streamKey, type MixThresholds, type VmAccessView,
} from '@rasflow/core';

const GUEST_PAGE_SHIFT = 12;

/** The part of the guest both engine modes share: page tables, poison map, placement. */
export interface CleanPathGuest {
  memory: GuestMemory;
  poison: HostPoisonMap;
  /** The VM view without guest data; the data-backed engine copies it and sets `data`. */
  view: VmAccessView;
  /** Bytes of the process's and the kernel's virtual spans (fillRandom's address ranges). */
  userBytes: number;
  kernelBytes: number;
}

/**
 * Builds the guest: 4 KiB host and guest pages, 1/16 of RAM for the kernel, one process with the
 * rest except 1/64 left free (a real guest is never completely full; the share only changes how
 * many page-table entries the loop can hit, not the work per access).
 */
export function makeCleanPathGuest(bytes: number): CleanPathGuest {
  const guestPages = bytes >>> GUEST_PAGE_SHIFT;
  const kernelPages = guestPages >>> 4;
  const processPages = guestPages - kernelPages - (guestPages >>> 6);
  const plan = planHost(4096, [{ ramBytes: bytes, guestPageSize: 4096, backing: 'page', vmmPrivatePages: 16 }]);
  const p = plan.vms[0]!;
  const poison = HostPoisonMap.create(plan.hostPages, plan.hostPageShift, 4096);
  const memory = GuestMemory.create({ guestPages, guestPageShift: GUEST_PAGE_SHIFT, kernelPages, processes: 1, processPages });
  const view: VmAccessView = {
    kernelPt: memory.kernelPt, processPt: memory.processPt, firstHostPage: p.firstHostPage,
    guestPageShift: p.guestPageShift, guestShiftMinusGranule: p.guestShiftMinusGranule,
    hostShiftMinusGranule: p.hostShiftMinusGranule, data: null, dataFirstHostPage: p.firstHostPage,
    hostPageShift: plan.hostPageShift, dirty: null, dirtyStamp: 1,
  };
  return {
    memory, poison, view,
    userBytes: processPages << GUEST_PAGE_SHIFT,
    kernelBytes: kernelPages << GUEST_PAGE_SHIFT,
  };
}

/**
 * Writes every word of `data` with a non-constant pattern. Touching every page makes the kernel
 * back it with real frames (a never-written SharedArrayBuffer reads the shared zero page, which
 * would make random loads look cache-friendly), and non-zero words make the checksum depend on
 * what was actually loaded.
 */
export function fillWords(data: Int32Array): void {
  for (let i = 0; i < data.length; i++) data[i] = Math.imul(i, 0x9e3779b1);
}

/** One vCPU running the clean path over the guest, with or without guest data. */
export class EngineCleanPath {
  private readonly batch: AccessBatch;
  private readonly out = new Int32Array(OUT_WORDS);
  private readonly sink = new Int32Array(1);
  private readonly view: VmAccessView;
  private readonly poison: HostPoisonMap;
  private readonly key: number;
  private readonly mix: MixThresholds;
  private readonly userBytes: number;
  private readonly kernelBytes: number;
  /** Index of the vCPU's next access: the stream moves on, so no sample replays another's. */
  private counter = 0;

  /** `data` set = data-backed mode (the guest's RAM contents); `vcpu` picks the address stream. */
  constructor(guest: CleanPathGuest, data: Int32Array | null, batchSize: number, vcpu: number) {
    this.batch = new AccessBatch(batchSize);
    this.view = { ...guest.view, data };
    this.poison = guest.poison;
    this.key = streamKey(1, 0, 0, vcpu, STREAM_WORKLOAD);
    // Loads only, all at EL0: the clean path the bare loop's random loads correspond to.
    this.mix = mixThresholds({ storeFraction: 0, fetchFraction: 0, kernelFraction: 0 });
    this.userBytes = guest.userBytes;
    this.kernelBytes = guest.kernelBytes;
  }

  /** Accesses per batch; `run` works in whole batches. */
  get batchSize(): number {
    return this.batch.capacity;
  }

  /**
   * Retires at least `n` accesses (whole batches) and returns a checksum of what they produced.
   * In data-backed mode that is the sum of the loaded words (runBatch's sink). Without data the
   * page-table and summary-bit loads decide whether the loop stops, so they are live anyway; the
   * checksum then only proves the batches ran.
   */
  run(n: number): number {
    const batch = this.batch;
    const b = batch.capacity;
    const view = this.view;
    const poison = this.poison;
    const out = this.out;
    const sink = this.sink;
    let counter = this.counter;
    let done = 0;
    while (done < n) {
      fillRandom(batch, b, this.key, counter, this.userBytes, this.kernelBytes, this.mix);
      const r = runBatch(batch, 0, b, view, poison, out, sink);
      // A stop here would mean the benchmark no longer measures the clean path.
      if (r !== b || out[OUT_REASON] !== STOP_BUDGET) throw new Error(`clean path stopped: reason ${out[OUT_REASON]} after ${r} accesses`);
      done += r;
      counter += r;
    }
    this.counter = counter;
    return (sink[0]! + counter) | 0;
  }
}

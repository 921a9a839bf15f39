/**
 * A host's hardware poison and page flags, sparse, in one SharedArrayBuffer (layout.ts).
 *
 * Clean pages cost one summary bit; a page that holds poison or a flag gets a slot with its
 * granule mask. The vCPU loop reads the summary bit with a plain load and calls
 * {@link HostPoisonMap.isGranulePoisoned} only when it is set.
 */
import { freshShared, type SharedAlloc } from './buffer-pool.js';
import {
  HDR_GENERATION, HDR_POISONED, HDR_SLOTS_USED, SLOT_FLAGS, SLOT_MASK, SLOT_PAGE,
  hostPoisonLayout, hostPoisonViews, type HostPoisonLayout, type HostPoisonViews,
} from './layout.js';

const EMPTY = -1;

/**
 * A host's hardware poison, per 64-byte granule, and the memory_failure() state of each host page
 * (PG_hwpoison, unmapped from stage 2 and from the VMM), in one sparse SharedArrayBuffer
 * (layout.ts): a clean page costs one summary bit, which the access loop reads with a plain load.
 */
export class HostPoisonMap {
  /** Where each part lies in the buffer. */
  readonly layout: HostPoisonLayout;
  /** The typed views over the buffer. */
  readonly views: HostPoisonViews;
  /** The buffer (sent to other workers under --parallel). */
  readonly sab: SharedArrayBuffer;
  private readonly indexMask: number;

  /** Attaches to an existing buffer (a worker does this with the buffer it was sent). */
  constructor(sab: SharedArrayBuffer, layout: HostPoisonLayout) {
    this.sab = sab;
    this.layout = layout;
    this.views = hostPoisonViews(sab, layout);
    this.indexMask = layout.indexCapacity - 1;
  }

  /** Allocates and initialises a map for `hostPages` pages. */
  static create(hostPages: number, hostPageShift: 12 | 16, maxSlots: number, alloc: SharedAlloc = freshShared): HostPoisonMap {
    const layout = hostPoisonLayout(hostPages, hostPageShift, maxSlots);
    const map = new HostPoisonMap(alloc(layout.totalBytes), layout);
    map.views.index.fill(EMPTY);
    return map;
  }

  /** Summary bit: does host page `page` hold poison or flags? (the hot path inlines this read) */
  pageHasSlot(page: number): boolean {
    return ((this.views.summary[page >>> 5]! >>> (page & 31)) & 1) === 1;
  }

  /** The slot of `page`, or -1. */
  findSlot(page: number): number {
    const { index, slots } = this.views;
    const words = this.layout.slotWords;
    let pos = Math.imul(page, 0x9e3779b1) >>> 0 & this.indexMask;
    for (;;) {
      const s = Atomics.load(index, pos);
      if (s === EMPTY) return -1;
      if (slots[s * words + SLOT_PAGE] === page) return s;
      pos = (pos + 1) & this.indexMask;
    }
  }

  /** The slot of `page`, created if needed. Throws a RangeError when the map is full. */
  claimSlot(page: number): number {
    const found = this.findSlot(page);
    if (found >= 0) return found;
    const { header, index, slots, summary } = this.views;
    const words = this.layout.slotWords;
    const s = Atomics.add(header, HDR_SLOTS_USED, 1);
    if (s >= this.layout.maxSlots) {
      Atomics.sub(header, HDR_SLOTS_USED, 1);
      throw new RangeError(
        `host poison map full: ${this.layout.maxSlots} pages already hold poison (raise engine.maxPoisonedPagesPerHost)`,
      );
    }
    const base = s * words;
    for (let w = 0; w < words; w++) Atomics.store(slots, base + w, 0);
    Atomics.store(slots, base + SLOT_PAGE, page);
    let pos = Math.imul(page, 0x9e3779b1) >>> 0 & this.indexMask;
    for (;;) {
      // The compare-exchange publishes the slot only after its words are written, so a reader
      // that finds the index entry never sees a half-initialised slot.
      const prev = Atomics.compareExchange(index, pos, EMPTY, s);
      if (prev === EMPTY) break;
      if (slots[prev * words + SLOT_PAGE] === page) return prev; // another writer won the race
      pos = (pos + 1) & this.indexMask;
    }
    // The summary bit goes up last: a vCPU that sees it will find the slot through the index.
    Atomics.or(summary, page >>> 5, 1 << (page & 31));
    return s;
  }

  /** Poisons granule `g` of host page `page`; true if it was clean before. */
  poisonGranule(page: number, g: number): boolean {
    const s = this.claimSlot(page);
    const bit = 1 << (g & 31);
    const prev = Atomics.or(this.views.slots, s * this.layout.slotWords + SLOT_MASK + (g >>> 5), bit);
    if ((prev & bit) !== 0) return false;
    Atomics.add(this.views.header, HDR_POISONED, 1);
    return true;
  }

  /** Clears granule `g` (a transient fault scrubbed, or a page replaced); true if it was set. */
  clearGranule(page: number, g: number): boolean {
    const s = this.findSlot(page);
    if (s < 0) return false;
    const bit = 1 << (g & 31);
    const prev = Atomics.and(this.views.slots, s * this.layout.slotWords + SLOT_MASK + (g >>> 5), ~bit);
    if ((prev & bit) === 0) return false;
    Atomics.sub(this.views.header, HDR_POISONED, 1);
    return true;
  }

  /** Is granule `g` of `page` poisoned? Plain reads: called on the hot path after the summary bit. */
  isGranulePoisoned(page: number, g: number): boolean {
    const s = this.findSlot(page);
    if (s < 0) return false;
    return ((this.views.slots[s * this.layout.slotWords + SLOT_MASK + (g >>> 5)]! >>> (g & 31)) & 1) === 1;
  }

  /** Does `page` hold any poisoned granule? */
  pageHasPoison(page: number): boolean {
    const s = this.findSlot(page);
    if (s < 0) return false;
    const base = s * this.layout.slotWords + SLOT_MASK;
    const end = s * this.layout.slotWords + this.layout.slotWords;
    for (let w = base; w < end; w++) if (this.views.slots[w] !== 0) return true;
    return false;
  }

  /** Sets flags (PAGE_FLAG_*) on `page`. */
  setFlags(page: number, flags: number): void {
    const s = this.claimSlot(page);
    Atomics.or(this.views.slots, s * this.layout.slotWords + SLOT_FLAGS, flags);
  }

  /** Clears flags on `page`. */
  clearFlags(page: number, flags: number): void {
    const s = this.findSlot(page);
    if (s >= 0) Atomics.and(this.views.slots, s * this.layout.slotWords + SLOT_FLAGS, ~flags);
  }

  /** The flags of `page` (0 for a page without a slot). */
  pageFlags(page: number): number {
    const s = this.findSlot(page);
    return s < 0 ? 0 : Atomics.load(this.views.slots, s * this.layout.slotWords + SLOT_FLAGS);
  }

  /** Number of granules poisoned now. */
  poisonedGranules(): number {
    return Atomics.load(this.views.header, HDR_POISONED);
  }

  /** Number of pages that hold poison or flags (slots in use). */
  pagesWithSlots(): number {
    return Math.min(Atomics.load(this.views.header, HDR_SLOTS_USED), this.layout.maxSlots);
  }

  /** Calls `fn(page, flags, granule)` for every poisoned granule, in slot order (for snapshots). */
  forEachPoisoned(fn: (page: number, flags: number, granule: number) => void): void {
    const { slots } = this.views;
    const words = this.layout.slotWords;
    const used = this.pagesWithSlots();
    for (let s = 0; s < used; s++) {
      const base = s * words;
      for (let w = SLOT_MASK; w < words; w++) {
        let m = slots[base + w]!;
        while (m !== 0) {
          const b = 31 - Math.clz32(m & -m);
          fn(slots[base + SLOT_PAGE]!, slots[base + SLOT_FLAGS]!, (w - SLOT_MASK) * 32 + b);
          m &= m - 1;
        }
      }
    }
  }

  /**
   * Forgets everything (a host reboot where the scenario marks faults transient). Only safe while
   * no vCPU of this host runs, which is the case during a reboot.
   */
  reset(): void {
    const { header, summary, index, slots } = this.views;
    summary.fill(0);
    index.fill(EMPTY);
    slots.fill(0);
    Atomics.store(header, HDR_SLOTS_USED, 0);
    Atomics.store(header, HDR_POISONED, 0);
    Atomics.add(header, HDR_GENERATION, 1);
  }
}

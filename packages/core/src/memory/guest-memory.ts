/**
 * One VM's guest-physical pages, its guest kernel's mappings and its processes' page tables.
 *
 * Everything lives in one SharedArrayBuffer (guestMemoryLayout below, part of the declared layout):
 * page states and owners, free pages, and one page table per process plus one for the kernel.
 *
 * Free pages are a watermark (pages at or above it were never handed out since boot) plus a stack
 * of pages handed back, so a 1 GiB guest whose processes use a few MiB costs about 0.8 MiB here,
 * not a stack entry per guest page.
 * Page tables map a virtual page number to a guest page frame number (gpfn); the vCPU loop reads
 * them with plain loads.
 */

import { freshShared, type SharedAlloc } from './buffer-pool.js';
/** Page-table entry values below zero. */
export const PTE_NONE = -1; // not mapped
export const PTE_HWPOISON = -2; // unmapped by the guest's memory_failure: the next touch is a late kill

/**
 * A poisoned entry also says which journey poisoned it: PTE_HWPOISON - tag (tag ≥ 0), so the late
 * kill is attributed to the same journey without another table.
 */
export function poisonedPte(tag: number): number {
  return PTE_HWPOISON - tag;
}

/** The tag of a poisoned entry (see poisonedPte), -1 when `pte` is not one. */
export function poisonedPteTag(pte: number): number {
  return pte <= PTE_HWPOISON ? PTE_HWPOISON - pte : -1;
}

/** Guest page states (byte per gpfn). */
export const GPAGE_FREE = 0;
export const GPAGE_KERNEL = 1;
export const GPAGE_USER = 2;
export const GPAGE_OFFLINED = 3; // taken out by the guest's memory_failure; never handed out again

export interface GuestMemoryShape {
  guestPages: number;
  guestPageShift: 12 | 16;
  kernelPages: number;
  processes: number;
  processPages: number;
}

export interface GuestMemoryLayout extends GuestMemoryShape {
  stateOffset: number; // Uint8 × guestPages
  ownerOffset: number; // Int16 × guestPages: pid, -1 kernel or free
  freeOffset: number; // Int32 × (2 + released capacity): word 0 = stack depth, word 1 = watermark, then gpfns
  kernelPtOffset: number; // Int32 × kernelPages
  processPtOffset: number; // Int32 × processes × processPages
  totalBytes: number;
}

export function guestMemoryLayout(s: GuestMemoryShape): GuestMemoryLayout {
  const need = s.kernelPages + s.processes * s.processPages;
  if (need > s.guestPages) {
    throw new RangeError(
      `guest needs ${s.kernelPages} kernel + ${s.processes}×${s.processPages} process pages = ${need}, but has only ${s.guestPages} pages`,
    );
  }
  const stateOffset = 0;
  if (s.processes > 0x7fff) throw new RangeError(`at most ${0x7fff} processes per guest`);
  const ownerOffset = align4(stateOffset + s.guestPages);
  const freeOffset = align4(ownerOffset + s.guestPages * 2);
  const kernelPtOffset = freeOffset + (2 + releasedCapacity(s)) * 4;
  const processPtOffset = kernelPtOffset + s.kernelPages * 4;
  const totalBytes = processPtOffset + s.processes * s.processPages * 4;
  return { ...s, stateOffset, ownerOffset, freeOffset, kernelPtOffset, processPtOffset, totalBytes };
}

/** Pages that can be handed back at once: every page a kernel or process mapping holds. */
function releasedCapacity(s: GuestMemoryShape): number {
  return s.kernelPages + s.processes * s.processPages;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

export class GuestMemory {
  readonly layout: GuestMemoryLayout;
  readonly sab: SharedArrayBuffer;
  readonly state: Uint8Array;
  readonly owner: Int16Array;
  readonly free: Int32Array;
  readonly kernelPt: Int32Array;
  /** One view per process, made once: the vCPU loop picks one by pid. */
  readonly processPt: Int32Array[];

  constructor(sab: SharedArrayBuffer, layout: GuestMemoryLayout) {
    this.sab = sab;
    this.layout = layout;
    this.state = new Uint8Array(sab, layout.stateOffset, layout.guestPages);
    this.owner = new Int16Array(sab, layout.ownerOffset, layout.guestPages);
    this.free = new Int32Array(sab, layout.freeOffset, 2 + releasedCapacity(layout));
    this.kernelPt = new Int32Array(sab, layout.kernelPtOffset, layout.kernelPages);
    this.processPt = [];
    for (let p = 0; p < layout.processes; p++) {
      this.processPt.push(new Int32Array(sab, layout.processPtOffset + p * layout.processPages * 4, layout.processPages));
    }
  }

  /**
   * A fresh guest: kernel pages are gpfn 0…K-1 mapped 1:1, each process gets the next pages in
   * order, the rest is free (pushed so that low gpfns come out first).
   */
  static create(shape: GuestMemoryShape, alloc: SharedAlloc = freshShared): GuestMemory {
    const layout = guestMemoryLayout(shape);
    const g = new GuestMemory(alloc(layout.totalBytes), layout);
    g.boot();
    return g;
  }

  /**
   * Lays out the boot-time mappings again. A rebooted guest kernel starts with no list of offlined
   * pages: every page is free again (the VMM backs hwpoisoned ones with fresh host pages).
   */
  boot(): void {
    const { kernelPages, processes } = this.layout;
    this.owner.fill(-1);
    this.kernelPt.fill(PTE_NONE);
    for (const pt of this.processPt) pt.fill(PTE_NONE);
    this.state.fill(GPAGE_FREE);
    this.free[0] = 0; // nothing handed back yet
    this.free[1] = 0; // every page from 0 up is free
    for (let v = 0; v < kernelPages; v++) this.kernelPt[v] = this.allocate(GPAGE_KERNEL, -1);
    for (let p = 0; p < processes; p++) this.mapProcess(p);
  }

  /**
   * Takes a free gpfn for `owner`, or PTE_NONE when the guest is out of memory: a page handed back
   * last first, else the next never-used page (skipping offlined ones).
   */
  allocate(kind: typeof GPAGE_KERNEL | typeof GPAGE_USER, owner: number): number {
    let gpfn = PTE_NONE;
    const depth = this.free[0]!;
    if (depth > 0) {
      gpfn = this.free[1 + depth]!;
      this.free[0] = depth - 1;
    } else {
      let mark = this.free[1]!;
      while (mark < this.layout.guestPages && this.state[mark] !== GPAGE_FREE) mark++;
      if (mark >= this.layout.guestPages) return PTE_NONE;
      gpfn = mark;
      this.free[1] = mark + 1;
    }
    this.state[gpfn] = kind;
    this.owner[gpfn] = owner;
    return gpfn;
  }

  /** Returns a gpfn to the free pages, unless the guest offlined it. */
  release(gpfn: number): void {
    if (this.state[gpfn] === GPAGE_OFFLINED) return;
    this.state[gpfn] = GPAGE_FREE;
    this.owner[gpfn] = -1;
    const depth = this.free[0]! + 1;
    this.free[1 + depth] = gpfn;
    this.free[0] = depth;
  }

  /** Gives process `pid` a full set of fresh pages (start or restart after a kill). */
  mapProcess(pid: number): boolean {
    const pt = this.processPt[pid]!;
    for (let v = 0; v < pt.length; v++) {
      const old = pt[v]!;
      if (old >= 0) this.release(old);
      pt[v] = PTE_NONE;
    }
    let ok = true;
    for (let v = 0; v < pt.length; v++) {
      const gpfn = this.allocate(GPAGE_USER, pid);
      pt[v] = gpfn;
      if (gpfn < 0) ok = false;
    }
    return ok;
  }

  /**
   * The guest's memory_failure() took `gpfn`: the page is offlined and every mapping of it becomes
   * a poisoned entry tagged `tag` (the journey), so the next touch is a late kill. Returns the pids
   * that mapped it.
   */
  offline(gpfn: number, tag = 0): number[] {
    const pids: number[] = [];
    const owner = this.owner[gpfn]!;
    const state = this.state[gpfn]!;
    this.state[gpfn] = GPAGE_OFFLINED;
    if (state === GPAGE_USER && owner >= 0) {
      const pt = this.processPt[owner]!;
      for (let v = 0; v < pt.length; v++) if (pt[v] === gpfn) pt[v] = poisonedPte(tag);
      pids.push(owner);
    } else if (state === GPAGE_KERNEL) {
      for (let v = 0; v < this.kernelPt.length; v++) if (this.kernelPt[v] === gpfn) this.kernelPt[v] = poisonedPte(tag);
    }
    return pids;
  }

  isOfflined(gpfn: number): boolean {
    return this.state[gpfn] === GPAGE_OFFLINED;
  }

  freePages(): number {
    let n = this.free[0]!;
    for (let g = this.free[1]!; g < this.layout.guestPages; g++) if (this.state[g] === GPAGE_FREE) n++;
    return n;
  }
}

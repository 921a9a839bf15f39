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
/** Guest page-table entry: not mapped (entries below zero are not gpfns). */
export const PTE_NONE = -1;
/**
 * Guest page-table entry: unmapped by the guest kernel's memory_failure() (a hwpoison swap entry in
 * Linux), so the next touch is a late kill (SIGBUS BUS_MCEERR_AR to the process).
 */
export const PTE_HWPOISON = -2;

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

/** Guest page state (one byte per gpfn): free. */
export const GPAGE_FREE = 0;
/** Guest page state: owned by the guest kernel. */
export const GPAGE_KERNEL = 1;
/** Guest page state: mapped by a guest process. */
export const GPAGE_USER = 2;
/**
 * Guest page state: taken out by the guest kernel's memory_failure() (PG_hwpoison in the guest);
 * never handed out again until the guest reboots.
 */
export const GPAGE_OFFLINED = 3;

/**
 * The size of one VM's guest memory: pages, page size, and how many belong to the guest kernel and
 * to each process.
 */
export interface GuestMemoryShape {
  /** Guest physical pages of the VM. */
  guestPages: number;
  /** log2 of the guest kernel's page size (12 or 16). */
  guestPageShift: 12 | 16;
  /** Guest pages owned by the guest kernel, mapped 1:1 at boot. */
  kernelPages: number;
  /** Guest processes. */
  processes: number;
  /** Pages per guest process. */
  processPages: number;
}

/** Where each part of a VM's guest memory buffer lies (from {@link guestMemoryLayout}). */
export interface GuestMemoryLayout extends GuestMemoryShape {
  /** Byte offset of the page states (`GPAGE_*`, Uint8 per guest page). */
  stateOffset: number;
  /** Byte offset of the page owners (Int16 per guest page: process id, -1 kernel or free). */
  ownerOffset: number;
  /**
   * Byte offset of the free pages (Int32: word 0 stack depth, word 1 watermark, then the gpfns
   * handed back).
   */
  freeOffset: number;
  /**
   * Byte offset of the guest kernel's page table (Int32 per kernel page: a gpfn or a `PTE_*`
   * value).
   */
  kernelPtOffset: number;
  /** Byte offset of the processes' page tables (Int32 per process page). */
  processPtOffset: number;
  /** Size of the buffer. */
  totalBytes: number;
}

/**
 * The layout of a guest memory buffer; throws a RangeError when the kernel's and processes' pages
 * do not fit in the guest's RAM.
 */
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

/**
 * One VM's guest physical pages as its guest kernel sees them: page states and owners, free pages,
 * and the page tables (virtual page → gpfn) of the guest kernel and of each process, in one
 * SharedArrayBuffer that the vCPU access loop reads.
 */
export class GuestMemory {
  /** Where each part lies in {@link sab}. */
  readonly layout: GuestMemoryLayout;
  /** The buffer (shared with the other workers of a host under --parallel). */
  readonly sab: SharedArrayBuffer;
  /** Page state per gpfn (`GPAGE_*`). */
  readonly state: Uint8Array;
  /** Owner per gpfn: process id, -1 for the kernel or a free page. */
  readonly owner: Int16Array;
  /** The free pages: stack depth, watermark, then gpfns handed back. */
  readonly free: Int32Array;
  /** The guest kernel's page table: virtual page → gpfn (or `PTE_*`). */
  readonly kernelPt: Int32Array;
  /** One view per process, made once: the vCPU loop picks one by pid. */
  readonly processPt: Int32Array[];

  /** Views over an existing buffer (a worker attaching to memory another built). */
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

  /** Whether page `gpfn` is one the guest kernel holds for itself (not yet offlined). */
  isKernelPage(gpfn: number): boolean {
    return this.state[gpfn] === GPAGE_KERNEL;
  }

  /** Whether the guest's memory_failure() took page `gpfn` out. */
  isOfflined(gpfn: number): boolean {
    return this.state[gpfn] === GPAGE_OFFLINED;
  }

  /** Free guest pages now (never handed out, plus handed back). */
  freePages(): number {
    let n = this.free[0]!;
    for (let g = this.free[1]!; g < this.layout.guestPages; g++) if (this.state[g] === GPAGE_FREE) n++;
    return n;
  }
}

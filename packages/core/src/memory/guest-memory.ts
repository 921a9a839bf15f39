/**
 * One VM's guest-physical pages, its guest kernel's mappings and its processes' page tables.
 *
 * Everything lives in one SharedArrayBuffer (guestMemoryLayout below, part of the declared layout):
 * page states and owners, a free list, and one page table per process plus one for the kernel.
 * Page tables map a virtual page number to a guest page frame number (gpfn); the vCPU loop reads
 * them with plain loads.
 */

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
  ownerOffset: number; // Int32 × guestPages: pid, -1 kernel or free
  freeOffset: number; // Int32 × (guestPages + 1): word 0 = stack depth, then gpfns
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
  const ownerOffset = align4(stateOffset + s.guestPages);
  const freeOffset = ownerOffset + s.guestPages * 4;
  const kernelPtOffset = freeOffset + (s.guestPages + 1) * 4;
  const processPtOffset = kernelPtOffset + s.kernelPages * 4;
  const totalBytes = processPtOffset + s.processes * s.processPages * 4;
  return { ...s, stateOffset, ownerOffset, freeOffset, kernelPtOffset, processPtOffset, totalBytes };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

export class GuestMemory {
  readonly layout: GuestMemoryLayout;
  readonly sab: SharedArrayBuffer;
  readonly state: Uint8Array;
  readonly owner: Int32Array;
  readonly free: Int32Array;
  readonly kernelPt: Int32Array;
  /** One view per process, made once: the vCPU loop picks one by pid. */
  readonly processPt: Int32Array[];

  constructor(sab: SharedArrayBuffer, layout: GuestMemoryLayout) {
    this.sab = sab;
    this.layout = layout;
    this.state = new Uint8Array(sab, layout.stateOffset, layout.guestPages);
    this.owner = new Int32Array(sab, layout.ownerOffset, layout.guestPages);
    this.free = new Int32Array(sab, layout.freeOffset, layout.guestPages + 1);
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
  static create(shape: GuestMemoryShape): GuestMemory {
    const layout = guestMemoryLayout(shape);
    const g = new GuestMemory(new SharedArrayBuffer(layout.totalBytes), layout);
    g.boot();
    return g;
  }

  /**
   * Lays out the boot-time mappings again. A rebooted guest kernel starts with no list of offlined
   * pages: every page is free again (the VMM backs hwpoisoned ones with fresh host pages).
   */
  boot(): void {
    const { guestPages, kernelPages, processes } = this.layout;
    this.owner.fill(-1);
    this.kernelPt.fill(PTE_NONE);
    for (const pt of this.processPt) pt.fill(PTE_NONE);
    this.state.fill(GPAGE_FREE);
    this.free[0] = 0;
    let depth = 0;
    for (let i = guestPages - 1; i >= 0; i--) this.free[++depth] = i;
    this.free[0] = depth;
    for (let v = 0; v < kernelPages; v++) this.kernelPt[v] = this.allocate(GPAGE_KERNEL, -1);
    for (let p = 0; p < processes; p++) this.mapProcess(p);
  }

  /** Takes a free gpfn for `owner`, or PTE_NONE when the guest is out of memory. */
  allocate(kind: typeof GPAGE_KERNEL | typeof GPAGE_USER, owner: number): number {
    const depth = this.free[0]!;
    if (depth === 0) return PTE_NONE;
    const gpfn = this.free[depth]!;
    this.free[0] = depth - 1;
    this.state[gpfn] = kind;
    this.owner[gpfn] = owner;
    return gpfn;
  }

  /** Returns a gpfn to the free list, unless the guest offlined it. */
  release(gpfn: number): void {
    if (this.state[gpfn] === GPAGE_OFFLINED) return;
    this.state[gpfn] = GPAGE_FREE;
    this.owner[gpfn] = -1;
    const depth = this.free[0]! + 1;
    this.free[depth] = gpfn;
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
    return this.free[0]!;
  }
}

/**
 * Where each VM's memory sits in a host's physical and virtual address spaces.
 *
 * A VM's guest RAM is one memslot: a contiguous run of host pages, so guest PA → host PA is an
 * addition (stage 2 as arithmetic, not a table). The VMM maps the same run at a host VA, so
 * host VA ↔ guest PA is an addition too. After the RAM, each VM has a few host pages of VMM-private
 * memory (QEMU's own heap): poison there hits the VMM itself (flow.md §6 H1). After all VMs come
 * the host kernel's own pages and the host's free pages (`hosts.kernelMiB`, `hosts.freeMiB`), so
 * that errors spread over host RAM can land where no guest is involved.
 */
import { GRANULE_SHIFT, pageShift, type GuestPageSize, type HostPageSize } from './layout.js';

/**
 * What the host pages of guest RAM are to the host's memory_failure(): anonymous memory (QEMU's
 * memory-backend-ram; memfd and shmem behave the same, they have no backing store) or page cache
 * of a file on a disk file system (memory-backend-file), which is clean or dirty.
 */
export type MemoryBackend = 'anonymous' | 'file';

/** Every {@link MemoryBackend}, as the scenario's `vms.memoryBackend` accepts them. */
export const MEMORY_BACKEND_VALUES: readonly MemoryBackend[] = ['anonymous', 'file'];

/** How the host backs guest RAM (flow.md §3.2: si_addr_lsb depends on it). */
export type Backing = 'page' | 'thp' | 'hugetlb-2m' | 'hugetlb-1g';

/** Every {@link Backing}, as the scenario's `vms.backing` accepts them. */
export const BACKING_VALUES: readonly Backing[] = ['page', 'thp', 'hugetlb-2m', 'hugetlb-1g'];

/** log2 of the unit memory_failure() takes out for a backing (THP is split to base pages). */
export function backingLossShift(backing: Backing, hostPageShift: 12 | 16): number {
  switch (backing) {
    case 'hugetlb-2m': return 21;
    case 'hugetlb-1g': return 30;
    case 'page':
    case 'thp': return hostPageShift;
  }
}

/**
 * The stage-2 translation level of the leaf entry KVM maps a backing's guest RAM with, which is
 * the level a guest access faults at once memory_failure() has unmapped it. KVM's
 * user_mem_abort() maps a PMD-size (2 MiB) or PUD-size (1 GiB) hugetlb page of a 4 KiB-granule
 * host as a level-2 or level-1 block when the memslot is aligned for it (host-plan aligns it), a
 * THP as a level-2 block (transparent_hugepage_adjust()), and everything else with pages, level 3:
 * on a 64 KiB-granule host a 2 MiB hugetlb page is 32 contiguous PTEs, which KVM maps page by
 * page (its CONT_PTE_SHIFT case), and 2 MiB THP is not a PMD there. memory_failure() splits a THP
 * and the split unmaps the whole block, so the first access after it faults at level 2; the
 * level-3 table a later access to a neighbouring page builds is not tracked.
 */
export function stage2LeafLevel(backing: Backing, hostPageShift: 12 | 16): 1 | 2 | 3 {
  if (hostPageShift !== 12 || backing === 'page') return 3;
  return backing === 'hugetlb-1g' ? 1 : 2;
}

/** log2 of the alignment of a memslot for a backing. */
function backingAlignShift(backing: Backing, hostPageShift: 12 | 16): number {
  return backing === 'page' ? hostPageShift : backing === 'hugetlb-1g' ? 30 : 21;
}

/** What one VM asks of its host's memory (from the scenario's `vms` section). */
export interface VmMemoryRequest {
  /**
   * Guest RAM in bytes: a multiple of the backing's unit (host page, 2 MiB or 1 GiB), at most 64
   * GiB.
   */
  ramBytes: number;
  /** Guest kernel page size. */
  guestPageSize: GuestPageSize;
  /** How the host backs the RAM (base pages, THP, hugetlbfs 2 MiB or 1 GiB). */
  backing: Backing;
  /** Host pages of the VMM's own memory (QEMU's heap) after the RAM. */
  vmmPrivatePages: number;
  /** Default 'anonymous'. */
  memoryBackend?: MemoryBackend;
}

/** Host memory that backs no VM. */
export interface HostRegionsRequest {
  /**
   * Host memory the host kernel holds for itself (`hosts.kernelMiB`): memory_failure() cannot
   * isolate it.
   */
  kernelBytes: number;
  /**
   * Free host memory in the buddy allocator (`hosts.freeMiB`): memory_failure() takes such a page
   * out unnoticed.
   */
  freeBytes: number;
}

/** One VM's place in its host. Every field is a plain number so the plan can cross threads. */
export interface VmPlacement {
  /** VM index on the host. */
  vm: number;
  /** Guest RAM in bytes. */
  ramBytes: number;
  /** log2 of the guest page size. */
  guestPageShift: 12 | 16;
  /** Guest physical pages (guest page frames, gpfn 0 … guestPages − 1). */
  guestPages: number;
  /** How the host backs the RAM: what one memory_failure() takes out, and si_addr_lsb. */
  backing: Backing;
  /** What the RAM is to the host kernel: anonymous memory or page cache of a file. */
  memoryBackend: MemoryBackend;
  /** Host page number of guest PA 0. */
  firstHostPage: number;
  /** Host pages of guest RAM. */
  ramHostPages: number;
  /** Host page number of the first VMM-private page. */
  vmmFirstHostPage: number;
  /** Host pages of VMM-private memory. */
  vmmPages: number;
  /** Host VA where the VMM maps guest PA 0 (the memslot's userspace address). */
  ramHostVa: number;
  /** Host VA of the VMM's private memory. */
  vmmHostVa: number;
  /**
   * Shift the vCPU loop uses from a guest page number to a granule number (guest page shift − 6).
   */
  guestShiftMinusGranule: number;
  /**
   * Shift the vCPU loop uses from a granule number to a host page number (host page shift − 6).
   */
  hostShiftMinusGranule: number;
}

/**
 * Where every VM's RAM and VMM memory, the host kernel's own pages and the free pages sit in a
 * host's physical memory ({@link planHost}).
 */
export interface HostPlan {
  /** Host kernel page size in bytes. */
  hostPageSize: HostPageSize;
  /** log2 of the host page size. */
  hostPageShift: 12 | 16;
  /** Host physical pages in all. */
  hostPages: number;
  /** Each VM's place. */
  vms: VmPlacement[];
  /** The host kernel's own pages (slab, page tables, KVM's structures): [first, first + count). */
  kernelFirstPage: number;
  /** Number of host kernel pages, from `kernelFirstPage`. */
  kernelPages: number;
  /** Free pages in the host's buddy allocator. */
  freeFirstPage: number;
  /** Number of free pages, from `freeFirstPage`. */
  freePages: number;
}

/** Host VA where each VMM process maps guest RAM; one VMM process per VM, so the same base. */
export const VMM_RAM_VA_BASE = 0x4000_0000_0000;
/** Host VA of each VMM's private memory. */
export const VMM_PRIVATE_VA_BASE = 0x5555_0000_0000;

/**
 * Places each VM's RAM (aligned to its backing's unit) and VMM-private pages one after another in
 * host physical memory, then the host kernel's and the free pages; throws a RangeError for RAM that
 * does not fit its backing or host memory beyond 2^31 pages.
 */
export function planHost(
  hostPageSize: HostPageSize, vms: readonly VmMemoryRequest[], regions: HostRegionsRequest = { kernelBytes: 0, freeBytes: 0 },
): HostPlan {
  const hostPageShift = pageShift(hostPageSize);
  let next = 0; // next free host page
  const placed: VmPlacement[] = [];
  vms.forEach((req, vm) => {
    const gShift = pageShift(req.guestPageSize);
    const alignShift = backingAlignShift(req.backing, hostPageShift);
    const unit = 2 ** alignShift;
    if (req.ramBytes % unit !== 0 || req.ramBytes <= 0) {
      throw new RangeError(`VM ${vm}: RAM of ${req.ramBytes} bytes is not a positive multiple of the ${req.backing} backing unit (${unit} bytes)`);
    }
    if (req.ramBytes > 2 ** 36) {
      throw new RangeError(`VM ${vm}: RAM of ${req.ramBytes} bytes exceeds the 64 GiB per-VM limit of access mode`);
    }
    const alignPages = 2 ** (alignShift - hostPageShift);
    const first = Math.ceil(next / alignPages) * alignPages;
    const ramHostPages = req.ramBytes / hostPageSize;
    const vmmFirst = first + ramHostPages;
    next = vmmFirst + req.vmmPrivatePages;
    if (next > 0x7fff_ffff) throw new RangeError('host memory exceeds 2^31 host pages');
    placed.push({
      vm,
      ramBytes: req.ramBytes,
      guestPageShift: gShift,
      guestPages: req.ramBytes / req.guestPageSize,
      backing: req.backing,
      memoryBackend: req.memoryBackend ?? 'anonymous',
      firstHostPage: first,
      ramHostPages,
      vmmFirstHostPage: vmmFirst,
      vmmPages: req.vmmPrivatePages,
      ramHostVa: VMM_RAM_VA_BASE,
      vmmHostVa: VMM_PRIVATE_VA_BASE,
      guestShiftMinusGranule: gShift - GRANULE_SHIFT,
      hostShiftMinusGranule: hostPageShift - GRANULE_SHIFT,
    });
  });
  const kernelPages = Math.ceil(regions.kernelBytes / hostPageSize);
  const freePages = Math.ceil(regions.freeBytes / hostPageSize);
  const kernelFirstPage = next;
  const freeFirstPage = kernelFirstPage + kernelPages;
  next = freeFirstPage + freePages;
  if (next > 0x7fff_ffff) throw new RangeError('host memory exceeds 2^31 host pages');
  return { hostPageSize, hostPageShift, hostPages: Math.max(1, next), vms: placed, kernelFirstPage, kernelPages, freeFirstPage, freePages };
}

/** What a host page is to the host kernel. */
export type HostPageKind = 'guest-ram' | 'vmm' | 'kernel' | 'free' | 'none';

/** What host page `page` holds (a scan over the VMs: journeys call it, never the access loop). */
export function hostPageKind(plan: HostPlan, page: number): HostPageKind {
  for (const p of plan.vms) {
    if (page >= p.firstHostPage && page < p.firstHostPage + p.ramHostPages) return 'guest-ram';
    if (page >= p.vmmFirstHostPage && page < p.vmmFirstHostPage + p.vmmPages) return 'vmm';
  }
  if (page >= plan.kernelFirstPage && page < plan.kernelFirstPage + plan.kernelPages) return 'kernel';
  if (page >= plan.freeFirstPage && page < plan.freeFirstPage + plan.freePages) return 'free';
  return 'none';
}

/** Host page holding guest PA `gpa` of VM `p`. */
export function gpaToHostPage(p: VmPlacement, hostPageShift: number, gpa: number): number {
  return p.firstHostPage + Math.floor(gpa / 2 ** hostPageShift);
}

/** Host PA of guest PA `gpa`. */
export function gpaToHpa(p: VmPlacement, hostPageShift: number, gpa: number): number {
  return p.firstHostPage * 2 ** hostPageShift + gpa;
}

/** Guest PA of host PA `hpa`, or -1 when it is not in this VM's RAM. */
export function hpaToGpa(p: VmPlacement, hostPageShift: number, hpa: number): number {
  const base = p.firstHostPage * 2 ** hostPageShift;
  return hpa >= base && hpa < base + p.ramBytes ? hpa - base : -1;
}

/** Guest PA behind the VMM's host VA `hva`, or -1 (not guest RAM: VMM-private or unmapped). */
export function hvaToGpa(p: VmPlacement, hva: number): number {
  return hva >= p.ramHostVa && hva < p.ramHostVa + p.ramBytes ? hva - p.ramHostVa : -1;
}

/** The VMM's host VA of guest PA `gpa`. */
export function gpaToHva(p: VmPlacement, gpa: number): number {
  return p.ramHostVa + gpa;
}

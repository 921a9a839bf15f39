/**
 * The TypeScript shape of a scenario after validation, with every default filled in. The JSON
 * Schema (scenario-schema.ts) is the source of truth for field meanings and defaults.
 */

/** A 64-bit physical or virtual address in a scenario: a JSON number below 2^53 or a `0x` hex string (`_` separators allowed). */
export type AddressValue = number | string;

/**
 * The hardware error an injection creates, by `type`: a poisoned granule consumed later by a
 * synchronous external abort (SEA), a physical SError to one vCPU, or a corrected error.
 */
export type EventSpec =
  | {
    /** An uncorrected error stored in a granule (deferred, ERR<n>STATUS.UET = UER); the first load or fetch that consumes it takes a synchronous external abort. */
    type: 'poison';
    /** ERR<n>STATUS.AV: the error record holds the address (false reproduces "APEI address invalid"). */
    av: boolean;
    /** Synchronous Error Type the consuming abort reports (ESR_ELx ISS.SET, bits 12:11); UC makes firmware halt the platform. */
    set: 'UER' | 'UEO' | 'UC';
    /** False models a kernel-first host: EL3 firmware writes no GHES record (flow.md §6 S8). */
    firmwareRecord: boolean;
    /** True: the poison does not survive a host reboot. */
    transient: boolean;
  }
  | {
    /** An asynchronous error signalled as a physical SError to one vCPU. */
    type: 'serror';
    /** Asynchronous Error Type of the SError syndrome (ESR_ELx ISS.AET; ignored when `ids`). */
    aet: 'CE' | 'UEO' | 'UER' | 'UEU' | 'UC';
    /** IMPLEMENTATION DEFINED syndrome (ESR_ELx ISS.IDS, bit 24): no architected record. */
    ids: boolean;
    /** SError DFSC: 17 (0x11) asynchronous SError, 0 uncategorized (Linux treats it as UC). */
    dfsc: 0 | 17;
    /** ERR<n>STATUS.AV: the error record holds the address. */
    av: boolean;
    /** vCPU of the VM that takes the SError. */
    vcpu: number;
  }
  | {
    /** A corrected error in a granule: counted by the error record (ERR<n>MISC0 counter); an overflow raises a fault-handling interrupt. */
    type: 'ce';
  };

/**
 * Where a targeted injection lands: exactly one of `guestPa`, `hostPa`, `process`, `vmm` or
 * `hostMemory` (for an SError: optional, the address its error record names).
 */
export interface TargetSpec {
  /** VM index on the host. */
  vm: number;
  /** Guest physical address (IPA) in the VM. */
  guestPa?: AddressValue;
  /** Host physical address (may hit VMM-private memory). */
  hostPa?: AddressValue;
  /** A guest process index, or `kernel`: the page it uses. */
  process?: number | 'kernel';
  /** With `process`: virtual page index within the process (or kernel) space; with `vmm` or `hostMemory`, the page index there. */
  page: number;
  /** With `process`, `vmm` or `hostMemory`: byte offset within that page. */
  offset: number;
  /** True: the VM's VMM-private memory (host EL0 pages that are not guest RAM). */
  vmm: boolean;
  /** The host kernel's own pages (memory_failure() reports MF_IGNORED) or the host's free pages (MF_RECOVERED), in host pages. */
  hostMemory?: 'kernel' | 'free';
}

/** A source of hardware errors, by `kind`: rate (Poisson arrivals), per-access, burst or targeted. */
export type InjectionSpec =
  | {
    /** Errors at a constant rate per simulated second, uniform over host RAM (Poisson arrivals). */
    kind: 'rate';
    /** Mean errors per simulated second per host. */
    perSecond: number;
    /** The hardware error each arrival creates. */
    event: EventSpec;
  }
  | {
    /** Before a load or fetch, with probability `probability`, poison the granule it is about to read, so it is consumed at once. */
    kind: 'per-access';
    /** Probability per load or fetch. */
    probability: number;
    /** The hardware error created. */
    event: EventSpec;
  }
  | {
    /** `count` errors spread uniformly over [atNs, atNs + spreadNs). */
    kind: 'burst';
    /** Simulated time of the first error, in ns. */
    atNs: number;
    /** Number of errors. */
    count: number;
    /** Length of the burst, in ns. */
    spreadNs: number;
    /** Host the burst hits. */
    host: number;
    /** The hardware error each one creates. */
    event: EventSpec;
  }
  | {
    /** One error at a chosen address. */
    kind: 'targeted';
    /** Simulated time of the error, in ns. */
    atNs: number;
    /** Host. */
    host: number;
    /** The address it lands on. */
    target: TargetSpec;
    /** The hardware error created. */
    event: EventSpec;
  };

/** The access mix of a generated workload: how fast each vCPU accesses memory and which kinds. */
export interface AccessMixSpec {
  /** Simulated time per access, in ns. */
  accessNs: number;
  /** Fraction of accesses that are stores (a store to a poisoned granule does not consume it). */
  storeFraction: number;
  /** Fraction that are instruction fetches (consumed as an instruction abort, ESR EC 0x20/0x21). */
  fetchFraction: number;
  /** Fraction made by the guest kernel at EL1 (the rest by guest processes at EL0). */
  kernelFraction: number;
}

/** One access of a scripted workload: which context reads or writes which address, and when. */
export interface ScriptedAccessSpec {
  /** Earliest simulated time of the access, in ns; the vCPU idles until then. */
  atNs: number;
  /** Host. */
  host: number;
  /** VM on that host. */
  vm: number;
  /** vCPU of the VM. */
  vcpu: number;
  /** Guest process (EL0), `kernel` (guest EL1), or `vmm`: the VMM thread of this vCPU (host EL0) reading its own memory. */
  process: number | 'kernel' | 'vmm';
  /** Guest virtual address in that process (or kernel) space; for `vmm`, the byte offset in the VMM-private pages. */
  address: AddressValue;
  /** Access kind; `mask-serror` / `unmask-serror` set or clear the guest PSTATE.A at that time (no memory access). */
  kind: 'load' | 'store' | 'fetch' | 'mask-serror' | 'unmask-serror';
}

/** What the vCPUs do, by `kind`: random, sequential or hot-set accesses with an {@link AccessMixSpec}, or a script. */
export type WorkloadSpec =
  | ({
    /** Uniform random word addresses over each process (and the kernel). */
    kind: 'random';
  } & AccessMixSpec)
  | ({
    /** Each vCPU walks its process pages with a stride. */
    kind: 'sequential';
    /** Stride between accesses, in bytes. */
    strideBytes: number;
  } & AccessMixSpec)
  | ({
    /** Most accesses go to a small hot set of pages per process. */
    kind: 'hot-set';
    /** Pages in the hot set. */
    hotPages: number;
    /** Probability that an access goes to the hot set. */
    hotProbability: number;
  } & AccessMixSpec)
  | {
    /** Explicit accesses only; vCPUs idle between them. */
    kind: 'scripted';
    /** Simulated time per access, in ns. */
    accessNs: number;
    /** The accesses, in any order (sorted by time per vCPU). */
    accesses: ScriptedAccessSpec[];
  };

/** A plugin loaded by module specifier, with its JSON options (workloads, injectors, observers). */
export interface PluginRefSpec {
  /** Module specifier: a package name, a package subpath or a path (relative paths resolve against the scenario file). */
  module: string;
  /** The plugin's options; the plugin validates them before the run starts. */
  options: Record<string, unknown>;
}

/** A RAS layer's plugin: without `module`, options for the profile's default plugin. */
export interface LayerRefSpec {
  /** Module specifier of a plugin replacing the profile's default for this layer; absent: the default plugin (so `--profile` still switches it). */
  module?: string;
  /** The plugin's options; the plugin validates them before the run starts. */
  options: Record<string, unknown>;
}

/** A validated scenario: hosts, VMs, workload, error injections and the plugin of each RAS layer. */
export interface Scenario {
  /** Name shown in results. */
  name: string;
  /** One line for `rasflow examples`. */
  description: string;
  /** Seed of every random stream. */
  seed: number;
  /** Default plugin set: `seed` (the 2017 arm64 KVM RAS cover letter) or `upstream` (Linux and QEMU today). */
  profile: 'seed' | 'upstream';
  /** Simulated time to run, in ns (beyond 2^53 ns only with `time: 'sampled'`). */
  durationNs: number;
  /** accesses: every access simulated; sampled: only the reads of poisoned granules (engine/sampled-time.ts). */
  time: 'accesses' | 'sampled';
  /** Engine settings. */
  engine: {
    /** Accesses per workload batch; results do not depend on it. */
    batchSize: number;
    /** Simulated-time slice: the vCPUs of a host run one after another through each slice; part of the digest. */
    sliceNs: number;
    /** Faults on the same access without progress before the context is declared livelocked. */
    livelockRetries: number;
    /** Capacity of the sparse poison map per host. */
    maxPoisonedPagesPerHost: number;
  };
  /** The hosts. */
  hosts: {
    /** Number of hosts. */
    count: number;
    /** Host kernel page size. */
    pageSize: 4096 | 65536;
    /** Physical CPUs (PEs) per host; per-PE GHES sources are made for each. */
    cpus: number;
    /** Time a panicked host takes to come back, in ns; null: it stays down. */
    rebootNs: number | null;
    /** Host memory the host kernel holds for itself (slab, page tables, KVM's structures): memory_failure() cannot isolate it (MF_IGNORED). */
    kernelMiB: number;
    /** Free host memory (the buddy allocator's pages): memory_failure() takes a free page out and nobody notices (MF_RECOVERED). */
    freeMiB: number;
  };
  /** The VMs on every host. */
  vms: {
    /** VMs per host. */
    perHost: number;
    /** vCPUs per VM. */
    vcpus: number;
    /** Guest RAM per VM in MiB. */
    memoryMiB: number;
    /** Guest kernel page size. */
    guestPageSize: 4096 | 65536;
    /** How the host backs guest RAM: base pages, transparent huge pages, or hugetlbfs 2 MiB / 1 GiB pages (what one memory_failure() takes out). */
    backing: 'page' | 'thp' | 'hugetlb-2m' | 'hugetlb-1g';
    /** Guest pages owned by the guest kernel. */
    kernelPages: number;
    /** Guest processes per VM. */
    processes: number;
    /** Pages per guest process. */
    processPages: number;
    /** Keep guest memory contents (stores and loads move real words). */
    dataBacked: boolean;
    /** Host pages of the VMM's own memory per VM. */
    vmmPrivatePages: number;
    /** What guest RAM is to the host kernel: anonymous memory (QEMU memory-backend-ram) or page cache of a file (memory-backend-file, share=on). */
    memoryBackend: 'anonymous' | 'file';
    /** With memoryBackend `file`: how often the flusher writes all dirty pages back, in ns (Linux dirty_writeback_centisecs). */
    writebackNs: number;
  };
  /** Guest life cycle. */
  guest: {
    /** Time before a killed process restarts on fresh pages, in ns; null: it stays dead. */
    restartNs: number | null;
    /** Time before a panicked guest reboots, in ns; null: it stays down. */
    rebootNs: number | null;
  };
  /** What the vCPUs do. */
  workload: WorkloadSpec;
  /** Hardware error sources. */
  injections: InjectionSpec[];
  /** Plugins replacing the profile defaults per layer, plus extra injectors and observers. */
  plugins: {
    /** EL3 firmware: SEA/SError routing, error records, GHES/CPER. */
    firmware?: LayerRefSpec;
    /** EL2: KVM and the host kernel (do_sea(), ghes_notify_sea(), memory_failure()). */
    hypervisor?: LayerRefSpec;
    /** Host EL0: the VMM (QEMU's SIGBUS handler, kvm_arch_on_sigbus_vcpu()). */
    vmm?: LayerRefSpec;
    /** Guest EL1: the guest kernel's handler (do_sea(), GHES, memory_failure()). */
    guest?: LayerRefSpec;
    /** Replaces the scenario's `workload` section. */
    workload?: PluginRefSpec;
    /** Extra error injectors, after the scenario's `injections`. */
    injectors: PluginRefSpec[];
    /** Observers: plugins that only watch (each journey's final outcome, the end of the run). */
    observers: PluginRefSpec[];
  };
}

/** One problem found in a scenario: where, what was there, and what is allowed. */
export interface ScenarioIssue {
  /** JSON path, e.g. `vms.backing` or `injections[2].event.aet`. */
  path: string;
  /** A sentence for a person. */
  message: string;
}

/** Parses an AddressValue (number or `0x` hex string) to a number below 2^53. */
export function addressToNumber(v: AddressValue): number {
  if (typeof v === 'number') return v;
  const n = Number(BigInt(v.replace(/_/g, '')));
  return n;
}

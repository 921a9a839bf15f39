/**
 * One simulated host: its physical memory with poison, its VMs (guest memory, VMM mapping,
 * GHES blobs), its vCPUs, its RAS error records, its journeys and its queue of timed events.
 * Hosts share nothing, which is what lets later issues place them on any worker thread.
 */
import { HostPoisonMap } from '../memory/host-poison-map.js';
import { freshShared, type SharedAlloc } from '../memory/buffer-pool.js';
import { planHost, type HostPlan } from '../memory/host-plan.js';
import { GuestMemory } from '../memory/guest-memory.js';
import { guestMemoryLayout } from '../memory/guest-memory.js';
import { NODE_PAGE_BYTES } from '../arch/err-record.js';
import { CLW_HOOK, CLW_HOST, CLW_SEQ, CLW_VCPU, HS_UP, hostPoisonLayout, hostStateLayout, hostStateViews, type HostStateViews, pageShift, vcpuBufferBytes, vcpuViews, VF_FAULT_COUNTER, VI_FAULT_JOURNEY, VI_PE, VI_PID, VI_SEA_JOURNEY, VI_VSERROR_JOURNEY, type VcpuViews, VCPU_F64, VCPU_I32 } from '../memory/layout.js';
import { HOOK_INDEX } from '../plugin/hook-names.js';
import { AccessBatch } from '../vcpu/access-batch.js';
import { OUT_WORDS, type VmAccessView } from '../vcpu/run-batch.js';
import { planGhesSources, initialiseGhesBlob, type GhesSourcePlan } from '../apei/ghes-layout.js';
import { RasNode } from '../arch/err-node.js';
import { streamKey, STREAM_PLUGIN, STREAM_WORKLOAD } from '../rand/counter-rng.js';
import type { Scenario } from '../scenario/scenario-types.js';
import type { FirmwareHooks, GuestHooks, HypervisorHooks, InjectorHooks, Layer, ObserverHooks, PluginEnv, VmmHooks, WorkloadHooks } from '../plugin/plugin-types.js';
import { REQUIRED_HOOKS } from '../plugin/plugin-types.js';
import { COUNT_KEYS } from './counts.js';
import { EventQueue } from './event-queue.js';
import { JourneyLog } from './journey-log.js';
import { entriesPerBlock } from './ghes-access.js';
import { PairMap } from '../util/pair-map.js';
import type { LoadedPlugin, PluginSet } from './plugin-set.js';
import { PluginError } from '../plugin/plugin-error.js';

export const VM_UP = 0;
export const VM_PANICKED = 1;
export const VM_TERMINATED = 2;
export const VM_HOST_DOWN = 3;

export const PROC_ALIVE = 0;
export const PROC_DEAD = 1;

/** Base physical address of the host's GHES blob (outside RAM, like a firmware reserved region). */
export const HOST_GHES_BASE = 0xff00_0000_0000;
/** Guest PA of the guest's GHES blob (QEMU places it in guest memory; here it is kept apart). */
export const GUEST_GHES_BASE = 0x7fff_0000;

/**
 * Every SharedArrayBuffer of a host. In the default mode one thread owns them; with --parallel
 * the first worker to build the host sends them to the others, which attach to them
 * (`new HostSim(…, shared)`) and run other vCPUs of the same host over the same memory.
 */
export interface HostShared {
  state: SharedArrayBuffer;
  poison: SharedArrayBuffer;
  vcpus: SharedArrayBuffer;
  guests: SharedArrayBuffer[];
  data: (SharedArrayBuffer | null)[];
  /** Per VM with file-backed RAM: the dirty stamp of each host page (run-batch.ts), else null. */
  dirty: (SharedArrayBuffer | null)[];
  hostGhes: SharedArrayBuffer;
  guestGhes: SharedArrayBuffer[];
  guestAckAt: SharedArrayBuffer;
  rasNode: SharedArrayBuffer;
}

/**
 * One simulated host: its physical memory with poison, its VMs (guest memory, the VMM's mapping,
 * guest GHES blobs), its vCPUs, its RAS node of error records (one per PE), its host GHES blob, its
 * plugins, journeys and timed events. An {@link Engine} runs it; hosts share nothing. Exported for
 * embedding and introspection (tests read its GHES blobs and registers); plumbing members are left
 * out of this reference.
 */
export class HostSim {
  /** The validated scenario the host was built from. */
  readonly scenario: Scenario;
  /**
   * Host index in the scenario (0 … hosts.count − 1): with the seed, all the host's randomness
   * derives from it.
   */
  readonly index: number;
  /**
   * The host memory plan: where each VM's RAM, the VMM-private pages, the host kernel's and the
   * free pages lie in host physical memory.
   */
  readonly plan: HostPlan;
  /** Hardware poison per 64-byte granule and memory_failure() page flags, per host page. */
  readonly poison: HostPoisonMap;
  /** Per VM: guest memory (the guest kernel's and processes' page tables, guest page states). */
  readonly guests: GuestMemory[] = [];
  /** @internal */
  readonly vmViews: VmAccessView[] = [];
  /** @internal */
  readonly vcpuBuf: SharedArrayBuffer;
  /**
   * The vCPU rows (layout.ts `VF_*` / `VI_*`): clock, ESR/FAR values, PSTATE.A, HCR_EL2.VSE and
   * VSESR_EL2, the pinned PE.
   */
  readonly vcpus: VcpuViews;
  /** vCPUs on the host (VMs × vCPUs per VM); host vCPU index i is VM ⌊i / vcpusPerVm⌋. */
  readonly vcpuCount: number;
  /** vCPUs per VM. */
  readonly vcpusPerVm: number;
  /** Per VM: its state (up, guest panicked, VM terminated, host down). */
  readonly vmState: Int32Array;
  /** Per VM: times it was lost (guest panics, terminations). */
  readonly vmLostCount: Float64Array;
  /** Per VM × process: PROC_*. */
  readonly procState: Uint8Array;
  /** Guest processes per VM. */
  readonly processes: number;
  /**
   * Host-wide words (layout.ts HS_*): up, the journey lock, the --parallel barrier.
   *
   * @internal
   */
  readonly stateWords: Int32Array;
  private readonly stateViews: HostStateViews;
  /**
   * The buffers other workers attach to (--parallel).
   *
   * @internal
   */
  readonly shared: HostShared;
  /**
   * The journey being handled now (mirrors Flow.j, for code that only sees the host).
   *
   * @internal
   */
  flowJourney = -1;

  /**
   * The host's GHES sources as EL3 firmware publishes them in HEST (SEA, SEI or SDEI per PE, GPIO):
   * each one's error status block and read-ack register in the host GHES blob.
   */
  readonly hostGhesPlan: GhesSourcePlan;
  /**
   * The host GHES blob: the error status blocks (CPER records) EL3 firmware writes and the host
   * kernel's GHES driver reads and acks.
   */
  readonly hostGhes: DataView;
  /**
   * Per host GHES source × Generic Error Data Entry of its block: the journey whose firmware hook
   * wrote the entry (FirmwareContext writeMemoryRecord / appendMemoryRecord), -1 when unknown. The
   * host's handling of each entry of a block that holds several is a step of that journey.
   *
   * @internal
   */
  readonly hostEntryJourney: Int32Array;
  /** Memory-error entries one host error status block holds (the width of a hostEntryJourney row). */
  readonly hostEntriesPerBlock: number;
  /**
   * The guest's GHES sources as the VMM publishes them in the guest's HEST (QEMU: one SEA source
   * shared by every vCPU).
   */
  readonly guestGhesPlan: GhesSourcePlan;
  /**
   * Per VM: the guest GHES blob the VMM writes CPER records into and the guest kernel reads and
   * acks.
   */
  readonly guestGhes: DataView[] = [];
  /**
   * Per VM × guest GHES source: the simulated time of the guest's last ack. A journey runs to
   * its end on one vCPU while its steps carry later times, so the ack register alone would tell
   * a VMM writing at time t about an ack the guest makes after t; the VMM checks this time too.
   *
   * @internal
   */
  readonly guestAckAt: Float64Array;
  /** vms.writebackNs: how often the host's flusher writes dirty page cache back (file backend). */
  readonly writebackNs: number;
  /**
   * The host's RAS node: ERR<n> error records (STATUS, ADDR, MISC0) and their fault-injection
   * registers, one record per PE.
   */
  readonly rasNode: RasNode;
  /** Error records in the node: one per PE, at most 24 (PE p uses record p mod 24). */
  readonly rasRecords: number;

  /** @internal */
  readonly journeys = new JourneyLog();
  /**
   * (host page, granule) → journey; (host page, granulesPerPage) → journey that took the page.
   *
   * @internal
   */
  readonly granuleJourney = new PairMap(256);
  /**
   * (vm, gpfn) → journey that offlined the guest page.
   *
   * @internal
   */
  readonly gpfnJourney = new PairMap(64);
  /**
   * The host's counters, indexed by {@link COUNT_KEYS} (accesses, SEAs, SErrors, memory_failure()
   * calls, SIGBUS, …).
   */
  readonly counts = new Float64Array(COUNT_KEYS.length);
  /**
   * Per VM: accesses, then one counter per outcome rank (filled at the end).
   *
   * @internal
   */
  readonly vmAccesses: Float64Array;
  /** @internal */
  readonly queue = new EventQueue();
  /**
   * Per PE: vCPUs pinned to it that wait in a journey's handlers. The handlers run on the PE, so
   * while one does, the PE's other vCPUs do not run (with --parallel, per worker).
   *
   * @internal
   */
  readonly peBusy: Int32Array;
  /** @internal */
  readonly batch: AccessBatch;
  /** @internal */
  readonly out = new Int32Array(OUT_WORDS);
  /** @internal */
  readonly sink = new Int32Array(1);

  /** What every plugin of this host is told at create(): host index, scenario sizes, profile. */
  readonly env: PluginEnv;
  /** The EL3 firmware plugin's hooks. */
  readonly firmware: FirmwareHooks;
  /** The hypervisor plugin's hooks (KVM and the host kernel at EL2). */
  readonly hypervisor: HypervisorHooks;
  /** The VMM plugin's hooks (host EL0, e.g. QEMU). */
  readonly vmm: VmmHooks;
  /** The guest kernel plugin's hooks (guest EL1). */
  readonly guest: GuestHooks;
  /** The workload plugin's hooks (what the vCPUs access). */
  readonly workload: WorkloadHooks;
  /** The error injectors' hooks. */
  readonly injectors: InjectorHooks[];
  /** The observers' hooks. */
  readonly observers: ObserverHooks[];
  /** @internal */
  readonly workloadKeys: Float64Array;
  /** @internal */
  readonly pluginKeys: Int32Array;

  /**
   * Builds host `index` of the scenario with fresh memory, or, given `attach`, over the buffers
   * another worker built (nothing is initialised then: that worker did it before sending them).
   *
   * @param plugins The loaded plugin of each layer, with their options ({@link loadPluginSet}).
   */
  constructor(scenario: Scenario, index: number, readonly plugins: PluginSet, attach?: HostShared, alloc: SharedAlloc = freshShared, outDir: string | null = null, watch: Int32Array | null = null) {
    this.scenario = scenario;
    this.index = index;
    const { vms, hosts } = scenario;
    const ramBytes = vms.memoryMiB * 2 ** 20;
    this.plan = planHost(hosts.pageSize, Array.from({ length: vms.perHost }, () => ({
      ramBytes, guestPageSize: vms.guestPageSize, backing: vms.backing, vmmPrivatePages: vms.vmmPrivatePages,
      memoryBackend: vms.memoryBackend,
    })), { kernelBytes: hosts.kernelMiB * 2 ** 20, freeBytes: hosts.freeMiB * 2 ** 20 });
    this.writebackNs = vms.writebackNs;
    this.poison = attach === undefined
      ? HostPoisonMap.create(this.plan.hostPages, this.plan.hostPageShift, scenario.engine.maxPoisonedPagesPerHost, alloc)
      : new HostPoisonMap(attach.poison, hostPoisonLayout(this.plan.hostPages, this.plan.hostPageShift, scenario.engine.maxPoisonedPagesPerHost));
    this.processes = vms.processes;
    this.vcpusPerVm = vms.vcpus;
    this.vcpuCount = vms.perHost * vms.vcpus;
    this.vcpuBuf = attach?.vcpus ?? alloc(vcpuBufferBytes(this.vcpuCount));
    this.vcpus = vcpuViews(this.vcpuBuf, this.vcpuCount);
    const stateLayout = hostStateLayout(vms.perHost, vms.processes);
    const stateBuf = attach?.state ?? alloc(stateLayout.totalBytes);
    this.stateViews = hostStateViews(stateBuf, stateLayout);
    this.stateWords = this.stateViews.words;
    this.vmState = this.stateViews.vmState;
    this.vmLostCount = this.stateViews.vmLostCount;
    this.procState = this.stateViews.procState;
    if (attach === undefined) this.stateWords[HS_UP] = 1;
    this.vmAccesses = new Float64Array(vms.perHost);
    const gShift = pageShift(vms.guestPageSize);
    for (const [vm, p] of this.plan.vms.entries()) {
      const shape = {
        guestPages: p.guestPages, guestPageShift: gShift, kernelPages: vms.kernelPages,
        processes: vms.processes, processPages: vms.processPages,
      };
      const g = attach === undefined ? GuestMemory.create(shape, alloc) : new GuestMemory(attach.guests[vm]!, guestMemoryLayout(shape));
      this.guests.push(g);
      const data = attach === undefined ? (vms.dataBacked ? alloc(ramBytes) : null) : attach.data[vm]!;
      const dirty = attach === undefined
        ? (p.memoryBackend === 'file' ? alloc(p.ramHostPages * 4) : null) : attach.dirty[vm]!;
      this.vmViews.push({
        kernelPt: g.kernelPt, processPt: g.processPt, firstHostPage: p.firstHostPage, guestPageShift: gShift,
        guestShiftMinusGranule: p.guestShiftMinusGranule, hostShiftMinusGranule: p.hostShiftMinusGranule,
        data: data === null ? null : new Int32Array(data),
        dataFirstHostPage: p.firstHostPage, hostPageShift: this.plan.hostPageShift,
        dirty: dirty === null ? null : new Int32Array(dirty), dirtyStamp: 1,
      });
    }
    this.batch = new AccessBatch(scenario.engine.batchSize);
    this.peBusy = new Int32Array(hosts.cpus);
    this.env = {
      host: index, hosts: hosts.count, seed: scenario.seed, profile: scenario.profile, durationNs: scenario.durationNs,
      vmsPerHost: vms.perHost, vcpusPerVm: vms.vcpus, cpus: hosts.cpus, hostPageSize: hosts.pageSize,
      guestPageSize: vms.guestPageSize, workload: scenario.workload as unknown as Record<string, unknown>,
      injections: scenario.injections as unknown as Record<string, unknown>[], outDir,
    };
    // create() is a plugin's first hook: what it throws names the plugin, like any hook's, and
    // the watchdog sees one that never returns (the words as Flow.enter sets them; plugins are
    // created in pluginOrder, their index in it).
    let made = 0;
    const create = <L extends Layer>(p: LoadedPlugin<L>): ReturnType<LoadedPlugin<L>['definition']['create']> => {
      if (watch !== null) {
        watch[CLW_SEQ]!++;
        watch[CLW_HOOK] = ((made << 8) | HOOK_INDEX['create']!) + 1;
        watch[CLW_VCPU] = -1;
        watch[CLW_HOST] = index;
      }
      made++;
      try {
        const hooks = p.definition.create(p.options, this.env) as ReturnType<LoadedPlugin<L>['definition']['create']>;
        const missing = REQUIRED_HOOKS[p.definition.layer].filter((k) => typeof (hooks as unknown as Record<string, unknown> | null)?.[k] !== 'function');
        if (missing.length > 0) {
          throw new TypeError(`create() returned no ${missing.join(', ')} function${missing.length > 1 ? 's' : ''}: a ${p.definition.layer} plugin must implement ${REQUIRED_HOOKS[p.definition.layer].join(', ')}`);
        }
        return hooks;
      } catch (err) {
        throw new PluginError({ plugin: p.definition.name, layer: p.definition.layer, hook: 'create', host: index, vm: -1, vcpu: -1, nowNs: 0 }, err);
      } finally {
        if (watch !== null) watch[CLW_HOOK] = 0;
      }
    };
    this.firmware = create(plugins.firmware);
    this.hypervisor = create(plugins.hypervisor);
    this.vmm = create(plugins.vmm);
    this.guest = create(plugins.guest);
    this.workload = create(plugins.workload);
    this.injectors = plugins.injectors.map(create);
    this.observers = plugins.observers.map(create);

    // Host GHES: what the firmware publishes, per PE by default (flow.md §3.1.2).
    const hostPub = this.firmware.hostSources ?? { kinds: ['sea', 'sei'] };
    this.hostGhesPlan = planGhesSources({ kinds: hostPub.kinds, pes: hosts.cpus, shared: hostPub.shared ?? false, base: HOST_GHES_BASE, ...(hostPub.blockLength === undefined ? {} : { blockLength: hostPub.blockLength }) });
    this.hostGhes = new DataView(attach?.hostGhes ?? alloc(this.hostGhesPlan.blobLength));
    if (attach === undefined) initialiseGhesBlob(this.hostGhes, this.hostGhesPlan);
    this.hostEntriesPerBlock = entriesPerBlock(this.hostGhesPlan.blockLength);
    this.hostEntryJourney = new Int32Array(this.hostGhesPlan.sources.length * this.hostEntriesPerBlock).fill(-1);
    // Guest GHES: what the VMM publishes (QEMU: one SEA source shared by all vCPUs).
    const guestPub = this.vmm.guestSources ?? { kinds: ['sea'] };
    this.guestGhesPlan = planGhesSources({ kinds: guestPub.kinds, pes: vms.vcpus, shared: guestPub.shared ?? true, base: GUEST_GHES_BASE, ...(guestPub.blockLength === undefined ? {} : { blockLength: guestPub.blockLength }) });
    for (let v = 0; v < vms.perHost; v++) {
      const blob = new DataView(attach?.guestGhes[v] ?? alloc(this.guestGhesPlan.blobLength));
      if (attach === undefined) initialiseGhesBlob(blob, this.guestGhesPlan);
      this.guestGhes.push(blob);
    }
    const ackAtBuf = attach?.guestAckAt ?? alloc(8 * vms.perHost * this.guestGhesPlan.sources.length);
    this.guestAckAt = new Float64Array(ackAtBuf);
    // Error records: one per PE, up to the 24 a node page holds (PE p uses record p mod 24).
    this.rasRecords = Math.min(24, hosts.cpus);
    this.rasNode = attach === undefined
      ? RasNode.create({ records: this.rasRecords, buffer: alloc(NODE_PAGE_BYTES) })
      : new RasNode(new DataView(attach.rasNode, 0, NODE_PAGE_BYTES));
    if (attach === undefined) this.presetCeCounters(-1);
    this.shared = {
      state: stateBuf, poison: this.poison.sab, vcpus: this.vcpuBuf, guests: this.guests.map((g) => g.sab),
      data: this.vmViews.map((v) => (v.data === null ? null : v.data.buffer as SharedArrayBuffer)),
      dirty: this.vmViews.map((v) => (v.dirty === null ? null : v.dirty.buffer as SharedArrayBuffer)),
      hostGhes: this.hostGhes.buffer as SharedArrayBuffer, guestGhes: this.guestGhes.map((b) => b.buffer as SharedArrayBuffer), guestAckAt: ackAtBuf,
      rasNode: this.rasNode.view.buffer as SharedArrayBuffer,
    };

    const keys = new Float64Array(this.vcpuCount);
    for (let i = 0; i < this.vcpuCount; i++) {
      const vm = Math.floor(i / vms.vcpus);
      const vcpu = i % vms.vcpus;
      keys[i] = streamKey(scenario.seed, index, vm, vcpu, STREAM_WORKLOAD);
      if (attach !== undefined) continue;
      this.vcpus.i32[i * VCPU_I32 + VI_PE] = i % hosts.cpus;
      this.vcpus.i32[i * VCPU_I32 + VI_PID] = -1;
      this.vcpus.i32[i * VCPU_I32 + VI_VSERROR_JOURNEY] = -1;
      this.vcpus.i32[i * VCPU_I32 + VI_FAULT_JOURNEY] = -1;
      this.vcpus.i32[i * VCPU_I32 + VI_SEA_JOURNEY] = -1;
      this.vcpus.f64[i * VCPU_F64 + VF_FAULT_COUNTER] = -1;
    }
    this.workloadKeys = keys;
    const all = [plugins.firmware, plugins.hypervisor, plugins.vmm, plugins.guest, plugins.workload, ...plugins.injectors, ...plugins.observers];
    this.pluginKeys = Int32Array.from(all, (_p, k) => streamKey(scenario.seed, index, -1, -1, STREAM_PLUGIN + k));
  }

  /** Whether the host is up (shared by every worker that runs one of its vCPUs). */
  get hostUp(): boolean {
    return this.stateWords[HS_UP] === 1;
  }

  /** Marks the host up or down (a host panic takes it down, a host reboot brings it back). */
  set hostUp(up: boolean) {
    this.stateWords[HS_UP] = up ? 1 : 0;
  }

  /**
   * Presets record `n`'s CE counter (all records for -1) to the firmware's ceThreshold, if any.
   *
   * @internal
   */
  presetCeCounters(n: number): void {
    const t = this.firmware.ceThreshold ?? 0;
    if (!(t > 0)) return;
    if (n >= 0) this.rasNode.setCeThreshold(n, t);
    else for (let r = 0; r < this.rasRecords; r++) this.rasNode.setCeThreshold(r, t);
  }

  /**
   * The dirty stamp a store at simulated time `ns` leaves (see VmAccessView.dirty).
   *
   * @internal
   */
  dirtyStampAt(ns: number): number {
    return Math.floor(ns / this.writebackNs) + 1;
  }

  /**
   * Is host page `page` of file-backed VM `vm` dirty page cache at `ns`: stored to since the
   * flusher's last pass? (Every pass writes back everything dirty: a simplification of Linux's
   * dirty_writeback / dirty_expire pair, see docs/ras-flow.md.)
   */
  isDirty(vm: number, page: number, ns: number): boolean {
    const v = this.vmViews[vm]!;
    return v.dirty !== null && v.dirty[page - v.firstHostPage] === this.dirtyStampAt(ns);
  }

  /** The VM of host vCPU index `i`. */
  vmOf(i: number): number {
    return Math.floor(i / this.vcpusPerVm);
  }

  /** The host vCPU index of vCPU `vcpu` of VM `vm`. */
  vcpuIndex(vm: number, vcpu: number): number {
    return vm * this.vcpusPerVm + vcpu;
  }

  /** Whether guest process `pid` of VM `vm` is alive (not killed, or restarted since). */
  processAlive(vm: number, pid: number): boolean {
    return this.procState[vm * this.processes + pid] === PROC_ALIVE;
  }
}

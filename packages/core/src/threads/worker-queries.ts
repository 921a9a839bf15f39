/**
 * Rare questions to a running worker, served with comlink on a MessagePort of its own: the run's
 * statistics so far, one vCPU's registers, a snapshot of the host being run. The worker's thread is
 * busy simulating, so a question waits for the worker's next yield point; the worker yields at
 * least every {@link YIELD_EVERY_MS} ms of wall time (between two vCPUs of a slice if need be),
 * so an answer comes within about that long (longer only if one vCPU's run between two yield
 * points is itself that long). Answers are read-only: a query never changes the simulation, which
 * is why answering them cannot change a run's results.
 */
import { COUNT_KEYS, countsObject, type CountKey } from '../engine/counts.js';
import type { HostRun } from '../engine/run-scenario.js';
import {
  VCPU_F64, VCPU_I32, VF_ACCESSES, VF_CLOCK_NS, VF_FAR_EL1, VF_FAR_EL2, VF_LOST_NS,
  VI_BLOCKED, VI_ESR_EL1, VI_ESR_EL2, VI_HCR_VSE, VI_LAST_EL, VI_PE, VI_PID, VI_PSTATE, VI_STATE, VI_VSESR,
} from '../memory/layout.js';

/** Wall-clock milliseconds between a worker's yield points (queries are answered there). */
export const YIELD_EVERY_MS = 10;

const VCPU_STATES = ['running', 'stopped', 'idle'] as const;
const VM_STATES = ['up', 'panicked', 'terminated', 'host-down'] as const;

/** A vCPU's architectural state as the engine holds it (flow.md §5 names the registers). */
export interface VcpuRegisters {
  /** Host index. */
  host: number;
  /** VM index on the host. */
  vm: number;
  /** vCPU index within the VM. */
  vcpu: number;
  /** Physical CPU (PE) the vCPU runs on: the index of its per-PE host GHES sources. */
  pe: number;
  /** running, stopped (its VM or host is down) or idle (a scripted workload with nothing left). */
  state: (typeof VCPU_STATES)[number];
  /** The vCPU waits in a journey's handlers (EL3, EL2, the VMM) for hand-overs still to run. */
  inHandlers: boolean;
  /** The vCPU's simulated clock, ns. */
  clockNs: number;
  /** Guest memory accesses retired. */
  accesses: number;
  /** Guest process running on it (-1: kernel or idle). */
  pid: number;
  /** EL of the last access: 0 a process, 1 the guest kernel. */
  el: number;
  /** Guest PSTATE (bit 8: A, SErrors masked). */
  pstate: number;
  /** ESR_EL1 the guest saw last, as `0x%08x`. */
  esrEl1: string;
  /** ESR_EL2 of the last exception taken (or faked by firmware) to EL2. */
  esrEl2: string;
  /** FAR_EL1 the guest saw last (the faulting virtual address), hex; `-` when none. */
  farEl1: string;
  /** FAR_EL2 of the last exception taken (or faked by firmware) to EL2, hex; `-` when none. */
  farEl2: string;
  /** HCR_EL2.VSE: a virtual SError is pending. */
  hcrVse: boolean;
  /** VSESR_EL2 bits 24:0, the syndrome the pending virtual SError will carry. */
  vsesr: string;
  /** Simulated time charged to error handling on this vCPU, ns. */
  lostNs: number;
}

/** What a worker did so far. */
export interface WorkerStats {
  /** Worker index. */
  worker: number;
  /** Host being run now (-1: none yet, or every host finished). */
  host: number;
  /** Simulated time that host reached, ns. */
  simulatedNs: number;
  /** Hosts finished by this worker. */
  hostsDone: number;
  /** Journeys recorded by this worker. */
  journeys: number;
  /** Counters over the finished hosts plus the running one (outcome counters: finished hosts only). */
  counts: Record<CountKey, number>;
}

/** The host a worker is running, as it stands. */
export interface HostSnapshot {
  /** Host index. */
  host: number;
  /** Simulated time the host reached, ns. */
  simulatedNs: number;
  /** The host is up (false after a host panic or firmware halt, until it reboots). */
  up: boolean;
  /** Granules holding hardware poison now. */
  poisonedGranules: number;
  /** Host pages with poison or memory_failure() flags. */
  pagesWithFlags: number;
  /** Journeys recorded on this host so far. */
  journeys: number;
  /** Each VM of the host. */
  vms: {
    /** VM index. */
    vm: number;
    /** up, panicked (guest panic), terminated (by the VMM) or host-down. */
    state: (typeof VM_STATES)[number];
    /** Guest memory accesses its vCPUs retired. */
    accesses: number;
    /** Times the VM was lost (guest panics, terminations). */
    timesLost: number;
  }[];
}

/** The API a worker exposes through comlink (each method answered at the worker's next yield point). */
export interface WorkerQueries {
  /** What the worker did so far: host, simulated time, hosts done, journeys, counters. */
  stats(): WorkerStats;
  /** The registers of a vCPU of the host this worker is running now; null for any other host. */
  vcpu(host: number, vm: number, vcpu: number): VcpuRegisters | null;
  /** The host this worker is running now; null between hosts. */
  snapshot(): HostSnapshot | null;
}

const hex = (v: number): string => (v < 0 ? '-' : '0x' + v.toString(16));
const hex32 = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');

/** The worker's side: reads what the worker's loop keeps up to date. */
export class WorkerQueryServer implements WorkerQueries {
  /** The host being run (null between hosts). */
  current: HostRun | null = null;
  /** Counters summed over the finished hosts. */
  readonly finishedCounts = new Float64Array(COUNT_KEYS.length);
  finishedJourneys = 0;
  hostsDone = 0;

  constructor(readonly worker: number) {}

  /** Adds a finished host's counters (call before clearing `current`). */
  finish(counts: Float64Array, journeys: number): void {
    for (let k = 0; k < counts.length; k++) this.finishedCounts[k]! += counts[k]!;
    this.finishedJourneys += journeys;
    this.hostsDone++;
  }

  /** Accesses retired so far: finished hosts plus the running one. */
  accesses(): number {
    return this.finishedCounts[0]! + (this.current?.sim.counts[0] ?? 0);
  }

  journeys(): number {
    return this.finishedJourneys + (this.current?.sim.journeys.count ?? 0);
  }

  stats(): WorkerStats {
    const counts = new Float64Array(this.finishedCounts);
    const cur = this.current;
    // The running host's event counters are live; its outcome counters are filled when it ends.
    if (cur !== null) for (let k = 0; k < counts.length; k++) counts[k]! += cur.sim.counts[k]!;
    return {
      worker: this.worker, host: cur?.index ?? -1, simulatedNs: cur?.reachedNs ?? 0, hostsDone: this.hostsDone,
      journeys: this.journeys(), counts: countsObject(counts),
    };
  }

  vcpu(host: number, vm: number, vcpu: number): VcpuRegisters | null {
    const cur = this.current;
    if (cur === null || cur.index !== host) return null;
    const h = cur.sim;
    if (!Number.isInteger(vm) || vm < 0 || vm >= h.vmState.length) throw new RangeError(`vm ${vm} is not a VM of host ${host} (0..${h.vmState.length - 1})`);
    if (!Number.isInteger(vcpu) || vcpu < 0 || vcpu >= h.vcpusPerVm) throw new RangeError(`vcpu ${vcpu} is not a vCPU of the VM (0..${h.vcpusPerVm - 1})`);
    const i = h.vcpuIndex(vm, vcpu);
    const f = h.vcpus.f64;
    const n = h.vcpus.i32;
    const fb = i * VCPU_F64;
    const ib = i * VCPU_I32;
    return {
      host, vm, vcpu, pe: n[ib + VI_PE]!, state: VCPU_STATES[n[ib + VI_STATE]!] ?? 'running', inHandlers: n[ib + VI_BLOCKED]! > 0,
      clockNs: f[fb + VF_CLOCK_NS]!, accesses: f[fb + VF_ACCESSES]!, pid: n[ib + VI_PID]!, el: n[ib + VI_LAST_EL]!,
      pstate: n[ib + VI_PSTATE]!, esrEl1: hex32(n[ib + VI_ESR_EL1]!), esrEl2: hex32(n[ib + VI_ESR_EL2]!),
      farEl1: hex(f[fb + VF_FAR_EL1]!), farEl2: hex(f[fb + VF_FAR_EL2]!), hcrVse: n[ib + VI_HCR_VSE] === 1,
      vsesr: hex32(n[ib + VI_VSESR]!), lostNs: f[fb + VF_LOST_NS]!,
    };
  }

  snapshot(): HostSnapshot | null {
    const cur = this.current;
    if (cur === null) return null;
    const h = cur.sim;
    return {
      host: cur.index, simulatedNs: cur.reachedNs, up: h.hostUp, poisonedGranules: h.poison.poisonedGranules(),
      pagesWithFlags: h.poison.pagesWithSlots(), journeys: h.journeys.count,
      vms: Array.from(h.vmState, (st, vm) => ({ vm, state: VM_STATES[st] ?? 'up', accesses: h.vmAccesses[vm]!, timesLost: h.vmLostCount[vm]! })),
    };
  }
}

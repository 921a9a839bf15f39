/**
 * Runs one host: advances its vCPUs through simulated time in slices, applies timed events in
 * their canonical order between vCPU runs, and hands every stop of the access loop to the journey
 * machinery. Everything a host does depends only on the scenario, the seed and the host index.
 */
import { ST_AV, ST_CE_SHIFT, ST_ER, ST_UE, ST_UET_SHIFT, SERR_EXTERNAL_MEMORY_DATA } from '../arch/err-status.js';
import {
  VCPU_F64, VCPU_I32, VCPU_STATE_RUNNING, VF_ACCESSES, VF_CLOCK_NS, VF_COUNTER, VF_STOP_ADDR,
  VI_BLOCKED, VI_SKIP, VI_STOP_EL1, VI_STOP_JOURNEY, VI_STOP_OP, VI_STOP_PID, VI_STOP_REASON,
  VF_FAULT_COUNTER, VI_HCR_VSE, VI_LAST_EL, VI_PE, VI_PID, VI_PSTATE, VI_RETRIES, VI_SEA_PENDING, VI_STATE,
} from '../memory/layout.js';
import { CTL_MASK_SERROR, CTL_UNMASK_SERROR, FLAG_EL1, FLAG_VMM, OP_CONTROL, OP_MASK, OP_STORE } from '../vcpu/access-batch.js';
import { OUT_GRANULE, OUT_HOST_PAGE, OUT_INDEX, OUT_REASON, runBatch, STOP_BUDGET, STOP_POISON, STOP_PTE_NONE, STOP_PTE_POISON, STOP_STAGE2 } from '../vcpu/run-batch.js';
import { ACTION, L_HARDWARE, O_LIVELOCK, O_SILENT_CORRUPTION } from '../plugin/vocabulary.js';
import { PluginError } from '../plugin/plugin-error.js';
import { C_ACCESSES } from './counts.js';
import { FirmwareCtx, HypervisorCtx } from './contexts-ras.js';
import { GuestCtx, VmmCtx } from './contexts-guest.js';
import { InjectorCtx, WorkloadCtx } from './contexts-extension.js';
import { EK_FIRMWARE_TIMER, EK_GUEST_REBOOT, EK_HANDOVER, EK_HOST_REBOOT, EK_INJECTOR_FIRE, EK_PFG_FIRE, EK_PROCESS_RESTART } from './event-queue.js';
import { applyHandover, HandoverPool, type HandoverPoolState } from './handover.js';
import { Flow, P_INJECTOR, P_WORKLOAD } from './flow.js';
import { PerAccessInjection } from './per-access-injection.js';
import { SampledTime, type SampledState } from './sampled-time.js';
import { HostLifecycle } from './host-lifecycle.js';
import { consumePoison, correctedOverflow, consumeVmmPoison, enterGuest, firmwareTimer, physicalSError, poisonedPte, stage2Fault, STOP_VMM_POISON } from './hardware-events.js';
import { J_AET, J_FLAGS, JF_AV, JT_ADDR } from './journey-log.js';
import { HostSim } from './host.js';
import { HostLock } from './host-lock.js';
import { PSTATE_A } from './hardware-events.js';

/** An {@link Engine}'s state between slices, as plain data. */
export interface EngineState {
  started: boolean;
  nextNs: number;
  pendingSErrors: number[][];
  pendingCount: Int32Array;
  serrorRepeats: Int32Array;
  handovers: HandoverPoolState;
  perAccess: { nextPoison: Float64Array; poisonDraws: Float64Array };
  pfgTickedTo: number;
  injectorDraws: number[];
  pluginDraws: Float64Array;
  sampled: SampledState | null;
}

/**
 * Runs one {@link HostSim}: advances its vCPUs through simulated time in slices of
 * `engine.sliceNs`, applies timed events (injections, hand-overs between handler layers, restarts,
 * reboots) in canonical order between vCPU runs, and turns each stop of the access loop (a consumed
 * poison, a stage-2 fault, a poisoned PTE) into a journey through the EL3 firmware, hypervisor, VMM
 * and guest plugins. The contexts and plumbing it holds are left out of this reference.
 */
export class Engine {
  /** @internal */
  readonly flow: Flow;
  /** @internal */
  readonly fwCtx: FirmwareCtx;
  /** @internal */
  readonly hvCtx: HypervisorCtx;
  /** @internal */
  readonly vmmCtx: VmmCtx;
  /** @internal */
  readonly guestCtx: GuestCtx;
  /** @internal */
  readonly wlCtx: WorkloadCtx;
  /** @internal */
  readonly injCtx: InjectorCtx[];
  private readonly accessNs: number;
  private readonly perAccess: PerAccessInjection;
  /**
   * time: "sampled": the pending first reads of poisoned granules (null: every access is run).
   *
   * @internal
   */
  readonly sampled: SampledTime | null;
  /** @internal */
  readonly lifecycle: HostLifecycle;
  private readonly ev = new Int32Array(5);
  /**
   * Journeys' hand-overs waiting for their time (handover.ts).
   *
   * @internal
   */
  readonly handovers = new HandoverPool();
  // Where the run stands, so a slice can be suspended between vCPUs and resumed (runSlice).
  private started = false;
  private nextNs = 0;
  private sliceEnd = -1;
  private segLimit = -1;
  private segEventNs = 0;
  private segVcpu = 0;

  /**
   * --parallel: serialises this host's journeys and events with the other workers' (null: one owner).
   *
   * @internal
   */
  readonly lock: HostLock | null;
  /** The vCPUs this engine runs: first, first + stride, … (all of them unless --parallel). */
  private readonly firstVcpu: number;
  private readonly vcpuStride: number;
  /** Whether this engine runs the host's injectors (one engine per host does). */
  private readonly hostEvents: boolean;

  /**
   * An engine for `host`. With `share` (--parallel), it is one of `share.workers` engines over
   * the same host memory: it runs vCPUs share.worker, share.worker + workers, … and takes the
   * host's journey lock around everything but the access loop; engine 0 runs the injectors.
   *
   * @param host The host this engine runs.
   */
  constructor(readonly host: HostSim, share?: { worker: number; workers: number }) {
    this.flow = new Flow(host);
    this.fwCtx = new FirmwareCtx(this.flow);
    this.hvCtx = new HypervisorCtx(this.flow);
    this.flow.hvCtx = this.hvCtx;
    this.vmmCtx = new VmmCtx(this.flow);
    this.guestCtx = new GuestCtx(this.flow);
    this.wlCtx = new WorkloadCtx(this);
    this.injCtx = host.injectors.map((_h, k) => new InjectorCtx(this, k));
    this.accessNs = host.scenario.workload.accessNs;
    this.perAccess = new PerAccessInjection(this);
    this.sampled = host.scenario.time === 'sampled' ? new SampledTime(this) : null;
    if (this.sampled !== null) {
      const sampled = this.sampled;
      this.flow.ratesChanged = (vm, now) => sampled.redrawVm(vm, now);
    }
    this.lifecycle = new HostLifecycle(this);
    this.pendingCount = new Int32Array(host.vcpuCount);
    this.serrorRepeats = new Int32Array(host.vcpuCount);
    this.lock = share === undefined ? null : new HostLock(host.stateWords);
    this.firstVcpu = share?.worker ?? 0;
    this.vcpuStride = share?.workers ?? 1;
    this.hostEvents = this.firstVcpu === 0;
  }

  /** Simulated time the host has reached (the end of the last slice run). */
  get reachedNs(): number {
    return this.nextNs;
  }

  /**
   * The engine's own state between two slices (checkpoints, host-snapshot.ts): only there, where
   * no hook runs, nothing is staged and no segment is half done, is the state this small.
   *
   * @internal
   */
  saveState(): EngineState {
    if (this.sliceEnd >= 0 || this.segLimit >= 0 || !this.flow.fifo.empty) throw new Error('an engine is saved between slices only');
    return {
      started: this.started, nextNs: this.nextNs,
      pendingSErrors: Array.from({ length: this.host.vcpuCount }, (_v, vi) => [...(this.pendingSErrors[vi] ?? [])]),
      pendingCount: this.pendingCount.slice(), serrorRepeats: this.serrorRepeats.slice(),
      handovers: this.handovers.saveState(), perAccess: this.perAccess.saveState(),
      pfgTickedTo: this.lifecycle.tickedTo, injectorDraws: this.injCtx.map((c) => c.draws),
      pluginDraws: this.flow.pluginDraws.slice(),
      sampled: this.sampled?.saveState() ?? null,
    };
  }

  /**
   * Puts back what {@link saveState} returned (into an engine built for the same host).
   *
   * @internal
   */
  loadState(s: EngineState): void {
    this.started = s.started;
    this.nextNs = s.nextNs;
    this.sliceEnd = -1;
    this.segLimit = -1;
    this.pendingSErrors.length = 0;
    s.pendingSErrors.forEach((p, vi) => { this.pendingSErrors[vi] = [...p]; });
    this.pendingCount.set(s.pendingCount);
    this.serrorRepeats.set(s.serrorRepeats);
    this.handovers.loadState(s.handovers);
    this.perAccess.loadState(s.perAccess);
    this.lifecycle.tickedTo = s.pfgTickedTo;
    s.injectorDraws.forEach((d, k) => { this.injCtx[k]!.draws = d; });
    this.flow.pluginDraws.set(s.pluginDraws);
    if (s.sampled !== null) this.sampled?.loadState(s.sampled);
  }

  /**
   * Runs the host from time 0 to `durationNs`, one slice at a time; `onSlice` sees each slice's
   * end and stops the run by returning false.
   */
  run(durationNs: number, onSlice?: (endNs: number) => boolean): boolean {
    while (this.nextNs < durationNs) {
      this.runSlice(durationNs);
      if (onSlice !== undefined && !onSlice(this.nextNs)) return false;
    }
    return true;
  }

  /**
   * Runs the current slice of `engine.sliceNs` (the first call starts the injectors at time 0):
   * true when the slice ended. When `shouldYield` is given it is asked after each vCPU's run, and
   * a true answer returns false at once: the slice is suspended between two vCPUs and the next
   * call resumes it where it stopped. A worker uses this to answer queries every few
   * milliseconds whatever the slice costs; the results are the same as without suspensions,
   * because nothing that runs in between changes the host.
   */
  runSlice(durationNs: number, shouldYield?: () => boolean): boolean {
    const h = this.host;
    if (!this.started) {
      this.started = true;
      if (this.hostEvents) h.injectors.forEach((inj, k) => {
        if (inj.start === undefined) return;
        this.flow.hostNow = 0;
        this.callInjector(k, -1);
      });
    }
    if (this.sliceEnd < 0) this.sliceEnd = Math.min(this.nextNs + h.scenario.engine.sliceNs, durationNs);
    const end = this.sliceEnd;
    for (;;) {
      // A segment runs every vCPU up to the next timed event (or the slice end), then applies the
      // events due then. Its limit is fixed when it starts, whatever the journeys queue meanwhile.
      if (this.segLimit < 0) {
        this.segEventNs = h.queue.peekTime();
        this.segLimit = this.segEventNs < end ? this.segEventNs : end;
        this.segVcpu = this.firstVcpu;
      }
      while (this.segVcpu < h.vcpuCount) {
        const vi = this.segVcpu;
        this.segVcpu += this.vcpuStride;
        if (h.hostUp && h.vcpus.i32[vi * VCPU_I32 + VI_STATE] === VCPU_STATE_RUNNING) this.runVcpu(vi, this.segLimit);
        if (shouldYield !== undefined && this.segVcpu < h.vcpuCount && shouldYield()) return false;
      }
      this.segLimit = -1;
      if (this.segEventNs >= end) break;
      this.lock?.acquire();
      try {
        this.applyEventsAt(this.segEventNs);
      } finally {
        this.lock?.release();
      }
    }
    this.nextNs = end;
    this.sliceEnd = -1;
    return true;
  }

  private runVcpu(vi: number, limit: number): void {
    const h = this.host;
    const f64 = h.vcpus.f64;
    const i32 = h.vcpus.i32;
    const fb = vi * VCPU_F64;
    const ib = vi * VCPU_I32;
    const vm = h.vmOf(vi);
    const view = h.vmViews[vm]!;
    const batch = h.batch;
    const pe = i32[ib + VI_PE]!;
    while (f64[fb + VF_CLOCK_NS]! < limit) {
      if (i32[ib + VI_BLOCKED]! > 0) return; // waiting on a journey's hand-over (handover.ts)
      if (h.peBusy[pe]! > 0) {
        // Its PE runs another vCPU's handlers: this one is descheduled until the next event.
        f64[fb + VF_CLOCK_NS] = limit;
        return;
      }
      if (i32[ib + VI_SEA_PENDING] === 1 || i32[ib + VI_HCR_VSE] === 1 || this.pendingCount[vi]! > 0) {
        this.lock?.acquire();
        try {
          this.resume(vi);
        } finally {
          this.lock?.release();
        }
        if (i32[ib + VI_BLOCKED]! > 0) return;
      }
      if (!h.hostUp || i32[ib + VI_STATE] !== VCPU_STATE_RUNNING) return;
      const counter = f64[fb + VF_COUNTER]!;
      const sampled = this.sampled;
      if (sampled === null) this.fill(vi, counter, this.perAccess.batchLimit(vi, counter));
      else sampled.fill(vi, limit);
      if (batch.length === 0) {
        const wake = sampled === null ? this.wlCtx.idleUntil : sampled.wake;
        f64[fb + VF_CLOCK_NS] = Math.max(f64[fb + VF_CLOCK_NS]!, Math.min(limit, wake));
        if (wake >= limit) return;
        continue;
      }
      i32[ib + VI_PID] = batch.pid;
      if (!h.processAlive(vm, batch.pid)) {
        this.skipDeadProcess(vi, counter, limit);
        continue;
      }
      this.perAccess.injectBeforeFirst(vi, counter);
      let retired: number;
      if (batch.timed) {
        retired = this.runTimed(vi, limit);
      } else {
        const budget = Math.max(1, Math.ceil((limit - f64[fb + VF_CLOCK_NS]!) / this.accessNs));
        if (view.dirty !== null) view.dirtyStamp = h.dirtyStampAt(f64[fb + VF_CLOCK_NS]!);
        retired = runBatch(batch, 0, budget, view, h.poison, h.out, h.sink);
        f64[fb + VF_CLOCK_NS]! += retired * this.accessNs;
      }
      f64[fb + VF_COUNTER] = counter + retired;
      f64[fb + VF_ACCESSES]! += retired;
      h.vmAccesses[vm]! += retired;
      h.counts[C_ACCESSES]! += retired;
      if (retired > 0) i32[ib + VI_RETRIES] = 0;
      const reason = h.out[OUT_REASON]!;
      if (reason !== STOP_BUDGET) {
        // A journey: under the host's lock when other workers share the host (--parallel),
        // released whatever a plugin throws so the others are not left waiting.
        this.lock?.acquire();
        try {
          this.handleStop(vi, reason);
        } finally {
          this.lock?.release();
        }
        // The journey handed work on: the vCPU waits, and the segment may now end earlier.
        if (i32[ib + VI_BLOCKED]! > 0) return;
        if (this.segLimit >= 0 && this.segLimit < limit) limit = this.segLimit;
      }
    }
  }

  /**
   * The batch belongs to a process that is dead (killed, waiting to restart): its accesses are
   * dropped, and the vCPU's time passes as if it ran them (the guest schedules something else).
   */
  private skipDeadProcess(vi: number, counter: number, limit: number): void {
    const h = this.host;
    const b = h.batch;
    const f64 = h.vcpus.f64;
    const fb = vi * VCPU_F64;
    let n = b.length;
    if (b.timed) {
      n = 0;
      while (n < b.length && b.at[n]! < limit) n++;
      if (n === 0) {
        f64[fb + VF_CLOCK_NS] = limit;
        return;
      }
      f64[fb + VF_CLOCK_NS] = Math.max(f64[fb + VF_CLOCK_NS]!, b.at[n - 1]!) + this.accessNs;
    } else {
      // Never past the limit: what lies beyond depends on events the limit stands for.
      n = Math.min(n, Math.max(1, Math.ceil((limit - f64[fb + VF_CLOCK_NS]!) / this.accessNs)));
      f64[fb + VF_CLOCK_NS]! += n * this.accessNs;
    }
    f64[fb + VF_COUNTER] = counter + n;
  }

  /** Accesses one at a time, waiting for each one's time; control entries change PSTATE.A. */
  private runTimed(vi: number, limit: number): number {
    const h = this.host;
    const b = h.batch;
    const fb = vi * VCPU_F64;
    const f64 = h.vcpus.f64;
    let i = 0;
    for (; i < b.length; i++) {
      const at = b.at[i]!;
      if (at > f64[fb + VF_CLOCK_NS]!) {
        if (at >= limit) {
          f64[fb + VF_CLOCK_NS] = limit;
          break;
        }
        f64[fb + VF_CLOCK_NS] = at;
      }
      if ((b.flags[i]! & OP_MASK) === OP_CONTROL) {
        const ps = vi * VCPU_I32 + VI_PSTATE;
        if (b.addr[i] === CTL_MASK_SERROR) h.vcpus.i32[ps]! |= PSTATE_A;
        else if (b.addr[i] === CTL_UNMASK_SERROR) h.vcpus.i32[ps]! &= ~PSTATE_A;
        h.vcpus.i32[vi * VCPU_I32 + VI_LAST_EL] = 1;
        if (h.vcpus.i32[vi * VCPU_I32 + VI_HCR_VSE] === 1) {
          h.out[OUT_REASON] = STOP_BUDGET;
          return i + 1; // the unmasked virtual SError is taken before the next access
        }
        continue;
      }
      if ((b.flags[i]! & FLAG_VMM) !== 0) {
        if (this.vmmAccessFaults(vi, i)) return i;
        f64[fb + VF_CLOCK_NS]! += this.accessNs;
        continue;
      }
      h.vcpus.i32[vi * VCPU_I32 + VI_LAST_EL] = (b.flags[i]! & FLAG_EL1) !== 0 ? 1 : 0;
      const view = h.vmViews[h.vmOf(vi)]!;
      if (view.dirty !== null) view.dirtyStamp = h.dirtyStampAt(f64[fb + VF_CLOCK_NS]!);
      const n = runBatch(b, i, 1, view, h.poison, h.out, h.sink);
      if (n === 0) return i;
      f64[fb + VF_CLOCK_NS]! += this.accessNs;
      if (f64[fb + VF_CLOCK_NS]! >= limit) {
        h.out[OUT_REASON] = STOP_BUDGET;
        return i + 1;
      }
    }
    h.out[OUT_REASON] = STOP_BUDGET;
    return i;
  }

  /**
   * An access of the VMM thread to the VMM's own memory: true (and out set to STOP_VMM_POISON)
   * when it is a read of a poisoned granule.
   */
  private vmmAccessFaults(vi: number, i: number): boolean {
    const h = this.host;
    const p = h.plan.vms[h.vmOf(vi)]!;
    const off = h.batch.addr[i]!;
    const page = p.vmmFirstHostPage + Math.floor(off / h.plan.hostPageSize);
    if (page >= p.vmmFirstHostPage + p.vmmPages) throw this.workloadError(vi, new RangeError(`VMM access at offset 0x${off.toString(16)} is outside the VM's ${p.vmmPages} VMM pages`));
    const g = (off % h.plan.hostPageSize) >>> 6;
    if ((h.batch.flags[i]! & OP_MASK) === OP_STORE || !h.poison.pageHasSlot(page) || !h.poison.isGranulePoisoned(page, g)) return false;
    h.out[OUT_REASON] = STOP_VMM_POISON;
    h.out[OUT_INDEX] = i;
    h.out[OUT_HOST_PAGE] = page;
    h.out[OUT_GRANULE] = g;
    return true;
  }

  private workloadError(vi: number, err: Error): PluginError {
    this.flow.plugin = P_WORKLOAD;
    this.flow.hook = 'fill';
    this.flow.vi = vi;
    this.flow.vm = this.host.vmOf(vi);
    return this.flow.hookError(err);
  }

  /**
   * The access loop stopped on an error: start the journey, and decide the access's fate once
   * the journey is done with this vCPU (at once, or when its last hand-over has run).
   */
  private handleStop(vi: number, reason: number): void {
    const h = this.host;
    const idx = h.out[OUT_INDEX]!;
    const op = h.batch.flags[idx]! & OP_MASK;
    const pid = h.batch.pid;
    if (reason === STOP_PTE_NONE) {
      throw this.workloadError(vi, new RangeError(`access ${idx} of the batch (address 0x${h.batch.addr[idx]!.toString(16)}) is outside the ${(h.batch.flags[idx]! & FLAG_EL1) !== 0 ? 'kernel' : `process ${pid}`} address space`));
    }
    const el1 = (h.batch.flags[idx]! & FLAG_EL1) !== 0;
    const i32 = h.vcpus.i32;
    const ib = vi * VCPU_I32;
    if (reason !== STOP_VMM_POISON) i32[ib + VI_LAST_EL] = el1 ? 1 : 0;
    // What the access's fate depends on, kept in the vCPU's row: other vCPUs refill the batch
    // while this one waits for its journey.
    i32[ib + VI_STOP_REASON] = reason;
    i32[ib + VI_STOP_OP] = op;
    i32[ib + VI_STOP_PID] = pid;
    i32[ib + VI_STOP_EL1] = el1 ? 1 : 0;
    i32[ib + VI_SKIP] = 0;
    h.vcpus.f64[vi * VCPU_F64 + VF_STOP_ADDR] = h.batch.addr[idx]!;
    if (reason === STOP_POISON) consumePoison(this, vi);
    else if (reason === STOP_VMM_POISON) consumeVmmPoison(this, vi);
    else if (reason === STOP_STAGE2) stage2Fault(this, vi);
    else if (reason === STOP_PTE_POISON) poisonedPte(this, vi);
    i32[ib + VI_STOP_JOURNEY] = this.flow.j;
    this.resume(vi);
  }

  /** Physical SErrors waiting for their vCPU to leave the handlers (journey, ISS pairs per vCPU). */
  private readonly pendingSErrors: number[][] = [];
  /** Per vCPU: physical SErrors pending (the access loop's cheap test). */
  private readonly pendingCount: Int32Array;

  /** Holds a physical SError for vCPU `vi` until it (and its PE) leaves the handlers it is in. */
  pendSError(vi: number, j: number, iss: number): void {
    (this.pendingSErrors[vi] ??= []).push(j, iss);
    this.pendingCount[vi]!++;
  }

  /** Per vCPU: how often in a row its PE took an SError whose record firmware left valid. */
  readonly serrorRepeats: Int32Array;

  /**
   * Record `n` still holds the uncorrected error after firmware's SError handler: the SError is
   * signalled again when vCPU `vi` leaves the handlers. After engine.livelockRetries repeats the
   * journey is a livelock and the engine clears the record and stops the vCPU, so the run goes on.
   */
  reassertSError(vi: number, j: number, iss: number, n: number): void {
    const f = this.flow;
    const h = this.host;
    if (++this.serrorRepeats[vi]! > h.scenario.engine.livelockRetries) {
      f.stepText('livelock', 'the error record stays valid: the PE takes the same SError again and again', L_HARDWARE);
      f.raise(O_LIVELOCK);
      h.rasNode.writeStatus(n, h.rasNode.readStatus(n));
      this.serrorRepeats[vi] = 0;
      f.stopVcpu(vi);
      return;
    }
    f.stepText('note', 'the error record is still valid: the SError stays asserted', L_HARDWARE);
    this.pendSError(vi, j, iss);
  }

  /**
   * Holds a CE counter-overflow interrupt for vCPU `vi` until it leaves the handlers it is in: in
   * the same queue as physical SErrors, in arrival order, the record as -1 - record in place of
   * an ISS (an ISS is never negative).
   */
  pendOverflow(vi: number, j: number, record: number): void {
    this.pendSError(vi, j, -1 - record);
  }

  /** The VM of vCPU `vi` booted again: what was pending for it died with the old guest. */
  dropPendingSErrors(vi: number): void {
    this.pendingSErrors[vi]?.splice(0);
    this.pendingCount[vi] = 0;
  }

  private takePendingSError(vi: number, j: number, iss: number): void {
    const log = this.host.journeys;
    const code = log.int(j, J_AET);
    const hpa = log.time(j, JT_ADDR);
    this.recordSErrorInNode(vi, (code & 0x100) !== 0, code & 0xff, (code >>> 16) & 0xff, (log.int(j, J_FLAGS) & JF_AV) !== 0, hpa);
    physicalSError(this, vi, j, iss);
  }

  /** Called when an event (a hand-over) is queued at `t`: the running segment ends there at the latest. */
  eventQueued(t: number): void {
    if (this.segLimit >= 0 && t < this.segLimit) {
      this.segLimit = t;
      this.segEventNs = t;
    }
  }

  /**
   * vCPU `vi` waits on nothing more: it enters the guest (taking an injected SEA or an unmasked
   * virtual SError), and once that too has run without handing work on, the access it stopped on
   * meets its fate.
   */
  resume(vi: number): void {
    const i32 = this.host.vcpus.i32;
    const ib = vi * VCPU_I32;
    if (i32[ib + VI_BLOCKED]! > 0) return;
    const pending = this.pendingSErrors[vi];
    while (pending !== undefined && pending.length > 0) {
      // A physical SError (or a CE interrupt) that arrived while the vCPU was in handlers is
      // taken now, at its clock.
      const j = pending.shift()!;
      const iss = pending.shift()!;
      this.pendingCount[vi]!--;
      const now = this.host.vcpus.f64[vi * VCPU_F64 + VF_CLOCK_NS]!;
      if (iss < 0) {
        // The interrupt is the host's firmware's business: taken even if the VM went down.
        this.flow.hostNow = now;
        correctedOverflow(this, this.flow.vcpuRunning(vi) ? vi : -1, j, -1 - iss);
        if (i32[ib + VI_BLOCKED]! > 0) return;
        continue;
      }
      if (!this.flow.vcpuRunning(vi)) {
        const log = this.host.journeys;
        log.step(j, L_HARDWARE, ACTION['note'], now, -1, -1, -1, -1, -1, log.text('pending on a vCPU whose VM went down: never taken'));
        continue;
      }
      this.flow.hostNow = now;
      this.takePendingSError(vi, j, iss);
      if (i32[ib + VI_BLOCKED]! > 0) return;
    }
    enterGuest(this, vi);
    if (i32[ib + VI_BLOCKED]! > 0 || i32[ib + VI_STOP_REASON] === 0) return;
    this.finishStop(vi);
  }

  /** The fate of the access vCPU `vi` stopped on: retired, skipped with its dead process, re-executed, or a livelock. */
  private finishStop(vi: number): void {
    const h = this.host;
    const f = this.flow;
    const fb = vi * VCPU_F64;
    const ib = vi * VCPU_I32;
    const i32 = h.vcpus.i32;
    const reason = i32[ib + VI_STOP_REASON]!;
    i32[ib + VI_STOP_REASON] = 0;
    if (!f.vcpuRunning(vi)) return;
    f.j = i32[ib + VI_STOP_JOURNEY]!;
    f.vi = vi;
    f.vm = h.vmOf(vi);
    const op = i32[ib + VI_STOP_OP]!;
    const pid = i32[ib + VI_STOP_PID]!;
    const el1 = i32[ib + VI_STOP_EL1] === 1;
    const addr = h.vcpus.f64[fb + VF_STOP_ADDR]!;
    const counter = h.vcpus.f64[fb + VF_COUNTER]!;
    if (i32[ib + VI_SKIP] === 1) {
      // The context resumed after the access as if it had completed.
      i32[ib + VI_SKIP] = 0;
      h.vcpus.f64[fb + VF_COUNTER] = counter + 1;
      if (reason === STOP_POISON && op !== OP_STORE) {
        f.step(ACTION['retire-poisoned'], -1, addr, -1, -1, -1, L_HARDWARE);
        f.raise(O_SILENT_CORRUPTION);
      }
      return;
    }
    if (!el1 && pid >= 0 && !h.processAlive(f.vm, pid)) return; // killed: the next access is another process's
    // The access re-executes; the same access faulting again without progress is a livelock.
    if (h.vcpus.f64[fb + VF_FAULT_COUNTER] === counter) i32[ib + VI_RETRIES]!++;
    else {
      h.vcpus.f64[fb + VF_FAULT_COUNTER] = counter;
      i32[ib + VI_RETRIES] = 1;
    }
    if (i32[ib + VI_RETRIES]! > h.scenario.engine.livelockRetries) {
      f.step(ACTION['livelock'], -1, addr, -1, -1, -1, L_HARDWARE);
      f.raise(O_LIVELOCK);
      i32[ib + VI_RETRIES] = 0;
      if (!el1 && pid >= 0) f.processDies(pid);
      else f.stopVcpu(vi);
    }
  }

  private fill(vi: number, counter: number, count: number): void {
    const h = this.host;
    const w = this.wlCtx;
    w.vi = vi;
    w.nowNs = h.vcpus.f64[vi * VCPU_F64 + VF_CLOCK_NS]!;
    w.streamKey = h.workloadKeys[vi]!;
    w.idleUntil = Number.POSITIVE_INFINITY;
    h.batch.clear();
    const f = this.flow;
    const saved = f.enter(P_WORKLOAD, 0, 'fill');
    try {
      h.workload.fill(w, h.batch, counter, count);
    } catch (err) {
      f.vi = vi;
      f.vm = h.vmOf(vi);
      throw f.hookError(err);
    } finally {
      f.leave(saved);
    }
    const b = h.batch;
    if (!(b.length >= 0 && b.length <= count) || !Number.isInteger(b.length)) {
      throw new PluginError({ plugin: f.pluginName(P_WORKLOAD), layer: 'workload', hook: 'fill', host: h.index, vm: h.vmOf(vi), vcpu: vi % h.vcpusPerVm, nowNs: w.nowNs },
        new RangeError(`batch.length ${b.length} is not an integer in [0, ${count}]`));
    }
    if (b.length > 0 && !(b.pid >= 0 && b.pid < h.processes)) {
      throw new PluginError({ plugin: f.pluginName(P_WORKLOAD), layer: 'workload', hook: 'fill', host: h.index, vm: h.vmOf(vi), vcpu: vi % h.vcpusPerVm, nowNs: w.nowNs },
        new RangeError(`batch.pid ${b.pid} is not a process of the VM (0..${h.processes - 1})`));
    }
  }

  /** Records an SError's error in the PE's record (what the hardware does before signalling). */
  recordSErrorInNode(vi: number, ids: boolean, aet: number, dfsc: number, av: boolean, hpa: number): void {
    // An IMPLEMENTATION DEFINED or uncategorized syndrome comes with no architected record: the
    // PE did not classify the error, so firmware finds nothing and routes the syndrome as it is.
    if (ids || dfsc !== 0x11) return;
    const h = this.host;
    const pe = h.vcpus.i32[vi * VCPU_I32 + VI_PE]!;
    const n = pe % h.rasRecords;
    let status: number;
    if (aet === 6) status = (2 << ST_CE_SHIFT) | SERR_EXTERNAL_MEMORY_DATA;
    else status = ST_UE | ST_ER | (aet << ST_UET_SHIFT) | SERR_EXTERNAL_MEMORY_DATA;
    if (av && hpa >= 0) status |= ST_AV;
    h.rasNode.recordError(n, status >>> 0, hpa >>> 0, Math.floor(Math.max(0, hpa) / 0x1_0000_0000));
  }

  private applyEventsAt(t: number): void {
    const h = this.host;
    while (h.queue.peekTime() === t) {
      h.queue.pop(this.ev);
      this.flow.hostNow = t;
      this.flow.j = -1;
      this.flow.vi = -1;
      const [kind, vm, , a, b] = this.ev;
      if (kind === EK_INJECTOR_FIRE) this.callInjector(a!, b!);
      else if (kind === EK_PROCESS_RESTART) this.lifecycle.restartProcess(vm!, a!);
      else if (kind === EK_GUEST_REBOOT) this.lifecycle.rebootGuest(vm!, t);
      else if (kind === EK_HOST_REBOOT) this.lifecycle.rebootHost(t);
      else if (kind === EK_PFG_FIRE) this.lifecycle.pfgFires(a!, b!, t);
      else if (kind === EK_HANDOVER) applyHandover(this, a!, t);
      else if (kind === EK_FIRMWARE_TIMER) firmwareTimer(this, a!, b!, t);
    }
  }

  private callInjector(k: number, tag: number): void {
    const f = this.flow;
    const inj = this.host.injectors[k]!;
    const saved = f.enter(P_INJECTOR + k, 0, tag < 0 ? 'start' : 'fire');
    f.vm = -1;
    f.vi = -1;
    try {
      if (tag < 0) inj.start!(this.injCtx[k]!);
      else if (inj.fire !== undefined) inj.fire(this.injCtx[k]!, tag);
    } catch (err) {
      if (err instanceof PluginError) throw err;
      throw f.hookError(err);
    } finally {
      f.leave(saved);
    }
  }

}

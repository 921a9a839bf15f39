/**
 * Time-ordered hand-over between the layers of a journey. A hook runs to its end at once, but the
 * work it hands on (firmware's exception return into EL2, a SIGBUS to the VMM, an SDEI dispatch, a
 * KVM exit) happens later in simulated time: the handing layer's clock, advanced by its charged
 * latency. So the staged work goes into the host's event queue at that time (kind EK_HANDOVER, in
 * the canonical order of every event), and the vCPU whose journey it is waits (VI_BLOCKED) until
 * nothing of it is left; meanwhile the host's other vCPUs run, and their journeys interleave with
 * this one in time order. That is what lets two journeys race on a guest GHES block, as they do
 * on real machines (flow.md §8), instead of the first one running to the guest's ack before the
 * second one starts.
 *
 * Everything is numbers in reused typed arrays: a pool of hand-over slots with a free stack.
 */
import { VCPU_F64, VCPU_I32, VF_FAR_EL2, VI_BLOCKED, VI_BOOTS, VI_ESR_EL2, VI_PE } from '../memory/layout.js';
import { BUS_MCEERR_AR, SIGBUS } from '../plugin/vocabulary.js';
import type { VmmSignal } from '../plugin/contexts.js';
import type { Engine } from './engine-host.js';
import { EK_FIRMWARE_TIMER, EK_HANDOVER } from './event-queue.js';
import { callFirmware, callHypervisor, callVmm, callVmmExit } from './hook-calls.js';
import { unpackException } from './firmware-retry.js';
import { afterSErrorFirmware } from './hardware-events.js';
import { W_EL2_SERROR, W_EL2_SYNC, W_FIRMWARE_RETRY, W_FIRMWARE_TIMER, W_GHES_IRQ, W_HOST_SEA, W_SDEI, W_SEA_EXIT, W_SIGBUS, WorkColumns, type WorkFifo } from './work-fifo.js';

class SignalView implements VmmSignal {
  signal = SIGBUS;
  code = BUS_MCEERR_AR;
  hostVa = -1;
  lsb = 12;
  thread = -1;
}
const signalView = new SignalView();

/** A {@link HandoverPool} as plain data. */
export interface HandoverPoolState {
  kind: Int32Array; journey: Int32Array; vi: Int32Array; vm: Int32Array; a: Int32Array; b: Int32Array;
  x: Float64Array; y: Float64Array; z: Float64Array; t: Float64Array; boots: Int32Array; free: Int32Array; freeTop: number;
}

/** Hand-overs in flight: the staged work's rows, kept until its event comes; free rows on a stack. */
export class HandoverPool extends WorkColumns {
  /** The vCPU's VI_BOOTS when the work was handed over. */
  boots: Int32Array = new Int32Array(0);
  private free: Int32Array = new Int32Array(0);
  private freeTop = 0;

  constructor() {
    super(0);
    this.grow(32);
  }

  /** Copies item `k` of the staging queue into a free row; returns the row. */
  put(q: WorkFifo, k: number, boots: number): number {
    if (this.freeTop === 0) this.grow(this.capacity * 2);
    const s = this.free[--this.freeTop]!;
    this.copyRow(s, q, k);
    this.boots[s] = boots;
    return s;
  }

  release(slot: number): void {
    this.free[this.freeTop++] = slot;
  }

  /** The pool as copies of its columns (checkpoints, engine/host-snapshot.ts). */
  saveState(): HandoverPoolState {
    const c = this;
    return {
      kind: c.kind.slice(), journey: c.journey.slice(), vi: c.vi.slice(), vm: c.vm.slice(), a: c.a.slice(), b: c.b.slice(),
      x: c.x.slice(), y: c.y.slice(), z: c.z.slice(), t: c.t.slice(), boots: c.boots.slice(), free: c.free.slice(), freeTop: c.freeTop,
    };
  }

  /** Puts back what {@link saveState} returned: the same slots, so queued EK_HANDOVER events still name theirs. */
  loadState(s: HandoverPoolState): void {
    this.kind = s.kind.slice(); this.journey = s.journey.slice(); this.vi = s.vi.slice(); this.vm = s.vm.slice();
    this.a = s.a.slice(); this.b = s.b.slice(); this.x = s.x.slice(); this.y = s.y.slice(); this.z = s.z.slice(); this.t = s.t.slice();
    this.boots = s.boots.slice(); this.free = s.free.slice(); this.freeTop = s.freeTop;
  }

  private grow(cap: number): void {
    const old = this.capacity;
    this.resize(cap, 0, old);
    const boots = new Int32Array(cap);
    boots.set(this.boots);
    this.boots = boots;
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeTop));
    for (let s = old; s < cap; s++) free[this.freeTop++] = s;
    this.free = free;
  }
}

/**
 * vCPU `vi` waits on one more hand-over. Its PE is busy while it waits: the handlers run on it, so
 * another vCPU pinned to the same PE cannot run meanwhile (Engine.runVcpu).
 */
function block(e: Engine, vi: number): void {
  const h = e.host;
  const ib = vi * VCPU_I32;
  if (h.vcpus.i32[ib + VI_BLOCKED]!++ === 0) h.peBusy[h.vcpus.i32[ib + VI_PE]!]!++;
}

/** One hand-over of vCPU `vi` ran. */
function unblock(e: Engine, vi: number): void {
  const h = e.host;
  const ib = vi * VCPU_I32;
  if (--h.vcpus.i32[ib + VI_BLOCKED]! === 0) h.peBusy[h.vcpus.i32[ib + VI_PE]!]!--;
}

/** The vCPU's VM booted again: it waits on nothing (what it waited on is dropped when it comes). */
export function clearBlocked(h: Engine['host'], vi: number): void {
  const ib = vi * VCPU_I32;
  if (h.vcpus.i32[ib + VI_BLOCKED]! > 0) h.peBusy[h.vcpus.i32[ib + VI_PE]!]!--;
  h.vcpus.i32[ib + VI_BLOCKED] = 0;
}

/**
 * Moves the work the last hook staged into the event queue at its times; each item's vCPU (if it
 * has one) waits on it. Called after every hook that may hand work on.
 */
export function handOver(e: Engine): void {
  const { host: h, flow: f } = e;
  const q = f.fifo;
  for (let k = q.shift(); k >= 0; k = q.shift()) {
    if (!h.hostUp) {
      q.clear();
      return;
    }
    if (q.kind[k] === W_FIRMWARE_TIMER) {
      // An EL3 timer is no layer's hand-over: nothing waits on it, it goes to the queue as it is.
      h.queue.push(q.t[k]!, EK_FIRMWARE_TIMER, -1, -1, q.a[k]!, q.journey[k]!);
      e.eventQueued(q.t[k]!);
      continue;
    }
    const vi = q.vi[k]!;
    const boots = vi >= 0 ? h.vcpus.i32[vi * VCPU_I32 + VI_BOOTS]! : 0;
    const slot = e.handovers.put(q, k, boots);
    if (vi >= 0) block(e, vi);
    const at = q.t[k]!;
    h.queue.push(at, EK_HANDOVER, q.vm[k]!, vi >= 0 ? vi % h.vcpusPerVm : -1, slot, 0);
    e.eventQueued(at);
  }
}

/** Runs the hand-over in `slot` at its time `t`, then lets its vCPU go on if it waits on nothing else. */
export function applyHandover(e: Engine, slot: number, t: number): void {
  const { host: h, flow: f } = e;
  const p = e.handovers;
  const kind = p.kind[slot]!;
  const vi = p.vi[slot]!;
  const vm = p.vm[slot]!;
  const j = p.journey[slot]!;
  const a = p.a[slot]!;
  const b = p.b[slot]!;
  const x = p.x[slot]!;
  const y = p.y[slot]!;
  const z = p.z[slot]!;
  const boots = p.boots[slot]!;
  p.release(slot);
  if (vi >= 0) {
    const ib = vi * VCPU_I32;
    if (h.vcpus.i32[ib + VI_BOOTS] !== boots) return; // the VM rebooted since: this work died with it
    unblock(e, vi);
  }
  if (!h.hostUp) return;
  f.j = j;
  f.vi = vi;
  f.vm = vm;
  f.hostNow = t;
  const hv = e.hvCtx;
  if (kind === W_EL2_SYNC || kind === W_EL2_SERROR || kind === W_HOST_SEA) {
    hv.esrEl2 = x;
    hv.farEl2 = kind === W_EL2_SERROR ? -1 : y;
    hv.faultIpa = kind === W_EL2_SYNC ? z : -1; // the IPA of a guest SEA (HPFAR_EL2), -1 when not known
    hv.faultHostPage = -1;
    if (vi >= 0) {
      h.vcpus.i32[vi * VCPU_I32 + VI_ESR_EL2] = x | 0;
      h.vcpus.f64[vi * VCPU_F64 + VF_FAR_EL2] = hv.farEl2;
    }
    if (kind === W_EL2_SYNC) callHypervisor(e, 'onGuestSea');
    else if (kind === W_EL2_SERROR) callHypervisor(e, 'onGuestSError');
    else if (h.hypervisor.onHostSea !== undefined) callHypervisor(e, 'onHostSea');
  } else if (kind === W_SDEI) {
    if (h.hypervisor.onSdeiEvent !== undefined) callHypervisor(e, 'onSdeiEvent', a);
  } else if (kind === W_GHES_IRQ) {
    if (h.hypervisor.onGhesInterrupt !== undefined) callHypervisor(e, 'onGhesInterrupt', a);
  } else if (kind === W_SIGBUS) {
    if (h.vmState[vm] === 0) {
      signalView.code = b;
      signalView.hostVa = x;
      signalView.lsb = y;
      signalView.thread = a;
      callVmm(e, 'onSigbus', signalView);
    } // else the VMM is gone
  } else if (kind === W_SEA_EXIT) {
    if (h.vmState[vm] === 0 && h.vmm.onSeaExit !== undefined) callVmmExit(e, x, y, z);
  } else if (kind === W_FIRMWARE_RETRY) {
    // EL3 waited (retryAfter): the same hook again, with the exception as it was taken and the
    // PE's error record as it is now.
    const fw = e.fwCtx;
    const serror = unpackException(fw.exception, a, b, x, y);
    fw.loadRecord();
    callFirmware(e, serror ? 'onSError' : 'onSyncExternalAbort', -1, z);
    if (serror) afterSErrorFirmware(e, vi, j, b);
  }
  handOver(e);
  if (vi >= 0) e.resume(vi);
}

/**
 * Where journeys start and how they travel: a consumed poisoned granule, a stage-2 hwpoison fault,
 * a poisoned guest PTE, a physical SError, a corrected error. Each starts with the hardware's own
 * steps (the error record, the exception), calls the first plugin layer, then drains the
 * hand-over queue layer by layer and finally returns to the guest, delivering what is pending
 * (an injected SEA, a virtual SError once PSTATE.A is clear).
 */
import { ST_AV, ST_DE, ST_ER, ST_PN, ST_UE, ST_UET_SHIFT, ST_V, SERR_EXTERNAL_MEMORY_DATA } from '../arch/err-status.js';
import { REC_CE_COUNTER_OVERFLOW } from '../arch/err-node.js';
import {
  VCPU_F64, VCPU_I32, VF_CLOCK_NS, VF_FAR_EL1, VF_FAR_EL2, VI_ESR_EL1, VI_HCR_VSE, VI_LAST_EL, VI_PID, VI_PSTATE,
  VI_BLOCKED, VI_SEA_ESR, VI_SEA_JOURNEY, VI_SEA_PENDING, VI_VSERROR_JOURNEY, VI_VSESR,
} from '../memory/layout.js';
import { OP_FETCH, OP_MASK, OP_STORE } from '../vcpu/access-batch.js';
import { OUT_GPFN, OUT_GRANULE, OUT_HOST_PAGE, OUT_INDEX } from '../vcpu/run-batch.js';
import { poisonedPteTag } from '../memory/guest-memory.js';
import { stage2LeafLevel } from '../memory/host-plan.js';
import { FSC_TRANSLATION } from '../arch/esr-fields.js';
import { encodeDataAbort, encodeInstructionAbort } from '../arch/esr.js';
import { ACTION, BUS_MCEERR_AR, EV_POISON, L_GUEST, L_HARDWARE, O_CORRECTED, SIGBUS } from '../plugin/vocabulary.js';
import { C_CONSUMED, C_SEA, C_SERROR } from './counts.js';
import type { Engine } from './engine-host.js';
import { callFirmware, callGuest, callHypervisor } from './hook-calls.js';
import { handOver } from './handover.js';
import { J_AET, J_CONSUMED, J_EL, J_FLAGS, J_VCPU, JF_AV, JF_FW_RECORD, JT_ADDR } from './journey-log.js';
import { W_EL2_SYNC } from './work-fifo.js';

/** PSTATE.A: SErrors (and virtual SErrors) masked. */
export const PSTATE_A = 1 << 8;

const UET_OF_SET = [3, 3, 0, 2];
const ESR_DABT_LOW_SEA = 0x9200_0010;
const ESR_IABT_LOW_SEA = 0x8200_0010; // SET 0b00 UER, 0b01 reserved→UER, 0b10 UC, 0b11 UEO


/** A load or fetch of vCPU `vi` consumed a poisoned granule (the loop's STOP_POISON). */
export function consumePoison(e: Engine, vi: number): void {
  const { host: h, flow: f } = e;
  const out = h.out;
  const hp = out[OUT_HOST_PAGE]!;
  const g = out[OUT_GRANULE]!;
  const idx = out[OUT_INDEX]!;
  const op = h.batch.flags[idx]! & OP_MASK;
  const el = (h.batch.flags[idx]! & 4) !== 0 ? 1 : 0;
  const va = h.batch.addr[idx]!;
  let j = h.granuleJourney.get(hp, g);
  // Poison no journey knows of (put there by nothing this host recorded, or, with --parallel, by
  // another worker): the journey starts here, at the consuming vCPU's time.
  if (j < 0) j = h.journeys.open(EV_POISON, h.vmOf(vi), vi % h.vcpusPerVm, clockOf(h, vi), hp, g, hp * h.plan.hostPageSize + g * 64, JF_AV | JF_FW_RECORD, 0);
  begin(e, vi, j);
  const jr = h.journeys;
  if (jr.int(j, J_CONSUMED) === 0) {
    h.counts[C_CONSUMED]!++;
    jr.setInt(j, J_VCPU, vi % h.vcpusPerVm); // the vCPU that consumed it first
  }
  jr.setInt(j, J_CONSUMED, jr.int(j, J_CONSUMED) + 1);
  jr.reported(j, f.now());
  f.step(ACTION['consume'], -1, va, -1, -1, -1, L_HARDWARE);
  h.counts[C_SEA]!++;
  const flags = jr.int(j, J_FLAGS);
  const set = jr.int(j, J_AET) & 3;
  const hpa = hp * h.plan.hostPageSize + g * 64;
  // The hardware records the consumed poison in this PE's error record.
  let status = ST_UE | ST_ER | ST_PN | ST_DE | (UET_OF_SET[set]! << ST_UET_SHIFT) | SERR_EXTERNAL_MEMORY_DATA;
  if ((flags & JF_AV) !== 0) status |= ST_AV;
  const n = (Math.max(0, e.fwCtx.pe)) % h.rasRecords;
  h.rasNode.recordError(n, status >>> 0, hpa >>> 0, Math.floor(hpa / 0x1_0000_0000));
  // The syndrome of the abort as taken from the guest (EC *_LOW, IL=1, SET, FnV=0, DFSC 0x10).
  const esr = ((op === OP_FETCH ? ESR_IABT_LOW_SEA : ESR_DABT_LOW_SEA) | (set << 11) | (op === OP_STORE ? 1 << 6 : 0)) >>> 0;
  setEl(h, vi, el);
  const x = e.fwCtx.exception;
  x.kind = 'sea'; x.access = op === OP_FETCH ? 'fetch' : op === OP_STORE ? 'store' : 'load';
  x.el = el as 0 | 1; x.inGuest = true; x.inVmm = false; x.faultVa = va; x.serrorIss = 0;
  x.faultIpa = guestIpaPage(h, f.vm, hp, g);
  if ((flags & JF_FW_RECORD) === 0) {
    // Kernel-first host: no firmware in the path; the abort goes straight to EL2 with no record.
    h.rasNode.writeStatus(n, h.rasNode.readStatus(n));
    f.fifo.push(W_EL2_SYNC, j, vi, f.vm, 0, 0, esr, va, x.faultIpa, f.now());
  } else {
    e.fwCtx.loadRecord();
    callFirmware(e, 'onSyncExternalAbort');
  }
  handOver(e);
}

/** Stop reason (beyond the loop's own) for a VMM thread reading a poisoned granule of its memory. */
export const STOP_VMM_POISON = 16;

/** The VMM thread of vCPU `vi` read a poisoned granule of the VMM's own memory (host EL0). */
export function consumeVmmPoison(e: Engine, vi: number): void {
  const { host: h, flow: f } = e;
  const hp = h.out[OUT_HOST_PAGE]!;
  const g = h.out[OUT_GRANULE]!;
  const p = h.plan.vms[h.vmOf(vi)]!;
  const hva = p.vmmHostVa + (hp - p.vmmFirstHostPage) * h.plan.hostPageSize + g * 64;
  let j = h.granuleJourney.get(hp, g);
  if (j < 0) j = h.journeys.open(EV_POISON, h.vmOf(vi), -1, clockOf(h, vi), hp, g, hp * h.plan.hostPageSize + g * 64, JF_AV | JF_FW_RECORD, 0);
  begin(e, vi, j);
  const jr = h.journeys;
  if (jr.int(j, J_CONSUMED) === 0) h.counts[C_CONSUMED]!++;
  jr.setInt(j, J_CONSUMED, jr.int(j, J_CONSUMED) + 1);
  jr.reported(j, f.now());
  f.step(ACTION['consume'], -1, hva, -1, -1, -1, L_HARDWARE);
  h.counts[C_SEA]!++;
  const hpa = hp * h.plan.hostPageSize + g * 64;
  const set = jr.int(j, J_AET) & 3;
  let status = ST_UE | ST_ER | ST_PN | ST_DE | (UET_OF_SET[set]! << ST_UET_SHIFT) | SERR_EXTERNAL_MEMORY_DATA;
  if ((jr.int(j, J_FLAGS) & JF_AV) !== 0) status |= ST_AV;
  h.rasNode.recordError(Math.max(0, e.fwCtx.pe) % h.rasRecords, status >>> 0, hpa >>> 0, Math.floor(hpa / 0x1_0000_0000));
  const x = e.fwCtx.exception;
  x.kind = 'sea'; x.access = 'load'; x.el = 0; x.inGuest = false; x.inVmm = true; x.faultVa = hva; x.serrorIss = 0; x.faultIpa = -1;
  e.fwCtx.loadRecord();
  callFirmware(e, 'onSyncExternalAbort');
  handOver(e);
}

/**
 * ESR_EL2 of the stage-2 translation fault a guest access (`op`) takes on a page the host unmapped,
 * with the missing entry at `level`: IABT_LOW for a fetch, DABT_LOW otherwise (WnR set for a
 * store), IL=1, the translation-fault FSC of that level. A stage-2 fault is always taken to EL2
 * from the guest, so the EC is the _LOW one whatever the guest's EL. ISV=0: the simulator knows no
 * instruction to describe, and KVM does not need it for memory backed by a memslot.
 */
function stage2FaultEsr(op: number, level: number): number {
  const fsc = FSC_TRANSLATION + level;
  return op === OP_FETCH ? encodeInstructionAbort({ ifsc: fsc }) : encodeDataAbort({ wnr: op === OP_STORE ? 1 : 0, dfsc: fsc });
}

/** A guest access hit a host page unmapped from stage 2 because it is hwpoisoned. */
export function stage2Fault(e: Engine, vi: number): void {
  const { host: h, flow: f } = e;
  const hp = h.out[OUT_HOST_PAGE]!;
  const idx = h.out[OUT_INDEX]!;
  const va = h.batch.addr[idx]!;
  const j = h.granuleJourney.get(hp, h.poison.layout.granulesPerPage);
  begin(e, vi, j);
  const p = h.plan.vms[f.vm]!;
  const gpa = (hp - p.firstHostPage) * h.plan.hostPageSize + (((h.out[OUT_GPFN]! << p.guestPageShift) | (va & ((1 << p.guestPageShift) - 1))) % h.plan.hostPageSize);
  const esr = stage2FaultEsr(h.batch.flags[idx]! & OP_MASK, stage2LeafLevel(p.backing, h.plan.hostPageShift));
  f.step(ACTION['stage2-fault'], esr, gpa, -1, -1, -1, L_HARDWARE);
  setEl(h, vi, (h.batch.flags[idx]! & 4) !== 0 ? 1 : 0);
  const hv = e.hvCtx;
  hv.esrEl2 = esr;
  hv.farEl2 = va;
  hv.faultIpa = gpa;
  hv.faultHostPage = hp;
  callHypervisor(e, 'onStage2Fault');
  handOver(e);
}

/** A process touched a page whose PTE the guest's memory_failure() poisoned: the late kill. */
export function poisonedPte(e: Engine, vi: number): void {
  const { host: h, flow: f } = e;
  const tag = poisonedPteTag(h.out[OUT_GPFN]!);
  begin(e, vi, tag);
  const idx = h.out[OUT_INDEX]!;
  const el = (h.batch.flags[idx]! & 4) !== 0 ? 1 : 0;
  setEl(h, vi, el);
  f.step(ACTION['pte-poison'], -1, h.batch.addr[idx]!, -1, -1, -1, L_HARDWARE);
  const g = e.guestCtx;
  g.esrEl1 = 0; g.farEl1 = h.batch.addr[idx]!; g.el = el as 0 | 1;
  g.pid = el === 1 ? -1 : h.vcpus.i32[vi * VCPU_I32 + VI_PID]!;
  if (e.host.guest.onPoisonedPte !== undefined) callGuest(e, 'onPoisonedPte');
  else if (g.pid >= 0) g.killProcess(g.pid, SIGBUS, BUS_MCEERR_AR); // Linux: SIGBUS on a hwpoison swap entry
  else g.panic('kernel touched a poisoned page');
  handOver(e);
}

/** A physical SError reaches vCPU `vi` (journey `j` already opened by the injector). */
export function physicalSError(e: Engine, vi: number, j: number, iss: number): void {
  const { host: h, flow: f } = e;
  begin(e, vi, j);
  h.counts[C_SERROR]!++;
  h.journeys.reported(j, f.now());
  f.step(ACTION['serror-signal'], (0xbe00_0000 | iss) >>> 0, h.journeys.time(j, JT_ADDR), -1, -1, -1, L_HARDWARE);
  const x = e.fwCtx.exception;
  setEl(h, vi, h.vcpus.i32[vi * VCPU_I32 + VI_LAST_EL]!);
  x.kind = 'serror'; x.access = 'load'; x.el = (h.vcpus.i32[vi * VCPU_I32 + VI_LAST_EL] === 1 ? 1 : 0);
  x.inGuest = true; x.inVmm = false; x.faultVa = -1; x.serrorIss = iss; x.faultIpa = -1;
  e.fwCtx.loadRecord();
  callFirmware(e, 'onSError');
  afterSErrorFirmware(e, vi, j, iss);
  handOver(e);
}

/**
 * Firmware's SError handler returned (the first time, or after waiting in EL3). An uncorrected
 * error it left in the record keeps the SError asserted: the PE takes it again as soon as it
 * returns to the interrupted context (flow.md §8, an EL3 livelock). Not while it still waits in
 * EL3 (retryAfter): the PE has not returned.
 */
export function afterSErrorFirmware(e: Engine, vi: number, j: number, iss: number): void {
  const h = e.host;
  if (e.fwCtx.retried) return;
  const n = Math.max(0, e.fwCtx.pe) % h.rasRecords;
  const st = h.rasNode.readStatus(n);
  if (h.hostUp && e.flow.vcpuRunning(vi) && (st & ST_V) !== 0 && (st & ST_UE) !== 0) e.reassertSError(vi, j, iss, n);
  else e.serrorRepeats[vi] = 0;
}

/** A corrected error was counted; on a counter overflow firmware's interrupt handler runs. */
export function correctedError(e: Engine, vi: number, j: number, recordFlags: number, record: number): void {
  const { flow: f } = e;
  // Counting is the hardware's, at the time of the error, whatever the vCPU's clock says.
  begin(e, -1, j);
  f.step(ACTION['ce-count'], -1, e.host.journeys.time(j, JT_ADDR), -1, -1, -1, L_HARDWARE);
  f.raise(O_CORRECTED);
  if ((recordFlags & REC_CE_COUNTER_OVERFLOW) !== 0) {
    f.step(ACTION['ce-overflow'], -1, -1, -1, -1, -1, L_HARDWARE);
    // The interrupt is taken on the vCPU's PE while that vCPU runs; when its VM is down the PE
    // runs no guest and the handler's time is the host's alone.
    const on = vi >= 0 && f.vcpuRunning(vi) ? vi : -1;
    if (on >= 0 && e.host.vcpus.i32[on * VCPU_I32 + VI_BLOCKED]! > 0) {
      // The PE is still in the handlers of an earlier journey: the fault-handling interrupt
      // waits until it leaves them, as a physical SError does (Engine.resume).
      e.pendOverflow(on, j, record);
      return;
    }
    correctedOverflow(e, on, j, record);
  }
}

/**
 * `count` corrected errors at once (InjectorContext.correctedErrors): the hardware counts each in
 * the record, as for correctedError, and every counter overflow among them raises firmware's
 * interrupt; the journey stands for all of them (J_COUNT) and records the count once.
 */
export function correctedErrors(e: Engine, vi: number, j: number, count: number, record: number): void {
  const { flow: f } = e;
  const h = e.host;
  begin(e, -1, j);
  f.step(ACTION['ce-count'], -1, h.journeys.time(j, JT_ADDR), -1, count, -1, L_HARDWARE);
  f.raise(O_CORRECTED);
  for (let k = 0; k < count; k++) {
    if ((h.rasNode.recordCorrected(record) & REC_CE_COUNTER_OVERFLOW) === 0) continue;
    begin(e, -1, j);
    f.step(ACTION['ce-overflow'], -1, -1, -1, -1, -1, L_HARDWARE);
    const on = vi >= 0 && f.vcpuRunning(vi) ? vi : -1;
    if (on >= 0 && h.vcpus.i32[on * VCPU_I32 + VI_BLOCKED]! > 0) e.pendOverflow(on, j, record);
    else correctedOverflow(e, on, j, record);
  }
}

/** Firmware's fault-handling interrupt for record `record`'s CE counter overflow. */
export function correctedOverflow(e: Engine, vi: number, j: number, record: number): void {
  if (e.host.firmware.onCorrectedOverflow === undefined) return;
  begin(e, vi, j);
  e.fwCtx.loadRecord();
  callFirmware(e, 'onCorrectedOverflow');
  // Re-arm: the next interrupt comes after another ceThreshold CEs.
  e.host.presetCeCounters(record);
  handOver(e);
}

/**
 * The 4 KiB-aligned IPA of granule `g` of host page `hp` when it is guest RAM of VM `vm` (what
 * HPFAR_EL2 gives KVM for the guest's abort), -1 otherwise.
 */
function guestIpaPage(h: Engine['host'], vm: number, hp: number, g: number): number {
  const p = vm >= 0 ? h.plan.vms[vm] : undefined;
  if (p === undefined || hp < p.firstHostPage || hp >= p.firstHostPage + p.ramHostPages) return -1;
  const gpa = (hp - p.firstHostPage) * h.plan.hostPageSize + g * 64;
  return gpa - (gpa % 4096);
}

/**
 * An EL3 timer firmware armed (FirmwareContext.setTimer) expired at `t`: its onTimer hook runs in
 * the journey that armed it, on no vCPU. Nothing when the host is down or the firmware has no hook.
 */
export function firmwareTimer(e: Engine, tag: number, j: number, t: number): void {
  const h = e.host;
  if (!h.hostUp || h.firmware.onTimer === undefined) return;
  begin(e, -1, j);
  e.flow.hostNow = t;
  e.fwCtx.loadRecord();
  callFirmware(e, 'onTimer', tag);
  handOver(e);
}

function begin(e: Engine, vi: number, j: number): void {
  const f = e.flow;
  f.j = j;
  f.vi = vi;
  f.vm = vi >= 0 ? e.host.vmOf(vi) : -1;
}

function clockOf(h: Engine['host'], vi: number): number {
  return h.vcpus.f64[vi * VCPU_F64 + VF_CLOCK_NS]!;
}

function setEl(h: Engine['host'], vi: number, el: number): void {
  h.vcpus.i32[vi * VCPU_I32 + VI_LAST_EL] = el;
  const j = h.flowJourney;
  if (j >= 0 && h.journeys.int(j, J_EL) < 0) h.journeys.setInt(j, J_EL, el);
}

/** Takes what is pending for vCPU `vi` on entry to the guest: an injected SEA, then a vSError. */
export function enterGuest(e: Engine, vi: number): void {
  const { host: h, flow: f } = e;
  const i32 = h.vcpus.i32;
  const b = vi * VCPU_I32;
  for (let guard = 0; guard < 8 && f.vcpuRunning(vi); guard++) {
    const g = e.guestCtx;
    if (i32[b + VI_SEA_PENDING] === 1) {
      i32[b + VI_SEA_PENDING] = 0;
      begin(e, vi, i32[b + VI_SEA_JOURNEY]!);
      const esr = i32[b + VI_SEA_ESR]! >>> 0;
      const fnv = (esr >>> 10) & 1;
      i32[b + VI_ESR_EL1] = esr | 0;
      h.vcpus.f64[vi * VCPU_F64 + VF_FAR_EL1] = fnv === 1 ? -1 : h.vcpus.f64[vi * VCPU_F64 + VF_FAR_EL2]!;
      g.esrEl1 = esr; g.farEl1 = h.vcpus.f64[vi * VCPU_F64 + VF_FAR_EL1]!;
      g.el = i32[b + VI_LAST_EL] === 1 ? 1 : 0;
      g.pid = g.el === 1 ? -1 : i32[b + VI_PID]!;
      f.step(ACTION['take-sea'], esr, g.farEl1, -1, -1, -1, L_GUEST);
      callGuest(e, 'onSea');
      handOver(e);
      if (i32[b + VI_BLOCKED]! > 0) return; // the guest handed work on: the vCPU waits for it
      continue;
    }
    if (i32[b + VI_HCR_VSE] === 1 && (i32[b + VI_PSTATE]! & PSTATE_A) === 0) {
      i32[b + VI_HCR_VSE] = 0;
      begin(e, vi, i32[b + VI_VSERROR_JOURNEY]!);
      const esr = (0xbe00_0000 | (i32[b + VI_VSESR]! & 0x1ff_ffff)) >>> 0;
      i32[b + VI_ESR_EL1] = esr | 0;
      g.esrEl1 = esr; g.farEl1 = -1;
      g.el = i32[b + VI_LAST_EL] === 1 ? 1 : 0;
      g.pid = g.el === 1 ? -1 : i32[b + VI_PID]!;
      f.step(ACTION['take-vserror'], esr, -1, -1, -1, -1, L_GUEST);
      callGuest(e, 'onSError');
      handOver(e);
      if (i32[b + VI_BLOCKED]! > 0) return;
      continue;
    }
    break;
  }
}

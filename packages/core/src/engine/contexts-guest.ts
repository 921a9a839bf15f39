/**
 * The contexts of the VMM and the guest kernel. The VMM turns SIGBUS into guest notifications
 * (a CPER in the guest's GHES block, an injected SEA or a virtual SError); the guest kernel reads
 * its GHES block, offlines pages and kills processes or panics.
 */
import { checkSetSerrorEsr } from '../arch/vsesr.js';
import { hvaToGpa } from '../memory/host-plan.js';
import { VCPU_I32, VI_LAST_EL, VI_SEA_ESR, VI_SEA_JOURNEY, VI_SEA_PENDING, VI_SKIP } from '../memory/layout.js';
import type { GhesSourceKind } from '../apei/ghes-layout.js';
import type { GhesReading, GuestContext, VmmContext } from '../plugin/contexts.js';
import { O_APP_KILLED, O_IGNORED, O_PAGE_OFFLINED } from '../plugin/vocabulary.js';
import { ContextBase } from './context-base.js';
import { C_GUEST_MF, C_GUEST_SEA } from './counts.js';
import type { Flow } from './flow.js';
import { P_GUEST, P_VMM } from './flow.js';
import { ackFree, ackRecord, appendRecord, readRecord, readRecordAt, recordCount, sourceOf, writeRecord } from './ghes-access.js';
import { pendVirtualSError } from './contexts-ras.js';

export class VmmCtx extends ContextBase implements VmmContext {
  constructor(flow: Flow) {
    super(flow, P_VMM);
  }

  private target(vcpu: number | undefined): number {
    const h = this.flow.host;
    const v = vcpu ?? Math.max(0, this.vcpu);
    if (!Number.isInteger(v) || v < 0 || v >= h.vcpusPerVm) throw new RangeError(`vCPU ${String(vcpu)} does not exist (the VM has ${h.vcpusPerVm})`);
    return h.vcpuIndex(this.flow.vm, v);
  }
  hostVaToGuestPa(hostVa: number): number {
    return hvaToGpa(this.flow.host.plan.vms[this.flow.vm]!, hostVa);
  }
  guestSource(kind: GhesSourceKind): number {
    return sourceOf(this.flow.host.guestGhesPlan, kind, Math.max(0, this.vcpu));
  }
  guestAckFree(source: number): boolean {
    return this.ackedByNow(source) && ackFree(this.flow.host.guestGhes[this.flow.vm]!, this.flow.host.guestGhesPlan, source);
  }
  /**
   * Whether the guest's last ack of `source` happened by now in simulated time. The guest may
   * have run its handler already (a journey runs to its end on its own vCPU) with an ack stamped
   * later than this write: at the time of the write, the block is still busy.
   */
  private ackedByNow(source: number): boolean {
    const h = this.flow.host;
    return h.guestAckAt[this.flow.vm * h.guestGhesPlan.sources.length + source]! <= this.flow.now();
  }
  /** A record must name guest RAM: the boundary the guest's memory_failure() relies on. */
  private checkGuestPa(call: string, guestPa: number): void {
    if (!(guestPa >= 0 && guestPa < this.flow.host.scenario.vms.memoryMiB * 2 ** 20)) {
      throw new RangeError(`${call}: guest PA 0x${guestPa.toString(16)} is outside guest RAM`);
    }
  }
  writeGuestMemoryRecord(source: number, severity: number, guestPa: number, validationBits: number): boolean {
    const h = this.flow.host;
    this.checkGuestPa('writeGuestMemoryRecord', guestPa);
    const ok = this.ackedByNow(source) && writeRecord(h.guestGhes[this.flow.vm]!, h.guestGhesPlan, source, severity, guestPa, validationBits);
    this.stepAction(ok ? 'record-cper' : 'ack-busy', -1, guestPa, -1, severity, source);
    return ok;
  }
  appendGuestMemoryRecord(source: number, severity: number, guestPa: number, validationBits: number): boolean {
    const h = this.flow.host;
    this.checkGuestPa('appendGuestMemoryRecord', guestPa);
    const ok = appendRecord(h.guestGhes[this.flow.vm]!, h.guestGhesPlan, source, severity, guestPa, validationBits);
    this.stepAction(ok ? 'record-cper' : 'ack-busy', -1, guestPa, -1, severity, source);
    return ok;
  }
  injectSea(esr: number, vcpu?: number): void {
    const vi = this.target(vcpu);
    const i = this.flow.host.vcpus.i32;
    i[vi * VCPU_I32 + VI_SEA_PENDING] = 1;
    i[vi * VCPU_I32 + VI_SEA_ESR] = esr | 0;
    i[vi * VCPU_I32 + VI_SEA_JOURNEY] = this.flow.j;
    this.flow.host.counts[C_GUEST_SEA]!++;
    this.stepAction('inject-sea', esr >>> 0);
  }
  setSErrorEsr(esr: number, vcpu?: number): number {
    const vi = this.target(vcpu);
    const f = this.flow;
    const hv = f.host.hypervisor;
    const lo = esr >>> 0;
    const hi = Math.floor(esr / 0x1_0000_0000) >>> 0;
    // The engine refuses what KVM's interface cannot carry (bits above 24), the same boundary as
    // the real ioctl; a hypervisor plugin may refuse more.
    let rc = Number.isInteger(esr) && esr >= 0 ? checkSetSerrorEsr(lo, hi, true) : -22;
    if (rc === 0 && hv.setSErrorEsr !== undefined) {
      const saved = f.enter(1, f.layer, 'setSErrorEsr');
      try {
        rc = hv.setSErrorEsr(f.hvCtx, lo);
      } catch (err) {
        throw f.hookError(err);
      } finally {
        f.leave(saved);
      }
    }
    if (rc !== 0) {
      this.stepAction('einval', esr >>> 0, -1, -1, -rc);
      return rc;
    }
    pendVirtualSError(f, vi, esr & 0x1ff_ffff);
    this.stepAction('set-serror-esr', esr & 0x1ff_ffff);
    return 0;
  }
  guestEl(vcpu?: number): 0 | 1 {
    return this.flow.host.vcpus.i32[this.target(vcpu) * VCPU_I32 + VI_LAST_EL] === 1 ? 1 : 0;
  }
  terminateVm(reason: string): void {
    this.flow.terminateVm(reason);
  }
  ignore(reason: string): void {
    this.flow.stepText('ignore', reason);
    this.flow.raise(O_IGNORED);
  }
}

export class GuestCtx extends ContextBase implements GuestContext {
  esrEl1 = 0;
  farEl1 = -1;
  el: 0 | 1 = 0;
  pid = -1;

  constructor(flow: Flow) {
    super(flow, P_GUEST);
  }

  get guestPageShift(): number {
    return this.flow.host.plan.vms[this.flow.vm]!.guestPageShift;
  }
  guestSource(kind: GhesSourceKind): number {
    return sourceOf(this.flow.host.guestGhesPlan, kind, Math.max(0, this.vcpu));
  }
  readSource(source: number, out: GhesReading): void {
    readRecord(this.flow.host.guestGhes[this.flow.vm]!, this.flow.host.guestGhesPlan, source, out);
    this.stepAction(out.result === 'record' ? 'ghes-read' : 'ghes-none', -1, out.physicalAddress, -1, out.severity, source);
  }
  recordCount(source: number): number {
    return recordCount(this.flow.host.guestGhes[this.flow.vm]!, this.flow.host.guestGhesPlan, source);
  }
  readSourceEntry(source: number, index: number, out: GhesReading): void {
    readRecordAt(this.flow.host.guestGhes[this.flow.vm]!, this.flow.host.guestGhesPlan, source, index, out);
    this.stepAction(out.result === 'record' ? 'ghes-read' : 'ghes-none', -1, out.physicalAddress, -1, out.severity, source);
  }
  ack(source: number): void {
    const h = this.flow.host;
    ackRecord(h.guestGhes[this.flow.vm]!, h.guestGhesPlan, source);
    h.guestAckAt[this.flow.vm * h.guestGhesPlan.sources.length + source] = this.flow.now();
    this.stepAction('ghes-ack', -1, -1, -1, -1, source);
  }
  memoryFailure(gpfn: number): readonly number[] | null {
    const f = this.flow;
    const g = f.host.guests[f.vm]!;
    if (!Number.isInteger(gpfn) || gpfn < 0 || gpfn >= g.layout.guestPages) {
      throw new RangeError(`memoryFailure: gpfn ${gpfn} is outside guest RAM (${g.layout.guestPages} pages)`);
    }
    const addr = gpfn * 2 ** g.layout.guestPageShift;
    if (g.isOfflined(gpfn)) {
      this.stepAction('already-poisoned', -1, addr);
      return null;
    }
    const pids = g.offline(gpfn, Math.max(0, f.j));
    if (f.j >= 0) f.host.gpfnJourney.setIfAbsent(f.vm, gpfn, f.j);
    f.host.counts[C_GUEST_MF]!++;
    this.stepAction('offline', -1, addr);
    f.raise(O_PAGE_OFFLINED);
    return pids;
  }
  killProcess(pid: number, signal: number, code: number): void {
    const f = this.flow;
    if (!Number.isInteger(pid) || pid < 0 || pid >= f.host.processes) throw new RangeError(`killProcess: no process ${pid}`);
    this.stepAction('kill', -1, pid, signal, code);
    f.raise(O_APP_KILLED);
    f.processDies(pid);
  }
  panic(reason: string): void {
    this.flow.guestPanic(reason);
  }
  resume(): void {
    this.stepAction('resume');
  }
  skipAccess(): void {
    // The faulting access retires instead of re-executing (engine-host.ts finishStop).
    if (this.flow.vi >= 0) this.flow.host.vcpus.i32[this.flow.vi * VCPU_I32 + VI_SKIP] = 1;
    this.stepAction('skip');
  }
  ignore(reason: string): void {
    this.flow.stepText('ignore', reason);
    this.flow.raise(O_IGNORED);
  }
}

/**
 * The contexts of EL3 firmware and of the hypervisor (KVM with the host kernel's APEI and
 * memory_failure). Their actions change the engine's shared state and record journey steps;
 * transfers to the next layer go through the hand-over queue (work-fifo.ts).
 */
import { ST_AV, ST_CE_SHIFT, ST_PN, ST_UE, ST_UET_SHIFT, ST_V } from '../arch/err-status.js';
import { backingLossShift, hostPageKind, type HostPageKind } from '../memory/host-plan.js';
import {
  PAGE_FLAG_HWPOISON, PAGE_FLAG_STAGE2_UNMAPPED, PAGE_FLAG_VMM_UNMAPPED, VCPU_F64, VCPU_I32, VF_VSERROR_AT,
  VI_HCR_VSE, VI_VSERROR_JOURNEY, VI_VSESR,
} from '../memory/layout.js';
import type { ErrorRecordView, FirmwareContext, GhesReading, HypervisorContext, MemoryFailureResult, TrappedException } from '../plugin/contexts.js';
import type { GhesSourceKind } from '../apei/ghes-layout.js';
import { BUS_MCEERR_AO, BUS_MCEERR_AR, O_CORRECTED, O_IGNORED, O_RECOVERED, SIGBUS } from '../plugin/vocabulary.js';
import { ContextBase } from './context-base.js';
import { C_HOST_MF, C_SIGBUS_AO, C_SIGBUS_AR, C_SIGBUS_OTHER, C_VSERROR } from './counts.js';
import { ackFree, ackRecord, readRecord, sourceOf, writeRecord } from './ghes-access.js';
import type { Flow } from './flow.js';
import { P_FIRMWARE, P_HYPERVISOR } from './flow.js';
import { W_EL2_SERROR, W_EL2_SYNC, W_GHES_IRQ, W_HOST_SEA, W_SDEI, W_SEA_EXIT, W_SIGBUS } from './work-fifo.js';

/** A mutable TrappedException the hardware side fills before calling firmware. */
export class Trapped implements TrappedException {
  kind: 'sea' | 'serror' = 'sea';
  access: 'load' | 'fetch' | 'store' = 'load';
  el: 0 | 1 | 2 = 0;
  inGuest = true;
  inVmm = false;
  faultVa = -1;
  hcrTea = true;
  hcrAmo = true;
  serrorIss = 0;
}

class RecordView implements ErrorRecordView {
  status = 0;
  address = -1;
  get valid(): boolean { return (this.status & ST_V) !== 0; }
  get addressValid(): boolean { return (this.status & ST_AV) !== 0; }
  get uncorrected(): boolean { return (this.status & ST_UE) !== 0; }
  get uet(): number { return (this.status >>> ST_UET_SHIFT) & 3; }
  get corrected(): boolean { return ((this.status >>> ST_CE_SHIFT) & 3) !== 0; }
  get poison(): boolean { return (this.status & ST_PN) !== 0; }
}

export class FirmwareCtx extends ContextBase implements FirmwareContext {
  readonly exception = new Trapped();
  readonly record = new RecordView();

  constructor(flow: Flow) {
    super(flow, P_FIRMWARE);
  }

  private recordIndex(): number {
    const pe = this.pe;
    return (pe < 0 ? 0 : pe) % this.flow.host.rasRecords;
  }

  /** Reads ERR<n>STATUS/ADDR of this PE into `record` (the engine calls it before the hook). */
  loadRecord(): void {
    const n = this.recordIndex();
    const node = this.flow.host.rasNode;
    this.record.status = node.readStatus(n) >>> 0;
    this.record.address = (this.record.status & ST_AV) !== 0 ? (node.readAddrHi(n) & 0x00ff_ffff) * 0x1_0000_0000 + node.readAddrLo(n) : -1;
  }

  clearRecord(): void {
    this.flow.host.rasNode.writeStatus(this.recordIndex(), this.record.status);
  }
  hostSource(kind: GhesSourceKind): number {
    return sourceOf(this.flow.host.hostGhesPlan, kind, Math.max(0, this.pe));
  }
  ackFree(source: number): boolean {
    return ackFree(this.flow.host.hostGhes, this.flow.host.hostGhesPlan, source);
  }
  writeMemoryRecord(source: number, severity: number, physicalAddress: number, validationBits: number): boolean {
    const ok = writeRecord(this.flow.host.hostGhes, this.flow.host.hostGhesPlan, source, severity, physicalAddress, validationBits);
    this.stepAction(ok ? 'record-cper' : 'ack-busy', -1, physicalAddress, -1, severity, source);
    return ok;
  }
  halt(reason: string): void {
    this.flow.hostPanic('halt', reason);
  }
  enterEl2Sync(esr: number, far: number): void {
    this.stepAction('fake-sea-el2', esr >>> 0, far);
    const f = this.flow;
    f.fifo.push(this.exception.inGuest ? W_EL2_SYNC : W_HOST_SEA, f.j, f.vi, f.vm, 0, 0, esr >>> 0, far, 0, f.now());
  }
  enterEl2SError(esr: number): void {
    this.stepAction('fake-serror-el2', esr >>> 0);
    const f = this.flow;
    f.fifo.push(W_EL2_SERROR, f.j, f.vi, f.vm, 0, 0, esr >>> 0, -1, 0, f.now());
  }
  dispatchSdei(source: number): void {
    this.stepAction('sdei-dispatch', -1, -1, -1, -1, source);
    const f = this.flow;
    f.fifo.push(W_SDEI, f.j, f.vi, f.vm, source, 0, 0, 0, 0, f.now());
  }
  notifyHost(source: number): void {
    const f = this.flow;
    f.fifo.push(W_GHES_IRQ, f.j, f.vi, f.vm, source, 0, 0, 0, 0, f.now());
  }
  enterHost(esr: number, far: number): void {
    this.stepAction('route-host', esr >>> 0, far);
    const f = this.flow;
    f.fifo.push(W_HOST_SEA, f.j, f.vi, f.vm, 0, 0, esr >>> 0, far, 0, f.now());
  }
}

export class HypervisorCtx extends ContextBase implements HypervisorContext {
  esrEl2 = 0;
  farEl2 = -1;
  faultIpa = -1;
  faultHostPage = -1;

  constructor(flow: Flow) {
    super(flow, P_HYPERVISOR);
  }

  get hostPageShift(): number {
    return this.flow.host.plan.hostPageShift;
  }
  get lossShift(): number {
    const h = this.flow.host;
    return backingLossShift(h.scenario.vms.backing, h.plan.hostPageShift);
  }
  hostSource(kind: GhesSourceKind): number {
    return sourceOf(this.flow.host.hostGhesPlan, kind, Math.max(0, this.pe));
  }
  apeiRead(source: number, out: GhesReading): void {
    readRecord(this.flow.host.hostGhes, this.flow.host.hostGhesPlan, source, out);
    this.stepAction(out.result === 'record' ? 'apei-claim' : 'apei-none', -1, out.physicalAddress, -1, out.severity, source);
  }
  apeiAck(source: number): void {
    ackRecord(this.flow.host.hostGhes, this.flow.host.hostGhesPlan, source);
    this.stepAction('apei-ack', -1, -1, -1, -1, source);
  }
  classifyHostPa(hpa: number): HostPageKind {
    const h = this.flow.host;
    return hostPageKind(h.plan, Math.floor(hpa / h.plan.hostPageSize));
  }
  memoryFailure(hpa: number): MemoryFailureResult {
    const h = this.flow.host;
    const shift = h.plan.hostPageShift;
    const page = Math.floor(hpa / 2 ** shift);
    if ((h.poison.pageFlags(page) & PAGE_FLAG_HWPOISON) !== 0) {
      this.stepAction('already-poisoned', -1, hpa);
      return 'already-poisoned';
    }
    const kind = hostPageKind(h.plan, page);
    h.counts[C_HOST_MF]!++;
    this.stepAction('memory-failure', -1, hpa);
    if (kind === 'kernel' || kind === 'none') {
      // PG_hwpoison is set, but a page the kernel holds for itself cannot be isolated (MF_IGNORED).
      h.poison.setFlags(page, PAGE_FLAG_HWPOISON);
      return 'ignored';
    }
    if (kind === 'free') {
      // A free buddy page is taken off the free lists and never handed out again (MF_RECOVERED).
      h.poison.setFlags(page, PAGE_FLAG_HWPOISON);
      this.flow.stepText('note', 'free host page: taken off the buddy allocator, nobody used it');
      this.flow.raise(O_RECOVERED);
      return 'recovered';
    }
    const vm = kind === 'guest-ram' ? this.vmOfHostPage(page) : -1;
    if (vm >= 0 && h.plan.vms[vm]!.memoryBackend === 'file') {
      if (!h.isDirty(vm, page, this.flow.now())) {
        // Clean page cache: the page is truncated from the file's cache; the next access reads
        // the file again into a fresh page, so no process is killed (MF_RECOVERED).
        for (let g = 0; g < h.poison.layout.granulesPerPage; g++) h.poison.clearGranule(page, g);
        this.flow.stepText('note', 'clean page cache: dropped; the next access reads it back from the file');
        this.flow.raise(O_RECOVERED);
        return 'recovered';
      }
      this.flow.stepText('note', 'dirty page cache: the unwritten data is lost (AS_EIO on the file)');
    }
    const unit = 2 ** Math.max(shift, kind === 'guest-ram' ? this.lossShift : shift);
    const first = Math.floor(Math.floor(hpa / unit) * unit / 2 ** shift);
    const pages = unit / 2 ** shift;
    for (let p = first; p < first + pages; p++) {
      h.poison.setFlags(p, PAGE_FLAG_HWPOISON | PAGE_FLAG_STAGE2_UNMAPPED | PAGE_FLAG_VMM_UNMAPPED);
      if (this.flow.j >= 0) h.granuleJourney.setIfAbsent(p, h.poison.layout.granulesPerPage, this.flow.j);
    }
    return 'poisoned';
  }
  private vmOfHostPage(page: number): number {
    const vms = this.flow.host.plan.vms;
    for (let v = 0; v < vms.length; v++) {
      const p = vms[v]!;
      if (page >= p.firstHostPage && page < p.firstHostPage + p.ramHostPages) return v;
    }
    return -1;
  }
  hostVaOf(hpa: number): number {
    const h = this.flow.host;
    const ps = h.plan.hostPageSize;
    const page = Math.floor(hpa / ps);
    for (const p of h.plan.vms) {
      if (page >= p.firstHostPage && page < p.firstHostPage + p.ramHostPages) return p.ramHostVa + (hpa - p.firstHostPage * ps);
      if (page >= p.vmmFirstHostPage && page < p.vmmFirstHostPage + p.vmmPages) return p.vmmHostVa + (hpa - p.vmmFirstHostPage * ps);
    }
    return -1;
  }
  sigbus(code: number, hostVa: number, lsb: number, thread?: number): void {
    const f = this.flow;
    const c = f.host.counts;
    if (code === BUS_MCEERR_AR) c[C_SIGBUS_AR]!++;
    else if (code === BUS_MCEERR_AO) c[C_SIGBUS_AO]!++;
    else c[C_SIGBUS_OTHER]!++;
    this.stepAction('sigbus', -1, hostVa, SIGBUS, code);
    const t = thread ?? this.vcpu;
    f.fifo.push(W_SIGBUS, f.j, f.vi, f.vm, t, code, hostVa, lsb, 0, f.now());
  }
  injectVirtualSError(vsesr: number): void {
    const f = this.flow;
    if (f.vi < 0) throw new RangeError('injectVirtualSError: no vCPU is involved in this call');
    pendVirtualSError(f, f.vi, vsesr & 0x1ff_ffff);
    this.stepAction('vserror', vsesr & 0x1ff_ffff);
  }
  exitSeaToVmm(esr: number, guestVa: number, guestPa: number): void {
    this.stepAction('exit-to-vmm', esr >>> 0, guestPa);
    const f = this.flow;
    f.fifo.push(W_SEA_EXIT, f.j, f.vi, f.vm, 0, 0, esr >>> 0, guestVa, guestPa, f.now());
  }
  hostPanic(reason: string): void {
    this.flow.hostPanic('host-panic', reason);
  }
  countCorrected(): void {
    this.stepAction('count-corrected');
    this.flow.raise(O_CORRECTED);
  }
  ignore(reason: string): void {
    this.flow.stepText('ignore', reason);
    this.flow.raise(O_IGNORED);
  }
}

/** Makes a virtual SError pending on host vCPU `vi` (HCR_EL2.VSE=1, VSESR_EL2 = vsesr). */
export function pendVirtualSError(f: Flow, vi: number, vsesr: number): void {
  const i = f.host.vcpus.i32;
  const b = vi * VCPU_I32;
  i[b + VI_HCR_VSE] = 1;
  i[b + VI_VSESR] = vsesr;
  i[b + VI_VSERROR_JOURNEY] = f.j;
  f.host.vcpus.f64[vi * VCPU_F64 + VF_VSERROR_AT] = f.now();
  f.host.counts[C_VSERROR]!++;
}

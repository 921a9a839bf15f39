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
import { BUS_MCEERR_AO, BUS_MCEERR_AR, O_CORRECTED, O_IGNORED, O_RECOVERED, SIGBUS, SI_KERNEL, isSigbusCode } from '../plugin/vocabulary.js';
import { ContextBase, abortEsr, ghesKind, ghesSource, hex, index, physAddr, queryAddr, refuse, serrorEsr, cperSeverity, memValidation } from './context-base.js';
import { C_HOST_MF, C_SIGBUS_AO, C_SIGBUS_AR, C_SIGBUS_OTHER, C_VSERROR } from './counts.js';
import {
  ackFree, ackRecord, APPEND_NOTHING, APPEND_OK, appendRecord, copyBlock, readCopiedEntry, readRecord, recordCount, sourceOf, WRITE_OK,
  WRITE_TOO_BIG, writeRecord,
} from './ghes-access.js';
import type { Flow } from './flow.js';
import { P_FIRMWARE, P_HYPERVISOR } from './flow.js';
import { W_EL2_SERROR, W_EL2_SYNC, W_FIRMWARE_RETRY, W_FIRMWARE_TIMER, W_GHES_IRQ, W_HOST_SEA, W_SDEI, W_SEA_EXIT, W_SIGBUS } from './work-fifo.js';
import { packException } from './firmware-retry.js';
import { J_VM } from './journey-log.js';

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
  /** The engine's own: the 4 KiB-aligned IPA of a guest SEA's access (HPFAR_EL2), -1 when none. */
  faultIpa = -1;
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
  waitedNs = 0;
  /** This hook asked to run again (retryAfter) / let the exception leave EL3: each excludes the other. */
  retried = false;
  leftEl3 = false;

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
    return sourceOf(this.flow.host.hostGhesPlan, ghesKind('hostSource', kind), Math.max(0, this.pe));
  }
  ackFree(source: number): boolean {
    ghesSource('ackFree', this.flow.host.hostGhesPlan, source, 'hostSource');
    return ackFree(this.flow.host.hostGhes, this.flow.host.hostGhesPlan, source);
  }
  writeMemoryRecord(source: number, severity: number, physicalAddress: number, validationBits: number): boolean {
    const h = this.flow.host;
    const slot = ghesSource('writeMemoryRecord', h.hostGhesPlan, source, 'hostSource');
    cperSeverity('writeMemoryRecord', severity);
    // Any physical address may be reported (an error record can name memory the host does not
    // manage; Linux's memory_failure() then says "memory outside kernel control"), but it must
    // be one: the CPER field is a u64 and the engine keeps it exact below 2^53.
    physAddr('writeMemoryRecord', 'physicalAddress', physicalAddress);
    memValidation('writeMemoryRecord', validationBits);
    const rc = writeRecord(h.hostGhes, h.hostGhesPlan, source, severity, physicalAddress, validationBits);
    if (rc === WRITE_TOO_BIG) {
      this.cperTooBig(source, slot.blockLength);
      return false;
    }
    if (rc === WRITE_OK) {
      // The block's one entry is this journey's error (HypervisorCtx attributes entries by it).
      const row = source * h.hostEntriesPerBlock;
      h.hostEntryJourney.fill(-1, row, row + h.hostEntriesPerBlock);
      h.hostEntryJourney[row] = this.flow.j;
    }
    this.stepAction(rc === WRITE_OK ? 'record-cper' : 'ack-busy', -1, physicalAddress, -1, severity, source);
    return rc === WRITE_OK;
  }
  appendMemoryRecord(source: number, severity: number, physicalAddress: number, validationBits: number): boolean {
    const h = this.flow.host;
    const slot = ghesSource('appendMemoryRecord', h.hostGhesPlan, source, 'hostSource');
    cperSeverity('appendMemoryRecord', severity);
    physAddr('appendMemoryRecord', 'physicalAddress', physicalAddress);
    memValidation('appendMemoryRecord', validationBits);
    // Only a block firmware holds claimed (read-ack 0) and not yet cleared by the OS takes more.
    const rc = ackFree(h.hostGhes, h.hostGhesPlan, source)
      ? APPEND_NOTHING
      : appendRecord(h.hostGhes, h.hostGhesPlan, source, severity, physicalAddress, validationBits);
    if (rc === APPEND_OK) {
      const k = recordCount(h.hostGhes, h.hostGhesPlan, source) - 1;
      if (k < h.hostEntriesPerBlock) h.hostEntryJourney[source * h.hostEntriesPerBlock + k] = this.flow.j;
      this.stepAction('record-cper', -1, physicalAddress, -1, severity, source);
      return true;
    }
    this.flow.stepText('note', rc === APPEND_NOTHING
      ? `GHES source ${source} holds no claimed record to add to (its read-ack register reads 1 or its block is empty): nothing written`
      : `GHES block of source ${source} is full (${h.hostEntriesPerBlock} entries in ${slot.blockLength} bytes): nothing written`);
    return false;
  }
  setTimer(atNs: number, tag: number): void {
    if (!Number.isFinite(atNs)) refuse('setTimer', `atNs ${String(atNs)}`, 'is not a finite time');
    // The tag comes back to onTimer as it was given: the engine keeps it as an int32.
    if (!Number.isInteger(tag) || tag < 0 || tag > 0x7fff_ffff) refuse('setTimer', `tag ${String(tag)}`, 'is not a tag onTimer can get back (an integer in 0..2^31-1)');
    const f = this.flow;
    // A time already past fires now, as a compare value below the counter does.
    f.fifo.push(W_FIRMWARE_TIMER, f.j, -1, -1, tag, 0, 0, 0, 0, Math.max(atNs, f.now()));
  }
  /**
   * Faking an exception into EL2 (or routing it to the host) needs one that was taken: a hook
   * with no vCPU, or the fault-handling interrupt of a CE overflow, has nothing to fake.
   */
  private needException(call: string): void {
    const f = this.flow;
    if (f.vi < 0 || f.hook === 'onCorrectedOverflow') {
      refuse(call, `called from ${f.hook}`, 'where no exception was taken (no vCPU took an SEA or an SError): there is nothing to fake into EL2');
    }
  }
  /** FAR_ELx: a virtual address, or -1 when it is not valid. */
  private checkFar(call: string, far: number): void {
    if (!Number.isSafeInteger(far) || far < -1) refuse(call, `far ${hex(far)}`, 'is not a virtual address (an integer in 0..2^53-1, or -1 when FAR is not valid)');
  }
  halt(reason: string): void {
    this.flow.hostPanic('halt', reason);
  }
  retryAfter(ns: number): void {
    if (!(ns > 0) || !Number.isFinite(ns)) refuse('retryAfter', `ns ${String(ns)}`, 'is not a positive, finite time in ns');
    this.needException('retryAfter');
    if (this.retried || this.leftEl3) {
      refuse('retryAfter', this.retried ? 'a second call' : 'a call after the exception left EL3', 'in one hook: the hook either waits in EL3 (once) or lets the exception go on');
    }
    this.retried = true;
    const f = this.flow;
    const x = this.exception;
    // The PE spins in EL3 meanwhile: the time is the vCPU's, lost to error handling.
    f.charge(ns);
    f.fifo.push(W_FIRMWARE_RETRY, f.j, f.vi, f.vm, packException(x), x.serrorIss, x.faultVa, x.faultIpa, this.waitedNs + ns, f.now());
  }
  /** An exception return or routing: not after retryAfter in the same hook. */
  private leave(call: string): void {
    if (this.retried) refuse(call, 'a call after retryAfter', 'in one hook: the exception waits in EL3 until the hook runs again');
    this.leftEl3 = true;
  }
  enterEl2Sync(esr: number, far: number): void {
    esr = abortEsr('enterEl2Sync', 'esr', esr);
    this.checkFar('enterEl2Sync', far);
    this.needException('enterEl2Sync');
    this.leave('enterEl2Sync');
    this.stepAction('fake-sea-el2', esr, far);
    const f = this.flow;
    // KVM knows the IPA of a guest SEA (HPFAR_EL2) when FAR_EL2 is valid.
    const ipa = this.exception.inGuest && far >= 0 ? this.exception.faultIpa : -1;
    f.fifo.push(this.exception.inGuest ? W_EL2_SYNC : W_HOST_SEA, f.j, f.vi, f.vm, 0, 0, esr, far, ipa, f.now());
  }
  enterEl2SError(esr: number): void {
    esr = serrorEsr('enterEl2SError', 'esr', esr);
    this.needException('enterEl2SError');
    this.leave('enterEl2SError');
    this.stepAction('fake-serror-el2', esr);
    const f = this.flow;
    f.fifo.push(W_EL2_SERROR, f.j, f.vi, f.vm, 0, 0, esr, -1, 0, f.now());
  }
  dispatchSdei(source: number): void {
    // An SDEI event exists only for a source published with SDEI notification (its Vector is the
    // event number); anything else would reach the host's handler as a source it never registered.
    const slot = ghesSource('dispatchSdei', this.flow.host.hostGhesPlan, source, 'hostSource');
    if (slot.kind !== 'sdei') refuse('dispatchSdei', `GHES source ${source}`, `is a '${slot.kind}' source; SDEI events exist only for 'sdei' sources`);
    this.stepAction('sdei-dispatch', -1, -1, -1, -1, source);
    const f = this.flow;
    f.fifo.push(W_SDEI, f.j, f.vi, f.vm, source, 0, 0, 0, 0, f.now());
  }
  notifyHost(source: number): void {
    // Only an interrupt-driven or polled source (here: 'gpio') is notified this way; the host's
    // onGhesInterrupt would otherwise read a source whose notification is an exception.
    const slot = ghesSource('notifyHost', this.flow.host.hostGhesPlan, source, 'hostSource');
    if (slot.kind !== 'gpio') refuse('notifyHost', `GHES source ${source}`, `is a '${slot.kind}' source; only an interrupt-driven source ('gpio') is notified this way`);
    const f = this.flow;
    f.fifo.push(W_GHES_IRQ, f.j, f.vi, f.vm, source, 0, 0, 0, 0, f.now());
  }
  enterHost(esr: number, far: number): void {
    esr = abortEsr('enterHost', 'esr', esr);
    this.checkFar('enterHost', far);
    this.needException('enterHost');
    this.leave('enterHost');
    this.stepAction('route-host', esr, far);
    const f = this.flow;
    f.fifo.push(W_HOST_SEA, f.j, f.vi, f.vm, 0, 0, esr, far, 0, f.now());
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
    return sourceOf(this.flow.host.hostGhesPlan, ghesKind('hostSource', kind), Math.max(0, this.pe));
  }
  /** The block the last apeiRead of this hook copied (Linux's ghes->estatus), allocated at first use. */
  private estatus: DataView | null = null;
  /** Its source (-1: none read in this hook), entries, and the journey of each entry. */
  private estatusSource = -1;
  private estatusEntries = 0;
  private estatusJourney = new Int32Array(0);
  /** While entries are attributed to their errors: the hook's own journey, vCPU, VM and host time. */
  private walking = false;
  private hookJ = -1;
  private hookVi = -1;
  private hookVm = -1;
  private hookNow = 0;

  apeiRead(source: number, out: GhesReading): number {
    const h = this.flow.host;
    ghesSource('apeiRead', h.hostGhesPlan, source, 'hostSource');
    if (this.estatus === null) {
      this.estatus = new DataView(new ArrayBuffer(h.hostGhesPlan.blockLength));
      this.estatusJourney = new Int32Array(h.hostEntriesPerBlock);
    }
    const n = copyBlock(h.hostGhes, h.hostGhesPlan, source, this.estatus);
    this.estatusSource = source;
    this.estatusEntries = n;
    const row = source * h.hostEntriesPerBlock;
    for (let k = 0; k < h.hostEntriesPerBlock; k++) this.estatusJourney[k] = h.hostEntryJourney[row + k]!;
    readRecord(h.hostGhes, h.hostGhesPlan, source, out);
    // A block of one entry is the notification's own business, as it always was; entries put
    // together are each their own error's.
    if (n > 1) this.attribute(this.estatusJourney[0]!);
    else this.apeiEndWalk();
    this.stepAction(out.result === 'record' ? 'apei-claim' : 'apei-none', -1, out.physicalAddress, -1, out.severity, source);
    return n;
  }
  apeiReadEntry(source: number, index: number, out: GhesReading): void {
    ghesSource('apeiReadEntry', this.flow.host.hostGhesPlan, source, 'hostSource');
    if (!Number.isInteger(index) || index < 0) refuse('apeiReadEntry', `index ${String(index)}`, 'is not an entry index (an integer from 0; apeiRead() returns how many)');
    if (source !== this.estatusSource) {
      refuse('apeiReadEntry', `GHES source ${source}`, `has not been read by this hook: apeiRead(${source}, …) copies the block first (${this.estatusSource < 0 ? 'no source read yet' : `the last read was source ${this.estatusSource}`})`);
    }
    readCopiedEntry(this.estatus!, this.estatusEntries, index, out);
    if (index < this.estatusEntries) this.attribute(this.estatusJourney[index] ?? -1);
    this.stepAction(out.result === 'record' ? 'apei-claim' : 'apei-none', -1, out.physicalAddress, -1, out.severity, source);
  }
  apeiEndWalk(): void {
    const f = this.flow;
    if (!this.walking) return;
    const now = f.now();
    f.j = this.hookJ;
    f.vm = this.hookVm;
    f.vi = this.hookVi;
    f.hostNow = this.hookVi >= 0 ? this.hookNow : now;
  }
  /** The hook returned (hook-calls.ts): its own journey, vCPU and VM again; no block copied. */
  endHook(): void {
    this.apeiEndWalk();
    this.walking = false;
    this.estatusSource = -1;
  }
  /**
   * What follows belongs to journey `j`, whose error an entry names (-1: not known, the hook's
   * own): the journey and its VM, with this hook's vCPU when the VM is the hook's, else none (at
   * the time reached so far): another VM's error is not this vCPU's to wait on or be charged for.
   */
  private attribute(j: number): void {
    const f = this.flow;
    if (!this.walking) {
      this.walking = true;
      this.hookJ = f.j;
      this.hookVi = f.vi;
      this.hookVm = f.vm;
      this.hookNow = f.hostNow;
    }
    if (j < 0 || j >= f.host.journeys.count) return this.apeiEndWalk();
    const vm = f.host.journeys.int(j, J_VM);
    const now = f.now();
    f.j = j;
    f.vm = vm;
    if (vm === this.hookVm) {
      f.vi = this.hookVi;
      if (this.hookVi >= 0) f.hostNow = this.hookNow;
    } else {
      f.vi = -1;
      f.hostNow = now;
    }
  }
  apeiAck(source: number): void {
    ghesSource('apeiAck', this.flow.host.hostGhesPlan, source, 'hostSource');
    ackRecord(this.flow.host.hostGhes, this.flow.host.hostGhesPlan, source);
    this.stepAction('apei-ack', -1, -1, -1, -1, source);
  }
  classifyHostPa(hpa: number): HostPageKind {
    const h = this.flow.host;
    if (queryAddr('classifyHostPa', 'hpa', hpa) < 0) return 'none';
    return hostPageKind(h.plan, Math.floor(hpa / h.plan.hostPageSize));
  }
  memoryFailure(hpa: number): MemoryFailureResult {
    const h = this.flow.host;
    physAddr('memoryFailure', 'hpa', hpa);
    if (hpa >= h.plan.hostPages * h.plan.hostPageSize) {
      // No struct page backs it: Linux's memory_failure() logs "memory outside kernel control"
      // and returns -ENXIO without touching anything. Nothing is marked (the poison map has no
      // page to mark); the caller sees the kernel's "could not act" answer.
      this.flow.stepText('note', `memory_failure(0x${hpa.toString(16)}): memory outside kernel control (-ENXIO), nothing done`);
      return 'ignored';
    }
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
    if (queryAddr('hostVaOf', 'hpa', hpa) < 0) return -1;
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
    const t = this.checkSigbus(code, hostVa, lsb, thread);
    const c = f.host.counts;
    if (code === BUS_MCEERR_AR) c[C_SIGBUS_AR]!++;
    else if (code === BUS_MCEERR_AO) c[C_SIGBUS_AO]!++;
    else c[C_SIGBUS_OTHER]!++;
    this.stepAction('sigbus', -1, hostVa, SIGBUS, code);
    f.fifo.push(W_SIGBUS, f.j, f.vi, f.vm, t, code, hostVa, lsb, 0, f.now());
  }
  injectVirtualSError(vsesr: number): void {
    const f = this.flow;
    if (f.vi < 0) refuse('injectVirtualSError', `called from ${f.hook}`, 'with no vCPU involved: there is no VSESR_EL2 to write');
    // VSESR_EL2 holds IDS (bit 24) and ISS (23:0); anything wider is a KVM bug, not a syndrome
    // to cut down (KVM's own callers pass constants, and its uAPI refuses wider ones: EINVAL).
    if (!Number.isInteger(vsesr) || vsesr < 0 || vsesr > 0x1ff_ffff) {
      refuse('injectVirtualSError', `vsesr ${hex(vsesr)}`, 'does not fit VSESR_EL2 (IDS bit 24 and ISS 23:0: an integer in 0..0x1ffffff)');
    }
    pendVirtualSError(f, f.vi, vsesr);
    this.stepAction('vserror', vsesr);
  }
  exitSeaToVmm(esr: number, guestVa: number, guestPa: number): void {
    const f = this.flow;
    // KVM_EXIT_ARM_SEA is an exit of the vCPU that took the SEA, and it carries that SEA's ESR.
    if (f.vi < 0) refuse('exitSeaToVmm', `called from ${f.hook}`, 'with no vCPU involved: KVM_EXIT_ARM_SEA is an exit of the vCPU that took the SEA');
    esr = abortEsr('exitSeaToVmm', 'esr', esr);
    if (!Number.isSafeInteger(guestVa) || guestVa < -1) {
      refuse('exitSeaToVmm', `guestVa ${hex(guestVa)}`, 'is not a guest virtual address (an integer in 0..2^53-1, or -1 when FAR is not valid)');
    }
    const ram = f.host.plan.vms[f.vm]!.ramBytes;
    if (!Number.isSafeInteger(guestPa) || guestPa < -1 || guestPa >= ram) {
      refuse('exitSeaToVmm', `guestPa ${hex(guestPa)}`, `is outside guest RAM (0..0x${(ram - 1).toString(16)}, or -1 when the IPA is not known)`);
    }
    this.stepAction('exit-to-vmm', esr, guestPa);
    f.fifo.push(W_SEA_EXIT, f.j, f.vi, f.vm, 0, 0, esr, guestVa, guestPa, f.now());
  }
  /**
   * The siginfo of a SIGBUS the host kernel sends (force_sig_mceerr / force_sig_fault /
   * force_sig): the VMM of this call's VM, a SIGBUS si_code, si_addr_lsb only for the MCEERR
   * codes (from the host page up: memory_failure() takes out at least a page), si_addr inside the
   * VMM's mappings for them (the kernel names the VMM's own mapping of the page) and none for
   * SI_KERNEL, and an existing thread.
   * Returns the thread: a vCPU index, or -1 for the main thread.
   */
  private checkSigbus(code: number, hostVa: number, lsb: number, thread: number | undefined): number {
    const f = this.flow;
    const h = f.host;
    if (f.vm < 0) refuse('sigbus', `called from ${f.hook}`, 'with no VM involved (a host-wide event): there is no VMM to signal');
    if (!isSigbusCode(code)) {
      refuse('sigbus', `code ${String(code)}`, 'is not a SIGBUS si_code (1 BUS_ADRALN, 2 BUS_ADRERR, 3 BUS_OBJERR, 4 BUS_MCEERR_AR, 5 BUS_MCEERR_AO, 0x80 SI_KERNEL)');
    }
    const mce = code === BUS_MCEERR_AR || code === BUS_MCEERR_AO;
    const shift = h.plan.hostPageShift;
    if (mce ? !(Number.isInteger(lsb) && lsb >= shift && lsb <= 63) : lsb !== 0) {
      refuse('sigbus', `lsb ${String(lsb)}`, mce
        ? `is not an si_addr_lsb for BUS_MCEERR_* (an integer in ${shift}..63: at least the host page)`
        : 'must be 0: si_addr_lsb exists only for BUS_MCEERR_AR/AO');
    }
    if (!Number.isSafeInteger(hostVa) || hostVa < -1) refuse('sigbus', `hostVa ${hex(hostVa)}`, 'is not a host virtual address (an integer in 0..2^53-1, or -1 for none)');
    // force_sig() fills in no si_addr: a plain SIGBUS names no address.
    if (code === SI_KERNEL && hostVa !== -1) refuse('sigbus', `hostVa ${hex(hostVa)}`, 'must be -1 for SI_KERNEL: force_sig() sends no si_addr');
    if (mce && hostVa >= 0) {
      const p = h.plan.vms[f.vm]!;
      const inRam = hostVa >= p.ramHostVa && hostVa < p.ramHostVa + p.ramBytes;
      const inVmm = hostVa >= p.vmmHostVa && hostVa < p.vmmHostVa + p.vmmPages * h.plan.hostPageSize;
      if (!inRam && !inVmm) {
        refuse('sigbus', `hostVa ${hex(hostVa)}`, `is outside the VMM's mappings (guest RAM at ${hex(p.ramHostVa)}, +${hex(p.ramBytes)}; its own memory at ${hex(p.vmmHostVa)}, +${hex(p.vmmPages * h.plan.hostPageSize)}): si_addr of BUS_MCEERR_* names the VMM's mapping of the page (hostVaOf)`);
      }
    }
    if (thread === undefined) return this.vcpu;
    if (thread !== -1) index('sigbus', 'thread', thread, h.vcpusPerVm, "the VM's vCPU threads; -1 is the main thread");
    return thread;
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

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
import { O_APP_KILLED, O_IGNORED, O_PAGE_OFFLINED, SIGBUS, isSigbusCode } from '../plugin/vocabulary.js';
import { ContextBase, abortEsr, cperSeverity, ghesKind, ghesSource, hex, index, memValidation, queryAddr, refuse } from './context-base.js';
import { C_GUEST_MF, C_GUEST_SEA } from './counts.js';
import type { Flow } from './flow.js';
import { P_GUEST, P_VMM } from './flow.js';
import { ackFree, ackRecord, APPEND_OK, appendRecord, MEMORY_RECORD_BYTES, readRecord, readRecordAt, recordCount, sourceOf, WRITE_OK, writeRecord } from './ghes-access.js';
import { pendVirtualSError } from './contexts-ras.js';

export class VmmCtx extends ContextBase implements VmmContext {
  constructor(flow: Flow) {
    super(flow, P_VMM);
  }

  /** Host vCPU index of vCPU `vcpu` of this VM (default: this call's vCPU, else 0). */
  private target(call: string, vcpu: number | undefined): number {
    const h = this.flow.host;
    const v = vcpu ?? Math.max(0, this.vcpu);
    index(call, 'vcpu', v, h.vcpusPerVm, "the VM's vCPUs");
    return h.vcpuIndex(this.flow.vm, v);
  }
  hostVaToGuestPa(hostVa: number): number {
    return hvaToGpa(this.flow.host.plan.vms[this.flow.vm]!, queryAddr('hostVaToGuestPa', 'hostVa', hostVa));
  }
  guestSource(kind: GhesSourceKind): number {
    return sourceOf(this.flow.host.guestGhesPlan, ghesKind('guestSource', kind), Math.max(0, this.vcpu));
  }
  guestAckFree(source: number): boolean {
    // Checked first: ackedByNow() indexes by source and would read "busy" for one that does not exist.
    ghesSource('guestAckFree', this.flow.host.guestGhesPlan, source, 'guestSource');
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
  /**
   * The arguments of a guest CPER write. The address must name guest RAM: the VMM gets it from
   * its own memory map (QEMU's kvm_physical_memory_addr_from_host() fails for anything else), and
   * the guest's memory_failure() relies on it. Returns the source's block length.
   */
  private checkRecord(call: string, source: number, severity: number, guestPa: number, validationBits: number): number {
    const h = this.flow.host;
    const slot = ghesSource(call, h.guestGhesPlan, source, 'guestSource');
    cperSeverity(call, severity);
    const ram = h.plan.vms[this.flow.vm]!.ramBytes;
    if (!Number.isSafeInteger(guestPa) || guestPa < 0 || guestPa >= ram) {
      refuse(call, `guestPa ${hex(guestPa)}`, `is outside guest RAM (0..0x${(ram - 1).toString(16)})`);
    }
    memValidation(call, validationBits);
    return slot.blockLength;
  }
  writeGuestMemoryRecord(source: number, severity: number, guestPa: number, validationBits: number): boolean {
    const h = this.flow.host;
    const blockLength = this.checkRecord('writeGuestMemoryRecord', source, severity, guestPa, validationBits);
    // QEMU checks the record's length before it reads the read-ack register (cperTooBig).
    if (blockLength < MEMORY_RECORD_BYTES) {
      this.cperTooBig(source, blockLength);
      return false;
    }
    const ok = this.ackedByNow(source) && writeRecord(h.guestGhes[this.flow.vm]!, h.guestGhesPlan, source, severity, guestPa, validationBits) === WRITE_OK;
    this.stepAction(ok ? 'record-cper' : 'ack-busy', -1, guestPa, -1, severity, source);
    return ok;
  }
  appendGuestMemoryRecord(source: number, severity: number, guestPa: number, validationBits: number): boolean {
    const h = this.flow.host;
    this.checkRecord('appendGuestMemoryRecord', source, severity, guestPa, validationBits);
    const ok = appendRecord(h.guestGhes[this.flow.vm]!, h.guestGhesPlan, source, severity, guestPa, validationBits) === APPEND_OK;
    this.stepAction(ok ? 'record-cper' : 'ack-busy', -1, guestPa, -1, severity, source);
    return ok;
  }
  injectSea(esr: number, vcpu?: number): void {
    // The VMM emulates the exception entry (QEMU's kvm_inject_arm_sea() writes ESR_EL1 itself),
    // so ESR_EL1 must be an external abort's: no bit above 31, EC 0x24/0x25 or 0x20/0x21.
    esr = abortEsr('injectSea', 'esr', esr);
    const vi = this.target('injectSea', vcpu);
    const i = this.flow.host.vcpus.i32;
    i[vi * VCPU_I32 + VI_SEA_PENDING] = 1;
    i[vi * VCPU_I32 + VI_SEA_ESR] = esr | 0;
    i[vi * VCPU_I32 + VI_SEA_JOURNEY] = this.flow.j;
    this.flow.host.counts[C_GUEST_SEA]!++;
    this.stepAction('inject-sea', esr);
  }
  setSErrorEsr(esr: number, vcpu?: number): number {
    const vi = this.target('setSErrorEsr', vcpu);
    const f = this.flow;
    const hv = f.host.hypervisor;
    // serror_esr is a u64: a fraction, NaN, an infinity or 2^64 and up cannot be passed at all.
    if (!Number.isInteger(esr) || esr >= 2 ** 64) refuse('setSErrorEsr', `esr ${hex(esr)}`, 'is not a u64 (serror_esr of struct kvm_vcpu_events)');
    // The engine refuses what KVM refuses, with KVM's code: a negative value reaches the ioctl as
    // its two's complement (bits above 24 set), and any bit above 24 gives -EINVAL, nothing pends
    // (__kvm_arm_vcpu_set_events). A hypervisor plugin may refuse more.
    const lo = esr >>> 0;
    const hi = esr < 0 ? 0xffff_ffff : Math.floor(esr / 0x1_0000_0000) >>> 0;
    let rc = checkSetSerrorEsr(lo, hi, true);
    if (rc === 0 && hv.setSErrorEsr !== undefined) {
      const saved = f.enter(1, f.layer, 'setSErrorEsr');
      try {
        rc = hv.setSErrorEsr(f.hvCtx, lo);
        // An ioctl returns 0 or a negative errno; anything else is the hypervisor plugin's bug.
        if (!Number.isInteger(rc) || rc > 0 || rc < -4095) throw new RangeError(`setSErrorEsr returned ${String(rc)}, not 0 or a negative errno (-1..-4095)`);
      } catch (err) {
        throw f.hookError(err);
      } finally {
        f.leave(saved);
      }
    }
    if (rc !== 0) {
      this.stepAction('einval', lo, -1, -1, -rc);
      return rc;
    }
    // Accepted: no bit above 24, so the value is VSESR_EL2 as it is (no masking needed).
    pendVirtualSError(f, vi, lo);
    this.stepAction('set-serror-esr', lo);
    return 0;
  }
  guestEl(vcpu?: number): 0 | 1 {
    return this.flow.host.vcpus.i32[this.target('guestEl', vcpu) * VCPU_I32 + VI_LAST_EL] === 1 ? 1 : 0;
  }
  terminateVm(reason: string): void {
    this.flow.terminateVm(reason);
  }
  restartVm(reason: string, afterNs: number): void {
    if (!(Number.isFinite(afterNs) && afterNs >= 0)) refuse('restartVm', `afterNs ${String(afterNs)}`, 'is not a time (a non-negative number of ns)');
    this.flow.restartVm(reason, Math.round(afterNs));
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
    return sourceOf(this.flow.host.guestGhesPlan, ghesKind('guestSource', kind), Math.max(0, this.vcpu));
  }
  readSource(source: number, out: GhesReading): void {
    ghesSource('readSource', this.flow.host.guestGhesPlan, source, 'guestSource');
    readRecord(this.flow.host.guestGhes[this.flow.vm]!, this.flow.host.guestGhesPlan, source, out);
    this.stepAction(out.result === 'record' ? 'ghes-read' : 'ghes-none', -1, out.physicalAddress, -1, out.severity, source);
  }
  recordCount(source: number): number {
    ghesSource('recordCount', this.flow.host.guestGhesPlan, source, 'guestSource');
    return recordCount(this.flow.host.guestGhes[this.flow.vm]!, this.flow.host.guestGhesPlan, source);
  }
  readSourceEntry(source: number, index: number, out: GhesReading): void {
    ghesSource('readSourceEntry', this.flow.host.guestGhesPlan, source, 'guestSource');
    // An index past the block's entries is data: 'malformed' (or 'none' for an empty block). A
    // negative or fractional one is no entry at all.
    if (!Number.isInteger(index) || index < 0) refuse('readSourceEntry', `index ${String(index)}`, 'is not an entry index (an integer from 0; recordCount() says how many)');
    readRecordAt(this.flow.host.guestGhes[this.flow.vm]!, this.flow.host.guestGhesPlan, source, index, out);
    this.stepAction(out.result === 'record' ? 'ghes-read' : 'ghes-none', -1, out.physicalAddress, -1, out.severity, source);
  }
  ack(source: number): void {
    const h = this.flow.host;
    ghesSource('ack', h.guestGhesPlan, source, 'guestSource');
    ackRecord(h.guestGhes[this.flow.vm]!, h.guestGhesPlan, source);
    h.guestAckAt[this.flow.vm * h.guestGhesPlan.sources.length + source] = this.flow.now();
    this.stepAction('ghes-ack', -1, -1, -1, -1, source);
  }
  memoryFailure(gpfn: number): readonly number[] | null {
    const f = this.flow;
    const g = f.host.guests[f.vm]!;
    // The guest's GHES driver only calls memory_failure() for a valid pfn (Linux checks
    // pfn_valid() first), and the VMM can only write guest RAM addresses (checkRecord): a gpfn
    // outside RAM comes from the guest plugin's own arithmetic (e.g. an address not shifted).
    if (!Number.isInteger(gpfn) || gpfn < 0 || gpfn >= g.layout.guestPages) {
      refuse('memoryFailure', `gpfn ${hex(gpfn)}`, `is outside guest RAM (page frames 0..${hex(g.layout.guestPages - 1)} of ${2 ** g.layout.guestPageShift} bytes)`);
    }
    const addr = gpfn * 2 ** g.layout.guestPageShift;
    if (g.isOfflined(gpfn)) {
      this.stepAction('already-poisoned', -1, addr);
      return null;
    }
    const kernel = g.isKernelPage(gpfn);
    const pids = g.offline(gpfn, Math.max(0, f.j));
    if (f.j >= 0) f.host.gpfnJourney.setIfAbsent(f.vm, gpfn, f.j);
    f.host.counts[C_GUEST_MF]!++;
    if (kernel) {
      // A page the guest kernel holds for itself (slab, page tables, its image) is marked
      // hwpoisoned but cannot be isolated: Linux's memory_failure() reports it ignored
      // (MF_IGNORED), as the host's does for its own pages. The kernel's next touch of it is fatal.
      f.stepText('note', `memory_failure(${hex(gpfn)}): guest kernel page, marked hwpoisoned but not isolated (MF_IGNORED)`);
      f.raise(O_IGNORED);
      return pids;
    }
    this.stepAction('offline', -1, addr);
    f.raise(O_PAGE_OFFLINED);
    return pids;
  }
  killProcess(pid: number, signal: number, code: number): void {
    const f = this.flow;
    index('killProcess', 'pid', pid, f.host.processes, "the VM's processes");
    // What force_sig_*() can send: a signal number of arm64 Linux (1..64), and for SIGBUS one of
    // its si_codes (BUS_ADRALN 1 .. BUS_MCEERR_AO 5) or force_sig()'s SI_KERNEL (0x80).
    if (!Number.isInteger(signal) || signal < 1 || signal > 64) refuse('killProcess', `signal ${String(signal)}`, 'is not a signal number (1..64)');
    if (signal === SIGBUS ? !isSigbusCode(code) : !(Number.isInteger(code) && code >= -0x8000_0000 && code <= 0x7fff_ffff)) {
      refuse('killProcess', `code ${String(code)}`, signal === SIGBUS ? 'is not a SIGBUS si_code (1..5: BUS_ADRALN, BUS_ADRERR, BUS_OBJERR, BUS_MCEERR_AR, BUS_MCEERR_AO; 0x80: SI_KERNEL)' : 'is not an si_code (a 32-bit integer)');
    }
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

/**
 * The contexts of workloads and injectors. Injections open journeys and change shared memory
 * (poison) or signal the hardware events of hardware-events.ts.
 */
import { GRANULE_SHIFT, VCPU_I32, VI_BLOCKED, VI_PE, VI_PID } from '../memory/layout.js';
import { PFGCTL_CDNEN, PFGCTL_RES0_MASK } from '../arch/err-pfg.js';
import type { InjectorContext, PoisonOptions, SErrorOptions, WorkloadContext } from '../plugin/extension-contexts.js';
import { draw32 } from '../rand/counter-rng.js';
import { ACTION, EV_CE, EV_POISON, EV_SERROR, L_INJECTOR } from '../plugin/vocabulary.js';
import { C_INJECTED } from './counts.js';
import type { Engine } from './engine-host.js';
import { EK_INJECTOR_FIRE, EK_PFG_FIRE } from './event-queue.js';
import { P_INJECTOR } from './flow.js';
import { J_COUNT, JF_AV, JF_FW_RECORD, JF_TRANSIENT } from './journey-log.js';
import { correctedError, correctedErrors, physicalSError } from './hardware-events.js';
import { PROC_ALIVE } from './host.js';
import { hex, index, physAddr, refuse } from './context-base.js';

export class WorkloadCtx implements WorkloadContext {
  vi = 0;
  nowNs = 0;
  private idle = Number.POSITIVE_INFINITY;
  /**
   * When a vCPU with an empty batch wakes. Checked as it is set (once per batch, not per access):
   * NaN, or a time not after now, would wake the vCPU at once with nothing to do, and the engine
   * would ask the workload again at the same time forever.
   */
  get idleUntil(): number {
    return this.idle;
  }
  set idleUntil(v: number) {
    if (!(v > this.nowNs)) refuse('idleUntil', `${String(v)} ns`, `is not after now (${this.nowNs} ns): an idle vCPU must wake later (Infinity: never)`);
    this.idle = v;
  }
  streamKey = 0;
  constructor(private readonly e: Engine) {}
  get host(): number { return this.e.host.index; }
  get vm(): number { return this.e.host.vmOf(this.vi); }
  get vcpu(): number { return this.vi % this.e.host.vcpusPerVm; }
  get vcpus(): number { return this.e.host.vcpusPerVm; }
  get processes(): number { return this.e.host.processes; }
  get processBytes(): number { return this.e.host.scenario.vms.processPages * this.e.host.scenario.vms.guestPageSize; }
  get kernelBytes(): number { return this.e.host.scenario.vms.kernelPages * this.e.host.scenario.vms.guestPageSize; }
  get guestPageShift(): number { return this.e.host.plan.vms[0]!.guestPageShift; }
  processAlive(pid: number): boolean {
    return pid >= 0 && pid < this.e.host.processes && this.e.host.procState[this.vm * this.e.host.processes + pid] === PROC_ALIVE;
  }
}

const SET_BITS = { UER: 0, UEO: 3, UC: 2 } as const;
const AET_BITS = { UC: 0, UEU: 1, UEO: 2, UER: 3, CE: 6 } as const;

/** SET of a poison (PoisonOptions.set), checked: the three a consuming abort can report. */
function setBits(call: string, set: PoisonOptions['set']): number {
  if (set === undefined) return SET_BITS.UER;
  if (set !== 'UER' && set !== 'UEO' && set !== 'UC') refuse(call, `opts.set ${hex(set)}`, "is not a synchronous error type ('UER', 'UEO' or 'UC')");
  return SET_BITS[set];
}

/** An integer count or offset `v` in 0..count-1 (page, byte offset). */
function within(call: string, arg: string, v: number, count: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v >= count) refuse(call, `${arg} ${hex(v)}`, `is outside ${what} (0..${hex(count - 1)})`);
  return v;
}

export class InjectorCtx implements InjectorContext {
  /** Draws of this injector's random stream so far (saved in checkpoints). */
  draws = 0;
  constructor(private readonly e: Engine, readonly injector: number) {}
  get host(): number { return this.e.host.index; }
  get nowNs(): number { return this.e.flow.hostNow; }
  get durationNs(): number { return this.e.host.scenario.durationNs; }
  get vms(): number { return this.e.host.vmState.length; }
  get vcpusPerVm(): number { return this.e.host.vcpusPerVm; }
  get hostBytes(): number { return this.e.host.plan.hostPages * this.e.host.plan.hostPageSize; }

  schedule(atNs: number, tag: number): void {
    if (!Number.isFinite(atNs)) refuse('schedule', `atNs ${String(atNs)}`, 'is not a finite time');
    // The tag goes to fire() as it was given: the engine keeps it as an int32 and reads a negative
    // one as "call start()", so only 0..2^31-1 can make the round trip.
    if (!Number.isInteger(tag) || tag < 0 || tag > 0x7fff_ffff) refuse('schedule', `tag ${String(tag)}`, 'is not a tag fire() can get back (an integer in 0..2^31-1)');
    // A time already past fires now, as a timer armed in the past does.
    this.e.host.queue.push(Math.max(atNs, this.nowNs), EK_INJECTOR_FIRE, -1, -1, this.injector, tag);
  }
  random32(): number {
    return draw32(this.e.host.pluginKeys[P_INJECTOR + this.injector]!, this.draws++);
  }
  poisonHostPa(hpa: number, opts?: PoisonOptions): number {
    const h = this.e.host;
    // Poison lives in a DRAM granule: there is none outside host memory to put it in.
    within('poisonHostPa', 'hpa', hpa, this.hostBytes, 'host memory');
    const set = setBits('poisonHostPa', opts?.set);
    const page = Math.floor(hpa / h.plan.hostPageSize);
    const g = Math.floor((hpa % h.plan.hostPageSize) / 2 ** GRANULE_SHIFT);
    const flags = (opts?.av === false ? 0 : JF_AV) | (opts?.firmwareRecord === false ? 0 : JF_FW_RECORD) | (opts?.transient === true ? JF_TRANSIENT : 0);
    const vm = this.vmOfPage(page);
    const j = h.journeys.open(EV_POISON, vm, -1, this.nowNs, page, g, page * h.plan.hostPageSize + g * 64, flags, set);
    h.poison.poisonGranule(page, g);
    h.granuleJourney.set(page, g, j);
    this.e.sampled?.poisoned(page, g, this.nowNs);
    h.counts[C_INJECTED]!++;
    h.journeys.step(j, L_INJECTOR, ACTION['inject-poison'], this.nowNs, -1, hpa, -1, -1, -1);
    return j;
  }
  get vmRamBytes(): number {
    return this.e.host.scenario.vms.memoryMiB * 2 ** 20;
  }
  guestPaToHostPa(vm: number, gpa: number): number {
    const h = this.e.host;
    const p = h.plan.vms[index('guestPaToHostPa', 'vm', vm, h.plan.vms.length, "the host's VMs")]!;
    within('guestPaToHostPa', 'gpa', gpa, p.ramBytes, `VM ${vm}'s RAM`);
    return p.firstHostPage * h.plan.hostPageSize + gpa;
  }
  processPageToHostPa(vm: number, pid: number, page: number, offset: number): number {
    const h = this.e.host;
    const g = h.guests[index('processPageToHostPa', 'vm', vm, h.guests.length, "the host's VMs")]!;
    // -1 is the kernel; any other negative pid would be read as the kernel too, so it is refused.
    if (pid !== -1) index('processPageToHostPa', 'pid', pid, g.processPt.length, "the VM's processes; -1 is the kernel");
    const pt = pid === -1 ? g.kernelPt : g.processPt[pid]!;
    // A page beyond the address space can never be mapped: asking for it is a mistake (often a
    // byte address given as a page number), not an unmapped page to answer -1 for.
    within('processPageToHostPa', 'page', page, pt.length, pid === -1 ? "the kernel's virtual pages" : `process ${pid}'s virtual pages`);
    const size = 2 ** g.layout.guestPageShift;
    within('processPageToHostPa', 'offset', offset, size, `a ${size}-byte guest page`);
    const gpfn = pt[page]!;
    if (gpfn < 0) return -1;
    return this.guestPaToHostPa(vm, gpfn * size + offset);
  }
  vmmPageToHostPa(vm: number, page: number, offset: number): number {
    const h = this.e.host;
    const p = h.plan.vms[index('vmmPageToHostPa', 'vm', vm, h.plan.vms.length, "the host's VMs")]!;
    within('vmmPageToHostPa', 'page', page, p.vmmPages, `VM ${vm}'s VMM pages`);
    within('vmmPageToHostPa', 'offset', offset, h.plan.hostPageSize, 'a host page');
    return (p.vmmFirstHostPage + page) * h.plan.hostPageSize + offset;
  }
  hostMemoryToHostPa(region: 'kernel' | 'free', page: number, offset: number): number {
    const plan = this.e.host.plan;
    if (region !== 'kernel' && region !== 'free') refuse('hostMemoryToHostPa', `region ${hex(region)}`, "is not a host memory region ('kernel' or 'free')");
    const [first, pages] = region === 'kernel' ? [plan.kernelFirstPage, plan.kernelPages] : [plan.freeFirstPage, plan.freePages];
    if (pages === 0) refuse('hostMemoryToHostPa', `region '${region}'`, `has no pages (hosts.${region === 'kernel' ? 'kernelMiB' : 'freeMiB'} is 0)`);
    within('hostMemoryToHostPa', 'page', page, pages, `the host's ${region} pages`);
    within('hostMemoryToHostPa', 'offset', offset, plan.hostPageSize, 'a host page');
    return (first + page) * plan.hostPageSize + offset;
  }
  poisonGuestPa(vm: number, gpa: number, opts?: PoisonOptions): number {
    return this.poisonHostPa(this.guestPaToHostPa(vm, gpa), opts);
  }
  poisonProcessPage(vm: number, pid: number, page: number, offset: number, opts?: PoisonOptions): number {
    const hpa = this.processPageToHostPa(vm, pid, page, offset);
    return hpa < 0 ? -1 : this.poisonHostPa(hpa, opts);
  }
  poisonVmmPage(vm: number, page: number, offset: number, opts?: PoisonOptions): number {
    return this.poisonHostPa(this.vmmPageToHostPa(vm, page, offset), opts);
  }
  serror(vm: number, vcpu: number, opts: SErrorOptions): number {
    const h = this.e.host;
    index('serror', 'vm', vm, this.vms, "the host's VMs");
    index('serror', 'vcpu', vcpu, h.vcpusPerVm, "the VM's vCPUs");
    const vi = h.vcpuIndex(vm, vcpu);
    const ids = opts.ids === true;
    // The syndrome the PE reports (formats.md a.7): an architected AET, and DFSC 0x11 (AET
    // valid) or 0x00 (uncategorized); every other AET or DFSC is reserved.
    const aet = AET_BITS[opts.aet];
    if (!Object.hasOwn(AET_BITS, opts.aet)) refuse('serror', `opts.aet ${hex(opts.aet)}`, "is not an asynchronous error type ('CE', 'UEO', 'UER', 'UEU' or 'UC')");
    const dfsc = opts.dfsc ?? 0x11;
    if (dfsc !== 0x11 && dfsc !== 0) refuse('serror', `opts.dfsc ${hex(dfsc)}`, 'is reserved in an SError ISS (0x11 asynchronous SError, 0x00 uncategorized)');
    const iss = ids ? 1 << 24 : dfsc === 0x11 ? (aet << 10) | 0x11 : 0;
    // The address is that of a page the vCPU's context uses now (its process, or the kernel).
    let hpa = opts.hpa ?? -1;
    if (opts.hpa !== undefined) within('serror', 'opts.hpa', hpa, this.hostBytes, 'host memory');
    if (opts.hpa === undefined) {
      // A mapped page of the vCPU's current process, else of the guest kernel, from a random start.
      const pid = h.vcpus.i32[vi * VCPU_I32 + VI_PID]!;
      const gm = h.guests[vm]!;
      let gpfn = -1;
      for (const pt of pid >= 0 ? [gm.processPt[pid]!, gm.kernelPt] : [gm.kernelPt]) {
        const start = this.random32() % pt.length;
        for (let k = 0; k < pt.length && gpfn < 0; k++) gpfn = pt[(start + k) % pt.length]!;
        if (gpfn >= 0) break;
      }
      hpa = gpfn >= 0 ? h.plan.vms[vm]!.firstHostPage * h.plan.hostPageSize + gpfn * 2 ** gm.layout.guestPageShift : -1;
    }
    const av = opts.av !== false && hpa >= 0;
    const page = hpa >= 0 ? Math.floor(hpa / h.plan.hostPageSize) : -1;
    const j = h.journeys.open(EV_SERROR, vm, vcpu, this.nowNs, page, 0, av ? hpa : -1, av ? JF_AV | JF_FW_RECORD : JF_FW_RECORD, (ids ? 0x100 : 0) | aet | (dfsc << 16));
    h.counts[C_INJECTED]!++;
    h.journeys.step(j, L_INJECTOR, ACTION['inject-serror'], this.nowNs, (0xbe00_0000 | iss) >>> 0, av ? hpa : -1, -1, -1, -1);
    if (!h.hostUp || h.vmState[vm] !== 0) {
      h.journeys.step(j, L_INJECTOR, ACTION['note'], this.nowNs, -1, -1, -1, -1, -1, h.journeys.text('target VM is down'));
      return j;
    }
    // The vCPU (or another vCPU on its PE) is in the handlers of an earlier journey (EL3/EL2 run
    // with SErrors masked): the SError pends until the vCPU runs again (Engine.resume). With --parallel the vCPU may belong to
    // another worker, which would not see this engine's list: it is taken at once there.
    const busy = h.vcpus.i32[vi * VCPU_I32 + VI_BLOCKED]! > 0 || h.peBusy[h.vcpus.i32[vi * VCPU_I32 + VI_PE]!]! > 0;
    if (busy && this.e.lock === null) {
      this.e.pendSError(vi, j, iss);
      return j;
    }
    // The hardware records the error in the PE's record, then signals the SError.
    this.e.recordSErrorInNode(vi, ids, aet, dfsc, av, hpa);
    physicalSError(this.e, vi, j, iss);
    return j;
  }
  correctedError(hpa: number): number {
    const h = this.e.host;
    // A corrected error is counted by the record of the memory it happened in: host memory.
    within('correctedError', 'hpa', hpa, this.hostBytes, 'host memory');
    const page = Math.floor(hpa / h.plan.hostPageSize);
    const j = h.journeys.open(EV_CE, this.vmOfPage(page), -1, this.nowNs, page, 0, hpa, 0, 0);
    h.counts[C_INJECTED]!++;
    h.journeys.step(j, L_INJECTOR, ACTION['inject-ce'], this.nowNs, -1, hpa, -1, -1, -1);
    if (!h.hostUp) {
      // A host that panicked and has not rebooted counts nothing: its records are not running.
      h.journeys.step(j, L_INJECTOR, ACTION['note'], this.nowNs, -1, -1, -1, -1, -1, h.journeys.text('host is down'));
      return j;
    }
    const flags = h.rasNode.recordCorrected(0);
    correctedError(this.e, h.vcpuCount > 0 ? 0 : -1, j, flags, 0); // the interrupt lands on PE 0, running vCPU 0
    return j;
  }

  correctedErrors(hpa: number, count: number): number {
    if (!Number.isInteger(count) || count < 1 || count > 0x7fff_ffff) refuse('correctedErrors', `count ${String(count)}`, 'is not a number of errors (an integer in 1..2^31-1)');
    if (count === 1) return this.correctedError(hpa);
    const h = this.e.host;
    within('correctedErrors', 'hpa', hpa, this.hostBytes, 'host memory');
    const page = Math.floor(hpa / h.plan.hostPageSize);
    const j = h.journeys.open(EV_CE, this.vmOfPage(page), -1, this.nowNs, page, 0, hpa, 0, 0);
    h.journeys.setInt(j, J_COUNT, count);
    h.counts[C_INJECTED]! += count;
    h.journeys.step(j, L_INJECTOR, ACTION['inject-ce'], this.nowNs, -1, hpa, -1, count, -1);
    if (!h.hostUp) {
      h.journeys.step(j, L_INJECTOR, ACTION['note'], this.nowNs, -1, -1, -1, -1, -1, h.journeys.text('host is down'));
      return j;
    }
    correctedErrors(this.e, h.vcpuCount > 0 ? 0 : -1, j, count, 0);
    return j;
  }

  programErrorInjection(vm: number, vcpu: number, pfgctl: number, countdown: number, hpa?: number): void {
    const h = this.e.host;
    index('programErrorInjection', 'vm', vm, this.vms, "the host's VMs");
    index('programErrorInjection', 'vcpu', vcpu, h.vcpusPerVm, "the VM's vCPUs");
    if (!Number.isInteger(countdown) || countdown < 0 || countdown > 0xffff_ffff) refuse('programErrorInjection', `countdown ${String(countdown)}`, 'is not an ERR<n>PFGCDN count (an integer in 0..0xffffffff)');
    if (!Number.isInteger(pfgctl) || pfgctl < 0 || pfgctl > 0xffff_ffff) refuse('programErrorInjection', `pfgctl ${hex(pfgctl)}`, 'is not a 32-bit ERR<n>PFGCTL value');
    // The register ignores writes to its RES0 bits; a value that sets them is a mistake in the
    // injector (a field in the wrong place), so it is refused rather than silently cut.
    if ((pfgctl & PFGCTL_RES0_MASK) !== 0) refuse('programErrorInjection', `pfgctl ${hex(pfgctl)}`, `sets RES0 bits ${hex(pfgctl & PFGCTL_RES0_MASK)} (29:13)`);
    // ERR<n>ADDR.PADDR takes any physical address (one outside DRAM is reported as such); -1
    // (or undefined) leaves the register as it is.
    if (hpa !== undefined && hpa !== -1) physAddr('programErrorInjection', 'hpa', hpa);
    const vi = h.vcpuIndex(vm, vcpu);
    const n = h.vcpus.i32[vi * VCPU_I32 + VI_PE]! % h.rasRecords;
    this.e.lifecycle.tickErrorRecords(this.nowNs);
    if (hpa !== undefined && hpa >= 0) h.rasNode.writeAddr(n, hpa >>> 0, Math.floor(hpa / 0x1_0000_0000));
    h.rasNode.writePfgCdn(n, countdown);
    h.rasNode.writePfgCtl(n, pfgctl);
    if ((pfgctl & PFGCTL_CDNEN) !== 0) h.queue.push(this.nowNs + countdown, EK_PFG_FIRE, vm, vcpu, n, vi);
  }

  private vmOfPage(page: number): number {
    for (const p of this.e.host.plan.vms) {
      if (page >= p.firstHostPage && page < p.vmmFirstHostPage + p.vmmPages) return p.vm;
    }
    return -1;
  }
}

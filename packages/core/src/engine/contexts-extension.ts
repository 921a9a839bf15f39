/**
 * The contexts of workloads and injectors. Injections open journeys and change shared memory
 * (poison) or signal the hardware events of hardware-events.ts.
 */
import { GRANULE_SHIFT, VCPU_I32, VI_BLOCKED, VI_PE, VI_PID } from '../memory/layout.js';
import { PFGCTL_CDNEN } from '../arch/err-pfg.js';
import type { InjectorContext, PoisonOptions, SErrorOptions, WorkloadContext } from '../plugin/extension-contexts.js';
import { draw32 } from '../rand/counter-rng.js';
import { ACTION, EV_CE, EV_POISON, EV_SERROR, L_INJECTOR } from '../plugin/vocabulary.js';
import { C_INJECTED } from './counts.js';
import type { Engine } from './engine-host.js';
import { EK_INJECTOR_FIRE, EK_PFG_FIRE } from './event-queue.js';
import { P_INJECTOR } from './flow.js';
import { JF_AV, JF_FW_RECORD, JF_TRANSIENT } from './journey-log.js';
import { correctedError, physicalSError } from './hardware-events.js';
import { PROC_ALIVE } from './host.js';

export class WorkloadCtx implements WorkloadContext {
  vi = 0;
  idleUntil = Number.POSITIVE_INFINITY;
  nowNs = 0;
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
    if (!Number.isFinite(atNs)) throw new RangeError(`schedule: time ${atNs} is not finite`);
    this.e.host.queue.push(Math.max(atNs, this.nowNs), EK_INJECTOR_FIRE, -1, -1, this.injector, tag | 0);
  }
  random32(): number {
    return draw32(this.e.host.pluginKeys[P_INJECTOR + this.injector]!, this.draws++);
  }
  poisonHostPa(hpa: number, opts?: PoisonOptions): number {
    const h = this.e.host;
    if (!(hpa >= 0 && hpa < this.hostBytes)) throw new RangeError(`poisonHostPa: 0x${hpa.toString(16)} is outside host memory (${this.hostBytes} bytes)`);
    const page = Math.floor(hpa / h.plan.hostPageSize);
    const g = Math.floor((hpa % h.plan.hostPageSize) / 2 ** GRANULE_SHIFT);
    const flags = (opts?.av === false ? 0 : JF_AV) | (opts?.firmwareRecord === false ? 0 : JF_FW_RECORD) | (opts?.transient === true ? JF_TRANSIENT : 0);
    const vm = this.vmOfPage(page);
    const j = h.journeys.open(EV_POISON, vm, -1, this.nowNs, page, g, page * h.plan.hostPageSize + g * 64, flags, SET_BITS[opts?.set ?? 'UER']);
    h.poison.poisonGranule(page, g);
    h.granuleJourney.set(page, g, j);
    h.counts[C_INJECTED]!++;
    h.journeys.step(j, L_INJECTOR, ACTION['inject-poison'], this.nowNs, -1, hpa, -1, -1, -1);
    return j;
  }
  get vmRamBytes(): number {
    return this.e.host.scenario.vms.memoryMiB * 2 ** 20;
  }
  guestPaToHostPa(vm: number, gpa: number): number {
    const h = this.e.host;
    const p = h.plan.vms[vm];
    if (p === undefined) throw new RangeError(`VM ${vm} does not exist (the host has ${h.plan.vms.length})`);
    if (!(gpa >= 0 && gpa < p.ramBytes)) throw new RangeError(`guest PA 0x${gpa.toString(16)} is outside VM ${vm}'s RAM (0x${p.ramBytes.toString(16)} bytes)`);
    return p.firstHostPage * h.plan.hostPageSize + gpa;
  }
  processPageToHostPa(vm: number, pid: number, page: number, offset: number): number {
    const h = this.e.host;
    const g = h.guests[vm];
    if (g === undefined) throw new RangeError(`VM ${vm} does not exist`);
    const pt = pid < 0 ? g.kernelPt : g.processPt[pid];
    if (pt === undefined) throw new RangeError(`VM ${vm} has no process ${pid}`);
    const size = 2 ** g.layout.guestPageShift;
    if (!(offset >= 0 && offset < size)) throw new RangeError(`offset ${offset} is outside a ${size}-byte guest page`);
    const gpfn = pt[page];
    if (gpfn === undefined || gpfn < 0) return -1;
    return this.guestPaToHostPa(vm, gpfn * size + offset);
  }
  vmmPageToHostPa(vm: number, page: number, offset: number): number {
    const h = this.e.host;
    const p = h.plan.vms[vm];
    if (p === undefined || page < 0 || page >= p.vmmPages) throw new RangeError(`VM ${vm} has no VMM page ${page}`);
    if (!(offset >= 0 && offset < h.plan.hostPageSize)) throw new RangeError(`offset ${offset} is outside a host page`);
    return (p.vmmFirstHostPage + page) * h.plan.hostPageSize + offset;
  }
  hostMemoryToHostPa(region: 'kernel' | 'free', page: number, offset: number): number {
    const plan = this.e.host.plan;
    const [first, pages] = region === 'kernel' ? [plan.kernelFirstPage, plan.kernelPages] : [plan.freeFirstPage, plan.freePages];
    if (!(page >= 0 && page < pages)) throw new RangeError(`the host has no ${region} page ${page} (it has ${pages})`);
    if (!(offset >= 0 && offset < plan.hostPageSize)) throw new RangeError(`offset ${offset} is outside a host page`);
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
    if (!(vm >= 0 && vm < this.vms && vcpu >= 0 && vcpu < h.vcpusPerVm)) throw new RangeError(`serror: VM ${vm} vCPU ${vcpu} does not exist`);
    const vi = h.vcpuIndex(vm, vcpu);
    const ids = opts.ids === true;
    const aet = AET_BITS[opts.aet];
    const dfsc = opts.dfsc ?? 0x11;
    const iss = ids ? 1 << 24 : dfsc === 0x11 ? (aet << 10) | 0x11 : 0;
    // The address is that of a page the vCPU's context uses now (its process, or the kernel).
    let hpa = opts.hpa ?? -1;
    if (opts.hpa !== undefined && !(hpa >= 0 && hpa < this.hostBytes)) throw new RangeError(`serror: hpa 0x${hpa.toString(16)} is outside host memory`);
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

  programErrorInjection(vm: number, vcpu: number, pfgctl: number, countdown: number, hpa?: number): void {
    const h = this.e.host;
    if (!(vm >= 0 && vm < this.vms && vcpu >= 0 && vcpu < h.vcpusPerVm)) throw new RangeError(`programErrorInjection: VM ${vm} vCPU ${vcpu} does not exist`);
    if (!Number.isInteger(countdown) || countdown < 0 || countdown > 0xffff_ffff) throw new RangeError(`programErrorInjection: countdown ${countdown} is not a 32-bit count`);
    if (!Number.isInteger(pfgctl) || pfgctl < 0 || pfgctl > 0xffff_ffff) throw new RangeError(`programErrorInjection: PFGCTL ${pfgctl} is not a 32-bit value`);
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

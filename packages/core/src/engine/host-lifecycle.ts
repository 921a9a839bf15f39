/**
 * A host's life cycle events: a killed process restarting on fresh pages, a panicked guest
 * rebooting (its GHES blocks reset, fresh host pages for the hwpoisoned ones), a host rebooting
 * (poison in DRAM survives unless transient, memory_failure() state does not), and the error
 * records' fault-injection countdowns advancing with time.
 */
import { resetGhesSource } from '../apei/ghes-layout.js';
import { clearBlocked } from './handover.js';
import { PAGE_FLAG_HWPOISON, VCPU_F64, VCPU_I32, VCPU_STATE_RUNNING, VF_CLOCK_NS, VI_BOOTS, VI_HCR_VSE, VI_PSTATE, VI_SEA_PENDING, VI_STATE, VI_STOP_REASON } from '../memory/layout.js';
import type { Engine } from './engine-host.js';
import { L_VMM, P_VMM } from './flow.js';
import { pfgFired } from './error-injection.js';
import { PROC_ALIVE, VM_UP } from './host.js';
import { J_FLAGS, JF_TRANSIENT } from './journey-log.js';

export class HostLifecycle {
  /** Host time up to which the error records' fault-injection countdowns have been advanced. */
  private pfgTickedTo = 0;

  constructor(private readonly e: Engine) {}

  /** Time the countdowns were advanced to (checkpoints). */
  get tickedTo(): number {
    return this.pfgTickedTo;
  }

  set tickedTo(t: number) {
    this.pfgTickedTo = t;
  }

  /** Advances every armed fault-injection countdown to `t` (one count per ns). Returns records that fired. */
  tickErrorRecords(t: number): number {
    const n = Math.max(0, Math.floor(t - this.pfgTickedTo));
    this.pfgTickedTo = Math.max(this.pfgTickedTo, t);
    return n > 0 ? this.e.host.rasNode.tick(n) : 0;
  }

  pfgFires(record: number, vi: number, t: number): void {
    const fired = this.tickErrorRecords(t);
    if ((fired & (1 << record)) === 0) return; // re-programmed or disarmed since
    pfgFired(this.e, record, vi, t);
  }

  restartProcess(vm: number, pid: number): void {
    const h = this.e.host;
    if (h.vmState[vm] !== VM_UP) return;
    // A guest with too few pages left (offlined ones are never reused) cannot restart it.
    if (h.guests[vm]!.mapProcess(pid)) {
      h.procState[vm * h.processes + pid] = PROC_ALIVE;
      this.e.flow.ratesChanged?.(vm, this.e.flow.hostNow);
    }
  }

  rebootGuest(vm: number, t: number): void {
    if (!this.e.host.hostUp) return;
    // The VMM gives the rebooted guest fresh host pages for the hwpoisoned ones: the poison and
    // the memory_failure() state of those pages go away with the old pages.
    const h = this.e.host;
    const p = h.plan.vms[vm]!;
    const inRam = (page: number): boolean => page >= p.firstHostPage && page < p.firstHostPage + p.ramHostPages;
    h.poison.forEachPoisoned((page, flags, granule) => {
      if (inRam(page) && (flags & PAGE_FLAG_HWPOISON) !== 0) h.poison.clearGranule(page, granule);
    });
    for (let page = p.firstHostPage; page < p.firstHostPage + p.ramHostPages; page++) {
      if (h.poison.pageHasSlot(page)) h.poison.clearFlags(page, -1);
    }
    this.bootVm(vm, t);
  }

  rebootHost(t: number): void {
    const h = this.e.host;
    // Poison in DRAM survives a reboot unless the fault was transient; memory_failure() state
    // (PG_hwpoison, unmappings) does not.
    h.poison.forEachPoisoned((page, _flags, granule) => {
      const j = h.granuleJourney.get(page, granule);
      if (j >= 0 && (h.journeys.int(j, J_FLAGS) & JF_TRANSIENT) !== 0) h.poison.clearGranule(page, granule);
    });
    for (let page = 0; page < h.plan.hostPages; page++) if (h.poison.pageHasSlot(page)) h.poison.clearFlags(page, -1);
    // Firmware halted without clearing the record it could not handle: a reset clears them all.
    for (let n = 0; n < h.rasRecords; n++) h.rasNode.writeStatus(n, h.rasNode.readStatus(n));
    // Firmware sets its GHES region up again at boot: a record the dead host never read (its
    // notification was lost with the host) must not keep the source busy after the reboot.
    for (const s of h.hostGhesPlan.sources) resetGhesSource(h.hostGhes, s);
    h.hostUp = true;
    for (let vm = 0; vm < h.vmState.length; vm++) this.bootVm(vm, t);
  }

  /** Boots VM `vm` at time `t`: fresh guest mappings, GHES blocks reset, every process alive. */
  private bootVm(vm: number, t: number): void {
    const h = this.e.host;
    h.guests[vm]!.boot();
    for (const s of h.guestGhesPlan.sources) resetGhesSource(h.guestGhes[vm]!, s);
    h.guestAckAt.fill(t, vm * h.guestGhesPlan.sources.length, (vm + 1) * h.guestGhesPlan.sources.length);
    h.procState.fill(PROC_ALIVE, vm * h.processes, (vm + 1) * h.processes);
    h.vmState[vm] = VM_UP;
    this.e.flow.ratesChanged?.(vm, t);
    const onBoot = h.vmm.onVmBoot;
    if (onBoot !== undefined) {
      const f = this.e.flow;
      const saved = f.enter(P_VMM, L_VMM, 'onVmBoot');
      f.vm = vm;
      f.vi = -1;
      try {
        onBoot.call(h.vmm, vm, t);
      } catch (err) {
        throw f.hookError(err);
      } finally {
        f.leave(saved);
      }
    }
    for (let c = 0; c < h.vcpusPerVm; c++) {
      const vi = h.vcpuIndex(vm, c);
      h.vcpus.i32[vi * VCPU_I32 + VI_STATE] = VCPU_STATE_RUNNING;
      h.vcpus.i32[vi * VCPU_I32 + VI_PSTATE] = 0;
      h.vcpus.i32[vi * VCPU_I32 + VI_SEA_PENDING] = 0;
      h.vcpus.i32[vi * VCPU_I32 + VI_HCR_VSE] = 0;
      // Work handed over before the boot dies with the old guest (handover.ts drops it).
      clearBlocked(h, vi);
      h.vcpus.i32[vi * VCPU_I32 + VI_STOP_REASON] = 0;
      h.vcpus.i32[vi * VCPU_I32 + VI_BOOTS]!++;
      this.e.dropPendingSErrors(vi);
      h.vcpus.f64[vi * VCPU_F64 + VF_CLOCK_NS] = Math.max(h.vcpus.f64[vi * VCPU_F64 + VF_CLOCK_NS]!, t);
    }
  }
}

/**
 * The journey machinery of one host: who is handling what right now, calling plugin hooks with
 * their errors wrapped, the hand-over queue between layers, and the consequences that end
 * journeys (kills, panics, terminations). The hardware side (what starts a journey) is in
 * hardware-events.ts; the contexts plugins see are in contexts-*.ts.
 */
import { CLW_HOOK, CLW_HOST, CLW_SEQ, CLW_VCPU } from '../memory/layout.js';
import { HOOK_INDEX } from '../plugin/hook-names.js';
import { VCPU_F64, VCPU_I32, VCPU_STATE_RUNNING, VCPU_STATE_STOPPED, VF_CLOCK_NS, VF_LOST_NS, VI_HCR_VSE, VI_SEA_PENDING, VI_STATE } from '../memory/layout.js';
import { PluginError } from '../plugin/plugin-error.js';
import type { HypervisorContext } from '../plugin/contexts.js';
import { ACTION, L_GUEST, L_HYPERVISOR, L_VMM, O_GUEST_PANIC, O_HOST_PANIC, O_VM_TERMINATED, type ActionName } from '../plugin/vocabulary.js';
import { C_HOSTS_LOST, C_VMS_LOST } from './counts.js';
import { EK_FIRMWARE_TIMER, EK_GUEST_REBOOT, EK_HOST_REBOOT, EK_PROCESS_RESTART } from './event-queue.js';
import { HostSim, PROC_DEAD, VM_HOST_DOWN, VM_PANICKED, VM_TERMINATED, VM_UP } from './host.js';
import { J_VM_DOWN } from './journey-log.js';
import { WorkFifo } from './work-fifo.js';
import { pluginOrder, type LoadedPlugin } from './plugin-set.js';

/** Which plugin runs now, for steps and error messages. */
export const P_FIRMWARE = 0;
export const P_HYPERVISOR = 1;
export const P_VMM = 2;
export const P_GUEST = 3;
export const P_WORKLOAD = 4;
export const P_INJECTOR = 5; // + injector index

export class Flow {
  readonly fifo = new WorkFifo();
  /** The journey being handled, the vCPU (host index) it runs on, or -1. */
  private jid = -1;
  get j(): number {
    return this.jid;
  }
  set j(v: number) {
    this.jid = v;
    this.host.flowJourney = v;
  }
  vi = -1;
  vm = -1;
  /** Host time when no vCPU is involved (events). */
  hostNow = 0;
  /** The hook's layer as a step layer (L_*), and the plugin index (P_*). */
  layer = 0;
  plugin = 0;
  hook = '';
  /** The hypervisor's context, for calls that cross into KVM from another layer. */
  hvCtx!: HypervisorContext;
  /** Counter of draws of each plugin's random stream (per host). */
  readonly pluginDraws: Float64Array;

  constructor(readonly host: HostSim) {
    this.pluginDraws = new Float64Array(host.pluginKeys.length);
  }

  /** Simulated time of the current call: the vCPU's clock, or the host's event time. */
  now(): number {
    return this.vi >= 0 ? this.host.vcpus.f64[this.vi * VCPU_F64 + VF_CLOCK_NS]! : this.hostNow;
  }

  /** Charges handler time to the current vCPU. */
  charge(ns: number): void {
    if (!(ns >= 0) || !Number.isFinite(ns)) throw new RangeError(`chargeNs(${ns}): not a non-negative finite number`);
    if (this.vi < 0) return;
    const f = this.host.vcpus.f64;
    f[this.vi * VCPU_F64 + VF_CLOCK_NS]! += Math.round(ns);
    f[this.vi * VCPU_F64 + VF_LOST_NS]! += Math.round(ns);
  }

  /** Records a step of the current journey by the current layer. */
  step(action: number, esr = -1, addr = -1, signal = -1, code = -1, source = -1, layer = this.layer): void {
    if (this.j < 0) return;
    this.host.journeys.step(this.j, layer, action, this.now(), esr, addr, signal, code, source);
  }

  stepText(action: ActionName, text: string, layer = this.layer): void {
    if (this.j < 0) return;
    this.host.journeys.step(this.j, layer, ACTION[action], this.now(), -1, -1, -1, -1, -1, this.host.journeys.text(text));
  }

  raise(rank: number): void {
    if (this.j >= 0) this.host.journeys.raise(this.j, rank, this.now());
  }

  pluginName(p: number): string {
    return pluginOrder<LoadedPlugin>(this.host.plugins)[p]?.definition.name ?? '?';
  }

  /** Wraps an exception thrown by a hook with plugin, hook, VM, vCPU and time. */
  hookError(err: unknown): PluginError {
    const vcpu = this.vi >= 0 ? this.vi % this.host.vcpusPerVm : -1;
    const layer = pluginOrder<LoadedPlugin>(this.host.plugins)[this.plugin]?.definition.layer ?? 'injector';
    return new PluginError(
      { plugin: this.pluginName(this.plugin), layer, hook: this.hook, host: this.host.index, vm: this.vm, vcpu, nowNs: this.now() },
      err,
    );
  }

  /** The worker's watchdog words in the control block (CLW_*), or null outside rasflow run's workers. */
  watch: Int32Array | null = null;
  private depth = 0;

  /** Enters a hook: remembers who runs for steps and errors. Returns the previous state for leave(). */
  enter(plugin: number, layer: number, hook: string): number {
    const w = this.watch;
    if (w !== null) {
      // Plain stores: only this thread writes them, and the watchdog reads them seconds apart.
      w[CLW_SEQ]!++;
      w[CLW_HOOK] = ((plugin << 8) | (HOOK_INDEX[hook] ?? 255)) + 1;
      w[CLW_VCPU] = this.vi;
      w[CLW_HOST] = this.host.index;
    }
    this.depth++;
    const saved = (this.plugin << 8) | this.layer;
    this.plugin = plugin;
    this.layer = layer;
    this.hook = hook;
    return saved;
  }

  leave(saved: number): void {
    this.plugin = saved >>> 8;
    this.layer = saved & 0xff;
    if (--this.depth === 0 && this.watch !== null) this.watch[CLW_HOOK] = 0;
  }

  /** Uniform u32 of plugin `p`'s stream. */
  random32(p: number, draw32: (key: number, n: number) => number): number {
    return draw32(this.host.pluginKeys[p]!, this.pluginDraws[p]!++);
  }

  // ---- consequences -------------------------------------------------------------------------

  /** The VM goes down (guest panic, VMM exit, host panic): its vCPUs stop. */
  vmDown(vm: number, state: number): void {
    const h = this.host;
    if (h.vmState[vm] !== VM_UP) return;
    h.vmState[vm] = state;
    h.vmLostCount[vm]!++;
    h.counts[C_VMS_LOST]!++;
    for (let c = 0; c < h.vcpusPerVm; c++) {
      const i = h.vcpuIndex(vm, c) * VCPU_I32;
      h.vcpus.i32[i + VI_STATE] = VCPU_STATE_STOPPED;
      h.vcpus.i32[i + VI_SEA_PENDING] = 0;
      h.vcpus.i32[i + VI_HCR_VSE] = 0;
    }
    if (this.j >= 0) h.journeys.setInt(this.j, J_VM_DOWN, 1);
    const reboot = h.scenario.guest.rebootNs;
    if (state === VM_PANICKED && reboot !== null) h.queue.push(this.now() + reboot, EK_GUEST_REBOOT, vm, -1, 0, 0);
  }

  guestPanic(reason: string): void {
    this.stepText('panic', reason, L_GUEST);
    this.raise(O_GUEST_PANIC);
    this.vmDown(this.vm, VM_PANICKED);
  }

  terminateVm(reason: string): void {
    this.stepText('vm-terminated', reason, L_VMM);
    this.raise(O_VM_TERMINATED);
    this.vmDown(this.vm, VM_TERMINATED);
  }

  /** The VMM exits and its supervisor starts the VM again after `afterNs`, on fresh host pages. */
  restartVm(reason: string, afterNs: number): void {
    const vm = this.vm;
    const up = this.host.vmState[vm] === VM_UP;
    this.terminateVm(reason);
    if (up) this.host.queue.push(this.now() + afterNs, EK_GUEST_REBOOT, vm, -1, 0, 0);
  }

  /** The host panics or halts: every VM goes down, pending events are dropped. */
  hostPanic(action: 'halt' | 'host-panic', reason: string): void {
    const h = this.host;
    this.stepText(action, reason, action === 'halt' ? this.layer : L_HYPERVISOR);
    this.raise(O_HOST_PANIC);
    if (!h.hostUp) return;
    const now = this.now();
    for (let vm = 0; vm < h.vmState.length; vm++) this.vmDown(vm, VM_HOST_DOWN);
    h.hostUp = false;
    h.counts[C_HOSTS_LOST]!++;
    // The guests' own pending life (restarts, reboots) and firmware's timers end with the host;
    // what injects hardware errors (injectors, fault-injection countdowns) goes on and finds the
    // host down or rebooted.
    h.queue.drop((1 << EK_PROCESS_RESTART) | (1 << EK_GUEST_REBOOT) | (1 << EK_FIRMWARE_TIMER));
    this.fifo.clear();
    const reboot = h.scenario.hosts.rebootNs;
    if (reboot !== null) h.queue.push(now + reboot, EK_HOST_REBOOT, -1, -1, 0, 0);
  }

  /** Process `pid` of the current VM dies; it restarts after guest.restartNs on fresh pages. */
  processDies(pid: number): void {
    const h = this.host;
    const k = this.vm * h.processes + pid;
    if (h.procState[k] === PROC_DEAD) return;
    h.procState[k] = PROC_DEAD;
    const restart = h.scenario.guest.restartNs;
    if (restart !== null) h.queue.push(this.now() + restart, EK_PROCESS_RESTART, this.vm, -1, pid, 0);
    this.ratesChanged?.(this.vm, this.now());
  }

  /** time: "sampled": told when a VM's reads change (engine/sampled-time.ts); null otherwise. */
  ratesChanged: ((vm: number, now: number) => void) | null = null;

  /** Stops a vCPU for the rest of the run (a livelocked kernel context). */
  stopVcpu(vi: number): void {
    this.host.vcpus.i32[vi * VCPU_I32 + VI_STATE] = VCPU_STATE_STOPPED;
  }

  vcpuRunning(vi: number): boolean {
    return this.host.hostUp && this.host.vcpus.i32[vi * VCPU_I32 + VI_STATE] === VCPU_STATE_RUNNING;
  }
}

export { L_GUEST, L_HYPERVISOR, L_VMM };

/**
 * Calls into the RAS layers' hooks, one function per layer, each wrapping what a hook throws with
 * the plugin, the hook, the VM, the vCPU and the simulated time (flow.ts hookError). No closures:
 * these run on the journey path.
 */
import { L_FIRMWARE, L_GUEST, L_HYPERVISOR, L_VMM } from '../plugin/vocabulary.js';
import type { VmmSignal } from '../plugin/contexts.js';
import type { Engine } from './engine-host.js';
import { P_FIRMWARE, P_GUEST, P_HYPERVISOR, P_VMM } from './flow.js';

export function callFirmware(e: Engine, hook: 'onSyncExternalAbort' | 'onSError' | 'onCorrectedOverflow' | 'onTimer', tag = -1, waitedNs = 0): void {
  const f = e.flow;
  const saved = f.enter(P_FIRMWARE, L_FIRMWARE, hook);
  e.fwCtx.waitedNs = waitedNs;
  e.fwCtx.retried = false;
  e.fwCtx.leftEl3 = false;
  try {
    if (hook === 'onTimer') e.host.firmware.onTimer!(e.fwCtx, tag);
    else e.host.firmware[hook]!(e.fwCtx);
  } catch (err) {
    throw f.hookError(err);
  } finally {
    f.leave(saved);
  }
}

export function callHypervisor(e: Engine, hook: 'onGuestSea' | 'onGuestSError' | 'onStage2Fault' | 'onHostSea' | 'onSdeiEvent' | 'onGhesInterrupt', source = -1): void {
  const f = e.flow;
  const saved = f.enter(P_HYPERVISOR, L_HYPERVISOR, hook);
  try {
    if (hook === 'onSdeiEvent' || hook === 'onGhesInterrupt') e.host.hypervisor[hook]!(e.hvCtx, source);
    else e.host.hypervisor[hook]!(e.hvCtx);
  } catch (err) {
    throw f.hookError(err);
  } finally {
    e.hvCtx.endHook(); // the hook's own journey, VM and vCPU again, for what follows it
    f.leave(saved);
  }
}

export function callVmm(e: Engine, hook: 'onSigbus', signal: VmmSignal): void {
  const f = e.flow;
  const saved = f.enter(P_VMM, L_VMM, hook);
  try {
    e.host.vmm.onSigbus(e.vmmCtx, signal);
  } catch (err) {
    throw f.hookError(err);
  } finally {
    f.leave(saved);
  }
}

export function callVmmExit(e: Engine, esr: number, gva: number, gpa: number): void {
  const f = e.flow;
  const saved = f.enter(P_VMM, L_VMM, 'onSeaExit');
  try {
    e.host.vmm.onSeaExit!(e.vmmCtx, esr, gva, gpa);
  } catch (err) {
    throw f.hookError(err);
  } finally {
    f.leave(saved);
  }
}

export function callGuest(e: Engine, hook: 'onSea' | 'onSError' | 'onPoisonedPte'): void {
  const f = e.flow;
  const saved = f.enter(P_GUEST, L_GUEST, hook);
  try {
    e.host.guest[hook]!(e.guestCtx);
  } catch (err) {
    throw f.hookError(err);
  } finally {
    f.leave(saved);
  }
}

/**
 * A Linux-like guest kernel (flow.md §3.4, §4): its GHES driver reads and acks the guest's
 * blocks, memory_failure() offlines pages, and processes are killed or the kernel panics. The
 * seed guest also has an SEI notification; the upstream guest neither reads its block for an SEA
 * at EL1 nor knows SEI.
 *
 * @module
 */
import { BUS_MCEERR_AO, BUS_MCEERR_AR, BUS_OBJERR, SIGBUS, type GhesReading, type GuestContext, type GuestHooks } from '@rasflow/core';
import { GUEST_NS, latencyField } from './latency.js';
import { AET_CE, AET_UEO, SEV_RECOVERABLE, serrorAet, serrorDfsc, serrorIds } from './syndromes.js';

/**
 * The options of the guest kernel plugin (`plugins.guest.options`): a Linux-like guest's GHES
 * driver, memory_failure() and kill policy; `sei` and `claimKernelSea` default by profile.
 */
export interface GuestOptions {
  /** The guest's APEI handles SEI notifications (the seed design). */
  sei: boolean;
  /** The guest's APEI claims an SEA taken at EL1 (seed); upstream oopses without reading. */
  claimKernelSea: boolean;
  /** Kill every process mapping a page offlined by an asynchronous error now (early kill). */
  earlyKill: boolean;
  /**
   * The GHES driver acks what it read (GHESv2). False models a driver that never acks, so the
   * VMM finds the block busy at the next error (flow.md §6 S5).
   */
  ackRecords: boolean;
  /**
   * Time the guest's GHES handling and memory_failure() take per error, in ns (default 30,000).
   */
  latencyNs: number;
}

/** The options schema, with the defaults of a profile (`sei`, `claimKernelSea`). */
export function guestOptionsSchema(d: Pick<GuestOptions, 'sei' | 'claimKernelSea'>): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      sei: { type: 'boolean', default: d.sei, description: 'SEI notification support.' },
      claimKernelSea: { type: 'boolean', default: d.claimKernelSea, description: 'APEI claims SEAs taken at EL1.' },
      earlyKill: { type: 'boolean', default: false, description: 'vm.memory_failure_early_kill.' },
      ackRecords: { type: 'boolean', default: true, description: 'The GHES driver acks what it read (false: a driver that never acks).' },
      latencyNs: latencyField(GUEST_NS, 'Guest GHES handling and memory_failure().'),
    },
  };
}

/**
 * The hooks of a Linux-like guest kernel with options `o`: on an SEA or SError at EL1 its GHES
 * driver reads and acks the guest's block, memory_failure() offlines the pages named, and the
 * process that consumed the error is killed (SIGBUS BUS_MCEERR_AR) or the kernel panics.
 * `recordWithoutAddress` is the SIGBUS si_code of a process whose SEA came with a record that
 * names no address: upstream Linux's ghes_do_proc() ends a synchronous error that queued no work
 * with force_sig(SIGBUS), si_code SI_KERNEL; the seed profile's kernel sent BUS_OBJERR.
 */
export function createGuest(o: GuestOptions, recordWithoutAddress: number = BUS_OBJERR): GuestHooks {
  const r: GhesReading = { result: 'none', severity: 0, validationBits: 0, physicalAddress: -1 };
  /** Addresses of the records of one block (at most 26 fit a 4 KiB block), reused. */
  const pas = new Float64Array(32);
  const others: number[] = [];

  function lateOrEarlyKill(g: GuestContext, pids: readonly number[]): void {
    if (!o.earlyKill) return; // late kill: each process dies when it next touches the page
    for (const pid of pids) g.killProcess(pid, SIGBUS, BUS_MCEERR_AO);
  }

  return {
    onSea(g) {
      g.chargeNs(o.latencyNs);
      if (g.el === 1 && !o.claimKernelSea) return g.panic('synchronous external abort in the kernel, not claimed by APEI (oops)');
      const src = g.guestSource('sea');
      if (src >= 0) g.readSource(src, r);
      else r.result = 'none';
      if (r.result === 'none') {
        if (g.el === 1) return g.panic('synchronous external abort in the kernel with no error record');
        return g.killProcess(g.pid, SIGBUS, BUS_OBJERR);
      }
      // Every record of the block (a batching VMM may have put several), read before the ack
      // clears the block; then memory_failure() on each.
      const n = Math.min(g.recordCount(src), pas.length);
      let count = 0;
      for (let k = 0; k < n; k++) {
        if (k > 0) g.readSourceEntry(src, k, r);
        if (r.result === 'record' && r.physicalAddress >= 0) pas[count++] = r.physicalAddress;
      }
      if (o.ackRecords) g.ack(src);
      const anyAddress = count > 0;
      let offlined = false;
      others.length = 0;
      for (let k = 0; k < count; k++) {
        const pids = g.memoryFailure(Math.floor(pas[k]! / 2 ** g.guestPageShift));
        if (pids === null) continue;
        offlined = true;
        for (const p of pids) if (p !== g.pid && !others.includes(p)) others.push(p);
      }
      if (anyAddress) {
        // Already offlined: memory_failure() kills nothing (the faulting page is another one), and
        // the access re-executes (flow.md §6 H2).
        if (!offlined) return g.resume();
        if (g.el === 1) return g.panic('the kernel consumed poison');
        g.killProcess(g.pid, SIGBUS, BUS_MCEERR_AR);
        return lateOrEarlyKill(g, others);
      }
      if (g.el === 1) return g.panic('synchronous external abort in the kernel without an address');
      g.killProcess(g.pid, SIGBUS, recordWithoutAddress);
    },

    onSError(g) {
      g.chargeNs(o.latencyNs);
      if (o.sei) {
        const src = g.guestSource('sei');
        if (src >= 0) {
          g.readSource(src, r);
          if (r.result !== 'none' && o.ackRecords) g.ack(src);
          if (r.result === 'record' && r.physicalAddress >= 0 && r.severity === SEV_RECOVERABLE) {
            const pids = g.memoryFailure(Math.floor(r.physicalAddress / 2 ** g.guestPageShift));
            if (pids !== null) lateOrEarlyKill(g, pids);
            return g.resume();
          }
        }
      }
      const esr = g.esrEl1;
      if (serrorIds(esr)) return g.panic('SError with an IMPLEMENTATION DEFINED syndrome');
      if (serrorDfsc(esr) !== 0x11) return g.panic('uncategorized SError');
      const aet = serrorAet(esr);
      if (aet === AET_CE || aet === AET_UEO) return g.ignore(aet === AET_CE ? 'corrected SError' : 'restartable SError (UEO)');
      g.panic(`fatal SError (AET ${aet})`);
    },

    onPoisonedPte(g) {
      g.chargeNs(o.latencyNs);
      if (g.el === 1 || g.pid < 0) return g.panic('the kernel touched a hwpoisoned page');
      g.killProcess(g.pid, SIGBUS, BUS_MCEERR_AR);
    },
  };
}

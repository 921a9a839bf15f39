/**
 * A QEMU-like VMM (flow.md §3.3): SIGBUS with BUS_MCEERR_AR for guest RAM becomes a CPER in the
 * guest's SEA source and an injected SEA; in the seed profile BUS_MCEERR_AO becomes a CPER in the
 * guest's SEI source and a virtual SError through the set-syndrome call; anything else it cannot
 * attribute to guest RAM makes it exit.
 */
import { BUS_MCEERR_AO, BUS_MCEERR_AR, type GhesSourceKind, type VmmContext, type VmmHooks } from '@rasflow/core';
import { latencyField, VMM_NS } from './latency.js';
import { ESR_QEMU_SEA_EL0, ESR_QEMU_SEA_EL1, SEV_RECOVERABLE, VALID_PA_TYPE, VSESR_UEO } from './syndromes.js';

export interface VmmOptions {
  /** BUS_MCEERR_AO for guest RAM: record it and inject a virtual SError (seed), or ignore it (QEMU). */
  actionOptional: 'inject-virtual-serror' | 'ignore';
  /** When the guest has not acked the previous record: exit like QEMU, or wait for the re-fault. */
  busyPolicy: 'terminate' | 'queue';
  /** vCPU that gets the virtual SError of an AO signal (QEMU takes AO on its main thread). */
  actionOptionalVcpu: number;
  /** KVM_EXIT_ARM_SEA handling: inject an SEA without a record, or exit. */
  seaExit: 'inject-sea' | 'terminate';
  latencyNs: number;
}

export function vmmOptionsSchema(d: Pick<VmmOptions, 'actionOptional'>): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      actionOptional: { enum: ['inject-virtual-serror', 'ignore'], default: d.actionOptional, description: 'BUS_MCEERR_AO for guest RAM.' },
      busyPolicy: { enum: ['terminate', 'queue'], default: 'terminate', description: 'Guest block not acknowledged.' },
      actionOptionalVcpu: { type: 'integer', minimum: 0, maximum: 511, default: 0, description: 'vCPU for the AO virtual SError.' },
      seaExit: { enum: ['inject-sea', 'terminate'], default: 'inject-sea', description: 'KVM_EXIT_ARM_SEA policy.' },
      latencyNs: latencyField(VMM_NS, 'Signal delivery and the VMM handler.'),
    },
  };
}

export function createVmm(o: VmmOptions, seiSource: boolean): VmmHooks {
  const kinds: GhesSourceKind[] = seiSource ? ['sea', 'sei'] : ['sea'];

  /** Writes the guest record; false when the VMM gave up (terminated or queued). */
  function record(v: VmmContext, kind: GhesSourceKind, gpa: number): boolean {
    const src = v.guestSource(kind);
    if (src < 0) return true;
    if (v.writeGuestMemoryRecord(src, SEV_RECOVERABLE, gpa, VALID_PA_TYPE)) return true;
    if (o.busyPolicy === 'terminate') v.terminateVm('the guest did not acknowledge the previous error; the VMM cannot record this one and exits');
    else v.note('guest block busy: the error is not recorded now; the guest re-faults and the VMM tries again');
    return false;
  }

  return {
    guestSources: { kinds, shared: true },

    onSigbus(v, sig) {
      v.chargeNs(o.latencyNs);
      const gpa = sig.hostVa >= 0 ? v.hostVaToGuestPa(sig.hostVa) : -1;
      if (sig.code === BUS_MCEERR_AR) {
        if (gpa < 0) return v.terminateVm('SIGBUS BUS_MCEERR_AR for memory that is not guest RAM');
        const vcpu = sig.thread >= 0 ? sig.thread : 0;
        if (!record(v, 'sea', gpa)) return;
        return v.injectSea(v.guestEl(vcpu) === 1 ? ESR_QEMU_SEA_EL1 : ESR_QEMU_SEA_EL0, vcpu);
      }
      if (sig.code === BUS_MCEERR_AO) {
        if (gpa < 0) return v.ignore('BUS_MCEERR_AO for memory that is not guest RAM');
        if (o.actionOptional === 'ignore') return v.ignore('BUS_MCEERR_AO for guest RAM is ignored (QEMU)');
        if (!record(v, 'sei', gpa)) return;
        // A SIGBUS carries no severity, so the VMM reports the error as restartable (UEO).
        const rc = v.setSErrorEsr(VSESR_UEO, o.actionOptionalVcpu);
        if (rc !== 0) v.note(`set-syndrome call failed (${rc})`);
        return;
      }
      v.terminateVm(`SIGBUS with si_code ${sig.code} kills the VMM`);
    },

    onSeaExit(v) {
      v.chargeNs(o.latencyNs);
      if (o.seaExit === 'terminate') return v.terminateVm('KVM_EXIT_ARM_SEA: the VMM policy stops the VM');
      const vcpu = Math.max(0, v.vcpu);
      v.injectSea(v.guestEl(vcpu) === 1 ? ESR_QEMU_SEA_EL1 : ESR_QEMU_SEA_EL0, vcpu);
    },
  };
}

/**
 * A QEMU-like VMM (flow.md §3.3): SIGBUS with BUS_MCEERR_AR for guest RAM becomes a CPER in the
 * guest's SEA source and an injected SEA; in the seed profile BUS_MCEERR_AO becomes a CPER in the
 * guest's SEI source and a virtual SError through the set-syndrome call; anything else it cannot
 * attribute to guest RAM makes it exit.
 *
 * @module
 */
import { BUS_MCEERR_AO, BUS_MCEERR_AR, sigbusCodeName, type GhesSourceKind, type VmmContext, type VmmHooks } from '@rasflow/core';
import { latencyField, VMM_NS } from './latency.js';
import { ESR_QEMU_SEA_EL0, ESR_QEMU_SEA_EL1, SEV_RECOVERABLE, VALID_PA_TYPE, VSESR_UEO } from './syndromes.js';

/**
 * The options of the VMM plugin (`plugins.vmm.options`): what a QEMU-like VMM does with a SIGBUS
 * from the host's memory_failure(); `actionOptional` defaults by profile.
 */
export interface VmmOptions {
  /** BUS_MCEERR_AO for guest RAM: record it and inject a virtual SError (seed), or ignore it (QEMU). */
  actionOptional: 'inject-virtual-serror' | 'ignore';
  /**
   * When the guest has not acked the previous record: exit like QEMU, wait for the re-fault
   * (`queue`), or add the record to the same block (`batch`, exiting when it is full).
   */
  busyPolicy: 'terminate' | 'queue' | 'batch';
  /**
   * A host page larger than the guest's (64 KiB over 4 KiB): record only the host-page-aligned
   * address si_addr gives (`qemu`), or one record per guest page of the host page
   * (`every-guest-page`, with 4 KiB guest blocks so they fit).
   */
  hostPageMismatch: 'qemu' | 'every-guest-page';
  /** The guest's page size, for `every-guest-page`. */
  guestPageSize: number;
  /** vCPU that gets the virtual SError of an AO signal (QEMU takes AO on its main thread). */
  actionOptionalVcpu: number;
  /** KVM_EXIT_ARM_SEA handling: inject an SEA without a record, or exit. */
  seaExit: 'inject-sea' | 'terminate';
  /** Time signal delivery and the VMM's handler take per error, in ns (default 25,000). */
  latencyNs: number;
}

/** The options schema, with the default `actionOptional` of a profile. */
export function vmmOptionsSchema(d: Pick<VmmOptions, 'actionOptional'>): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      actionOptional: { enum: ['inject-virtual-serror', 'ignore'], default: d.actionOptional, description: 'BUS_MCEERR_AO for guest RAM.' },
      busyPolicy: { enum: ['terminate', 'queue', 'batch'], default: 'terminate', description: 'Guest block not acknowledged.' },
      hostPageMismatch: { enum: ['qemu', 'every-guest-page'], default: 'qemu', description: 'Host page larger than the guest page.' },
      guestPageSize: { enum: [4096, 65536], default: 4096, description: "The guest's page size (every-guest-page)." },
      actionOptionalVcpu: { type: 'integer', minimum: 0, maximum: 511, default: 0, description: 'vCPU for the AO virtual SError.' },
      seaExit: { enum: ['inject-sea', 'terminate'], default: 'inject-sea', description: 'KVM_EXIT_ARM_SEA policy.' },
      latencyNs: latencyField(VMM_NS, 'Signal delivery and the VMM handler.'),
    },
  };
}

/**
 * The hooks of a QEMU-like VMM with options `o` (kvm_arch_on_sigbus_vcpu()): BUS_MCEERR_AR for
 * guest RAM becomes a CPER record in the guest's SEA GHES source and an injected SEA; with
 * `seiSource` (seed) BUS_MCEERR_AO becomes a record in the guest's SEI source and a virtual SError
 * through the set-syndrome call; anything it cannot attribute to guest RAM makes it exit.
 */
export function createVmm(o: VmmOptions, seiSource: boolean): VmmHooks {
  const kinds: GhesSourceKind[] = seiSource ? ['sea', 'sei'] : ['sea'];

  /** Writes one guest record; false when the VMM gave up (terminated or queued). */
  function recordOne(v: VmmContext, src: number, gpa: number): boolean {
    if (v.writeGuestMemoryRecord(src, SEV_RECOVERABLE, gpa, VALID_PA_TYPE)) return true;
    if (o.busyPolicy === 'batch' && v.appendGuestMemoryRecord(src, SEV_RECOVERABLE, gpa, VALID_PA_TYPE)) return true;
    if (o.busyPolicy === 'queue') {
      v.note('guest block busy: the error is not recorded now; the guest re-faults and the VMM tries again');
      return false;
    }
    v.terminateVm(o.busyPolicy === 'batch'
      ? 'the guest block is full of unacknowledged records; the VMM exits'
      : 'the guest did not acknowledge the previous error; the VMM cannot record this one and exits');
    return false;
  }

  /** Records the error at `gpa` (lost unit 2^lsb); false when the VMM gave up. */
  function record(v: VmmContext, kind: GhesSourceKind, gpa: number, lsb: number): boolean {
    const src = v.guestSource(kind);
    if (src < 0) return true;
    if (!recordOne(v, src, gpa)) return false;
    if (o.hostPageMismatch === 'every-guest-page') {
      // si_addr names the whole host page: every guest page in it is lost, so name each one.
      for (let p = gpa + o.guestPageSize; p < gpa + 2 ** lsb; p += o.guestPageSize) {
        if (!v.appendGuestMemoryRecord(src, SEV_RECOVERABLE, p, VALID_PA_TYPE)) {
          v.terminateVm('the guest block cannot hold a record for every guest page of the host page');
          return false;
        }
      }
    }
    return true;
  }

  return {
    guestSources: { kinds, shared: true, ...(o.hostPageMismatch === 'every-guest-page' ? { blockLength: 4096 } : {}) },

    onSigbus(v, sig) {
      v.chargeNs(o.latencyNs);
      const gpa = sig.hostVa >= 0 ? v.hostVaToGuestPa(sig.hostVa) : -1;
      if (sig.code === BUS_MCEERR_AR) {
        if (gpa < 0) return v.terminateVm('SIGBUS BUS_MCEERR_AR for memory that is not guest RAM');
        const vcpu = sig.thread >= 0 ? sig.thread : 0;
        if (!record(v, 'sea', gpa, sig.lsb)) return;
        return v.injectSea(v.guestEl(vcpu) === 1 ? ESR_QEMU_SEA_EL1 : ESR_QEMU_SEA_EL0, vcpu);
      }
      if (sig.code === BUS_MCEERR_AO) {
        if (gpa < 0) return v.ignore('BUS_MCEERR_AO for memory that is not guest RAM');
        if (o.actionOptional === 'ignore') return v.ignore('BUS_MCEERR_AO for guest RAM is ignored (QEMU)');
        if (!record(v, 'sei', gpa, sig.lsb)) return;
        // A SIGBUS carries no severity, so the VMM reports the error as restartable (UEO).
        const rc = v.setSErrorEsr(VSESR_UEO, o.actionOptionalVcpu);
        if (rc !== 0) v.note(`set-syndrome call failed (${rc})`);
        return;
      }
      // QEMU's sigbus_handler() re-raises every other code (SI_KERNEL from force_sig(),
      // BUS_OBJERR) with the default action, so the process dies of the signal.
      v.terminateVm(`SIGBUS ${sigbusCodeName(sig.code)} is not a memory error QEMU handles: it re-raises it and the VMM dies`);
    },

    onSeaExit(v) {
      v.chargeNs(o.latencyNs);
      if (o.seaExit === 'terminate') return v.terminateVm('KVM_EXIT_ARM_SEA: the VMM policy stops the VM');
      const vcpu = Math.max(0, v.vcpu);
      v.injectSea(v.guestEl(vcpu) === 1 ? ESR_QEMU_SEA_EL1 : ESR_QEMU_SEA_EL0, vcpu);
    },
  };
}

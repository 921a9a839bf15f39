// A host GHES block that __ghes_check_estatus() refuses is cleared and acknowledged, but APEI does
// not claim the SEA: ghes_notify_sea() fails, and KVM takes its no-record path (a virtual SError
// with the default syndrome, or with KVM_CAP_ARM_SEA_TO_USER an exit to the VMM), as if firmware
// had written nothing. It is not a claimed record with nothing queued (that one is force_sig()'s
// plain SIGBUS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GhesReading, HypervisorContext } from '@rasflow/core';
import { createHypervisor, hypervisorOptionsSchema, type HypervisorOptions } from '../../src/ras/hypervisor.js';

function upstream(over: Partial<HypervisorOptions> = {}): HypervisorOptions {
  const schema = hypervisorOptionsSchema({ serrorHandling: 'classify-only', unusableRecord: 'plain-sigbus' });
  const props = schema['properties'] as Record<string, { default: unknown }>;
  return { ...Object.fromEntries(Object.entries(props).map(([k, p]) => [k, p.default])), ...over } as unknown as HypervisorOptions;
}

/** A guest SEA whose SEA source holds a malformed block; returns what the hypervisor did, in order. */
function guestSea(o: HypervisorOptions): string[] {
  const did: string[] = [];
  const hv = {
    nowNs: 0, esrEl2: 0x9200_0010, farEl2: 0x1000, faultIpa: 0x5000, hostPageShift: 12, lossShift: 12,
    hostSource: () => 0,
    apeiRead(_src: number, out: GhesReading): number {
      Object.assign(out, { result: 'malformed', severity: 0, validationBits: 0, physicalAddress: -1 });
      return 1;
    },
    apeiAck: () => void did.push('ack'),
    chargeNs: () => undefined,
    note: () => undefined,
    sigbus: (code: number) => void did.push(`sigbus ${code}`),
    injectVirtualSError: (vsesr: number) => void did.push(`vserror 0x${vsesr.toString(16)}`),
    exitSeaToVmm: (_esr: number, _far: number, ipa: number) => void did.push(`exit ipa 0x${ipa.toString(16)}`),
    hostPanic: () => void did.push('panic'),
  };
  createHypervisor(o).onGuestSea!(hv as unknown as HypervisorContext);
  return did;
}

test('upstream: a malformed host block is acknowledged, then KVM injects its default virtual SError', () => {
  assert.deepEqual(guestSea(upstream()), ['ack', 'vserror 0x1000000']);
});

test('upstream with KVM_CAP_ARM_SEA_TO_USER: the SEA exits to the VMM', () => {
  assert.deepEqual(guestSea(upstream({ seaToUser: true })), ['ack', 'exit ipa 0x5000']);
});

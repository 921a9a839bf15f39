// Which si_code a plain SIGBUS (one that is not BUS_MCEERR_*) from the default hypervisor carries.
// Linux has two sources of it on arm64, and the two differ:
// - the firmware record was claimed by APEI but queued no memory_failure() work (no valid
//   address, corrected, not a memory section): ghes_do_proc() ends with
//   `if (sync && !queued) force_sig(SIGBUS)`, and force_sig() sends si_code SI_KERNEL (0x80) with
//   no address;
// - APEI claimed nothing (no record, or one __ghes_check_estatus() refuses) for the VMM's own
//   access: do_sea() sends the fault_info entry's SIGBUS BUS_OBJERR itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUS_OBJERR, SI_KERNEL, type GhesReading, type HypervisorContext } from '@rasflow/core';
import { createHypervisor, hypervisorOptionsSchema, type HypervisorOptions } from '../../src/ras/hypervisor.js';

const RECOVERABLE = 0;
const CORRECTED = 2;

function upstream(): HypervisorOptions {
  const schema = hypervisorOptionsSchema({ serrorHandling: 'classify-only', unusableRecord: 'plain-sigbus' });
  const props = schema['properties'] as Record<string, { default: unknown }>;
  return Object.fromEntries(Object.entries(props).map(([k, p]) => [k, p.default])) as unknown as HypervisorOptions;
}

/** A host whose SEA source holds `block` (undefined: Block Status 0); returns every SIGBUS sent as [code, hostVa, lsb]. */
function host(block: Partial<GhesReading> | undefined) {
  const signals: number[][] = [];
  const hv = {
    nowNs: 0, esrEl2: 0x9200_0010, farEl2: 0x1000, faultIpa: -1, hostPageShift: 12, lossShift: 12,
    hostSource: () => 0,
    apeiRead(_src: number, out: GhesReading): number {
      if (block === undefined) {
        out.result = 'none';
        return 0;
      }
      Object.assign(out, { result: 'record', severity: RECOVERABLE, validationBits: 0x4000, physicalAddress: -1 }, block);
      return 1;
    },
    apeiAck: () => undefined,
    apeiEndWalk: () => undefined,
    chargeNs: () => undefined,
    note: () => undefined,
    sigbus: (code: number, hostVa: number, lsb: number) => void signals.push([code, hostVa, lsb]),
    injectVirtualSError: () => assert.fail('no virtual SError on these paths'),
    hostPanic: () => assert.fail('no host panic on these paths'),
  };
  return { hv: hv as unknown as HypervisorContext, signals };
}

test('claimed records that queue nothing end in force_sig(SIGBUS): SI_KERNEL, no address; no claim at the VMM\'s own access is do_sea()\'s BUS_OBJERR', () => {
  const cases: Array<[string, 'onGuestSea' | 'onHostSea', Partial<GhesReading> | undefined, number]> = [
    ['guest SEA, record without an address', 'onGuestSea', {}, SI_KERNEL],
    ['guest SEA, corrected record', 'onGuestSea', { severity: CORRECTED, physicalAddress: 0x5000, validationBits: 0x4002 }, SI_KERNEL],
    ['guest SEA, not a memory section', 'onGuestSea', { result: 'other' }, SI_KERNEL],
    ['VMM access, record without an address', 'onHostSea', {}, SI_KERNEL],
    ['VMM access, not a memory section', 'onHostSea', { result: 'other' }, SI_KERNEL],
    ['VMM access, no record', 'onHostSea', undefined, BUS_OBJERR],
    ['VMM access, malformed block', 'onHostSea', { result: 'malformed' }, BUS_OBJERR],
  ];
  for (const [name, hook, block, code] of cases) {
    const { hv, signals } = host(block);
    createHypervisor(upstream())[hook]!(hv);
    assert.deepEqual(signals, [[code, -1, 0]], name);
  }
});

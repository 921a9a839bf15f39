// The default hypervisor on a host GHES block of several entries (a batching firmware's): like
// Linux's ghes_do_proc() it handles every entry, each after apeiReadEntry made it the current one
// (so in the journey of the error it names): a corrected one counted, a recoverable one with an
// address through memory_failure() (AR for an SEA, AO otherwise); a fatal one panics the host and
// ends the walk; KVM's own fallback comes after apeiEndWalk, in the notification's journey. A
// block of one entry is handled as before, without apeiReadEntry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUS_MCEERR_AO, BUS_MCEERR_AR, type GhesReading, type HypervisorContext } from '@rasflow/core';
import { createHypervisor, hypervisorOptionsSchema, type HypervisorOptions } from '../../src/ras/hypervisor.js';

const RECOVERABLE = 0;
const FATAL = 1;
const CORRECTED = 2;
interface Entry { sev: number; pa: number }

function options(profile: 'seed' | 'upstream'): HypervisorOptions {
  const schema = hypervisorOptionsSchema(profile === 'seed'
    ? { serrorHandling: 'handle-guest-sei', unusableRecord: 'virtual-serror' }
    : { serrorHandling: 'classify-only', unusableRecord: 'plain-sigbus' });
  const props = schema['properties'] as Record<string, { default: unknown }>;
  return Object.fromEntries(Object.entries(props).map(([k, p]) => [k, p.default])) as unknown as HypervisorOptions;
}

/** A host context whose source holds `entries`; every action is logged with the entry it was attributed to. */
function fakeHost(entries: Entry[], esrEl2 = 0x9200_0010) {
  let current = 'notification';
  const log: string[] = [];
  const fill = (e: Entry, out: GhesReading): void => {
    out.result = 'record';
    out.severity = e.sev;
    out.validationBits = e.pa >= 0 ? 0x4002 : 0x4000;
    out.physicalAddress = e.pa;
  };
  const hv = {
    nowNs: 0, esrEl2, farEl2: 0x1000, faultIpa: -1, hostPageShift: 12, lossShift: 12,
    hostSource: () => 3,
    apeiRead(_src: number, out: GhesReading): number {
      log.push(`read ${entries.length}`);
      if (entries.length === 0) {
        out.result = 'none';
        return 0;
      }
      fill(entries[0]!, out);
      if (entries.length > 1) current = 'entry 0';
      return entries.length;
    },
    apeiReadEntry(_src: number, k: number, out: GhesReading): void {
      fill(entries[k]!, out);
      current = `entry ${k}`;
    },
    apeiEndWalk: () => { current = 'notification'; },
    apeiAck: () => log.push(`ack @${current}`),
    chargeNs: () => undefined,
    note: () => undefined,
    classifyHostPa: () => 'guest-ram',
    hostVaOf: (pa: number) => 0x4000_0000 + pa,
    memoryFailure: (pa: number) => (log.push(`memory_failure 0x${pa.toString(16)} @${current}`), 'poisoned'),
    sigbus: (code: number) => log.push(`sigbus ${code === BUS_MCEERR_AR ? 'AR' : code === BUS_MCEERR_AO ? 'AO' : code} @${current}`),
    injectVirtualSError: () => log.push(`vserror @${current}`),
    exitSeaToVmm: () => log.push(`exit @${current}`),
    hostPanic: () => log.push(`panic @${current}`),
    countCorrected: () => log.push(`corrected @${current}`),
    ignore: () => log.push(`ignore @${current}`),
  };
  return { hv: hv as unknown as HypervisorContext, log };
}

test('a GHES interrupt (GPIO) with three entries: each handled as its own error, corrected counted, recoverable ones AO', () => {
  const { hv, log } = fakeHost([{ sev: CORRECTED, pa: -1 }, { sev: RECOVERABLE, pa: 0x5000 }, { sev: RECOVERABLE, pa: 0x9000 }]);
  createHypervisor(options('seed')).onGhesInterrupt!(hv, 3);
  assert.deepEqual(log, [
    'read 3', 'ack @entry 0', 'corrected @entry 0',
    'memory_failure 0x5000 @entry 1', 'sigbus AO @entry 1',
    'memory_failure 0x9000 @entry 2', 'sigbus AO @entry 2',
  ]);
});

test('an SDEI event (upstream) with two entries: both AO, as for one', () => {
  const { hv, log } = fakeHost([{ sev: RECOVERABLE, pa: 0x5000 }, { sev: RECOVERABLE, pa: 0x9000 }]);
  createHypervisor(options('upstream')).onSdeiEvent!(hv, 3);
  assert.deepEqual(log, ['read 2', 'ack @entry 0', 'memory_failure 0x5000 @entry 0', 'sigbus AO @entry 0', 'memory_failure 0x9000 @entry 1', 'sigbus AO @entry 1']);
});

test('an SEA whose block holds two recoverable entries: memory_failure() with AR for each (MF_ACTION_REQUIRED)', () => {
  const { hv, log } = fakeHost([{ sev: RECOVERABLE, pa: 0x5000 }, { sev: RECOVERABLE, pa: 0x9000 }]);
  createHypervisor(options('seed')).onGuestSea(hv);
  assert.deepEqual(log, ['read 2', 'ack @entry 0', 'memory_failure 0x5000 @entry 0', 'sigbus AR @entry 0', 'memory_failure 0x9000 @entry 1', 'sigbus AR @entry 1']);
});

test("an SEA whose entries leave nothing to do: KVM's fallback after the walk, in the notification's journey", () => {
  for (const [profile, fallback] of [['seed', 'vserror'], ['upstream', 'sigbus 128']] as const) {
    const { hv, log } = fakeHost([{ sev: CORRECTED, pa: 0x5000 }, { sev: RECOVERABLE, pa: -1 }]);
    createHypervisor(options(profile)).onGuestSea(hv);
    assert.deepEqual(log, ['read 2', 'ack @entry 0', `${fallback} @notification`], profile);
  }
});

test('a fatal entry panics the host where the walk reaches it and ends the walk', () => {
  const { hv, log } = fakeHost([{ sev: CORRECTED, pa: -1 }, { sev: FATAL, pa: 0x5000 }, { sev: RECOVERABLE, pa: 0x9000 }]);
  createHypervisor(options('seed')).onGhesInterrupt!(hv, 3);
  assert.deepEqual(log, ['read 3', 'ack @entry 0', 'corrected @entry 0', 'panic @entry 1']);
});

test('seed handle_guest_sei() with two entries: AO for each; an unusable block gets the virtual SError', () => {
  const two = fakeHost([{ sev: RECOVERABLE, pa: 0x5000 }, { sev: RECOVERABLE, pa: 0x9000 }], 0xbe00_0811);
  createHypervisor(options('seed')).onGuestSError(two.hv);
  assert.deepEqual(two.log, ['read 2', 'ack @entry 0', 'memory_failure 0x5000 @entry 0', 'sigbus AO @entry 0', 'memory_failure 0x9000 @entry 1', 'sigbus AO @entry 1']);
  const none = fakeHost([{ sev: RECOVERABLE, pa: -1 }, { sev: RECOVERABLE, pa: -1 }], 0xbe00_0811);
  createHypervisor(options('seed')).onGuestSError(none.hv);
  assert.deepEqual(none.log, ['read 2', 'ack @entry 0', 'vserror @notification']);
});

test('a block of one entry: no walk, handled as it always was', () => {
  const { hv, log } = fakeHost([{ sev: RECOVERABLE, pa: 0x5000 }]);
  createHypervisor(options('seed')).onGuestSea(hv);
  assert.deepEqual(log, ['read 1', 'ack @notification', 'memory_failure 0x5000 @notification', 'sigbus AR @notification']);
});

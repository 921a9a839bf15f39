// The VMM's options beyond QEMU's behaviour (flow.md §3.3): batching records into an
// unacknowledged guest block, and naming every guest page of a larger host page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, loadP0, PAGE, poisonP0, runRow, stepOf } from './run-row.js';

test('busyPolicy batch: a second error is added to the unacknowledged block and the guest handles both', async () => {
  const { journeys, counts } = await runRow({
    profile: 'seed',
    options: { guest: { ackRecords: false }, vmm: { busyPolicy: 'batch' } },
    injections: [poisonP0(), { kind: 'targeted', atNs: 1_000, target: { process: 1, page: 5 } }],
    accesses: [loadP0(), { atNs: 20_000, process: 1, address: 5 * PAGE }],
  });
  assert.equal(counts['vmTerminated'], 0, 'QEMU would exit here; the batching VMM does not');
  const second = journeys[1]!;
  // The write finds the block busy, and the record goes into it after the first one.
  assert.deepEqual(chain(second).filter((c) => c.startsWith('vmm:')), ['vmm:ack-busy', 'vmm:record-cper', 'vmm:inject-sea']);
  // The guest reads both records of the block at its second SEA: the old one is already offlined.
  assert.equal(chain(second).filter((c) => c === 'guest:ghes-read').length, 2);
  stepOf(second, 'already-poisoned', 'guest');
  stepOf(second, 'offline', 'guest');
  assert.equal(second.outcome, 'guest-app-killed');
});

test('hostPageMismatch every-guest-page: all 16 guest pages of the 64 KiB host page are offlined, no livelock', async () => {
  const { journeys, counts } = await runRow({
    profile: 'seed',
    scenario: { hosts: { cpus: 4, pageSize: 65536 }, engine: { livelockRetries: 8 } },
    options: { vmm: { hostPageMismatch: 'every-guest-page' } },
    injections: [{ kind: 'targeted', atNs: 1_000, target: { process: 0, page: 0 } }],
    accesses: [{ atNs: 10_000, process: 0, address: 0 }, { atNs: 400_000, process: 0, address: PAGE }],
  });
  const j = journeys[0]!;
  assert.equal(chain(j).filter((c) => c === 'vmm:record-cper').length, 16);
  assert.equal(chain(j).filter((c) => c === 'guest:offline').length, 16);
  assert.equal(counts['livelock'], 0);
  assert.equal(j.outcome, 'guest-app-killed');
});

test('busyPolicy batch still exits when the block is full', async () => {
  // Seven errors the guest never acks: a 1 KiB block holds six 152-byte records.
  // Each is injected just before its load, into the page as mapped then (killed processes restart on other pages).
  const injections = [0, 1, 2, 3, 4, 5, 6].map((k) => ({ kind: 'targeted', atNs: 9_000 + k * 200_000, target: { process: k % 2, page: 2 + k } }));
  const accesses = [0, 1, 2, 3, 4, 5, 6].map((k) => ({ atNs: 10_000 + k * 200_000, process: k % 2, address: (2 + k) * PAGE }));
  const { counts } = await runRow({
    profile: 'seed',
    scenario: { guest: { restartNs: 1_000 } },
    options: { guest: { ackRecords: false }, vmm: { busyPolicy: 'batch' } },
    injections, accesses,
  });
  assert.equal(counts['vmTerminated'], 1);
});

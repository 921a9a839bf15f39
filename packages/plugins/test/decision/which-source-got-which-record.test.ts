// Which GHES source each record goes to (flow.md §3.1.2, §3.3): per-PE SEA and SEI sources on the
// host, SEA and SEI sources in the guest's HEST, SDEI upstream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GHES_SOURCE_KINDS, planGhesSources } from '@rasflow/core';
import { loadP0, poisonP0, runRow, stepOf } from './run-row.js';

// The host plan the default firmware publishes for 4 PEs, and the guest plan of each VMM.
const hostSeed = planGhesSources({ kinds: ['sea', 'sei', 'gpio'], pes: 4, base: 0 });
const hostUpstream = planGhesSources({ kinds: ['sea', 'sdei', 'gpio'], pes: 4, base: 0 });
const guestSeed = planGhesSources({ kinds: ['sea', 'sei'], pes: 2, shared: true, base: 0 });
const source = (plan: ReturnType<typeof planGhesSources>, kind: (typeof GHES_SOURCE_KINDS)[number], pe: number | null) =>
  plan.sources.find((s) => s.kind === kind && (s.pe === pe || s.pe === null))!.sourceId;

test('S1: firmware writes to the SEA source of the PE that took the abort, the VMM to the guest SEA source', async () => {
  const { journeys } = await runRow({ profile: 'seed', injections: [poisonP0()], accesses: [loadP0()] });
  const j = journeys[0]!;
  // VM 0 vCPU 0 runs on PE 0.
  assert.equal(stepOf(j, 'record-cper', 'firmware').source, source(hostSeed, 'sea', 0));
  assert.equal(stepOf(j, 'apei-claim', 'hypervisor').source, source(hostSeed, 'sea', 0));
  assert.equal(stepOf(j, 'record-cper', 'vmm').source, source(guestSeed, 'sea', null));
  assert.equal(stepOf(j, 'ghes-read', 'guest').source, source(guestSeed, 'sea', null));
});

test('E2 seed: SEI sources on both sides; upstream: the SDEI source of the PE', async () => {
  const serror = { kind: 'targeted', atNs: 5_000, target: { process: 0, page: 4 }, event: { type: 'serror', aet: 'UEO', vcpu: 1 } };
  const busy = [{ atNs: 1_000, process: 0, address: 0x100 }];
  const seed = (await runRow({ profile: 'seed', injections: [serror], accesses: busy })).journeys[0]!;
  // vCPU 1 of VM 0 runs on PE 1.
  assert.equal(stepOf(seed, 'record-cper', 'firmware').source, source(hostSeed, 'sei', 1));
  assert.equal(stepOf(seed, 'record-cper', 'vmm').source, source(guestSeed, 'sei', null));
  const up = (await runRow({ profile: 'upstream', injections: [serror], accesses: busy })).journeys[0]!;
  assert.equal(stepOf(up, 'record-cper', 'firmware').source, source(hostUpstream, 'sdei', 1));
  assert.equal(stepOf(up, 'sdei-dispatch', 'firmware').source, source(hostUpstream, 'sdei', 1));
});

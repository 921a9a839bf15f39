/**
 * The soak's classifier (classify-row.ts) against journeys whose row is known: each row of flow.md
 * §6 set up alone, as the decision tests do (decision/run-row.ts), in both profiles. Each journey
 * must be classified as its row and pass the outcome check (expected-outcomes.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadPluginSet, parseScenario, runHosts, type JourneyRecord } from '@rasflow/core';
import { loadP0, PAGE, poisonP0, runRow, type Row } from '../decision/run-row.js';
import { classifyJourney, type RowId } from './classify-row.js';
import { checkJourney, type Profile } from './expected-outcomes.js';

const serror = (event: Record<string, unknown>, atNs = 5_000) => ({ kind: 'targeted', atNs, target: { process: 0, page: 4 }, event: { type: 'serror', vcpu: 0, ...event } });
const busy = [{ atNs: 1_000, process: 0, address: 0x100 }];
const kernelPoison = { kind: 'targeted', atNs: 1_000, target: { process: 'kernel', page: 3 } };

/** Each row's setup in `profile`; the journey checked is the last one. */
const rows = (profile: Profile): Record<Exclude<RowId, 'V2'>, Omit<Row, 'profile'>> => ({
  S1: { injections: [poisonP0()], accesses: [loadP0()] },
  S2: { injections: [kernelPoison], accesses: [{ atNs: 10_000, process: 'kernel', address: 3 * PAGE }] },
  S3: { injections: [poisonP0()], accesses: [loadP0('fetch')] },
  S4: { injections: [poisonP0({ av: false })], accesses: [loadP0()] },
  S5: {
    options: { guest: { ackRecords: false } },
    injections: [poisonP0(), { kind: 'targeted', atNs: 1_000, target: { process: 1, page: 5 } }],
    accesses: [loadP0(), { atNs: 20_000, process: 1, address: 5 * PAGE }],
  },
  S6: { injections: [poisonP0({ set: 'UC' })], accesses: [loadP0()] },
  S7: { options: { hypervisor: { syncMemoryFailure: 'workqueue', vmmEarlyKill: false } }, injections: [poisonP0()], accesses: [loadP0()] },
  S8: { injections: [poisonP0({ firmwareRecord: false })], accesses: [loadP0()] },
  E1: { injections: [serror({ aet: 'CE' })], accesses: busy },
  E2: { injections: [serror({ aet: 'UEO' })], accesses: busy },
  E3: { injections: [serror({ aet: 'UEO', av: false })], accesses: busy },
  E4: { injections: [serror({ aet: 'UER' })], accesses: busy },
  E5: { injections: [serror({ aet: 'UEU' })], accesses: busy },
  E6: { injections: [serror({ aet: 'UC' })], accesses: busy },
  E7: { injections: [serror({ aet: 'UER', ids: true })], accesses: busy },
  E8: { injections: [serror({ aet: 'UER', dfsc: 0 })], accesses: busy },
  // PSTATE.A set for 2 ms: longer than classify-row.ts V1_PENDING_NS. Upstream pends a virtual
  // SError for UER only ("E4-style").
  V1: {
    injections: [serror({ aet: profile === 'seed' ? 'UEO' : 'UER' })],
    accesses: [
      { atNs: 1_000, process: 'kernel', address: 0, kind: 'mask-serror' },
      { atNs: 2_000, process: 'kernel', address: 0x100 },
      { atNs: 2_100_000, process: 'kernel', address: 0, kind: 'unmask-serror' },
    ],
  },
  H1: { injections: [{ kind: 'targeted', atNs: 1_000, target: { vmm: true, page: 3, offset: 0x80 } }], accesses: [{ atNs: 10_000, process: 'vmm', address: 3 * 4096 + 0x80 }] },
  H2: {
    scenario: { hosts: { cpus: 4, pageSize: 65536 }, engine: { livelockRetries: 8 } },
    injections: [{ kind: 'targeted', atNs: 1_000, target: { process: 0, page: 0 } }],
    accesses: [{ atNs: 10_000, process: 0, address: 0 }, { atNs: 400_000, process: 0, address: PAGE }],
  },
});

/** V2: S1 with the soak's V2 VMM (it makes the set-syndrome call with bit 25 first). */
async function runV2(profile: Profile): Promise<JourneyRecord[]> {
  const baseDir = fileURLToPath(new URL('.', import.meta.url));
  const s = parseScenario({
    profile, durationNs: 1_000_000, hosts: { cpus: 4 },
    vms: { perHost: 1, vcpus: 2, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
    workload: { kind: 'scripted', accesses: [loadP0()] }, injections: [poisonP0()],
    plugins: { vmm: { module: './v2-vmm.js', options: { profile } } },
  });
  return runHosts(s, await loadPluginSet(s, baseDir), { baseDir, keepJourneys: true }).hosts.flatMap((h) => h.records ?? []);
}

function assertRow(j: JourneyRecord | undefined, row: RowId, profile: Profile): void {
  assert.ok(j !== undefined, `${row} ${profile}: no journey`);
  const c = classifyJourney(j);
  assert.equal(c.row, row, `${row} ${profile}: classified ${c.row ?? c.nonRow}: ${j.steps.map((s) => s.action).join(' ')}`);
  assert.equal(c.interrupted, false);
  assert.equal(checkJourney(j, c, profile), null, `${row} ${profile}: outcome ${j.outcome}`);
}

for (const profile of ['seed', 'upstream'] as const) {
  test(`classifier ${profile}: each row set up alone is classified as that row and ends as the table says`, async () => {
    for (const [row, setup] of Object.entries(rows(profile)) as [Exclude<RowId, 'V2'>, Omit<Row, 'profile'>][]) {
      const { journeys } = await runRow({ profile, ...setup });
      assertRow(journeys[journeys.length - 1], row, profile);
    }
    const v2 = await runV2(profile);
    assertRow(v2[0], 'V2', profile);
    assert.equal(classifyJourney(v2[0]!).base, 'S1');
  });
}

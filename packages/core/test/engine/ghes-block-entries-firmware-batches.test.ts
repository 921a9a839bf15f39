// Several memory-error entries in one host GHES block (FirmwareContext.appendMemoryRecord): the
// block a CPER decoder reads back, what the host reads entry by entry and to whose journey each
// entry's handling belongs (HypervisorContext.apeiRead / apeiReadEntry / apeiEndWalk), the EL3
// timer that notifies the host once (FirmwareContext.setTimer, onTimer), and the values these
// calls refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGhesBlock } from '../../src/apei/ghes-block.js';
import { initialiseGhesBlob, planGhesSources } from '../../src/apei/ghes-layout.js';
import { APPEND_FULL, APPEND_NOTHING, APPEND_OK, appendRecord, copyBlock, readCopiedEntry, readRecordAt, recordCount, WRITE_OK, writeRecord } from '../../src/engine/ghes-access.js';
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { loadPluginSet, runHosts } from '../../src/engine/run-scenario.js';
import type { GhesReading } from '../../src/plugin/contexts.js';
import type { JourneyRecord } from '../../src/results/journey-record.js';
import type { Injection } from '../fixtures/targeted-injector.js';
import { fixturesDir } from '../helpers/engine-run.js';

test('appended entries: Data Length, entry count, the multiple-error bits, the worst severity; each entry read with its own', () => {
  const plan = planGhesSources({ kinds: ['gpio'], pes: 1, base: 0 });
  const view = new DataView(new ArrayBuffer(plan.blobLength));
  initialiseGhesBlob(view, plan, { slotAddresses: 'offset' });
  const at = plan.sources[0]!.blockOffset;
  assert.equal(appendRecord(view, plan, 0, 0, 0x1000, 0x4002), APPEND_NOTHING, 'nothing to add to');
  assert.equal(writeRecord(view, plan, 0, 2, 0x1000, 0x4002), WRITE_OK); // a corrected one first
  assert.equal(view.getUint32(at, true), 0b10);
  const entries: [number, number][] = [[0, 0x2000], [2, 0x3000], [0, 0x4000], [0, 0x5000], [2, 0x6000]];
  for (const [sev, pa] of entries) assert.equal(appendRecord(view, plan, 0, sev, pa, 0x4002), APPEND_OK);
  assert.equal(appendRecord(view, plan, 0, 0, 0x7000, 0x4002), APPEND_FULL, 'six entries fill 1 KiB');
  // Block Status: CE valid, UE valid, multiple UE, multiple CE; entry count 6 in bits 13:4.
  assert.equal(view.getUint32(at, true), 0b1111 | (6 << 4));
  assert.equal(view.getUint32(at + 16, true), 0, 'the block is as bad as its worst entry: recoverable');
  assert.equal(recordCount(view, plan, 0), 6);
  const decoded = decodeGhesBlock(view, at, plan.sources[0]!.blockLength);
  assert.equal(decoded.entries.length, 6);
  assert.deepEqual(decoded.entries.map((e) => e.severity), [2, 0, 2, 0, 0, 2]);
  const r: GhesReading = { result: 'none', severity: -1, validationBits: 0, physicalAddress: -1 };
  const copy = new DataView(new ArrayBuffer(plan.blockLength));
  assert.equal(copyBlock(view, plan, 0, copy), 6);
  view.setUint32(at, 0, true); // the OS cleared the block: the copy still has every entry
  const read = (k: number) => (readCopiedEntry(copy, 6, k, r), [r.result, r.severity, r.physicalAddress]);
  assert.deepEqual([0, 1, 2, 5].map(read), [['record', 2, 0x1000], ['record', 0, 0x2000], ['record', 2, 0x3000], ['record', 2, 0x6000]]);
  assert.deepEqual(read(6), ['malformed', 2, -1], 'past the entries');
  readRecordAt(view, plan, 0, 1, r);
  assert.equal(r.result, 'none', 'the block itself is clear');
});

const ueo = (atNs: number, vm: number): Injection => ({ atNs, vm, serror: { aet: 'UEO' } });

async function run(opts: { firmware: Record<string, unknown>; hypervisor?: Record<string, unknown>; injections: Injection[] }): Promise<JourneyRecord[]> {
  const s = parseScenario({
    durationNs: 20_000,
    hosts: { count: 1, cpus: 2 },
    vms: { perHost: 2, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 1, processPages: 16 },
    plugins: {
      firmware: { module: './gathering-firmware.js', options: opts.firmware },
      hypervisor: { module: './walking-hypervisor.js', options: opts.hypervisor ?? {} },
      vmm: { module: './minimal-vmm.js' },
      guest: { module: './minimal-guest.js' },
      workload: { module: './scripted-workload.js', options: { accesses: [] } },
      injectors: [{ module: './targeted-injector.js', options: { injections: opts.injections } }],
    },
  });
  const out = runHosts(s, await loadPluginSet(s, fixturesDir), { baseDir: fixturesDir, keepJourneys: true });
  return out.hosts.flatMap((h) => h.records ?? []).sort((a, b) => a.atNs - b.atNs);
}

const said = (j: JourneyRecord, layer: string): string[] => j.steps.filter((s) => s.layer === layer).map((s) => s.text ?? s.action);

test('two errors of two VMs in one block: one timer, one GHES interrupt; the host handles each entry in its own journey and VM, then returns to the notification', { timeout: 30_000 }, async () => {
  const [a, b] = await run({ firmware: { windowNs: 5_000, notifyOn: 0 }, injections: [ueo(1_000, 0), ueo(2_000, 1)] }) as [JourneyRecord, JourneyRecord];
  assert.deepEqual(said(a, 'firmware'), ['record-cper', 'write=true', 'timer tag=7 vcpu=-1']);
  assert.deepEqual(said(b, 'firmware'), ['record-cper', 'append=true']);
  const timerAt = a.steps.find((s) => s.text === 'timer tag=7 vcpu=-1')!.atNs;
  assert.equal(timerAt, a.steps.find((s) => s.action === 'record-cper')!.atNs + 5_000, 'the timer expires when it was set to');
  // The interrupt is A's (it armed the timer), and so is the block's first entry: the read, the
  // count and the ack are A's; B's entry, in VM 1, is B's; after the walk the steps are A's again.
  assert.deepEqual(said(a, 'hypervisor'), ['apei-claim', 'entries=2 vm=0', 'apei-ack', 'entry 0 vm=0 vcpu=-1', 'memory-failure', 'walked vm=-1']);
  assert.deepEqual(said(b, 'hypervisor'), ['apei-claim', 'entry 1 vm=1 vcpu=-1', 'memory-failure', 'apei-none', 'past the block: malformed']);
  for (const j of [a, b]) {
    const rec = j.steps.find((s) => s.layer === 'firmware' && s.action === 'record-cper')!;
    assert.equal(j.steps.find((s) => s.action === 'memory-failure')!.far, rec.far, 'memory_failure() on the address the entry names');
    assert.ok(j.steps.filter((s) => s.layer === 'hypervisor').every((s) => s.atNs === timerAt), 'handled when the interrupt came');
  }
});

test('the block full: appendMemoryRecord returns false and says so; a host panic drops the armed timer', { timeout: 30_000 }, async () => {
  // 328 bytes hold two entries (20 + 2 × 152).
  const js = await run({ firmware: { windowNs: 5_000, notifyOn: 0, blockLength: 328 }, injections: [ueo(1_000, 0), ueo(1_500, 1), ueo(2_000, 0)] });
  assert.deepEqual(said(js[2]!, 'firmware'), ['GHES block of source 4 is full (2 entries in 328 bytes): nothing written', 'append=false']);
  assert.equal(js.filter((j) => j.steps.some((s) => s.action === 'memory-failure')).length, 2);
  const panicked = await run({ firmware: { windowNs: 5_000, notifyOn: 0 }, injections: [ueo(1_000, 0), { atNs: 2_000, vm: 1, serror: { aet: 'UC' } }] });
  assert.equal(panicked[1]!.outcome, 'host-panic');
  assert.ok(!panicked[0]!.steps.some((s) => s.text?.startsWith('timer')), 'the timer died with the host');
});

for (const [what, firmware, hypervisor, message] of [
  ['appendMemoryRecord with severity 4', { op: 'append-severity' }, {}, /appendMemoryRecord: severity 4 is not a CPER severity/],
  ['setTimer at NaN', { op: 'timer-nan' }, {}, /setTimer: atNs NaN is not a finite time/],
  ['setTimer with tag -1', { op: 'timer-tag' }, {}, /setTimer: tag -1 is not a tag onTimer can get back/],
  ['apeiReadEntry of a source this hook did not read', {}, { op: 'entry-unread' }, /apeiReadEntry: GHES source 4 has not been read by this hook/],
  ['apeiReadEntry at index -1', {}, { op: 'entry-index' }, /apeiReadEntry: index -1 is not an entry index/],
] as const) {
  test(`a plugin error: ${what}`, { timeout: 30_000 }, async () => {
    await assert.rejects(run({ firmware: { windowNs: 5_000, notifyOn: 0, ...firmware }, hypervisor, injections: [ueo(1_000, 0), ueo(2_000, 1)] }), (err: Error) => {
      assert.equal(err.name, 'PluginError');
      assert.match(err.message, message);
      return true;
    });
  });
}

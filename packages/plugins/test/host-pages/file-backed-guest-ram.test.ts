// Guest RAM as page cache of a file (vms.memoryBackend "file"): host memory_failure() drops a
// clean page, which the next access reads back from the file, and kills for a dirty one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, loadP0, PAGE, poisonP0, runRow, stepOf } from '../decision/run-row.js';

const fileBacked = (writebackNs = 5_000_000_000) => ({ vms: { perHost: 1, vcpus: 2, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16, memoryBackend: 'file', writebackNs } });
const storeP0 = (atNs: number) => ({ atNs, process: 0, address: 2 * PAGE + 0x80, kind: 'store' });

for (const profile of ['seed', 'upstream'] as const) {
  test(`${profile}: a poisoned clean page-cache page is dropped and re-read; nobody is signalled`, async () => {
    const { journeys, counts } = await runRow({
      profile, scenario: fileBacked(), injections: [poisonP0()],
      accesses: [loadP0(), { atNs: 400_000, process: 0, address: 2 * PAGE + 0x40 }],
    });
    assert.equal(journeys.length, 1);
    const j = journeys[0]!;
    assert.equal(j.outcome, 'recovered');
    stepOf(j, 'memory-failure', 'hypervisor');
    assert.ok(j.steps.some((s) => s.action === 'note' && /clean page cache/.test(s.text ?? '')), chain(j).join(' '));
    assert.ok(!j.steps.some((s) => s.action === 'sigbus' || s.layer === 'vmm' || s.layer === 'guest'), chain(j).join(' '));
    assert.equal(counts['sigbusAR'], 0);
    assert.equal(counts['recovered'], 1);
    assert.equal(counts['accesses'], 2, 'the re-executed load and the later one both retire');
  });

  test(`${profile}: a page stored to since the last writeback is dirty: the data is lost and the process killed`, async () => {
    const { journeys } = await runRow({
      profile, scenario: fileBacked(), injections: [poisonP0()], accesses: [storeP0(5_000), loadP0()],
    });
    const j = journeys[0]!;
    assert.ok(j.steps.some((s) => s.action === 'note' && /dirty page cache/.test(s.text ?? '')), chain(j).join(' '));
    assert.equal(stepOf(j, 'sigbus', 'hypervisor').code, 4);
    assert.equal(j.outcome, 'guest-app-killed');
  });

  test(`${profile}: after the flusher's pass the stored page is clean again`, async () => {
    // The store lands in writeback interval 0 (0–8 µs), the load in interval 1.
    const { journeys } = await runRow({
      profile, scenario: fileBacked(8_000), injections: [poisonP0()], accesses: [storeP0(5_000), loadP0()],
    });
    assert.equal(journeys[0]!.outcome, 'recovered');
  });
}

test('anonymous guest RAM (the default) is killed for even without a store', async () => {
  const { journeys } = await runRow({ profile: 'seed', injections: [poisonP0()], accesses: [loadP0()] });
  assert.equal(journeys[0]!.outcome, 'guest-app-killed');
  assert.ok(!journeys[0]!.steps.some((s) => s.action === 'note'));
});

test('"file" with a huge-page backing is refused, naming the field', async () => {
  await assert.rejects(
    runRow({ profile: 'seed', scenario: { vms: { memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16, memoryBackend: 'file', backing: 'hugetlb-2m' } }, injections: [], accesses: [] }),
    /vms\.memoryBackend.*allowed: "file" only with backing "page"/s,
  );
});

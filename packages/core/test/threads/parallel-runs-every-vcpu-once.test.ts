import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomScenario, readResults, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

// Two hosts of 2 VMs × 2 vCPUs, several slices with the barrier between them. Without errors
// the accesses of each VM are fixed by the scenario: a vCPU run by two workers would count
// twice, one run by none not at all. With per-access poisoning, journeys start on every worker
// and contend for the host lock.
const CLEAN = randomScenario({ name: 'parallel-clean', hosts: { count: 2 } }, 0);
const ERRORS = randomScenario({ name: 'parallel-errors', hosts: { count: 2 } }, 2e-5);

test('--parallel with 2 and 3 workers runs every vCPU of every host exactly once', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, CLEAN);
    const one = await runRun([file, '--out', 'ref', '--workers', '1', '--quiet'], dir);
    assert.equal(one.code, 0, one.err.join('\n'));
    const ref = await readResults(join(dir, 'ref'));
    assert.equal(ref.deterministic, true);
    for (const n of [2, 3]) {
      const ran = await runRun([file, '--out', `p${n}`, '--workers', String(n), '--parallel', '--quiet'], dir);
      assert.equal(ran.code, 0, ran.err.join('\n'));
      const r = await readResults(join(dir, `p${n}`));
      assert.equal(r.complete, true);
      assert.equal(r.deterministic, false);
      assert.equal(r.workersUsed, n);
      assert.deepEqual(r.hosts.map((h) => h.host), [0, 1]);
      assert.ok(r.perWorker.every((w) => w.accesses > 0 && w.hosts.length === 2), `every one of ${n} workers ran a share of both hosts`);
      assert.equal(r.perWorker.reduce((a, w) => a + w.accesses, 0), r.counts.accesses);
      assert.deepEqual(r.vms.map((v) => v.accesses), ref.vms.map((v) => v.accesses));
      assert.equal(r.counts.accesses, ref.counts.accesses);
    }
  });
});

test('--parallel with journeys on both workers: complete, no silent corruption, every journey counted once', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, ERRORS);
    const ran = await runRun([file, '--out', 'p', '--workers', '2', '--parallel', '--journeys', '--quiet'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    const r = await readResults(join(dir, 'p'));
    assert.equal(r.complete, true);
    assert.ok(r.perWorker.every((w) => w.journeys > 0), 'journeys on both workers');
    assert.equal(r.perWorker.reduce((a, w) => a + w.journeys, 0), r.hosts.reduce((a, h) => a + h.journeys, 0));
    assert.ok(r.counts.errorsConsumed > 0);
    assert.equal(r.counts.silentCorruption, 0);
    const lines = (await readFile(join(dir, 'p', 'journeys.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, r.hosts.reduce((a, h) => a + h.journeys, 0));
    const ids = lines.map((l) => (JSON.parse(l) as { id: string }).id);
    assert.equal(new Set(ids).size, ids.length, 'journey ids are unique after the merge');
  });
});

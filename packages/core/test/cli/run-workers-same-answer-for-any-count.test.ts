import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runDigest } from '../../src/results/digest.js';
import { randomScenario, readResults, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

// Four hosts with random accesses and per-access poisoning: each host's journeys differ.
const SCENARIO = randomScenario({ name: 'workers', hosts: { count: 4 } }, 2e-5);

test('--workers 1, 2 and 3 give the same counts, vms, hosts, digest and journeys.jsonl', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, SCENARIO);
    const runs = [];
    for (const n of [1, 2, 3]) {
      const ran = await runRun([file, '--out', `w${n}`, '--workers', String(n), '--journeys', '--quiet'], dir);
      assert.equal(ran.code, 0, ran.err.join('\n'));
      const r = await readResults(join(dir, `w${n}`));
      const journeys = await readFile(join(dir, `w${n}`, 'journeys.jsonl'), 'utf8');
      runs.push({ n, r, journeys });
    }
    const [one, ...others] = runs;
    assert.ok(one!.r.counts.accesses > 0);
    assert.ok(one!.r.counts.errorsConsumed > 0, 'some journeys, so journeys.jsonl says something');
    assert.ok(one!.journeys.length > 0);
    assert.deepEqual(one!.r.hosts.map((h) => h.host), [0, 1, 2, 3]);
    assert.equal(one!.r.digest, runDigest(one!.r.hosts.map((h) => h.digest)));
    for (const o of others) {
      assert.equal(o.r.complete, true);
      assert.deepEqual(o.r.counts, one!.r.counts, `counts with ${o.n} workers`);
      assert.deepEqual(o.r.vms, one!.r.vms, `vms with ${o.n} workers`);
      assert.deepEqual(o.r.hosts, one!.r.hosts, `hosts with ${o.n} workers`);
      assert.equal(o.r.digest, one!.r.digest, `digest with ${o.n} workers`);
      assert.equal(o.r.simulatedNs, one!.r.simulatedNs);
      assert.ok(o.journeys === one!.journeys, `journeys.jsonl with ${o.n} workers is byte-identical`);
    }
    // Placement: worker w starts with host w, then hosts go to whichever worker is free; each
    // host runs exactly once, and every worker runs at least its first host.
    for (const { n, r } of runs) {
      assert.deepEqual(r.perWorker.flatMap((w) => w.hosts).sort(), [0, 1, 2, 3], `each host once with ${n} workers`);
      r.perWorker.forEach((w, k) => assert.equal(w.hosts[0], k, `worker ${k} ran host ${k} first`));
    }
    assert.deepEqual(runs.map((x) => [x.r.workers, x.r.workersUsed]), [[1, 1], [2, 2], [3, 3]]);
    for (const { r } of runs) {
      assert.equal(r.perWorker.reduce((n, w) => n + w.accesses, 0), r.counts.accesses);
      assert.equal(r.wallSeconds, Math.max(...r.perWorker.map((w) => w.wallSeconds)));
    }
  });
});

test('with 2 workers both workers execute accesses', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, SCENARIO);
    const ran = await runRun([file, '--out', 'o', '--workers', '2', '--quiet'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    const r = await readResults(join(dir, 'o'));
    assert.equal(r.perWorker.length, 2);
    assert.deepEqual(r.perWorker.map((w) => w.worker), [0, 1]);
    for (const w of r.perWorker) {
      assert.ok(w.accesses > 0, `worker ${w.worker} executed accesses`);
      assert.ok(w.wallSeconds > 0);
    }
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runDigest } from '../../src/results/digest.js';
import { ONE_SEA, fixtureUrl, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

function failingOn(host: number, count: number): Record<string, unknown> {
  const s = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { name: 'fails', hosts: { count } });
  (s['plugins'] as Record<string, unknown>)['vmm'] = { module: fixtureUrl('throwing-vmm-on-host'), options: { host } };
  return s;
}

test('a plugin error on host 1 with 2 workers writes host 0 only, as with 1 worker', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, failingOn(1, 4));
    const got = [];
    for (const n of [1, 2, 3]) {
      const ran = await runRun([file, '--out', `w${n}`, '--workers', String(n), '--journeys'], dir);
      assert.equal(ran.code, 1);
      assert.match(ran.err.join('\n'), /failed in hook onSigbus on host 1, VM 0, vCPU 0 at 100 ns: RangeError: no memory map on host 1/);
      assert.match(ran.out.join('\n'), /INCOMPLETE \(plugin error on host 1\)/);
      const r = await readResults(join(dir, `w${n}`));
      assert.equal(r.complete, false);
      assert.deepEqual(r.hosts.map((h) => h.host), [0]);
      assert.equal(r.counts.sea, 1);
      assert.equal(r.digest, runDigest([r.hosts[0]!.digest]));
      assert.equal(r.workersUsed, n);
      assert.deepEqual(r.perWorker.flatMap((w) => w.hosts), [0]);
      got.push({ r, journeys: await readFile(join(dir, `w${n}`, 'journeys.jsonl'), 'utf8') });
    }
    for (const g of got.slice(1)) {
      assert.deepEqual(g.r.hosts, got[0]!.r.hosts);
      assert.deepEqual(g.r.counts, got[0]!.r.counts);
      assert.equal(g.r.simulatedNs, got[0]!.r.simulatedNs);
      assert.equal(g.r.digest, got[0]!.r.digest);
      assert.equal(g.journeys, got[0]!.journeys);
    }
  });
});

test('a plugin error on host 2 with 2 workers keeps hosts 0 and 1 (worker 1 finishes host 1) and abandons the rest', async () => {
  await withTempDir(async (dir) => {
    const s = failingOn(2, 6);
    const file = await writeScenario(dir, s);
    const ran = await runRun([file, '--out', 'o', '--workers', '2', '--quiet'], dir);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), /on host 2, VM 0/);
    const r = await readResults(join(dir, 'o'));
    assert.deepEqual(r.hosts.map((h) => h.host), [0, 1]);
    assert.deepEqual(r.perWorker.map((w) => w.hosts), [[0], [1]]);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runDigest } from '../../src/results/digest.js';
import { ONE_SEA, fixtureUrl, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('a plugin throwing on host 2 exits 1 with its message and writes hosts 0 and 1, complete: false', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const base = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { name: 'fails', hosts: { count: 4 } });
    const failing = structuredClone(base);
    (failing['plugins'] as Record<string, unknown>)['vmm'] = { module: fixtureUrl('throwing-vmm-on-host'), options: { host: 2 } };
    const file = await writeScenario(dir, failing, 'fails.json');
    const ran = await runRun([file, '--out', 'fail', '--journeys'], dir);
    assert.equal(ran.code, 1);
    const err = ran.err.join('\n');
    assert.match(err, /plugin 'fixture-throwing-vmm-on-host' \(vmm\) failed in hook onSigbus on host 2, VM 0, vCPU 0 at 100 ns: RangeError: no memory map on host 2/);
    assert.match(err, /partial results \(complete: false\) written to fail\/results\.json/);
    assert.match(ran.out.join('\n'), /INCOMPLETE \(plugin error on host 2\)/);

    const r = await readResults(join(dir, 'fail'));
    assert.equal(r.complete, false);
    assert.deepEqual(r.hosts.map((h) => h.host), [0, 1]);
    assert.equal(r.counts.sea, 2);
    assert.equal(r.digest, runDigest(r.hosts.map((h) => h.digest)));
    const lines = (await readFile(join(dir, 'fail', 'journeys.jsonl'), 'utf8')).trim().split('\n');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { id: string }).id), ['0:0', '1:0']);

    // The finished hosts are the real ones: the same digests as in a run where nothing throws.
    const okFile = await writeScenario(dir, base, 'ok.json');
    assert.equal((await runRun([okFile, '--out', 'ok', '--quiet'], dir)).code, 0);
    const ok = await readResults(join(dir, 'ok'));
    assert.deepEqual(r.hosts, ok.hosts.slice(0, 2));
  });
});

test('a plugin throwing on the first host writes results.json with no hosts', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const scenario = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { hosts: { count: 2 } });
    (scenario['plugins'] as Record<string, unknown>)['vmm'] = { module: fixtureUrl('throwing-vmm') };
    const file = await writeScenario(dir, scenario);
    const ran = await runRun([file, '--out', dir, '--quiet'], dir);
    assert.equal(ran.code, 1);
    assert.deepEqual(ran.out, []);
    assert.match(ran.err.join('\n'), /plugin 'fixture-throwing-vmm' \(vmm\) failed in hook onSigbus on host 0/);
    const r = await readResults(dir);
    assert.equal(r.complete, false);
    assert.deepEqual(r.hosts, []);
    assert.equal(r.counts.accesses, 0);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COUNT_KEYS } from '../../src/engine/counts.js';
import { repoRoot } from '../helpers/paths.js';
import { ONE_SEA, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('results.json has exactly the documented keys, counts exactly COUNT_KEYS', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { name: 'keys', seed: 42, hosts: { count: 2 } }));
    const ran = await runRun([file, '--out', 'res', '--quiet', '--workers', '1'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    const r = await readResults(join(dir, 'res'));
    assert.deepEqual(Object.keys(r), [
      'rasflow', 'scenario', 'scenarioDigest', 'hostsInScenario', 'shard', 'seed', 'profile', 'workers', 'workersUsed', 'deterministic', 'complete', 'simulatedNs',
      'wallSeconds', 'peakRssMiB', 'startup', 'throughput', 'perWorker', 'counts', 'vms', 'hosts', 'digest',
    ]);
    assert.deepEqual(Object.keys(r.counts), [...COUNT_KEYS]);
    assert.deepEqual(Object.keys(r.startup), ['firstAccessMs']);
    assert.deepEqual(Object.keys(r.throughput), ['accessesPerSecond', 'journeysPerSecond']);
    for (const h of r.hosts) assert.deepEqual(Object.keys(h), ['host', 'digest', 'journeys', 'up']);
    for (const v of r.vms) assert.deepEqual(Object.keys(v), ['host', 'vm', 'state', 'timesLost', 'accesses', 'timeLostNs', 'outcomes']);

    const pkg = JSON.parse(await readFile(join(repoRoot, 'packages', 'core', 'package.json'), 'utf8')) as { version: string };
    assert.equal(r.rasflow, pkg.version);
    assert.equal(r.scenario, 'keys');
    assert.match(r.scenarioDigest, /^[0-9a-f]{64}$/);
    assert.equal(r.hostsInScenario, 2);
    assert.equal(r.shard, null);
    assert.equal(r.seed, 42);
    assert.equal(r.profile, 'seed');
    assert.equal(r.workers, 1);
    assert.equal(r.workersUsed, 1);
    assert.deepEqual(r.perWorker.map((w) => Object.keys(w)), [['worker', 'hosts', 'accesses', 'journeys', 'wallSeconds']]);
    assert.deepEqual(r.perWorker[0]!.hosts, [0, 1]);
    assert.equal(r.perWorker[0]!.accesses, r.counts.accesses);
    assert.equal(r.perWorker[0]!.wallSeconds, r.wallSeconds);
    assert.equal(r.deterministic, true);
    assert.equal(r.complete, true);
    assert.equal(r.simulatedNs, 10_000);
    assert.ok(r.wallSeconds > 0);
    assert.ok(r.peakRssMiB !== null && r.peakRssMiB > 10, 'the process\'s peak resident set, MiB');
    assert.equal(r.perWorker[0]!.journeys, r.hosts.reduce((n, h) => n + h.journeys, 0));
    assert.equal(r.throughput.accessesPerSecond, r.counts.accesses / r.wallSeconds);
    assert.deepEqual(r.hosts.map((h) => h.host), [0, 1]);
    assert.deepEqual(r.vms.map((v) => `${v.host}/${v.vm}`), ['0/0', '1/0']);
    // One consumed poisoned load per host, each killing the process.
    assert.equal(r.counts.sea, 2);
    assert.equal(r.counts.guestAppKilled, 2);
    assert.equal(r.vms[1]!.outcomes['guest-app-killed'], 1);
    assert.equal(r.vms[0]!.accesses, 1);
  });
});

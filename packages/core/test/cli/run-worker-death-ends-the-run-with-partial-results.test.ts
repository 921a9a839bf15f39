// A worker thread that dies — a plugin calls process.exit, or allocates past --worker-heap —
// ends the run within seconds: exit 1, a message that says the thread ended and in which plugin
// hook, and results.json with the hosts finished before (complete: false). Each test has its own
// timeout, so a hang fails instead of blocking CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ONE_SEA, fixtureUrl, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

async function dies(fail: 'exit' | 'allocate', extra: string[]): Promise<void> {
  await withTempDir(async (dir) => {
    const s = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { name: 'dies', hosts: { count: 2 } });
    (s['plugins'] as Record<string, unknown>)['vmm'] = { module: fixtureUrl('throwing-vmm-on-host'), options: { host: 1, fail } };
    const file = await writeScenario(dir, s, 'dies.json');
    const started = Date.now();
    const ran = await runRun([file, '--out', 'out', '--workers', '1', '--quiet', ...extra], dir);
    assert.ok(Date.now() - started < 30_000, 'ended within seconds');
    assert.equal(ran.code, 1);
    const err = ran.err.join('\n');
    assert.match(err, /the simulation thread of worker 0 ended before the run did \(.+\), while in plugin 'fixture-throwing-vmm-on-host' hook onSigbus on host 1, VM 0 vCPU 0/);
    assert.doesNotMatch(err, /^\s+at /m, 'no stack trace unless RASFLOW_DEBUG=1');
    const r = await readResults(join(dir, 'out'));
    assert.equal(r.complete, false);
    assert.deepEqual(r.hosts.map((h) => h.host), [0]);
  });
}

test('a plugin calling process.exit in a worker', { timeout: 60_000 }, async () => {
  await dies('exit', []);
});

test('a plugin allocating past the worker heap limit (--worker-heap)', { timeout: 60_000 }, async () => {
  await dies('allocate', ['--worker-heap', '64']);
});

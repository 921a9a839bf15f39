// A plugin hook that never returns: the watchdog terminates the workers after --watchdog
// seconds, the run exits 1 naming the plugin, hook, host, VM and vCPU, and the hosts finished
// before are in results.json (complete: false). The test has its own timeout, so a watchdog that
// fails to fire fails the test instead of hanging CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ONE_SEA, fixtureUrl, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('a hook stuck in a loop on host 1 is reported by the watchdog; host 0 is kept', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const s = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { name: 'hangs', hosts: { count: 2 } });
    (s['plugins'] as Record<string, unknown>)['vmm'] = { module: fixtureUrl('throwing-vmm-on-host'), options: { host: 1, fail: 'hang' } };
    const file = await writeScenario(dir, s, 'hangs.json');
    const started = Date.now();
    const ran = await runRun([file, '--out', 'out', '--workers', '1', '--watchdog', '1'], dir);
    assert.ok(Date.now() - started < 30_000, 'ended within seconds of the watchdog');
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), /plugin 'fixture-throwing-vmm-on-host' hook onSigbus on host 1, VM 0 vCPU 0 has not returned for \d+\.\d s \(watchdog 1 s\)/);
    assert.match(ran.out.join('\n'), /INCOMPLETE \(a plugin hook on host 1 did not return\)/);
    const r = await readResults(join(dir, 'out'));
    assert.equal(r.complete, false);
    assert.deepEqual(r.hosts.map((h) => h.host), [0]);
  });
});

test('--watchdog takes seconds', async () => {
  await withTempDir(async (dir) => {
    const ran = await runRun(['x.json', '--watchdog', 'soon'], dir);
    assert.equal(ran.code, 2);
  });
});

// A plugin whose create() never returns (it runs in the worker, before the host's first slice)
// is ended by the watchdog like a stuck hook, naming the plugin, `create` and the host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ONE_SEA, fixtureUrl, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('create() stuck in a loop on host 1 is reported by the watchdog', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const s = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { name: 'hangs', hosts: { count: 2 } });
    (s['plugins'] as Record<string, unknown>)['vmm'] = { module: fixtureUrl('throwing-vmm-on-host'), options: { host: 1, fail: 'hang-create' } };
    const file = await writeScenario(dir, s, 'hangs.json');
    const ran = await runRun([file, '--out', 'out', '--workers', '1', '--watchdog', '1'], dir);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), /plugin 'fixture-throwing-vmm-on-host' hook create on host 1 has not returned for \d+\.\d s \(watchdog 1 s\)/);
  });
});

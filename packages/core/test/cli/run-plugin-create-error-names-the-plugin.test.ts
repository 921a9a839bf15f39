import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ONE_SEA, fixtureUrl, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('a plugin whose create() throws on host 1 is named with the hook create; hosts before it are kept', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const s = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { name: 'create-fails', hosts: { count: 3 } });
    (s['plugins'] as Record<string, unknown>)['vmm'] = { module: fixtureUrl('throwing-vmm-on-host'), options: { host: 1, fail: 'create' } };
    const file = await writeScenario(dir, s);
    const ran = await runRun([file, '--out', 'out', '--workers', '1'], dir);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), /plugin 'fixture-throwing-vmm-on-host' \(vmm\) failed in hook create on host 1 at 0 ns: RangeError: no VMM configuration for host 1/);
    const r = await readResults(join(dir, 'out'));
    assert.equal(r.complete, false);
    assert.deepEqual(r.hosts.map((h) => h.host), [0]);
  });
});

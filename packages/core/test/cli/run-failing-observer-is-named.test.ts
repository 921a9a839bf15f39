// Observers run after each host's simulation, in the host's flow: one that throws is a plugin
// error naming the observer and its hook (the earlier hosts are kept), and one that never returns
// is ended by the watchdog, named the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ONE_SEA, fixtureUrl, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

async function run(fail: string, extra: string[]) {
  return withTempDir(async (dir) => {
    const s = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { name: 'observed', hosts: { count: 2 } });
    (s['plugins'] as Record<string, unknown>)['observers'] = [{ module: fixtureUrl('throwing-observer'), options: { host: 1, fail } }];
    const file = await writeScenario(dir, s, 'observed.json');
    const ran = await runRun([file, '--out', 'out', '--workers', '1', ...extra], dir);
    return { ran, results: await readResults(join(dir, 'out')) };
  });
}

for (const [fail, hook] of [['throw-journey', 'onJourneyEnd'], ['throw-end', 'onRunEnd']] as const) {
  test(`an observer that throws in ${hook} on host 1: exit 1 naming the plugin and hook; host 0 kept`, { timeout: 60_000 }, async () => {
    const { ran, results } = await run(fail, []);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), new RegExp(`plugin 'fixture-throwing-observer' \\(observer\\) failed in hook ${hook} on host 1`));
    assert.equal(results.complete, false);
    assert.deepEqual(results.hosts.map((h) => h.host), [0]);
  });
}

test('an observer whose onRunEnd never returns is ended by the watchdog, named', { timeout: 60_000 }, async () => {
  const { ran } = await run('hang-end', ['--watchdog', '1']);
  assert.equal(ran.code, 1);
  assert.match(ran.err.join('\n'), /plugin 'fixture-throwing-observer' hook onRunEnd on host 1 has not returned for \d+\.\d s \(watchdog 1 s\)/);
});

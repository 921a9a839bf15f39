// A replication that does not complete is named as the progress lines name it: its directory
// (rep-NNN, 0-based like the seeds), its place in the sequence and its seed; exit 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ONE_SEA, fixtureUrl, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('a failing first replication is rep-000 (replication 1 of 2, seed 7), with its directory', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const scenario = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { seed: 7 });
    (scenario['plugins'] as Record<string, unknown>)['vmm'] = { module: fixtureUrl('throwing-vmm') };
    const file = await writeScenario(dir, scenario);
    const ran = await runRun([file, '--out', 'fleet', '--replications', '2', '--workers', '1'], dir);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), /^run: rep-000 \(replication 1 of 2, seed 7\) did not complete; its results are in fleet\/rep-000$/m);
  });
});

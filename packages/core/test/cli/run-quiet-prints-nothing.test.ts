import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ONE_SEA, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('--quiet prints nothing on success and still writes results.json', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections));
    const ran = await runRun([file, '--out', dir, '--quiet', '--journeys'], dir);
    assert.equal(ran.code, 0);
    assert.deepEqual(ran.out, []);
    assert.deepEqual(ran.err, []);
    assert.equal((await readResults(dir)).complete, true);
  });
});

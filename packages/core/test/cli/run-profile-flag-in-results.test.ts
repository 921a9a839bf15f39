import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ONE_SEA, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('--profile overrides the scenario profile and is recorded in results.json', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { profile: 'seed' }));
    const ran = await runRun([file, '--out', dir, '--profile', 'upstream'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    assert.equal((await readResults(dir)).profile, 'upstream');
    assert.match(ran.out.join('\n'), /^profile +upstream$/m);
  });
});

test('an unknown --profile is reported as the scenario field it overrides', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections));
    const ran = await runRun([file, '--out', dir, '--profile', 'vendor'], dir);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), /- profile: found "vendor", allowed: "seed", "upstream" \(the value given by --profile\)/);
  });
});

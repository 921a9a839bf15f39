import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { outDirName } from '../../src/cli/run-command.js';
import { ONE_SEA, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('without --out the files go to out/<scenario name> under the current directory', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { name: 'sea-once' }));
    const ran = await runRun([file], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    assert.equal((await readResults(join(dir, 'out', 'sea-once'))).scenario, 'sea-once');
    assert.match(ran.out.join('\n'), /wrote out\/sea-once\/results\.json/);
  });
});

test('a scenario name cannot lead the default directory out of out/', () => {
  assert.equal(outDirName('s1-sea'), 's1-sea');
  assert.equal(outDirName('../../etc'), '.._.._etc');
  assert.equal(outDirName('a b/c'), 'a_b_c');
  assert.equal(outDirName('..'), 'scenario');
  assert.equal(outDirName(''), 'scenario');
});

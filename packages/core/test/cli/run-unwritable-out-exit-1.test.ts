import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ONE_SEA, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('an output directory that cannot be created exits 1 naming it, before the run', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections));
    await writeFile(join(dir, 'taken'), 'a file, not a directory');
    const ran = await runRun([file, '--out', 'taken/o', '--quiet'], dir);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), /^run: cannot write to the output directory taken\/o: ENOTDIR/m);
    assert.deepEqual(ran.out, [], 'nothing ran');
  });
});

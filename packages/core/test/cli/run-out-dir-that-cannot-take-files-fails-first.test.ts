// An --out that cannot take files (here: a regular file in the way) is refused before any host
// runs, with the path and the reason, instead of after the whole simulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ONE_SEA, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('--out naming a file: exit 1 before the run starts, naming the directory and the reason', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections));
    await writeFile(join(dir, 'afile'), 'not a directory\n');
    const r = await runRun([file, '--out', join(dir, 'afile', 'run')], dir);
    assert.equal(r.code, 1);
    assert.match(r.err.join('\n'), /^run: cannot write to the output directory afile\/run: ENOTDIR/m);
    assert.deepEqual(r.out, [], 'no start line, no summary: nothing ran');
  });
});

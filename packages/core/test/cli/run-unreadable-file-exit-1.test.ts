import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { runRun, withTempDir } from '../helpers/run-command.js';

test('a scenario file that cannot be read exits 1 naming the path, and writes nothing', async () => {
  await withTempDir(async (dir) => {
    const ran = await runRun(['missing/scenario.json', '--out', 'o'], dir);
    assert.equal(ran.code, 1);
    const err = ran.err.join('\n');
    assert.ok(err.includes(join(dir, 'missing', 'scenario.json')), err);
    assert.match(err, /cannot read the scenario .*ENOENT/);
    await assert.rejects(access(join(dir, 'o')), { code: 'ENOENT' });
  });
});

test('a directory given as the scenario exits 1 naming the path', async () => {
  await withTempDir(async (dir) => {
    const ran = await runRun(['.', '--out', 'o'], dir);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), new RegExp(`cannot read the scenario ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*EISDIR`));
  });
});

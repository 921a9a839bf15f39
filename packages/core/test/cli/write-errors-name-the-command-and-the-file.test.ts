// An output file that cannot be written ends the command with exit 1 and a message naming the
// command, what it was writing and where (`compare: cannot write the report to …: ENOTDIR …`),
// not a bare `rasflow: ENOTDIR`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { results } from '../report/report-fixtures.js';
import { rasflow, writeRunDir } from '../helpers/run-dirs.js';
import { withTempDir } from '../helpers/run-command.js';

test('compare --report under a plain file: exit 1 naming the report path', async () => {
  await withTempDir(async (dir) => {
    await writeRunDir(dir, 'a', results());
    await writeFile(join(dir, 'afile'), '');
    const r = await rasflow(dir, ['compare', 'a', 'a', '--report', 'afile/x.html']);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`^compare: cannot write the report to ${join(dir, 'afile', 'x.html')}: .*(ENOTDIR|EEXIST)`));
  });
});

test('hest -o a directory: exit 1 naming the path', async () => {
  await withTempDir(async (dir) => {
    const r = await rasflow(dir, ['hest', '-o', '.']);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`^hest: cannot write the table to ${dir}: EISDIR`));
  });
});

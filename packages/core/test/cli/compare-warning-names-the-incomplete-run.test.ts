// When a run did not complete, compare's warning says which one: A or B, its label and its file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { results } from '../report/report-fixtures.js';
import { rasflow, writeRunDir } from '../helpers/run-dirs.js';
import { withTempDir } from '../helpers/run-command.js';

test('the warning names run B, its profile and its results.json; run A is not named', async () => {
  await withTempDir(async (dir) => {
    await writeRunDir(dir, 'a', results({ profile: 'seed' }));
    await writeRunDir(dir, 'b', { ...results({ profile: 'upstream' }), complete: false });
    const r = await rasflow(dir, ['compare', 'a', 'b']);
    assert.equal(r.code, 0, r.err);
    const warnings = r.out.split('\n').filter((l) => l.startsWith('warning:'));
    assert.deepEqual(warnings, [`warning: run B (upstream, ${join(dir, 'b', 'results.json')}) did not complete; its results are partial`]);
  });
});

test('with nothing to tell the runs apart, the warning says run A and its file', async () => {
  await withTempDir(async (dir) => {
    await writeRunDir(dir, 'a', { ...results(), complete: false });
    await writeRunDir(dir, 'b', results());
    const r = await rasflow(dir, ['compare', 'a/results.json', 'b']);
    assert.match(r.out, new RegExp(`^warning: run A \\(${join(dir, 'a', 'results.json')}\\) did not complete; its results are partial$`, 'm'));
  });
});

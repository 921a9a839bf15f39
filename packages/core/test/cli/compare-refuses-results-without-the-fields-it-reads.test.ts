// A results.json that lacks a field compare reads, or has it of another type, is refused with
// exit 1 naming the file and every such field, instead of printing `undefined` and `NaN`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { results } from '../report/report-fixtures.js';
import { rasflow, writeRunDir } from '../helpers/run-dirs.js';
import { withTempDir } from '../helpers/run-command.js';

test('compare names the file and each missing or mistyped field (exit 1)', async () => {
  await withTempDir(async (dir) => {
    await writeRunDir(dir, 'good', results());
    const { seed: _seed, ...noSeed } = results();
    await writeRunDir(dir, 'bad', { ...noSeed, simulatedNs: '1ms', counts: { ...results().counts, vmsLost: null }, vms: [{ host: 0, vm: 0 }] });
    const r = await rasflow(dir, ['compare', 'good', 'bad']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    const file = join(dir, 'bad', 'results.json');
    assert.equal(r.err, `compare: ${file} is not a rasflow results.json: seed: expected number, found missing; simulatedNs: expected number, found a string; ` +
      'counts.vmsLost: expected number, found null; vms[0].timeLostNs: expected number, found missing');
  });
});

test('a JSON document that is not an object at all is refused the same way', async () => {
  await withTempDir(async (dir) => {
    await writeRunDir(dir, 'good', results());
    await writeRunDir(dir, 'list', '[1, 2]');
    const r = await rasflow(dir, ['compare', 'list', 'good']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^compare: .*list\/results\.json is not a rasflow results\.json: expected an object, found an array$/);
  });
});

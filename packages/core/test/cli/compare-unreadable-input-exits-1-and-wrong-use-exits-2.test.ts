// compare's exit codes as docs/cli.md gives them: 1 for input that cannot be read or used (no
// results.json, not JSON, a journeys.jsonl line that is not JSON), 2 for wrong use only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { results } from '../report/report-fixtures.js';
import { rasflow, writeRunDir } from '../helpers/run-dirs.js';
import { withTempDir } from '../helpers/run-command.js';

test('a missing run, a corrupt results.json or journeys line: exit 1 naming the file', async () => {
  await withTempDir(async (dir) => {
    await writeRunDir(dir, 'good', results());
    await writeRunDir(dir, 'corrupt', '{"rasflow": "0.1.0", ');
    await writeRunDir(dir, 'badline', { ...results(), hosts: [{ host: 0, digest: 'cd', journeys: 1, up: true }] }, ['{"host": 0,']);
    for (const [arg, message] of [
      ['nowhere', /^compare: no results\.json at 'nowhere'/],
      ['corrupt', /^compare: .*corrupt\/results\.json is not JSON: /],
      ['badline', /^compare: .*badline\/journeys\.jsonl:1 is not JSON: /],
    ] as const) {
      const r = await rasflow(dir, ['compare', 'good', arg]);
      assert.equal(r.code, 1, arg);
      assert.match(r.err, message);
    }
  });
});

test('wrong use (one run, an unknown option) exits 2', async () => {
  await withTempDir(async (dir) => {
    await writeRunDir(dir, 'good', results());
    assert.equal((await rasflow(dir, ['compare', 'good'])).code, 2);
    assert.equal((await rasflow(dir, ['compare', 'good', 'good', '--frobnicate'])).code, 2);
  });
});

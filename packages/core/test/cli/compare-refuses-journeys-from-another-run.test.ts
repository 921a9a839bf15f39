// A journeys.jsonl whose line count is not results.json's journey count (the sum of
// hosts[].journeys) was left in the directory by an earlier run: compare refuses the mix (exit 1)
// naming both counts and saying to re-run into a fresh --out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { results, s1 } from '../report/report-fixtures.js';
import { rasflow, writeRunDir } from '../helpers/run-dirs.js';
import { withTempDir } from '../helpers/run-command.js';

test('journeys.jsonl with 2 lines beside a results.json counting 3 journeys is refused', async () => {
  await withTempDir(async (dir) => {
    const three = { ...results(), hosts: [{ host: 0, digest: 'cd', journeys: 1, up: true }, { host: 1, digest: 'ef', journeys: 2, up: true }] };
    await writeRunDir(dir, 'a', three, [s1(0, 100, 0, 8, 2, 25, 30), s1(1, 200, 0, 8, 2, 25, 30)]);
    await writeRunDir(dir, 'b', results());
    const r = await rasflow(dir, ['compare', 'b', 'a']);
    assert.equal(r.code, 1);
    assert.equal(r.err, `compare: ${join(dir, 'a', 'journeys.jsonl')} has 2 journeys but ${join(dir, 'a', 'results.json')} counts 3 (the sum of hosts[].journeys): ` +
      'the journeys are from another run written into the same directory; re-run into a fresh --out directory (with --journeys)');
  });
});

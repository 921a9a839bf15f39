// A journeys.jsonl line that is JSON but not a journey (a field compare reads is missing or of
// another type) is refused with exit 1 naming file:line and the fields, instead of crashing in
// the latency code with "Cannot read properties of undefined".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { results, s1 } from '../report/report-fixtures.js';
import { rasflow, writeRunDir } from '../helpers/run-dirs.js';
import { withTempDir } from '../helpers/run-command.js';

const withJourneys = (n: number): ReturnType<typeof results> => ({ ...results(), hosts: [{ host: 0, digest: 'cd'.repeat(32), journeys: n, up: true }] });

test('a line without the journey fields is named by file:line (exit 1)', async () => {
  await withTempDir(async (dir) => {
    await writeRunDir(dir, 'a', withJourneys(2), [s1(0, 100, 0, 8, 2, 25, 30), s1(1, 200, 0, 8, 2, 25, 30)]);
    await writeRunDir(dir, 'b', withJourneys(2), [s1(0, 100, 0, 8, 2, 25, 30), { x: 2 }]);
    const r = await rasflow(dir, ['compare', 'a', 'b']);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`^compare: ${join(dir, 'b', 'journeys.jsonl')}:2 is not a rasflow journey: host: expected number, found missing; .*steps: expected an array, found missing`));
    assert.doesNotMatch(r.err, /Cannot read properties/);
  });
});

test('a step without its layer is named with its index', async () => {
  await withTempDir(async (dir) => {
    const bad = s1(0, 100, 0, 8, 2, 25, 30);
    await writeRunDir(dir, 'a', withJourneys(1), [{ ...bad, steps: [...bad.steps.slice(0, 3), { action: 'consume', atNs: 1 }] }]);
    await writeRunDir(dir, 'b', withJourneys(1), [s1(0, 100, 0, 8, 2, 25, 30)]);
    const r = await rasflow(dir, ['compare', 'a', 'b']);
    assert.equal(r.code, 1);
    assert.match(r.err, /a\/journeys\.jsonl:1 is not a rasflow journey: steps\[3\]\.layer: expected string, found missing$/);
  });
});

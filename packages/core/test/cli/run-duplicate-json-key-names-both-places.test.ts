// A scenario JSON file that gives one key twice in an object (JSON.parse would silently keep the
// last) is refused with exit 1 naming the key, file:line:column of the second and where the first
// was; the same key in different objects is fine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonDuplicateKey } from '../../src/cli/json-position.js';
import { runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

test('a key given twice exits 1 naming it and both places, before anything runs', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, '{\n  "name": "x",\n  "seed": 1,\n  "durationNs": 1000,\n  "seed": 2\n}\n');
    const ran = await runRun([file, '--out', 'o'], dir);
    assert.equal(ran.code, 1);
    assert.deepEqual(ran.err, [`run: ${file}:5:3: the key "seed" is given twice in one object (first at line 3, column 3); JSON would keep only the last: remove one`]);
    await assert.rejects(access(join(dir, 'o')), { code: 'ENOENT' });
  });
});

test('nested objects are checked, escapes are decoded, and one key in two objects is no duplicate', () => {
  assert.deepEqual(jsonDuplicateKey('{"vms": {"perHost": 1, "\\u0070erHost": 2}}'), {
    key: 'perHost', at: { offset: 23, line: 1, column: 24 }, first: { offset: 9, line: 1, column: 10 },
  });
  assert.equal(jsonDuplicateKey('{"a": {"module": "x"}, "b": {"module": "y"}, "c": [{"k": 1}, {"k": 2}]}'), null);
});

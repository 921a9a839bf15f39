import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

test('invalid JSON exits 1 with the line, column and offset of the error', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    // The second comma after `"seed": 1` is at offset 29: line 3 (from offset 17), column 13.
    const file = await writeScenario(dir, '{\n  "name": "x",\n  "seed": 1,,\n}\n');
    const ran = await runRun([file, '--out', 'o'], dir);
    assert.equal(ran.code, 1);
    const err = ran.err.join('\n');
    assert.ok(err.includes(`${file}:3:13: not valid JSON (at position 29, line 3, column 13)`), err);
    await assert.rejects(access(join(dir, 'o')), { code: 'ENOENT' });
  });
});

test('a bad literal, whose V8 message has no position, still gets one', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, '{"name": tru}');
    const ran = await runRun([file], dir);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), /scenario\.json:1:13: not valid JSON \(at position 12, line 1, column 13\): Unexpected token/);
  });
});

test('an empty file is reported at its end', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, '\n');
    const ran = await runRun([file], dir);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), /scenario\.json:2:1: not valid JSON \(at position 1, line 2, column 1\): Unexpected end of JSON input/);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ONE_SEA, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

// Node 20's recursive mkdir spins forever under /proc (every mkdir there answers ENOENT): the
// whole simulation ran, then rasflow hung writing results.json.
test('an output directory under /proc exits 1 naming it, with or without checkpoints, instead of hanging', { timeout: 60_000, skip: process.platform !== 'linux' }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections));
    const plain = await runRun([file, '--out', '/proc/rasflow-out', '--quiet'], dir);
    assert.equal(plain.code, 1);
    assert.match(plain.err.join('\n'), /run: cannot write the results to \/proc\/rasflow-out: ENOENT/);
    const cp = await runRun([file, '--out', '/proc/rasflow-out', '--quiet', '--checkpoint-every', '1us'], dir);
    assert.equal(cp.code, 1);
    assert.match(cp.err.join('\n'), /run: cannot make the checkpoint directory \/proc\/rasflow-out\/checkpoint: ENOENT/);
  });
});

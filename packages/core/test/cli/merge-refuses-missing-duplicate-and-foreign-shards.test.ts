import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomScenario, runRun, withTempDir, writeScenario, capturingIo } from '../helpers/run-command.js';
import { runCli } from '../../src/cli/run-cli.js';

test('rasflow merge names a missing shard, a shard given twice, a shard of another seed and a whole run, and exits 1', { timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario({ hosts: { count: 3 } }));
    for (const args of [['--shard', '1/3', '--out', 'a1'], ['--shard', '2/3', '--out', 'a2'], ['--shard', '3/3', '--out', 'a3'], ['--shard', '3/3', '--seed', '99', '--out', 'b3'], ['--out', 'whole']]) {
      const r = await runRun([file, '--quiet', ...args], dir);
      assert.equal(r.code, 0, r.err.join('\n'));
    }
    const merge = async (...dirs: string[]): Promise<string> => {
      const io = capturingIo(dir);
      assert.equal(await runCli(['merge', ...dirs, '--out', 'm', '--quiet'], io), 1, dirs.join(' '));
      return io.err_.join('\n');
    };
    assert.match(await merge('a1', 'a3'), /merge: missing shard 2\/3 \(given: 1\/3, 3\/3\)/);
    assert.match(await merge('a1', 'a2', 'a2', 'a3'), /merge: shard 2\/3 is given twice: a2 and a2/);
    assert.match(await merge('a1', 'a2', 'b3'), /merge: b3 ran another scenario than a1 \(scenarioDigest .*: a different file, seed or profile\)/);
    assert.match(await merge('a1', 'whole'), /merge: whole is not a shard/);
    assert.match(await merge('a1', 'nowhere'), /merge: no results\.json at 'nowhere'/);
  });
});

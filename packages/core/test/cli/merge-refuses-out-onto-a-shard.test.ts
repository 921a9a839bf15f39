// `rasflow merge … --out DIR` where DIR is one of the shards' directories would overwrite that
// shard's results: refused (exit 2, naming the flag and the shard), and the shard is untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomScenario, runRun, withTempDir, writeScenario, capturingIo } from '../helpers/run-command.js';
import { runCli } from '../../src/cli/run-cli.js';

test('merge --out naming a shard directory (as given, by another spelling or through a link) exits 2', { timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario());
    for (const i of [1, 2]) assert.equal((await runRun([file, '--quiet', '--shard', `${i}/2`, '--out', `s${i}`], dir)).code, 0);
    await symlink(join(dir, 's2'), join(dir, 'link'));
    const before = await readFile(join(dir, 's2', 'results.json'), 'utf8');
    for (const out of ['s2', './s2/', 'link']) {
      const io = capturingIo(dir);
      assert.equal(await runCli(['merge', 's1', 's2/results.json', '--out', out, '--quiet'], io), 2, out);
      assert.equal(io.err_.join('\n'), `merge: --out ${out} is the directory of the shard 's2/results.json': the merged results would overwrite it; give a new directory`);
    }
    assert.equal(await readFile(join(dir, 's2', 'results.json'), 'utf8'), before);
  });
});

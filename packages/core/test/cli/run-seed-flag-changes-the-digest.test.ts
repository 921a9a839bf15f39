import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomScenario, readResults, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

test('--seed overrides the scenario seed: another seed, another digest; the same seed, the same digest', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario({ seed: 7 }));
    const digestOf = async (out: string, ...flags: string[]) => {
      const ran = await runRun([file, '--out', out, '--quiet', ...flags], dir);
      assert.equal(ran.code, 0, ran.err.join('\n'));
      return readResults(join(dir, out));
    };
    const a = await digestOf('a', '--seed', '11');
    const b = await digestOf('b', '--seed', '11');
    const c = await digestOf('c', '--seed=12');
    const d = await digestOf('d');
    assert.equal(a.seed, 11);
    assert.equal(c.seed, 12);
    assert.equal(d.seed, 7);
    assert.equal(a.digest, b.digest);
    assert.deepEqual(a.counts, b.counts);
    assert.notEqual(a.digest, c.digest);
    assert.notEqual(a.digest, d.digest);
  });
});

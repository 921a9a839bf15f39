import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomScenario, readResults, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

test('workersUsed is min(--workers, hosts.count); workers is what was asked for', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario({ hosts: { count: 3 }, durationNs: 50_000 }, 0));
    for (const [asked, used] of [[1, 1], [2, 2], [3, 3], [8, 3]] as const) {
      const ran = await runRun([file, '--out', `w${asked}`, '--workers', String(asked), '--quiet'], dir);
      assert.equal(ran.code, 0, ran.err.join('\n'));
      const r = await readResults(join(dir, `w${asked}`));
      assert.equal(r.workers, asked);
      assert.equal(r.workersUsed, used);
      assert.equal(r.perWorker.length, used);
      assert.deepEqual(r.perWorker.flatMap((w) => w.hosts).sort(), [0, 1, 2]);
    }
  });
});

test('without --workers, the run uses the available parallelism (at most one worker per host)', async () => {
  const { availableParallelism } = await import('node:os');
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario({ hosts: { count: 1 }, durationNs: 50_000 }, 0));
    const ran = await runRun([file, '--out', 'o', '--quiet'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    const r = await readResults(join(dir, 'o'));
    assert.equal(r.workers, availableParallelism());
    assert.equal(r.workersUsed, 1);
  });
});

test('--workers takes a positive decimal integer', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario({}, 0));
    for (const bad of ['0', '-1', '1.5', 'two', '']) {
      const ran = await runRun([file, '--workers', bad], dir);
      assert.equal(ran.code, 2, `--workers '${bad}'`);
      assert.match(ran.err.join('\n'), /--workers/);
    }
  });
});

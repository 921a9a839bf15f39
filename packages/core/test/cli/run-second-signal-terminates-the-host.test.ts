import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LONG_NS, randomScenario, readResults, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

test('a second SIGINT ends a run whose slice is too long to wait for, keeping finished hosts only', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    // The whole host is one slice, so the first signal cannot take effect before host 0 ends
    // (about 10 s of work: bounded, so a broken stop fails the test rather than hanging it).
    const file = await writeScenario(dir, randomScenario({ durationNs: LONG_NS, engine: { sliceNs: 1e12 } }, 0));
    const ran = await runRun([file, '--out', dir], dir, (line) => {
      if (!line.startsWith('rasflow run:')) return;
      setTimeout(() => process.kill(process.pid, 'SIGINT'), 1500);
      setTimeout(() => process.kill(process.pid, 'SIGINT'), 2000);
    });
    assert.equal(ran.code, 130, ran.err.join('\n'));
    const r = await readResults(dir);
    assert.equal(r.complete, false);
    assert.deepEqual(r.hosts, []);
    assert.equal(r.counts.accesses, 0);
    assert.equal(r.simulatedNs, 0);
  });
});

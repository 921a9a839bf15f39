import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LONG_NS, randomScenario, readResults, withTempDir, writeScenario } from '../helpers/run-command.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

test('rasflow run as a process: Ctrl-C (SIGINT) gives exit status 130 and partial results', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario({ durationNs: LONG_NS }, 0));
    const child = spawn(process.execPath, [MAIN, 'run', file, '--out', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      // One Ctrl-C, once the run has started (a second one would terminate the worker).
      if (!sent && stdout.includes('rasflow run:')) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 1500);
      }
    });
    child.stderr.on('data', (b: Buffer) => void (stderr += b.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    assert.equal(status, 130, stderr);
    assert.match(stdout, /INCOMPLETE \(interrupted by SIGINT\)/);
    assert.match(stderr, /run: SIGINT: stopping at the end of the current slice, then writing what ran \(SIGINT again to abandon the running hosts\)/, 'said at once');
    const r = await readResults(dir);
    assert.equal(r.complete, false);
    assert.ok(r.counts.accesses > 0);
  });
});

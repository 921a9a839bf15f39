/**
 * results.json's `startup.firstAccessMs` is measured from the rasflow process's own start, so the
 * test runs the CLI as a real process (in-process, the test runner's start would be the origin)
 * and checks it against the process's wall time as seen from outside: the child's clock starts
 * after the spawn and its first access comes before it exits. No absolute threshold: the figure
 * depends on the machine (the benchmarks' startup suite reports it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ONE_SEA, readResults, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

test('startup.firstAccessMs is positive and below the wall time of the rasflow process', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, { hosts: { count: 2 } }));
    const t0 = performance.now();
    const child = spawn(process.execPath, [MAIN, 'run', file, '--out', dir, '--quiet', '--workers', '2'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => void (stderr += b.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const wallMs = performance.now() - t0;
    assert.equal(status, 0, stderr);
    const r = await readResults(dir);
    assert.deepEqual(Object.keys(r.startup), ['firstAccessMs']);
    const ms = r.startup.firstAccessMs;
    assert.ok(ms !== null && Number.isFinite(ms), `firstAccessMs is ${ms}`);
    assert.ok(ms > 0, `firstAccessMs ${ms} is not positive`);
    assert.ok(ms < wallMs, `firstAccessMs ${ms} is not below the process's wall time ${wallMs.toFixed(1)} ms`);
    // The simulation itself comes after the first access: it fits in what is left.
    assert.ok(ms + r.wallSeconds * 1000 < wallMs, `first access ${ms} ms + simulation ${r.wallSeconds * 1000} ms exceed ${wallMs.toFixed(1)} ms`);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readResults, runRun, withTempDir, writeScenario, type Ran } from '../helpers/run-command.js';
import { killedRun, stallingScenario } from '../helpers/killed-run.js';
import { runCli } from '../../src/cli/run-cli.js';
import { capturingIo } from '../helpers/run-command.js';

async function resume(dir: string, args: string[]): Promise<Ran> {
  const io = capturingIo(dir);
  const code = await runCli(['resume', ...args], io);
  return { code, out: io.out_, err: io.err_ };
}

test('killed with SIGKILL after a checkpoint, a run resumed with `rasflow resume` ends with the digest of a run never interrupted', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, stallingScenario());
    const whole = join(dir, 'whole');
    const ran = await runRun([file, '--out', whole, '--quiet', '--workers', '1'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    const expected = await readResults(whole);
    assert.equal(expected.complete, true);
    assert.ok(expected.hosts.every((h) => h.journeys > 0), 'both hosts have journeys');

    // Host 0 finishes; host 1 writes snapshots at 50 and 100 µs, then stalls at 130 µs and is killed.
    const cut = join(dir, 'cut');
    const killed = await killedRun(file, cut, dir);
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    const left = (await readdir(join(cut, 'checkpoint'))).sort();
    assert.deepEqual(left, ['host-00000.done', 'host-00001.snap', 'run.json']);

    const resumed = await resume(dir, [cut]);
    assert.equal(resumed.code, 0, resumed.err.join('\n'));
    assert.match(resumed.out.join('\n'), /resuming .*: 1 of 2 hosts finished before; 1 continues from its last snapshot/);
    const got = await readResults(cut);
    assert.equal(got.complete, true);
    assert.deepEqual(got.hosts.map((h) => h.digest), expected.hosts.map((h) => h.digest));
    assert.equal(got.digest, expected.digest);
    assert.deepEqual(got.counts, expected.counts);
    // A complete run needs no checkpoint: it is removed.
    assert.deepEqual(await readdir(cut), ['results.json']);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { capturingIo, withTempDir, writeScenario } from '../helpers/run-command.js';
import { killedRun, stallingScenario } from '../helpers/killed-run.js';
import { runCli } from '../../src/cli/run-cli.js';

test('rasflow resume names a snapshot that cannot be read back, and exits 1', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, stallingScenario());
    const cut = join(dir, 'cut');
    assert.equal((await killedRun(file, cut, dir)).signal, 'SIGKILL');
    await truncate(join(cut, 'checkpoint', 'host-00001.snap'), 100);
    const io = capturingIo(dir);
    const code = await runCli(['resume', cut, '--quiet'], io);
    assert.equal(code, 1);
    assert.match(io.err_.join('\n'), /host-00001\.snap cannot be read back/);
  });
});

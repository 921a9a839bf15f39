import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixtureUrl, randomScenario, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

test('a plugin module that throws when imported fails the run in the main thread: no worker imports it, nothing is written', { timeout: 30_000 }, async () => {
  await withTempDir(async (dir) => {
    const s = randomScenario();
    (s['plugins'] as Record<string, unknown>)['observers'] = [{ module: fixtureUrl('import-fails-with-thread-log') }];
    const file = await writeScenario(dir, s);
    const log = join(dir, 'imports.log');
    process.env['RASFLOW_TEST_IMPORT_LOG'] = log;
    try {
      const ran = await runRun([file, '--out', join(dir, 'out'), '--checkpoint-every', '50us'], dir);
      assert.equal(ran.code, 1);
      assert.match(ran.err.join('\n'), /run: plugins\.observers\[0\]: module '.*import-fails-with-thread-log\.js' failed to load: this plugin module is broken on purpose/);
    } finally {
      delete process.env['RASFLOW_TEST_IMPORT_LOG'];
    }
    // Only the main thread tried: workers would have logged `worker`.
    assert.equal(await readFile(log, 'utf8'), 'main\n');
    assert.equal(existsSync(join(dir, 'out')), false, 'no results and no checkpoint directory');
  });
});

// Options of several plugins that do not validate: one message lists every plugin's problems,
// not only the first plugin's (a user should not have to fix them one run at a time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ONE_SEA, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('bad options in the firmware and the guest: both named in one run, exit 1', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const s = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections);
    s['plugins'] = {
      firmware: { module: '@rasflow/plugins/seed/firmware', options: { ackTimeoutNs: 'soon' } },
      guest: { module: '@rasflow/plugins/seed/guest', options: { earlyKill: 'yes' } },
    };
    const file = await writeScenario(dir, s);
    const r = await runRun([file, '--out', 'o', '--quiet'], dir);
    assert.equal(r.code, 1);
    const err = r.err.join('\n');
    assert.match(err, /plugins\.firmware\.options\.ackTimeoutNs: found "soon", expected integer/);
    assert.match(err, /plugins\.guest\.options\.earlyKill: found "yes", expected boolean/);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { ONE_SEA, fixtureUrl, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('a plugin that cannot be loaded exits 1 with the PluginLoadError message and writes nothing', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const scenario = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections);
    const plugins = scenario['plugins'] as Record<string, unknown>;
    plugins['vmm'] = { module: './no-such-vmm.js' };
    const file = await writeScenario(dir, scenario);
    const ran = await runRun([file, '--out', 'o'], dir);
    assert.equal(ran.code, 1);
    // Relative specifiers resolve against the scenario file's directory.
    assert.ok(ran.err.join('\n').includes(`run: plugins.vmm: cannot load module './no-such-vmm.js': no file at ${join(dir, 'no-such-vmm.js')}`), ran.err.join('\n'));
    await assert.rejects(access(join(dir, 'o')), { code: 'ENOENT' });
  });
});

test('plugin options that do not validate exit 1 naming the option', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const scenario = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections);
    (scenario['plugins'] as Record<string, unknown>)['injectors'] = [{ module: fixtureUrl('per-access-injector'), options: { probability: 'high' } }];
    const file = await writeScenario(dir, scenario);
    const ran = await runRun([file, '--out', 'o', '--quiet'], dir);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), /plugins\.injectors\[0\]\.options\.probability: found "high", expected number/);
    await assert.rejects(access(join(dir, 'o')), { code: 'ENOENT' });
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { loadPlugin } from '../../src/plugin/load-plugins.js';
import { PluginLoadError } from '../../src/plugin/plugin-error.js';
import { fixturesDir } from '../helpers/engine-run.js';

test('a plugin loads by relative path, file URL and its default export', async () => {
  const a = await loadPlugin('./minimal-vmm.js', 'vmm', {}, fixturesDir, 'plugins.vmm');
  assert.equal(a.definition.name, 'fixture-vmm');
  const b = await loadPlugin(pathToFileURL(join(fixturesDir, 'minimal-guest.js')).href, 'guest', {}, '/', 'plugins.guest');
  assert.equal(b.definition.layer, 'guest');
});

test('a module that cannot be found names the field and the specifier', async () => {
  await assert.rejects(loadPlugin('./nope.js', 'vmm', {}, fixturesDir, 'plugins.vmm'), (e: unknown) => {
    assert.ok(e instanceof PluginLoadError);
    assert.match(e.message, /^plugins\.vmm: cannot load module '\.\/nope\.js': no file at /);
    return true;
  });
  await assert.rejects(loadPlugin('no-such-package/x', 'vmm', {}, fixturesDir, 'plugins.vmm'), /cannot load module 'no-such-package\/x'/);
});

test('a plugin of another layer is refused', async () => {
  await assert.rejects(loadPlugin('./minimal-vmm.js', 'guest', {}, fixturesDir, 'plugins.guest'), /'fixture-vmm' from '\.\/minimal-vmm\.js' is a vmm plugin, not a guest plugin/);
});

test('options are validated against the plugin schema before the run', async () => {
  await assert.rejects(loadPlugin('./per-access-injector.js', 'injector', { probability: 'high' }, fixturesDir, 'plugins.injectors[0]'), (e: unknown) => {
    assert.match(String(e), /plugins\.injectors\[0\]\.options\.probability: found "high", expected number/);
    return true;
  });
  await assert.rejects(loadPlugin('./minimal-vmm.js', 'vmm', { x: 1 }, fixturesDir, 'plugins.vmm'), /plugins\.vmm\.options: plugin 'fixture-vmm' takes no options, found x/);
});

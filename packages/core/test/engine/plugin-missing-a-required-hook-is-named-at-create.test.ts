// A plugin whose create() returns hooks without one its layer must implement (here a VMM without
// onSigbus) is a plugin error at create(), naming the hook, instead of a TypeError from deep in
// the engine when the first SIGBUS comes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

test('a VMM without onSigbus: PluginError in create naming onSigbus', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ ...POISON_THEN_LOAD, layers: { vmm: { module: 'throwing-vmm-on-host', options: { host: 0, fail: 'no-onsigbus' } } } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.plugin, 'fixture-throwing-vmm-on-host');
      assert.equal(err.where.hook, 'create');
      assert.match(err.message, /create\(\) returned no onSigbus function: a vmm plugin must implement onSigbus/);
      return true;
    },
  );
});

// An empty batch with idleUntil not after now would wake the vCPU at once with nothing to do, and
// the engine would call fill() again at the same simulated time without end. The value is refused
// as it is set, naming the workload and its hook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { runBoundary } from '../helpers/boundary-run.js';

test('idleUntil = nowNs stops the run with a PluginError from fill()', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ accesses: [], workload: { module: 'idle-now-workload' } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.plugin, 'fixture-idle-now-workload');
      assert.equal(err.where.hook, 'fill');
      assert.equal(err.where.vcpu, 0);
      assert.match(err.message, /idleUntil: 0 ns is not after now \(0 ns\): an idle vCPU must wake later \(Infinity: never\)/);
      return true;
    },
  );
});

// The engine reads a negative injector tag as "call start()": schedule(t, -1) used to re-run
// start() at t, which scheduled itself again at the same time, forever. It is refused at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { runBoundary } from '../helpers/boundary-run.js';

test('schedule with tag -1 stops the run with a PluginError from start()', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ accesses: [{ atNs: 100, pid: 0, address: 0x1000, kind: 'load' }], injector: { module: 'boundary-injector', options: { op: 'negative-tag' } } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.plugin, 'fixture-boundary-injector');
      assert.equal(err.where.layer, 'injector');
      assert.equal(err.where.hook, 'start');
      assert.match(err.message, /schedule: tag -1 is not a tag fire\(\) can get back \(an integer in 0\.\.2\^31-1\)/);
      return true;
    },
  );
});

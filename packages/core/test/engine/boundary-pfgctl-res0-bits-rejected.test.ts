// ERR<n>PFGCTL bits 29:13 are RES0: the register would ignore them. A value that sets one is an
// injector bug (a field shifted to the wrong place), refused rather than dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { runBoundary } from '../helpers/boundary-run.js';

test('programErrorInjection with PFGCTL bit 13 set stops the run with a PluginError', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ accesses: [{ atNs: 100, pid: 0, address: 0x1000, kind: 'load' }], injector: { module: 'boundary-injector', options: { op: 'pfgctl', value: 0x8000_2008 } } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.hook, 'fire');
      assert.match(err.message, /programErrorInjection: pfgctl 0x80002008 sets RES0 bits 0x2000 \(29:13\)/);
      return true;
    },
  );
});

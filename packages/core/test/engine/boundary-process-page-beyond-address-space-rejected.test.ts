// A virtual page beyond a process's address space can never be mapped: poisoning "page 0x1000"
// of a 16-page process (a byte address given as a page number) is refused rather than answered
// with -1 ("not mapped now") and silently injecting nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { runBoundary } from '../helpers/boundary-run.js';

test('poisonProcessPage of page 0x1000 in a 16-page process stops the run with a PluginError', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ accesses: [{ atNs: 100, pid: 0, address: 0x1000, kind: 'load' }], injector: { module: 'boundary-injector', options: { op: 'page-beyond', value: 0x1000 } } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.hook, 'fire');
      assert.equal(err.where.nowNs, 10);
      assert.match(err.message, /processPageToHostPa: page 0x1000 is outside process 0's virtual pages \(0\.\.0xf\)/);
      return true;
    },
  );
});

// A GHES source index the plan does not have is a plugin bug wherever it is passed. guestAckFree
// used to answer "busy" (false) for it, which a VMM would take for an unacknowledged record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

test('guestAckFree(7) with one guest source stops the run with a PluginError', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ ...POISON_THEN_LOAD, layers: { vmm: { module: 'boundary-vmm', options: { op: 'ack-free', value: 7 } } } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.hook, 'onSigbus');
      assert.match(err.message, /guestAckFree: GHES source 7 does not exist: the plan has 1 \(0\.\.0\); guestSource\(\) returns -1 for a kind that is not published/);
      return true;
    },
  );
});

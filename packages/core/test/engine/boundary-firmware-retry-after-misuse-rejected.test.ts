// FirmwareContext.retryAfter keeps the exception in EL3 for the hook to run again: a time that is
// not positive, a second wait in one hook, or a wait after the exception was already faked into
// EL2 has no meaning on a PE, and stops the run naming the call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

const refused = (op: string, value: number | undefined, message: RegExp) => async () => {
  await assert.rejects(
    runBoundary({
      ...POISON_THEN_LOAD,
      layers: { firmware: { module: 'boundary-firmware', options: { op, ...(value === undefined ? {} : { value }) } } },
    }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.hook, 'onSyncExternalAbort');
      assert.match(err.message, message);
      return true;
    },
  );
};

test('retryAfter(0) is refused', { timeout: 30_000 }, refused('retry-ns', 0, /retryAfter: ns 0 is not a positive, finite time in ns/));
test('retryAfter(-5) is refused', { timeout: 30_000 }, refused('retry-ns', -5, /retryAfter: ns -5 is not a positive, finite time in ns/));
test('a second retryAfter in one hook is refused', { timeout: 30_000 }, refused('retry-twice', undefined, /retryAfter: a second call in one hook/));
test('retryAfter after enterEl2Sync is refused', { timeout: 30_000 }, refused('retry-after-enter', undefined, /retryAfter: a call after the exception left EL3 in one hook/));

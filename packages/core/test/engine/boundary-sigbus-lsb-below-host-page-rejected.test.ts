// si_addr_lsb of BUS_MCEERR_* is the log2 of what memory_failure() took out: at least the host
// page. A smaller one is no siginfo the kernel sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

test('sigbus(BUS_MCEERR_AR) with lsb 0 stops the run with a PluginError', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ ...POISON_THEN_LOAD, layers: { hypervisor: { module: 'boundary-hypervisor', options: { op: 'sigbus-lsb', value: 0 } } } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.hook, 'onGuestSea');
      assert.match(err.message, /sigbus: lsb 0 is not an si_addr_lsb for BUS_MCEERR_\* \(an integer in 12\.\.63: at least the host page\)/);
      return true;
    },
  );
});

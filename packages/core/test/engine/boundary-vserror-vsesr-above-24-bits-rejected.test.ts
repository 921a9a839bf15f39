// VSESR_EL2 holds bits 24:0. KVM writing a wider syndrome is the hypervisor plugin's bug: it is
// refused (no silent masking to bits 24:0, which would deliver another syndrome than asked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

test('injectVirtualSError with bit 25 set stops the run with a PluginError', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ ...POISON_THEN_LOAD, layers: { hypervisor: { module: 'boundary-hypervisor', options: { op: 'vserror', value: 0x0200_0000 } } } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.plugin, 'fixture-boundary-hypervisor');
      assert.equal(err.where.hook, 'onGuestSea');
      assert.match(err.message, /injectVirtualSError: vsesr 0x2000000 does not fit VSESR_EL2 \(IDS bit 24 and ISS 23:0/);
      return true;
    },
  );
});

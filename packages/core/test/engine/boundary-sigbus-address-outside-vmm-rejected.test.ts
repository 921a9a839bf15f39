// si_addr of BUS_MCEERR_* is the VMM's own virtual address of the poisoned page. A host PA in its
// place (a common mix-up) is outside the VMM's mappings and is refused where the hypervisor hands
// it over, instead of reaching the VMM as "not guest RAM" and terminating the VM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

test('sigbus(BUS_MCEERR_AR) with a host PA as si_addr stops the run with a PluginError', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ ...POISON_THEN_LOAD, layers: { hypervisor: { module: 'boundary-hypervisor', options: { op: 'sigbus-hpa' } } } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.plugin, 'fixture-boundary-hypervisor');
      assert.equal(err.where.hook, 'onGuestSea');
      assert.match(err.message, /sigbus: hostVa 0x[0-9a-f]+ is outside the VMM's mappings \(guest RAM at 0x400000000000, \+0x400000;/);
      return true;
    },
  );
});

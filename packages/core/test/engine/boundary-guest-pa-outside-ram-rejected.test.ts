// A VMM gets the guest PA of a CPER from its own memory map, which only knows guest RAM: a record
// naming an address past the end of RAM is the VMM plugin's bug.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

test('writeGuestMemoryRecord for the first address past 4 MiB of RAM stops the run with a PluginError', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ ...POISON_THEN_LOAD, layers: { vmm: { module: 'boundary-vmm', options: { op: 'record-at', value: 0x40_0000 } } } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.plugin, 'fixture-boundary-vmm');
      assert.equal(err.where.hook, 'onSigbus');
      assert.match(err.message, /writeGuestMemoryRecord: guestPa 0x400000 is outside guest RAM \(0\.\.0x3fffff\)/);
      return true;
    },
  );
});

// The ESR a VMM gives an injected SEA is ESR_EL1's 32 bits (EC, IL, ISS): a value with a bit
// above 31 (ISS2/RES0, 0 for every exception of this flow) is refused, not cut down to 32 bits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

test('injectSea with bit 32 set stops the run with a PluginError naming the call and the value', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ ...POISON_THEN_LOAD, layers: { vmm: { module: 'boundary-vmm', options: { op: 'inject-sea', value: 0x1_9200_0410 } } } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.plugin, 'fixture-boundary-vmm');
      assert.equal(err.where.hook, 'onSigbus');
      assert.equal(err.where.vcpu, 0);
      assert.match(err.message, /injectSea: esr 0x192000410 has bits above 31 set/);
      return true;
    },
  );
});

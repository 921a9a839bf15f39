// injectSea injects an external abort: its ESR must have a data or instruction abort's EC. An
// SError's syndrome (EC 0x2F) there is a VMM bug, refused with the EC and what is allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

test('injectSea with an SError syndrome stops the run with a PluginError', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({ ...POISON_THEN_LOAD, layers: { vmm: { module: 'boundary-vmm', options: { op: 'inject-sea', value: 0xbe00_0811 } } } }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.hook, 'onSigbus');
      assert.match(err.message, /injectSea: esr 0xbe000811 has EC 0x2f; an external abort is a data abort \(EC 0x24\/0x25\) or an instruction abort \(EC 0x20\/0x21\)/);
      return true;
    },
  );
});

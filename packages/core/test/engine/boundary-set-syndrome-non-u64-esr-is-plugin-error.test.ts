// A syndrome that is no u64 at all (a fraction) cannot be passed to the ioctl: it is the VMM
// plugin's bug, reported as a PluginError naming the plugin, the hook, the call and the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from '../helpers/engine-run.js';
import { PluginError } from '../../src/plugin/plugin-error.js';

test('the set-syndrome call with a fractional ESR stops the run with a PluginError', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runFixture({
      vmm: 'einval-vmm',
      vmmOptions: { esr: 2049.5 },
      injections: [{ atNs: 10, pid: 0, page: 1, offset: 0 }],
      accesses: [{ atNs: 100, pid: 0, address: 0x1000, kind: 'load' }],
    }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.plugin, 'fixture-einval-vmm');
      assert.equal(err.where.hook, 'onSigbus');
      assert.match(err.message, /failed in hook onSigbus on host 0, VM 0, vCPU 0 at \d+ ns: RangeError: setSErrorEsr: esr 2049\.5 is not a u64/);
      return true;
    },
  );
});

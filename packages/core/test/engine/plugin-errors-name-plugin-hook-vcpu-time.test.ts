import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from '../helpers/engine-run.js';
import { PluginError } from '../../src/plugin/plugin-error.js';

test('a throwing hook stops the run with plugin, hook, vCPU and simulated time', { timeout: 60_000 }, async () => {
  await assert.rejects(
    runFixture({
      vmm: 'throwing-vmm',
      injections: [{ atNs: 10, pid: 0, page: 1, offset: 0 }],
      accesses: [{ atNs: 100, pid: 0, address: 0x1000, kind: 'load' }],
    }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.plugin, 'fixture-throwing-vmm');
      assert.equal(err.where.hook, 'onSigbus');
      assert.equal(err.where.vcpu, 0);
      assert.equal(err.where.nowNs, 100);
      assert.match(err.message, /plugin 'fixture-throwing-vmm' \(vmm\) failed in hook onSigbus on host 0, VM 0, vCPU 0 at 100 ns: TypeError: cannot read the memory map/);
      assert.ok(err.cause instanceof TypeError);
      return true;
    },
  );
});

// HypervisorContext.sigbus() takes si_code SI_KERNEL (0x80), the code force_sig(SIGBUS) gives
// (Linux's ghes_do_proc() for an SEA whose record queued nothing); force_sig() fills in no
// si_addr, so SI_KERNEL with an address is no siginfo the kernel sends, and neither is a code
// that is none of SIGBUS's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';
import { count } from '../helpers/engine-run.js';

const hv = (options: Record<string, unknown>) => ({ layers: { hypervisor: { module: 'boundary-hypervisor', options } } });

test('sigbus(SI_KERNEL) without an address reaches the VMM and counts as another si_code', { timeout: 30_000 }, async () => {
  const out = await runBoundary({ ...POISON_THEN_LOAD, ...hv({ op: 'sigbus-code', value: 0x80 }) });
  const step = out.journeys[0]!.steps.find((s) => s.action === 'sigbus')!;
  assert.equal(step.code, 0x80);
  assert.equal(step.far, undefined, 'no si_addr');
  assert.equal(count(out, 'sigbusOther'), 1);
});

test('sigbus(SI_KERNEL) with an address, or an si_code SIGBUS does not have, stops the run with a PluginError', { timeout: 30_000 }, async () => {
  for (const [options, message] of [
    [{ op: 'sigbus-code', value: 0x80, hostVa: 'page' }, /sigbus: hostVa 0x[0-9a-f]+ must be -1 for SI_KERNEL: force_sig\(\) sends no si_addr/],
    [{ op: 'sigbus-code', value: 6 }, /sigbus: code 6 is not a SIGBUS si_code \(.*0x80 SI_KERNEL\)/],
  ] as const) {
    await assert.rejects(runBoundary({ ...POISON_THEN_LOAD, ...hv(options) }), (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.hook, 'onGuestSea');
      assert.match(err.message, message);
      return true;
    });
  }
});

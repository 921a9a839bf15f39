// An SError syndrome with IDS=0 has RES0 bits 23:14 and 8:6. Firmware faking an SError into EL2
// with one of them set gives KVM a syndrome no PE produces: refused with the bits named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError } from '../../src/plugin/plugin-error.js';
import { runBoundary } from '../helpers/boundary-run.js';

test('enterEl2SError with bit 14 set stops the run with a PluginError', { timeout: 30_000 }, async () => {
  await assert.rejects(
    runBoundary({
      injections: [{ atNs: 10, serror: { aet: 'UER' } }],
      accesses: [{ atNs: 100, pid: 0, address: 0x1000, kind: 'load' }],
      layers: { firmware: { module: 'boundary-firmware', options: { op: 'serror-esr', value: 0xbe00_4c11 } } },
    }),
    (err: unknown) => {
      assert.ok(err instanceof PluginError);
      assert.equal(err.where.plugin, 'fixture-boundary-firmware');
      assert.equal(err.where.hook, 'onSError');
      assert.match(err.message, /enterEl2SError: esr 0xbe004c11 sets bits 0x4000 that are RES0 in an SError ISS with IDS=0 \(23:14 and 8:6\)/);
      return true;
    },
  );
});

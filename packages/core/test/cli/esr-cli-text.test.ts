// `rasflow esr <value>` without --json: a short explanation, one line per field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

async function text(value: string): Promise<string> {
  const io = memoryIo();
  assert.equal(await runCli(['esr', value], io), 0, io.stderr.join('\n'));
  return io.stdout.join('\n');
}

test('a QEMU-injected SEA explains SET, FnV and DFSC', async () => {
  const t = await text('0x92000410');
  assert.match(t, /^ESR 0x92000410: EC 0x24 DABT_LOW: Data Abort taken from a lower Exception level/);
  assert.match(t, /IL=1/);
  assert.match(t, /SET=UER: recoverable state/);
  assert.match(t, /FnV=1: FAR is not valid/);
  assert.match(t, /WnR=0: read/);
  assert.match(t, /DFSC=0x10: Synchronous External abort/);
});

test('an SError explains AET and what Linux does', async () => {
  const t = await text('0xbe000811');
  assert.match(t, /EC 0x2f SERROR/);
  assert.match(t, /AET=UEO: restartable state/);
  assert.match(t, /Linux severity: UEO \(the interrupted context can continue\)/);
  assert.match(await text('0xbf000000'), /IDS=1: IMPLEMENTATION DEFINED syndrome/);
  assert.match(await text('0xbe000000'), /DFSC=0x00: Uncategorized[\s\S]*Linux severity: UC \(uncontainable: panic\)/);
});

test('other classes print EC, IL and ISS only', async () => {
  const t = await text('0x5a000000');
  assert.equal(t.split('\n').length, 3);
  assert.match(t, /HVC64/);
  assert.match(t, /ISS=0x0000000/);
});

test('--help prints usage with exit 0', async () => {
  const io = memoryIo();
  assert.equal(await runCli(['esr', '--help'], io), 0);
  assert.match(io.stdout.join('\n'), /usage: rasflow esr <value> \[--json\]/);
});

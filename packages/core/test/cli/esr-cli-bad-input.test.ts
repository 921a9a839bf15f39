// `rasflow esr` refuses what it cannot read unambiguously with exit code 2 and a message that says
// what was wrong and what is accepted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

async function refused(args: string[]): Promise<string> {
  const io = memoryIo();
  const code = await runCli(['esr', ...args], io);
  assert.equal(code, 2, `expected exit 2 for ${JSON.stringify(args)}; stdout ${io.stdout.join('|')}`);
  assert.equal(io.stdout.length, 0);
  const msg = io.stderr.join('\n');
  assert.match(msg, /0x-prefixed hex/, 'the message says what is accepted');
  return msg;
}

test('bare hex without 0x is refused, even when it is all digits', async () => {
  assert.match(await refused(['92000410']), /0x92000410/);
  assert.match(await refused(['be000c11']), /0xbe000c11/);
  assert.match(await refused(['00000010']), /hex without the 0x prefix/);
});

test('values wider than 64 bits are refused', async () => {
  assert.match(await refused(['0x1_0000_0000_0000_0000']), /wider than 64 bits/);
  assert.match(await refused(['18446744073709551616']), /wider than 64 bits/);
});

test('non-numbers are refused', async () => {
  await refused(['abc']);
  await refused(['0x']);
  await refused(['0xg1']);
  await refused(['-5']);
  await refused(['0x_12']);
});

test('missing or extra values are refused', async () => {
  assert.match(await refused([]), /missing the ESR value/);
  await refused(['0x1', '0x2']);
});

test('an unknown option is a usage error', async () => {
  const io = memoryIo();
  assert.equal(await runCli(['esr', '0x92000010', '--jsn'], io), 2);
  assert.match(io.stderr.join('\n'), /unknown option/);
});

test('the largest 64-bit value is accepted', async () => {
  const io = memoryIo();
  assert.equal(await runCli(['esr', '0xffff_ffff_ffff_ffff', '--json'], io), 0);
  const j = JSON.parse(io.stdout[0]!) as Record<string, unknown>;
  assert.deepEqual([j['ec'], j['iss2'], j['res0']], [0x3f, 0xffffff, 0xff]);
});

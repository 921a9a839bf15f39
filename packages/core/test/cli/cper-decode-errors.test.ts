// Bad input to `rasflow cper decode`: decode failures exit 1 with the DecodeError message
// (structure, offset, problem); usage errors exit 2; a missing file exits 1 with a plain message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { goldenBytes, loadOracle } from '../apei/cper-fixtures.js';

async function run(args: string[], files: Record<string, Uint8Array | string> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(files);
  const code = await runCli(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

test('a truncated block exits 1 naming the GESB Data Length and its offset', async () => {
  const r = await run(['cper', 'decode', 'b', '--json'], { b: goldenBytes().subarray(0, 100) });
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, /^rasflow cper decode: b: GESB at offset 12 \(0xc\): Data Length 152 runs past the 100 bytes available$/);
});

test('an inconsistent GEDE length exits 1 naming GEDE 0', async () => {
  const b = goldenBytes();
  new DataView(b.buffer).setUint32(0x2c, 200, true);
  const r = await run(['cper', 'decode', 'b'], { b });
  assert.equal(r.code, 1);
  assert.match(r.err, /GEDE 0 at offset 44 \(0x2c\): Error Data Length 200 is inconsistent with the GESB Data Length/);
});

test('a record cut short exits 1 naming the record header', async () => {
  const r = await run(['cper', 'decode', 'r'], { r: loadOracle('generic').bytes.subarray(0, 300) });
  assert.equal(r.code, 1);
  assert.match(r.err, /CPER record header at offset 20 \(0x14\): Record Length 392 exceeds the 300 bytes available/);
});

test('hex text with an odd number of digits is reported as such', async () => {
  const r = await run(['cper', 'decode', 'h'], { h: 'abc\n' });
  assert.equal(r.code, 1);
  assert.match(r.err, /hex text at offset 0 \(0x0\): 3 hex digits/);
});

test('binary that is not a block fails as a GHES block', async () => {
  const r = await run(['cper', 'decode', 't'], { t: new Uint8Array([0x68, 0x00, 0x01, 0x02, 0xff, 0x10, 0x00, 0x00]) });
  assert.equal(r.code, 1);
  assert.match(r.err, /GESB|GEDE/);
});

test('a missing file exits 1 with a plain message, not a stack trace', async () => {
  const r = await run(['cper', 'decode', 'nope.bin']);
  assert.equal(r.code, 1);
  assert.equal(r.err, "rasflow cper decode: cannot read 'nope.bin': no such file");
});

test('usage errors exit 2: no subcommand, unknown subcommand, no file, two files, unknown flag', async () => {
  for (const args of [['cper'], ['cper', 'encode', 'x'], ['cper', 'decode'], ['cper', 'decode', 'a', 'b'], ['cper', 'decode', 'a', '--yaml']]) {
    const r = await run(args, { a: goldenBytes(), b: goldenBytes() });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, /rasflow cper/);
  }
});

test('help exits 0 with the usage line', async () => {
  const r = await run(['cper', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /usage: rasflow cper decode <file> \[--json\]/);
});

// Text given to `rasflow cper decode` that is not hex in an accepted form is refused (exit 1)
// with the line and column of the first character that does not fit, instead of being read as
// binary and failing on a nonsense length (`GESB … Data Length 807415856 runs past …`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { goldenBytes } from '../apei/cper-fixtures.js';

async function decodeError(text: string): Promise<string> {
  const io = memoryIo({ f: text });
  assert.equal(await runCli(['cper', 'decode', 'f'], io), 1);
  assert.deepEqual(io.stdout, []);
  return io.stderr.join('\n');
}

const hex = [...goldenBytes()].map((b) => b.toString(16).padStart(2, '0')).join('');

test('a stray G in plain hex is named by line, column and byte offset', async () => {
  const lines = [hex.slice(0, 64), hex.slice(64, 128), hex.slice(128)];
  lines[1] = lines[1]!.slice(0, 9) + 'G' + lines[1]!.slice(10);
  const err = await decodeError(lines.join('\n'));
  assert.equal(err, "rasflow cper decode: f: hex text at offset 74 (0x4a): line 2, column 10: 'G' is not a hex digit (the accepted forms: plain hex, a C array of 0x bytes, xxd output)");
});

test('a C array with a bad byte names the byte', async () => {
  const err = await decodeError('0x01, 0x00,\n  0x0g, 0x00\n');
  assert.match(err, /line 2, column 3: expected a byte such as 0x1f, found '0'$/);
});

test('text that is not hex at all names its first character', async () => {
  assert.match(await decodeError('hello, this is not a block'), /line 1, column 1: 'h' is not a hex digit/);
});

test('a character that would not show is given as its code point', async () => {
  assert.match(await decodeError(`${hex.slice(0, 8)}\u00a0${hex.slice(8)}`), /line 1, column 9: U\+00A0 is not a hex digit/);
});

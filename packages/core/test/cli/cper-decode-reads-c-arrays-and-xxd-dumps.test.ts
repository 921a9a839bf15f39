// `rasflow cper decode` reads the hex dumps people save besides plain hex: a C array of 0x bytes
// (its body, or the whole `xxd -i` declaration) and xxd output with offsets and an ASCII column
// (any group size); each decodes exactly as the binary file does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { goldenBytes } from '../apei/cper-fixtures.js';

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/** What `xxd -g GROUP` prints for `bytes` (16 bytes a line). */
function xxd(bytes: Uint8Array, group: number): string {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const row = [...bytes.subarray(off, off + 16)];
    const groups: string[] = [];
    for (let g = 0; g < row.length; g += group) groups.push(row.slice(g, g + group).map(hex2).join(''));
    const width = (16 / group) * (2 * group + 1) - 1;
    const ascii = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}: ${groups.join(' ').padEnd(width)}  ${ascii}`);
  }
  return lines.join('\n') + '\n';
}

/** What `xxd -i` prints: the declaration, 12 bytes a line, and the length. */
function cArray(bytes: Uint8Array, declaration: boolean): string {
  const rows: string[] = [];
  for (let off = 0; off < bytes.length; off += 12) rows.push('  ' + [...bytes.subarray(off, off + 12)].map((b) => `0x${hex2(b)}`).join(', '));
  const body = rows.join(',\n') + '\n';
  return declaration ? `unsigned char block_bin[] = {\n${body}};\nunsigned int block_bin_len = ${bytes.length};\n` : body;
}

async function decodeJson(file: Uint8Array | string): Promise<string> {
  const io = memoryIo({ f: file });
  assert.equal(await runCli(['cper', 'decode', 'f', '--json'], io), 0, io.stderr.join('\n'));
  return io.stdout.join('\n');
}

test('xxd output (-g 2, the default, and -g 1, -g 4) decodes as the binary does', async () => {
  const bytes = goldenBytes();
  const expected = await decodeJson(bytes);
  for (const group of [2, 1, 4]) assert.equal(await decodeJson(xxd(bytes, group)), expected, `-g ${group}`);
});

test('a C array of 0x bytes, alone or as the whole xxd -i declaration, decodes as the binary does', async () => {
  const bytes = goldenBytes();
  const expected = await decodeJson(bytes);
  assert.equal(await decodeJson(cArray(bytes, false)), expected);
  assert.equal(await decodeJson(cArray(bytes, true)), expected);
});

test('an xxd dump with a line missing is refused naming the line and the offsets', async () => {
  const lines = xxd(goldenBytes(), 2).split('\n');
  lines.splice(2, 1);
  const io = memoryIo({ f: lines.join('\n') });
  assert.equal(await runCli(['cper', 'decode', 'f'], io), 1);
  assert.match(io.stderr.join('\n'), /^rasflow cper decode: f: hex text at offset \d+ \(0x[0-9a-f]+\): line 3, column 1: offset 0x30, but the lines before end at 0x20: a line is missing or repeated$/);
});

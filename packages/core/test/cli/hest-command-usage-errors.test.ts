// Wrong use of `rasflow hest` exits 2 with a message, and writes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

async function usageError(args: string[], message: RegExp): Promise<void> {
  const io = memoryIo();
  assert.equal(await runCli(['hest', ...args], io), 2, `exit 2 for ${args.join(' ')}`);
  assert.match(io.stderr.join('\n'), message);
  assert.equal(io.written.size, 0);
}

test('-o is required', () => usageError([], /-o\/--out <file> is required/));
test('unknown source lists the allowed ones', () =>
  usageError(['--sources', 'sea,nmi', '-o', '/x'], /unknown source 'nmi'.*allowed: sea, sei, sdei, gpio/));
test('empty source list', () => usageError(['--sources', '', '-o', '/x'], /comma-separated list of: sea, sei, sdei, gpio/));
test('empty item in the source list', () => usageError(['--sources', 'sea,,sei', '-o', '/x'], /comma-separated/));
test('duplicate source', () => usageError(['--sources', 'sea,sei,sea', '-o', '/x'], /'sea' listed twice/));
test('bad PE counts', async () => {
  for (const pes of ['0', '-1', 'x', '1.5', '4097']) await usageError(['--pes', pes, '-o', '/x'], /--pes must be/);
});
test('bad base', async () => {
  await usageError(['--base', '7fff0000', '-o', '/x'], /--base: .*0x7fff0000/);
  await usageError(['--base', '0x7fff0004', '-o', '/x'], /multiple of 8/);
  await usageError(['--base', '0xffffffffffffff00', '-o', '/x'], /below 2\^53/);
});
test('bad block length', () => usageError(['--block-length', '1020', '-o', '/x'], /multiple of 8/));
test('OEM ID too long or not ASCII', async () => {
  await usageError(['--oem-id', 'TOOLONG', '-o', '/x'], /--oem-id takes up to 6/);
  await usageError(['--oem-table-id', 'ÄÖ', '-o', '/x'], /--oem-table-id takes up to 8/);
});
test('unknown option and stray argument', async () => {
  await usageError(['--source', 'sea', '-o', '/x'], /unknown option '--source'/);
  await usageError(['table.dat', '-o', '/x'], /unexpected argument 'table.dat'/);
  await usageError(['-o'], /needs a value/);
});

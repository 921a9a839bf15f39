// Without --sources the command publishes what the seed profile's firmware does: per-PE SEA and
// SEI sources.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeHest } from '../../src/apei/hest.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

async function table(args: string[]): Promise<ReturnType<typeof decodeHest>> {
  const io = memoryIo();
  assert.equal(await runCli(['hest', ...args, '-o', '/t.dat'], io), 0, io.stderr.join('\n'));
  const b = io.written.get('/t.dat');
  assert.ok(b instanceof Uint8Array);
  assert.equal(b.length, new DataView(b.buffer, b.byteOffset).getUint32(4, true), 'exactly Length bytes');
  return decodeHest(b);
}

test('default: SEA and SEI for 1 PE', async () => {
  const t = await table([]);
  assert.deepEqual(t.entries.map((e) => e.notification.type), [8, 9]);
});

test('--pes 4 gives 4 SEA then 4 SEI sources; --shared gives one of each', async () => {
  assert.deepEqual((await table(['--pes', '4'])).entries.map((e) => e.notification.type), [8, 8, 8, 8, 9, 9, 9, 9]);
  assert.deepEqual((await table(['--pes', '4', '--shared'])).entries.map((e) => e.notification.type), [8, 9]);
});

test('--base moves every address; --block-length changes the block size', async () => {
  const t = await table(['--base', '0x1_0000_0000', '--block-length', '4096', '--sources', 'sea']);
  const e = t.entries[0]!;
  assert.equal(e.errorStatusAddress.address, 0x1_0000_0000n);
  assert.equal(e.type === 10 ? e.readAckRegister.address : 0n, 0x1_0000_0008n);
  assert.equal(e.errorStatusBlockLength, 4096);
});

test('--oem-id and --oem-table-id are padded with spaces', async () => {
  const t = await table(['--oem-id', 'RASF', '--oem-table-id', 'FLOW']);
  assert.equal(t.header.oemId, 'RASF  ');
  assert.equal(t.header.oemTableId, 'FLOW    ');
  assert.equal(t.header.creatorId, 'BXPC');
});

test('a relative -o path is resolved against the working directory', async () => {
  const io = { ...memoryIo(), cwd: '/work/dir' };
  const mem = memoryIo();
  io.writeFile = mem.writeFile;
  assert.equal(await runCli(['hest', '-o', 'rel/hest.dat'], io), 0);
  assert.ok(mem.written.has('/work/dir/rel/hest.dat'));
});

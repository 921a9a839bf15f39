// `rasflow hest --sources sea,gpio` with its defaults writes exactly the oracle table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { oracleTable } from '../helpers/hest-fixtures.js';

test('hest --sources sea,gpio -o FILE writes the 224-byte oracle table', async () => {
  const io = memoryIo();
  const code = await runCli(['hest', '--sources', 'sea,gpio', '-o', '/out/hest.dat'], io);
  assert.equal(code, 0, io.stderr.join('\n'));
  const written = io.written.get('/out/hest.dat');
  assert.ok(written instanceof Uint8Array);
  assert.equal(written.length, 0xe0);
  assert.equal(written[9], 0xe8);
  assert.deepEqual([...written], [...oracleTable()]);
});

test('the text summary names each source, its notify type and addresses', async () => {
  const io = memoryIo();
  assert.equal(await runCli(['hest', '--sources=sea,gpio', '--out=/h.dat'], io), 0);
  const text = io.stdout.join('\n');
  assert.match(text, /224 bytes \(0xe0\), checksum 0xe8, 2 GHESv2 source/);
  assert.match(text, /source 0: sea PE0 notify 8 \(SEA\) slot 0x7fff0000 ack 0x7fff0010 block 0x7fff0020/);
  assert.match(text, /source 1: gpio shared notify 7 \(GPIO\) slot 0x7fff0008 ack 0x7fff0018 block 0x7fff0420/);
});

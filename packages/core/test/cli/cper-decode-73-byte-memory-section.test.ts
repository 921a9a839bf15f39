// `rasflow cper decode` on a block with a 73-byte (UEFI 2.1/2.2) memory section, as the Marvell
// OcteonTX2 SDEI GHES driver writes it: decoded, with the layout named, and with a warning for
// validation bits that claim fields the layout does not have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { octeonTx2MemoryBlock } from '../apei/cper-fixtures.js';

async function decode(file: Uint8Array, json: boolean): Promise<string> {
  const io = memoryIo({ 'otx2.bin': file });
  const code = await runCli(['cper', 'decode', 'otx2.bin', ...(json ? ['--json'] : [])], io);
  assert.equal(code, 0, io.stderr.join('\n'));
  assert.equal(io.stderr.length, 0);
  return io.stdout.join('\n');
}

test('JSON: the memory object has the PA and oldLayoutLength 73', async () => {
  const j = JSON.parse(await decode(octeonTx2MemoryBlock(0x4000_1000n, 0x4002n, 3), true)) as { sections: { revision: number; memory: unknown }[] };
  assert.equal(j.sections[0]!.revision, 0x0201);
  assert.deepEqual(j.sections[0]!.memory, { validationBits: 0x4002, physicalAddress: '0x40001000', errorType: 3, oldLayoutLength: 73 });
});

test('JSON: bits beyond the layout are listed as ignored and their fields left out', async () => {
  const j = JSON.parse(await decode(octeonTx2MemoryBlock(0x4000_1000n, 0x4002n | 0x8000n | 0x10000n, 3), true)) as { sections: { memory: unknown }[] };
  assert.deepEqual(j.sections[0]!.memory, {
    validationBits: 0x1c002, physicalAddress: '0x40001000', errorType: 3, oldLayoutLength: 73, ignoredValidationBits: '0x18000',
  });
});

test('text: the layout line, the PA and the warning', async () => {
  const text = await decode(octeonTx2MemoryBlock(0x4000_1000n, 0x4002n | 0x8000n, 3), false);
  assert.match(text, /revision: 0x0201/);
  assert.match(text, /layout: 73 bytes, UEFI 2\.1\/2\.2/);
  assert.match(text, /physicalAddress: 0x40001000/);
  assert.match(text, /warning: validation bits 0x8000 are set for fields beyond the 73-byte layout; ignored/);
  assert.doesNotMatch(text, /^\s+rank:/m);
});

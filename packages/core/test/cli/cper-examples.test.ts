// The bundled examples are what the encoders produce (scripts/make-cper-examples.mjs writes them)
// and decode through the CLI to the documented values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hexLines, memoryRecordExampleBytes, qemuSeaMemoryBlock } from '../../src/apei/cper-examples.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { repoRoot } from '../helpers/paths.js';
import { GOLDEN_HEX } from '../apei/cper-fixtures.js';

const dir = join(repoRoot, 'examples', 'cper');

test('qemu-sea-memory-error.hex is the formats.md (e) block, 32 bytes per line', () => {
  const text = readFileSync(join(dir, 'qemu-sea-memory-error.hex'), 'utf8');
  assert.equal(text, hexLines(qemuSeaMemoryBlock(), 32));
  assert.equal(text.replace(/\s/g, ''), GOLDEN_HEX);
  assert.deepEqual(text.trimEnd().split('\n').map((l) => l.length), [64, 64, 64, 64, 64, 24]);
});

test('memory-record.cper is what the encoder produces', () => {
  assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'memory-record.cper'))), memoryRecordExampleBytes());
});

test('memory-record.cper decodes to a recoverable SEA memory error at 0x880123000', async () => {
  const io = memoryIo({ rec: new Uint8Array(readFileSync(join(dir, 'memory-record.cper'))) });
  assert.equal(await runCli(['cper', 'decode', 'rec', '--json'], io), 0);
  const j = JSON.parse(io.stdout[0]!);
  assert.equal(j.kind, 'cper-record');
  assert.equal(j.severity, 0);
  assert.equal(j.notificationType, '9a78788a-bbe8-11e4-809e-67611e5d46b0');
  assert.equal(j.revision, 0x0101);
  assert.deepEqual(j.sections[0].memory, {
    validationBits: 0x400e, physicalAddress: '0x880123000', physicalAddressMask: '0xfffffffffffff000', node: 0, errorType: 3,
  });
  assert.equal(j.sections[0].fruText, 'DIMM A1');
});

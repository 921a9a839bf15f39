// A memory section of 73 bytes, the UEFI 2.1/2.2 layout that ends after Memory Error Type, is
// accepted as Linux accepts it (cper.c prints it from sizeof(cper_sec_mem_err_old) = 73 on, ghes.c
// checks no length before memory_failure()). A real producer writes it: Marvell's OcteonTX2 SDEI
// GHES driver. Below 73 bytes the section is still rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMemorySection } from '../../src/apei/cper-memory.js';
import { DecodeError } from '../../src/apei/decode-error.js';
import { decodeGhesBlock } from '../../src/apei/ghes-block.js';
import { GhesReadResult, newGhesMemoryReading, readGhesMemoryBlock } from '../../src/apei/ghes-memory-writer.js';
import { octeonTx2MemoryBlock, viewOf } from './cper-fixtures.js';

const PA = 0x4000_1000n;
const VALID = 0x4002n; // physical address + memory error type, as the OcteonTX2 driver sets them

test('an OcteonTX2-style block (GEDE 0x0201, 73-byte memory section) decodes with its PA through the full decoder', () => {
  const d = decodeGhesBlock(viewOf(octeonTx2MemoryBlock(PA, VALID, 3)));
  assert.equal(d.entries.length, 1);
  const e = d.entries[0]!;
  assert.equal(e.revision, 0x0201);
  assert.equal(e.errorDataLength, 73);
  assert.ok(e.body.kind === 'memory');
  const m = e.body.memory;
  assert.equal(m.physicalAddress, PA);
  assert.equal(m.validationBits, VALID);
  assert.equal(m.memoryErrorType, 3);
  assert.equal(m.oldLayoutLength, 73);
  // The fields the old layout does not have are absent, not read from past the section.
  assert.deepEqual([m.extended, m.rankNumber, m.cardHandle, m.moduleHandle], [0, 0, 0, 0]);
});

test('the fast reader takes the same block with its PA and validation bits', () => {
  const r = newGhesMemoryReading();
  assert.equal(readGhesMemoryBlock(viewOf(octeonTx2MemoryBlock(PA, VALID, 3)), 0, r), GhesReadResult.ok);
  assert.equal(r.physicalAddress, Number(PA));
  assert.equal(r.validationBits, Number(VALID));
  assert.equal(r.blockStatus, 1 << 4);
});

test('lengths 74..79 are read as the old layout too, with nothing read past offset 72', () => {
  const b = new Uint8Array(79).fill(0xee);
  const v = viewOf(b);
  v.setBigUint64(0, VALID, true);
  v.setBigUint64(16, PA, true);
  for (let len = 73; len < 80; len++) {
    const m = decodeMemorySection(v, 0, len);
    assert.equal(m.oldLayoutLength, len);
    assert.equal(m.physicalAddress, PA);
    assert.equal(m.memoryErrorType, 0xee);
    assert.deepEqual([m.extended, m.rankNumber, m.cardHandle, m.moduleHandle], [0, 0, 0, 0], `length ${len}`);
  }
});

test('a 72-byte memory section is still rejected, by the full decoder and the fast reader', () => {
  const b = octeonTx2MemoryBlock(PA, VALID, 3, 72);
  assert.throws(() => decodeGhesBlock(viewOf(b)), (e: unknown) => e instanceof DecodeError && e.code === 'bad-length' && e.offset === 84);
  assert.equal(readGhesMemoryBlock(viewOf(b), 0, newGhesMemoryReading()), GhesReadResult.malformed);
});

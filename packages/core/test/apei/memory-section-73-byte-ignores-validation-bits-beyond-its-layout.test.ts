// Validation bits 15 and up in a 73-byte (UEFI 2.1/2.2) memory section claim fields that layout
// does not have. Linux cper_print_mem() distrusts such a section ("valid bits set for fields
// beyond structure"). Here the bits stay in validationBits as stored, but they are reported and
// not honoured: memValid() says no, and the 80-byte encoding leaves them out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeMemorySection, encodeMemorySection, MEMORY_SECTION_SIZE, MemValid, memValid, memoryBitsBeyondLayout, memoryRow,
} from '../../src/apei/cper-memory.js';
import { viewOf } from './cper-fixtures.js';

function oldSection(validationBits: bigint): Uint8Array {
  const b = new Uint8Array(73);
  const v = viewOf(b);
  v.setBigUint64(0, validationBits, true);
  v.setBigUint64(16, 0x4000_1000n, true);
  v.setUint16(42, 0x1234, true); // row
  return b;
}

test('bits 15 and up of a 73-byte section are kept as stored but reported and not valid', () => {
  const bits = 0x2n | 0x100n | BigInt(MemValid.rankNumber | MemValid.rowExtension | MemValid.moduleHandle) | (1n << 40n);
  const m = decodeMemorySection(viewOf(oldSection(bits)), 0, 73);
  assert.equal(m.validationBits, bits);
  assert.equal(memoryBitsBeyondLayout(m), BigInt(MemValid.rankNumber | MemValid.rowExtension | MemValid.moduleHandle) | (1n << 40n));
  assert.equal(memValid(m, MemValid.physicalAddress), true);
  assert.equal(memValid(m, MemValid.row), true);
  for (const mask of [MemValid.rankNumber, MemValid.rowExtension, MemValid.moduleHandle]) assert.equal(memValid(m, mask), false);
  assert.equal(memoryRow(m), 0x1234);
});

test('an 80-byte section reports no bits beyond its layout', () => {
  const b = new Uint8Array(80);
  viewOf(b).setBigUint64(0, BigInt(MemValid.rankNumber | MemValid.physicalAddress), true);
  const m = decodeMemorySection(viewOf(b), 0, 80);
  assert.equal(memoryBitsBeyondLayout(m), 0n);
  assert.equal(memValid(m, MemValid.rankNumber), true);
});

test('re-encoding a 73-byte section writes the 80-byte layout without the ignored bits', () => {
  const m = decodeMemorySection(viewOf(oldSection(0x4002n | BigInt(MemValid.rankNumber))), 0, 73);
  const out = new Uint8Array(MEMORY_SECTION_SIZE);
  assert.equal(encodeMemorySection(viewOf(out), 0, m), MEMORY_SECTION_SIZE);
  const again = decodeMemorySection(viewOf(out), 0);
  assert.equal(again.validationBits, 0x4002n);
  assert.equal(again.physicalAddress, 0x4000_1000n);
  assert.equal(again.oldLayoutLength, undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../src/apei/decode-error.js';
import {
  decodeMemorySection, emptyMemorySection, encodeMemorySection, MEMORY_SECTION_SIZE, MemValid, memValid,
  memoryBankAddress, memoryBankGroup, memoryChipId, memoryErrorTypeName, memoryRow,
} from '../../src/apei/cper-memory.js';
import { forAllSeeded, goldenBytes, viewOf } from './cper-fixtures.js';
import { randomMemorySection } from './random-cper.js';

test('validation bit values 0..21 match formats.md d.3', () => {
  assert.deepEqual(Object.values(MemValid), Array.from({ length: 22 }, (_, i) => 2 ** i));
  assert.deepEqual(Object.keys(MemValid), [
    'errorStatus', 'physicalAddress', 'physicalAddressMask', 'node', 'card', 'module', 'bank', 'device', 'row',
    'column', 'bitPosition', 'requestorId', 'responderId', 'targetId', 'memoryErrorType', 'rankNumber',
    'cardHandle', 'moduleHandle', 'rowExtension', 'bankGroup', 'bankAddress', 'chipId',
  ]);
});

test('decodes the golden memory section at block offset 0x5c', () => {
  const m = decodeMemorySection(viewOf(goldenBytes()), 0x5c, 80);
  assert.deepEqual(m, { ...emptyMemorySection(), validationBits: 0x4002n, physicalAddress: 0x40001000n });
  assert.ok(memValid(m, MemValid.physicalAddress));
  assert.ok(memValid(m, MemValid.memoryErrorType));
  assert.ok(!memValid(m, MemValid.errorStatus));
});

test('every field sits at its documented offset', () => {
  const b = new Uint8Array(80);
  const v = viewOf(b);
  const m = emptyMemorySection();
  Object.assign(m, {
    validationBits: 0x0102030405060708n, errorStatus: 0x1112131415161718n, physicalAddress: 0x2122232425262728n,
    physicalAddressMask: 0x3132333435363738n, node: 0x4142, card: 0x4344, module: 0x4546, bank: 0x4748, device: 0x494a,
    row: 0x4b4c, column: 0x4d4e, bitPosition: 0x4f50, requestorId: 0x5152535455565758n, responderId: 0x6162636465666768n,
    targetId: 0x7172737475767778n, memoryErrorType: 0x81, extended: 0x82, rankNumber: 0x8384, cardHandle: 0x8586, moduleHandle: 0x8788,
  });
  encodeMemorySection(v, 0, m);
  const u16 = (o: number): number => v.getUint16(o, true);
  const u64 = (o: number): bigint => v.getBigUint64(o, true);
  assert.equal(u64(0), m.validationBits);
  assert.equal(u64(8), m.errorStatus);
  assert.equal(u64(16), m.physicalAddress);
  assert.equal(u64(24), m.physicalAddressMask);
  assert.deepEqual([32, 34, 36, 38, 40, 42, 44, 46].map(u16), [0x4142, 0x4344, 0x4546, 0x4748, 0x494a, 0x4b4c, 0x4d4e, 0x4f50]);
  assert.equal(u64(48), m.requestorId);
  assert.equal(u64(56), m.responderId);
  assert.equal(u64(64), m.targetId);
  assert.equal(b[72], 0x81);
  assert.equal(b[73], 0x82);
  assert.deepEqual([74, 76, 78].map(u16), [0x8384, 0x8586, 0x8788]);
});

test('row bits 17:16 come from the extended byte only with validation bit 18', () => {
  const m = { ...emptyMemorySection(), row: 0xabcd, extended: 0xe3 };
  assert.equal(memoryRow(m), 0xabcd);
  m.validationBits = BigInt(MemValid.row | MemValid.rowExtension);
  assert.equal(memoryRow(m), 0x3abcd);
  assert.equal(memoryChipId(m), 7);
});

test('bank group is the high byte, bank address the low byte', () => {
  const m = { ...emptyMemorySection(), bank: 0xcd80 };
  assert.equal(memoryBankGroup(m), 0xcd);
  assert.equal(memoryBankAddress(m), 0x80);
});

test('memory error type names follow the Linux/libcper table', () => {
  assert.equal(memoryErrorTypeName(0), 'unknown');
  assert.equal(memoryErrorTypeName(3), 'multi-bit ECC');
  assert.equal(memoryErrorTypeName(15), 'physical memory map-out event');
  assert.equal(memoryErrorTypeName(16), 'reserved (16)');
});

test('a section shorter than 73 bytes is bad-length; too few bytes present is truncated', () => {
  const b = new Uint8Array(100);
  assert.throws(() => decodeMemorySection(viewOf(b), 0, 72), (e: unknown) => e instanceof DecodeError && e.code === 'bad-length');
  assert.throws(() => decodeMemorySection(viewOf(b), 30, 80), (e: unknown) => e instanceof DecodeError && e.code === 'truncated' && e.offset === 30);
  assert.doesNotThrow(() => decodeMemorySection(viewOf(b), 0, 100));
});

test('encoder rejects out-of-range fields and a destination that is too small, writing nothing', () => {
  const b = new Uint8Array(80).fill(0x5a);
  assert.throws(() => encodeMemorySection(viewOf(b), 0, { ...emptyMemorySection(), physicalAddress: 1n << 64n }), RangeError);
  assert.throws(() => encodeMemorySection(viewOf(b), 0, { ...emptyMemorySection(), node: 0x10000 }), RangeError);
  assert.throws(() => encodeMemorySection(viewOf(b), 0, { ...emptyMemorySection(), memoryErrorType: 256 }), RangeError);
  assert.throws(() => encodeMemorySection(viewOf(b), 0, { ...emptyMemorySection(), validationBits: -1n }), RangeError);
  assert.deepEqual(b, new Uint8Array(80).fill(0x5a));
  assert.throws(() => encodeMemorySection(viewOf(b), 1, emptyMemorySection()), RangeError);
});

test('property: random memory sections round-trip', () => {
  forAllSeeded(3000, (rng) => {
    const m = randomMemorySection(rng);
    const b = new Uint8Array(MEMORY_SECTION_SIZE + 7);
    assert.equal(encodeMemorySection(viewOf(b), 7, m), 80);
    assert.deepEqual(decodeMemorySection(viewOf(b), 7, 80), m);
  });
});

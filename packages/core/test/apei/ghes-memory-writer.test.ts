import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemValid } from '../../src/apei/cper-memory.js';
import { decodeGhesBlock } from '../../src/apei/ghes-block.js';
import {
  GHES_MEMORY_BLOCK_SIZE, GhesReadResult, newGhesMemoryReading, QEMU_MEMORY_VALIDATION, readGhesMemoryBlock,
  writeGhesMemoryBlock,
} from '../../src/apei/ghes-memory-writer.js';
import { CperSeverity } from '../../src/apei/severity.js';
import { forAllSeeded, goldenBytes, viewOf } from './cper-fixtures.js';

test('QEMU validation is 0x4002 (PA + memory error type)', () => {
  assert.equal(QEMU_MEMORY_VALIDATION, 0x4002);
  assert.equal(QEMU_MEMORY_VALIDATION, MemValid.physicalAddress | MemValid.memoryErrorType);
});

test('caller-chosen severity, validation and a PA above 4 GiB decode through the general decoder', () => {
  const b = new Uint8Array(GHES_MEMORY_BLOCK_SIZE);
  writeGhesMemoryBlock(viewOf(b), 0, 0x1f_ffff_ffff_f000, CperSeverity.Fatal, 0x4006);
  const d = decodeGhesBlock(viewOf(b));
  assert.equal(d.blockStatus, 1);
  assert.equal(d.errorSeverity, CperSeverity.Fatal);
  assert.equal(d.entries[0]!.severity, CperSeverity.Fatal);
  const body = d.entries[0]!.body;
  assert.ok(body.kind === 'memory');
  assert.equal(body.memory.validationBits, 0x4006n);
  assert.equal(body.memory.physicalAddress, 0x1f_ffff_ffff_f000n);
});

test('a corrected error sets Block Status bit 1 instead of bit 0', () => {
  const b = new Uint8Array(GHES_MEMORY_BLOCK_SIZE);
  writeGhesMemoryBlock(viewOf(b), 0, 0x1000, CperSeverity.Corrected);
  assert.equal(viewOf(b).getUint32(0, true), 2);
  writeGhesMemoryBlock(viewOf(b), 0, 0x1000, CperSeverity.Informational);
  assert.equal(viewOf(b).getUint32(0, true), 1);
});

test('invalid arguments are RangeErrors and leave the destination untouched', () => {
  const b = new Uint8Array(200).fill(0x11);
  const v = viewOf(b);
  assert.throws(() => writeGhesMemoryBlock(v, 0, 2 ** 53), RangeError);
  assert.throws(() => writeGhesMemoryBlock(v, 0, -4096), RangeError);
  assert.throws(() => writeGhesMemoryBlock(v, 0, 0.5), RangeError);
  assert.throws(() => writeGhesMemoryBlock(v, 0, 0, 4), RangeError);
  assert.throws(() => writeGhesMemoryBlock(v, 0, 0, 0, 2 ** 32), RangeError);
  assert.throws(() => writeGhesMemoryBlock(v, 29, 0), RangeError);
  assert.throws(() => writeGhesMemoryBlock(v, -1, 0), RangeError);
  assert.ok(b.every((x) => x === 0x11));
});

test('the reader returns status, severities, validation and PA of the golden block', () => {
  const r = newGhesMemoryReading();
  assert.equal(readGhesMemoryBlock(viewOf(goldenBytes()), 0, r), GhesReadResult.ok);
  assert.deepEqual(r, {
    blockStatus: 1, severity: 0, sectionSeverity: 0, validationBits: 0x4002, physicalAddress: 0x40001000,
    physicalAddressLo: 0x40001000, physicalAddressHi: 0, paAbove53: false,
  });
});

test('the reader flags a PA at or above 2^53', () => {
  const b = goldenBytes();
  viewOf(b).setBigUint64(0x6c, 1n << 53n, true);
  const r = newGhesMemoryReading();
  assert.equal(readGhesMemoryBlock(viewOf(b), 0, r), GhesReadResult.ok);
  assert.equal(r.paAbove53, true);
  assert.equal(r.physicalAddressHi, 0x20_0000);
  viewOf(b).setBigUint64(0x6c, (1n << 53n) - 4096n, true);
  readGhesMemoryBlock(viewOf(b), 0, r);
  assert.equal(r.paAbove53, false);
  assert.equal(r.physicalAddress, 2 ** 53 - 4096);
});

test('the reader reports no error, other section types and malformed blocks without throwing', () => {
  const r = newGhesMemoryReading();
  assert.equal(readGhesMemoryBlock(viewOf(new Uint8Array(172)), 0, r), GhesReadResult.noError);
  const other = goldenBytes();
  other[20] = 0;
  assert.equal(readGhesMemoryBlock(viewOf(other), 0, r), GhesReadResult.notMemory);
  assert.equal(readGhesMemoryBlock(viewOf(goldenBytes().subarray(0, 171)), 0, r), GhesReadResult.malformed);
  assert.equal(readGhesMemoryBlock(viewOf(goldenBytes().subarray(0, 10)), 0, r), GhesReadResult.malformed);
  const shortBody = goldenBytes();
  viewOf(shortBody).setUint32(0x2c, 72, true); // below even the 73-byte UEFI 2.1 layout
  assert.equal(readGhesMemoryBlock(viewOf(shortBody), 0, r), GhesReadResult.malformed);
  const longBody = goldenBytes();
  viewOf(longBody).setUint32(0x2c, 81, true);
  assert.equal(readGhesMemoryBlock(viewOf(longBody), 0, r), GhesReadResult.malformed);
  assert.equal(readGhesMemoryBlock(viewOf(goldenBytes()), -1, r), GhesReadResult.malformed);
});

test('the reader follows a 64-byte legacy GEDE header', () => {
  const b = new Uint8Array(164);
  const v = viewOf(b);
  v.setUint32(0, 1, true);
  v.setUint32(12, 144, true);
  b.set(goldenBytes().subarray(20, 36), 20);
  v.setUint16(40, 0x0201, true);
  v.setUint32(44, 80, true);
  v.setUint32(84, 0x2, true);
  v.setBigUint64(84 + 16, 0xabc000n, true);
  const r = newGhesMemoryReading();
  assert.equal(readGhesMemoryBlock(v, 0, r), GhesReadResult.ok);
  assert.equal(r.physicalAddress, 0xabc000);
  assert.equal(decodeGhesBlock(v).entries[0]!.headerSize, 64);
});

test('property: writer → reader and writer → general decoder agree for random arguments', () => {
  forAllSeeded(3000, (rng) => {
    const pa = rng.below(2 ** 21) * 2 ** 32 + rng.u32();
    const sev = rng.below(4);
    const valid = rng.u32();
    const off = rng.below(64);
    const b = new Uint8Array(off + GHES_MEMORY_BLOCK_SIZE);
    writeGhesMemoryBlock(viewOf(b), off, pa, sev, valid);
    const r = newGhesMemoryReading();
    assert.equal(readGhesMemoryBlock(viewOf(b), off, r), GhesReadResult.ok);
    assert.deepEqual([r.severity, r.sectionSeverity, r.validationBits, r.physicalAddress, r.paAbove53], [sev, sev, valid, pa, false]);
    const body = decodeGhesBlock(viewOf(b), off).entries[0]!.body;
    assert.ok(body.kind === 'memory' && body.memory.physicalAddress === BigInt(pa) && body.memory.validationBits === BigInt(valid));
  });
});

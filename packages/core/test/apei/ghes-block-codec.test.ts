import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../src/apei/decode-error.js';
import { decodeGhesBlock, encodeGhesBlock, encodeGhesBlockToBytes, ghesBlockSize, type GhesBlock } from '../../src/apei/ghes-block.js';
import { emptyMemorySection } from '../../src/apei/cper-memory.js';
import { forAllSeeded, stripBlock, viewOf } from './cper-fixtures.js';
import { randomGhesBlock, randomGenericProcessor, randomArmSection } from './random-cper.js';
import { TestRng } from '../helpers/rng.js';

const isDecode = (code: string, offset?: number) => (e: unknown): boolean =>
  e instanceof DecodeError && e.code === code && (offset === undefined || e.offset === offset);

function threeSections(): GhesBlock {
  const rng = new TestRng(42);
  const memory = { ...emptyMemorySection(), validationBits: 2n, physicalAddress: 0x1234_5000n };
  return {
    blockStatus: (3 << 4) | 1, errorSeverity: 0,
    entries: [
      { severity: 0, revision: 0x300, flags: 1, fruId: null, fruText: null, timestamp: null, body: { kind: 'memory', memory } },
      { severity: 2, revision: 0x201, flags: 0, fruId: null, fruText: 'CPU0', timestamp: null, body: { kind: 'arm-processor', armProcessor: randomArmSection(rng) } },
      { severity: 2, revision: 0x300, flags: 0, fruId: null, fruText: null, timestamp: null, body: { kind: 'generic-processor', genericProcessor: randomGenericProcessor(rng) } },
    ],
    rawData: Uint8Array.of(1, 2, 3, 4),
  };
}

test('several sections of mixed header revisions, then raw data right after them', () => {
  const blk = threeSections();
  const b = encodeGhesBlockToBytes(blk);
  const d = decodeGhesBlock(viewOf(b));
  assert.deepEqual(d.entries.map((e) => [e.offset, e.headerSize]), [[20, 72], [172, 64], [236 + d.entries[1]!.errorDataLength, 72]]);
  assert.equal(d.dataLength, b.length - 20 - 4);
  assert.equal(d.rawDataOffset, 20 + d.dataLength);
  assert.equal(d.rawDataLength, 4);
  assert.deepEqual(stripBlock(d), blk);
});

test('no raw data → raw offset and length 0, as QEMU writes', () => {
  const blk = { ...threeSections(), rawData: new Uint8Array(0) };
  const v = viewOf(encodeGhesBlockToBytes(blk));
  assert.equal(v.getUint32(4, true), 0);
  assert.equal(v.getUint32(8, true), 0);
});

test('GEDE Error Data Length inconsistent with the GESB Data Length is bad-length at the GEDE field', () => {
  const b = encodeGhesBlockToBytes({ ...threeSections(), entries: threeSections().entries.slice(0, 1), rawData: new Uint8Array(0) });
  viewOf(b).setUint32(20 + 24, 81, true);
  assert.throws(() => decodeGhesBlock(viewOf(b)), isDecode('bad-length', 44));
});

test('Data Length past the end is truncated; leftover bytes too few for a header are bad-length', () => {
  const b = encodeGhesBlockToBytes({ ...threeSections(), entries: threeSections().entries.slice(0, 1), rawData: new Uint8Array(0) });
  assert.throws(() => decodeGhesBlock(viewOf(b.subarray(0, 171))), isDecode('truncated', 12));
  const big = new Uint8Array(200);
  big.set(b);
  viewOf(big).setUint32(12, 152 + 10, true);
  assert.throws(() => decodeGhesBlock(viewOf(big)), isDecode('bad-length', 172));
  viewOf(big).setUint32(12, 0xffff_ffff, true);
  assert.throws(() => decodeGhesBlock(viewOf(big)), isDecode('truncated', 12));
});

test('raw data must lie after the entries and inside the bytes', () => {
  const b = encodeGhesBlockToBytes(threeSections());
  const v = viewOf(b);
  v.setUint32(8, 5, true);
  assert.throws(() => decodeGhesBlock(v), isDecode('bad-length', 4));
  v.setUint32(8, 4, true);
  v.setUint32(4, 20, true);
  assert.throws(() => decodeGhesBlock(v), isDecode('bad-length', 4));
});

test('an empty block (status 0, no data) decodes to no entries', () => {
  const d = decodeGhesBlock(viewOf(new Uint8Array(20)));
  assert.equal(d.entries.length, 0);
  assert.equal(d.blockStatus, 0);
});

test('encoder: too little room and out-of-range status are RangeErrors', () => {
  const blk = threeSections();
  assert.throws(() => encodeGhesBlock(viewOf(new Uint8Array(ghesBlockSize(blk) - 1)), 0, blk), RangeError);
  assert.throws(() => encodeGhesBlockToBytes({ ...blk, blockStatus: 2 ** 32 }), RangeError);
  assert.throws(() => encodeGhesBlockToBytes({ ...blk, entries: [{ ...blk.entries[0]!, revision: 0x1_0000 }] }), RangeError);
});

test('property: random blocks round-trip and re-encode to the same bytes', () => {
  forAllSeeded(1500, (rng) => {
    const blk = randomGhesBlock(rng);
    const b = encodeGhesBlockToBytes(blk);
    const d = decodeGhesBlock(viewOf(b));
    assert.deepEqual(stripBlock(d), blk);
    assert.deepEqual(encodeGhesBlockToBytes(d), b);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../src/apei/decode-error.js';
import { decodeGede, encodeGede, gedeHeaderSize, type GenericErrorDataEntry } from '../../src/apei/gede.js';
import { GUIDS } from '../../src/apei/guid.js';
import { forAllSeeded, goldenBytes, viewOf } from './cper-fixtures.js';
import { randomGuid, randomText, randomTimestamp } from './random-cper.js';

test('revision 0x0300 and above → 72 bytes, below → 64 bytes (Linux: revision >> 8 >= 3)', () => {
  assert.equal(gedeHeaderSize(0x0300), 72);
  assert.equal(gedeHeaderSize(0x0301), 72);
  assert.equal(gedeHeaderSize(0x0400), 72);
  assert.equal(gedeHeaderSize(0x02ff), 64);
  assert.equal(gedeHeaderSize(0x0201), 64);
  assert.equal(gedeHeaderSize(0), 64);
});

test('decodes the GEDE of the golden block', () => {
  const { entry, headerSize } = decodeGede(viewOf(goldenBytes()), 20);
  assert.equal(headerSize, 72);
  assert.deepEqual(entry, {
    sectionType: GUIDS.sectionMemory, errorSeverity: 0, revision: 0x0300, flags: 0, errorDataLength: 80,
    fruId: null, fruText: null, timestamp: null,
  });
});

const base: GenericErrorDataEntry = {
  sectionType: GUIDS.sectionMemory, errorSeverity: 0, revision: 0x0201, flags: 1, errorDataLength: 80,
  fruId: null, fruText: 'DIMM0', timestamp: null,
};

test('a 0x0201 header is 64 bytes and leaves the following bytes alone', () => {
  const b = new Uint8Array(72).fill(0xee);
  assert.equal(encodeGede(viewOf(b), 0, base), 64);
  assert.deepEqual(Array.from(b.subarray(64)), new Array(8).fill(0xee));
  assert.equal(decodeGede(viewOf(b), 0).headerSize, 64);
  assert.deepEqual(decodeGede(viewOf(b), 0).entry, base);
});

test('a timestamp in a pre-0x0300 header is a RangeError on encode and ignored on decode, as Linux does', () => {
  const ts = { year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5, precise: false };
  assert.throws(() => encodeGede(viewOf(new Uint8Array(72)), 0, { ...base, timestamp: ts }), RangeError);
  const b = new Uint8Array(72).fill(0xff);
  encodeGede(viewOf(b), 0, base);
  b[22] = b[22]! | 4;
  const { entry, headerSize } = decodeGede(viewOf(b), 0);
  assert.equal(headerSize, 64);
  assert.equal(entry.timestamp, null, 'bytes 64..71 belong to the body, not to a timestamp');
  assert.equal(entry.fruText, base.fruText);
});

test('validation bits follow fruId / fruText / timestamp presence', () => {
  const b = new Uint8Array(72);
  encodeGede(viewOf(b), 0, { ...base, revision: 0x300, fruId: GUIDS.notifySea, fruText: null, timestamp: null });
  assert.equal(b[22], 1);
  encodeGede(viewOf(b), 0, { ...base, revision: 0x300, fruId: null, fruText: 'x', timestamp: { year: 1, month: 1, day: 1, hour: 1, minute: 1, second: 1, precise: true } });
  assert.equal(b[22], 6);
});

test('a 64-byte header cut short is truncated; a 0x0300 header needs all 72 bytes', () => {
  const b = new Uint8Array(72);
  encodeGede(viewOf(b), 0, { ...base, revision: 0x300 });
  assert.throws(() => decodeGede(viewOf(b.subarray(0, 70)), 0), (e: unknown) => e instanceof DecodeError && e.code === 'truncated');
  assert.throws(() => decodeGede(viewOf(b.subarray(0, 63)), 0), (e: unknown) => e instanceof DecodeError && e.code === 'truncated');
});

test('encoder range checks: FRU text over 20 bytes, non-byte characters, bad GUID, bad revision', () => {
  const v = viewOf(new Uint8Array(72));
  assert.throws(() => encodeGede(v, 0, { ...base, fruText: 'x'.repeat(21) }), RangeError);
  assert.throws(() => encodeGede(v, 0, { ...base, fruText: 'é€' }), RangeError);
  assert.throws(() => encodeGede(v, 0, { ...base, sectionType: 'not-a-guid' }), RangeError);
  assert.throws(() => encodeGede(v, 0, { ...base, revision: 0x10000 }), RangeError);
  assert.throws(() => encodeGede(viewOf(new Uint8Array(63)), 0, base), RangeError);
});

test('property: random GEDE headers round-trip', () => {
  forAllSeeded(2000, (rng) => {
    const v300 = rng.bool();
    const e: GenericErrorDataEntry = {
      sectionType: randomGuid(rng), errorSeverity: rng.u32(), revision: v300 ? 0x300 + rng.below(0xfd00) : rng.below(0x300),
      flags: rng.bits(8), errorDataLength: rng.u32(), fruId: rng.bool() ? randomGuid(rng) : null,
      fruText: rng.bool() ? randomText(rng, 20) : null, timestamp: v300 && rng.bool() ? randomTimestamp(rng) : null,
    };
    const b = new Uint8Array(80);
    const n = encodeGede(viewOf(b), 5, e);
    assert.deepEqual(decodeGede(viewOf(b), 5), { entry: e, headerSize: n });
  });
});

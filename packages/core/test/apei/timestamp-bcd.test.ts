import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../src/apei/decode-error.js';
import { decodeTimestamp, encodeTimestamp, formatTimestamp, parseTimestamp, type CperTimestamp } from '../../src/apei/timestamp.js';
import { forAllSeeded, hexToBytes, viewOf } from './cper-fixtures.js';
import { randomTimestamp } from './random-cper.js';

test('decodes the libcper example 19 00 01 00 17 01 32 99 as 9932-01-17T01:00:19, not precise', () => {
  const ts = decodeTimestamp(viewOf(hexToBytes('1900010017013299')), 0);
  assert.deepEqual(ts, { second: 19, minute: 0, hour: 1, precise: false, day: 17, month: 1, year: 9932 });
  assert.equal(formatTimestamp(ts!), '9932-01-17T01:00:19');
});

test('all-zero bytes mean no timestamp (QEMU) and encode back to zeros', () => {
  const b = new Uint8Array(10).fill(0xaa);
  b.fill(0, 1, 9);
  assert.equal(decodeTimestamp(viewOf(b), 1), null);
  const out = new Uint8Array(8).fill(0xff);
  encodeTimestamp(viewOf(out), 0, null);
  assert.deepEqual(out, new Uint8Array(8));
});

test('the precise flag is bit 0 of byte 3; other flag bits are ignored', () => {
  const ts = decodeTimestamp(viewOf(hexToBytes('0000000501012020')), 0);
  assert.equal(ts?.precise, true);
  const ts2 = decodeTimestamp(viewOf(hexToBytes('0000000e01012020')), 0);
  assert.equal(ts2?.precise, false);
});

test('encodes BCD with the century in byte 7', () => {
  const out = new Uint8Array(8);
  encodeTimestamp(viewOf(out), 0, { year: 2025, month: 3, day: 14, hour: 9, minute: 26, second: 53, precise: true });
  assert.deepEqual(Array.from(out), [0x53, 0x26, 0x09, 0x01, 0x14, 0x03, 0x25, 0x20]);
});

test('a truncated timestamp is a truncated DecodeError', () => {
  assert.throws(() => decodeTimestamp(viewOf(new Uint8Array(7)), 0), (e: unknown) => e instanceof DecodeError && e.code === 'truncated');
});

test('out-of-range fields are RangeErrors and nothing is written', () => {
  const out = new Uint8Array(8).fill(0x77);
  const base: CperTimestamp = { year: 2025, month: 1, day: 1, hour: 0, minute: 0, second: 0, precise: false };
  assert.throws(() => encodeTimestamp(viewOf(out), 0, { ...base, year: 10000 }), RangeError);
  assert.throws(() => encodeTimestamp(viewOf(out), 0, { ...base, second: 100 }), RangeError);
  assert.throws(() => encodeTimestamp(viewOf(out), 0, { ...base, month: 1.5 }), RangeError);
  assert.deepEqual(out, new Uint8Array(8).fill(0x77));
  assert.throws(() => encodeTimestamp(viewOf(new Uint8Array(7)), 0, base), RangeError);
});

test('ISO-like text parses back, with libcper\'s +00:00 suffix accepted', () => {
  assert.deepEqual(parseTimestamp('9932-01-17T01:00:19+00:00'), { year: 9932, month: 1, day: 17, hour: 1, minute: 0, second: 19, precise: false });
  assert.equal(parseTimestamp('2025-03-14 09:26:53'), null);
});

test('property: random timestamps round-trip through bytes and through text', () => {
  forAllSeeded(2000, (rng) => {
    const ts = randomTimestamp(rng);
    const b = new Uint8Array(8);
    encodeTimestamp(viewOf(b), 0, ts);
    assert.deepEqual(decodeTimestamp(viewOf(b), 0), ts);
    assert.deepEqual(parseTimestamp(formatTimestamp(ts), ts.precise), ts);
  });
});

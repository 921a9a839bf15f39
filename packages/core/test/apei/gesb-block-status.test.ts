import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../src/apei/decode-error.js';
import { decodeBlockStatus, decodeGesb, encodeBlockStatus, encodeGesb, entryCountLinux, GESB_SIZE } from '../../src/apei/gesb.js';
import { forAllSeeded, goldenBytes, viewOf } from './cper-fixtures.js';

test('QEMU block status 1: uncorrectable valid, entry count 0', () => {
  assert.deepEqual(decodeBlockStatus(1), {
    uncorrectable: true, correctable: false, multipleUncorrectable: false, multipleCorrectable: false, entryCount: 0, reserved: 0,
  });
});

test('Linux BERT style 1 << 4 is one entry', () => {
  assert.equal(decodeBlockStatus(1 << 4).entryCount, 1);
  assert.equal(decodeBlockStatus(1 << 4).uncorrectable, false);
});

test('entry count has 10 bits per ACPI; Linux/ACPICA keep only 8', () => {
  const status = (0x3ff << 4) | 1;
  assert.equal(decodeBlockStatus(status).entryCount, 0x3ff);
  assert.equal(entryCountLinux(status), 0xff);
  assert.equal(decodeBlockStatus(0x300 << 4).entryCount, 0x300);
  assert.equal(entryCountLinux(0x300 << 4), 0);
});

test('reserved bits 31:14 are reported separately', () => {
  assert.equal(decodeBlockStatus(0x8000_0000).reserved, 0x20000);
  assert.equal(decodeBlockStatus(0x8000_0000).entryCount, 0);
});

test('property: block status words round-trip', () => {
  forAllSeeded(2000, (rng) => {
    const w = rng.u32();
    assert.equal(encodeBlockStatus(decodeBlockStatus(w)), w);
  });
});

test('encodeBlockStatus rejects counts above 10 bits', () => {
  assert.throws(() => encodeBlockStatus({ ...decodeBlockStatus(0), entryCount: 1024 }), RangeError);
});

test('decodes the GESB of the golden block', () => {
  assert.deepEqual(decodeGesb(viewOf(goldenBytes()), 0), {
    blockStatus: 1, rawDataOffset: 0, rawDataLength: 0, dataLength: 152, errorSeverity: 0,
  });
});

test('GESB encode/decode round-trip at an offset, and bounds', () => {
  forAllSeeded(500, (rng) => {
    const g = { blockStatus: rng.u32(), rawDataOffset: rng.u32(), rawDataLength: rng.u32(), dataLength: rng.u32(), errorSeverity: rng.u32() };
    const b = new Uint8Array(GESB_SIZE + 3);
    assert.equal(encodeGesb(viewOf(b), 3, g), GESB_SIZE);
    assert.deepEqual(decodeGesb(viewOf(b), 3), g);
  });
  assert.throws(() => encodeGesb(viewOf(new Uint8Array(19)), 0, decodeGesb(viewOf(goldenBytes()), 0)), RangeError);
  assert.throws(() => encodeGesb(viewOf(new Uint8Array(20)), 0, { ...decodeGesb(viewOf(goldenBytes()), 0), dataLength: -1 }), RangeError);
  assert.throws(() => decodeGesb(viewOf(new Uint8Array(19)), 0), (e: unknown) => e instanceof DecodeError && e.code === 'truncated');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeErrorStatus, encodeErrorStatus, errorStatusTypeName } from '../../src/apei/error-status.js';
import { forAllSeeded } from './cper-fixtures.js';

test('0x6B1000 is a bus error with address, control, responder, first and overflow (formats.md d.3)', () => {
  assert.deepEqual(decodeErrorStatus(0x6b1000n), {
    errorType: 16, address: true, control: true, data: false, detectedByResponder: true,
    detectedByRequester: false, firstError: true, overflow: true,
  });
  assert.equal(errorStatusTypeName(16), 'ERR_BUS');
});

test('error type names of libcper Cper.h; gaps are reserved', () => {
  assert.equal(errorStatusTypeName(26), 'ERR_POISONED');
  assert.equal(errorStatusTypeName(4), 'ERR_MEM');
  assert.equal(errorStatusTypeName(2), 'reserved (2)');
  assert.equal(errorStatusTypeName(27), 'reserved (27)');
});

test('reserved bits are ignored on decode', () => {
  assert.deepEqual(decodeErrorStatus(0xffff_ffff_ff80_00ffn), decodeErrorStatus(0n));
});

test('property: the defined bits round-trip', () => {
  forAllSeeded(2000, (rng) => {
    const v = BigInt(rng.u32() & 0x7fff00);
    assert.equal(encodeErrorStatus(decodeErrorStatus(v)), v);
  });
  assert.throws(() => encodeErrorStatus({ ...decodeErrorStatus(0n), errorType: 256 }), RangeError);
});

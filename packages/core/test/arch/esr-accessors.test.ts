// The hot-path accessors: unsigned results for bit-31 values, and KVM's SEA status-code set.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  abortFnv,
  abortSet,
  abortWnr,
  dfsc,
  esrEc,
  esrIl,
  esrIss,
  isAbortEc,
  isDataAbortEc,
  isInstructionAbortEc,
  isSea,
  isSeaFsc,
  serrorAet,
  serrorIds,
} from '../../src/arch/esr.js';

test('EC/IL/ISS of a value with bit 31 set', () => {
  const v = 0x96000410;
  assert.equal(esrEc(v), 0x25);
  assert.equal(esrIl(v), 1);
  assert.equal(esrIss(v), 0x410);
  // The same value arriving as a signed int32 (e.g. from an Int32Array) reads the same.
  assert.equal(esrEc(v | 0), 0x25);
  assert.equal(esrIss(v | 0), 0x410);
});

test('abort field accessors', () => {
  assert.equal(abortFnv(0x92000410), 1);
  assert.equal(abortFnv(0x92000010), 0);
  assert.equal(abortSet(0x92001010), 0b10);
  assert.equal(abortWnr(0x92000050), 1);
  assert.equal(dfsc(0x92000410), 0x10);
});

test('SError field accessors', () => {
  assert.equal(serrorIds(0xbf000000), 1);
  assert.equal(serrorIds(0xbe000c11), 0);
  assert.equal(serrorAet(0xbe000c11), 3);
  assert.equal(serrorAet(0xbe001811), 6);
});

test('isSeaFsc matches exactly {0x10, 0x13-0x17, 0x18, 0x1B-0x1F}', () => {
  const expected = new Set([0x10, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f]);
  for (let c = 0; c < 64; c++) assert.equal(isSeaFsc(c), expected.has(c), `FSC 0x${c.toString(16)}`);
});

test('isSea needs an abort EC: an SError with DFSC 0x10 is not an SEA', () => {
  assert.equal(isSea(0x92000010), true);
  assert.equal(isSea(0x82000014), true);
  assert.equal(isSea(0x92000011), false);
  assert.equal(isSea(0xbe000010), false);
});

test('EC classification', () => {
  for (let ec = 0; ec < 64; ec++) {
    assert.equal(isDataAbortEc(ec), ec === 0x24 || ec === 0x25);
    assert.equal(isInstructionAbortEc(ec), ec === 0x20 || ec === 0x21);
    assert.equal(isAbortEc(ec), [0x20, 0x21, 0x24, 0x25].includes(ec));
  }
});

// Header-level rejections: wrong signature, Length below the HEST header, Length past the input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeError } from '../../src/apei/decode-error.js';
import { decodeHest } from '../../src/apei/hest.js';
import { fixChecksum, oracleTable, viewOf } from '../helpers/hest-fixtures.js';

const isCode = (code: string) => (e: unknown) => e instanceof DecodeError && e.code === code;

test('a table that is not HEST is bad-signature', () => {
  const b = oracleTable();
  b.set([0x45, 0x52, 0x53, 0x54]); // "ERST"
  fixChecksum(b);
  assert.throws(() => decodeHest(b), isCode('bad-signature'));
});

test('Length below 40 is bad-length', () => {
  for (const len of [0, 35, 36, 39]) {
    const b = oracleTable();
    viewOf(b).setUint32(4, len, true);
    assert.throws(() => decodeHest(b), isCode('bad-length'), `Length ${len}`);
  }
});

test('Length beyond the input is truncated', () => {
  const b = oracleTable();
  viewOf(b).setUint32(4, 0xe1, true);
  assert.throws(() => decodeHest(b), isCode('truncated'));
});

test('Length one byte past the last entry cannot hold a subtable type: truncated', () => {
  const big = new Uint8Array(0xe0 + 1);
  big.set(oracleTable());
  viewOf(big).setUint32(4, 0xe0 + 1, true);
  fixChecksum(big);
  assert.throws(() => decodeHest(big), isCode('truncated'));
});

test('zero padding inside Length reads as subtable type 0: unsupported', () => {
  const big = new Uint8Array(0xe0 + 10);
  big.set(oracleTable());
  viewOf(big).setUint32(4, 0xe0 + 10, true);
  fixChecksum(big);
  assert.throws(() => decodeHest(big), (e: unknown) => isCode('unsupported')(e) && (e as DecodeError).offset === 0xe0);
});

// A wrong checksum is `bad-checksum`, naming the stored and the correct value, like iasl's
// "Incorrect checksum ... 0xE9, should be 0xE8".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeError } from '../../src/apei/decode-error.js';
import { decodeHest } from '../../src/apei/hest.js';
import { oracleTable } from '../helpers/hest-fixtures.js';

test('checksum byte E9 instead of E8 is bad-checksum at offset 9', () => {
  const b = oracleTable();
  b[9] = 0xe9;
  assert.throws(
    () => decodeHest(b),
    (e: unknown) =>
      e instanceof DecodeError && e.code === 'bad-checksum' && e.offset === 9 && /0xE9.*should be 0xE8/.test(e.message),
  );
});

test('a changed body byte without a new checksum is bad-checksum', () => {
  const b = oracleTable();
  b[0x40] = b[0x40]! ^ 0x08; // entry 0's slot address
  assert.throws(() => decodeHest(b), (e: unknown) => e instanceof DecodeError && e.code === 'bad-checksum');
});

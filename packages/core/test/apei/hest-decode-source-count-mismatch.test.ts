// iasl walks by Length and ignores Error Source Count; rasflow's decoder checks it (bad-value).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeError } from '../../src/apei/decode-error.js';
import { decodeHest } from '../../src/apei/hest.js';
import { fixChecksum, oracleTable, viewOf } from '../helpers/hest-fixtures.js';

for (const count of [0, 1, 3, 0xffff_ffff]) {
  test(`Error Source Count ${count} over 2 entries is bad-value at offset 36`, () => {
    const b = oracleTable();
    viewOf(b).setUint32(36, count, true);
    fixChecksum(b);
    assert.throws(
      () => decodeHest(b),
      (e: unknown) => e instanceof DecodeError && e.code === 'bad-value' && e.offset === 36 && e.message.includes(`${count}`),
    );
  });
}

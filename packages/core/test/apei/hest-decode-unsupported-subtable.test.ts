// Only GHES (9) and GHESv2 (10) are walked; any other subtable type is `unsupported`, naming the
// type and its offset, because its size is unknown to the walker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeError } from '../../src/apei/decode-error.js';
import { decodeHest } from '../../src/apei/hest.js';
import { fixChecksum, oracleTable, viewOf } from '../helpers/hest-fixtures.js';

for (const type of [0, 1, 2, 6, 7, 8, 11, 0xffff]) {
  test(`subtable type ${type} in entry 1 is unsupported at offset 132`, () => {
    const b = oracleTable();
    viewOf(b).setUint16(132, type, true);
    fixChecksum(b);
    assert.throws(
      () => decodeHest(b),
      (e: unknown) =>
        e instanceof DecodeError &&
        e.code === 'unsupported' &&
        e.offset === 132 &&
        e.structure === 'HEST entry 1' &&
        e.message.includes(`type ${type} `),
    );
  });
}

test('a GHESv2 mislabelled as GHES v1 derails the walk like iasl (type 0x4000 at 104)', () => {
  // hest/README.md: iasl decodes 64 bytes as GHES, then reads the Read Ack GAS's first two bytes
  // (SystemMemory, width 0x40) as the next type and reports "Unknown HEST subtable type 0x4000".
  const b = oracleTable();
  viewOf(b).setUint16(40, 9, true);
  fixChecksum(b);
  assert.throws(
    () => decodeHest(b),
    (e: unknown) => e instanceof DecodeError && e.code === 'unsupported' && e.offset === 104 && e.message.includes('16384'),
  );
});

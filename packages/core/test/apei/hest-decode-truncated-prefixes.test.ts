// Every proper prefix of a valid table is rejected with a `truncated` DecodeError, never a
// RangeError from DataView.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeError } from '../../src/apei/decode-error.js';
import { QEMU_HEST_HEADER, decodeHest, encodeHest } from '../../src/apei/hest.js';
import { hestEntriesForPlan, planGhesSources } from '../../src/apei/ghes-layout.js';

test('all prefixes of a 4-source table are truncated', () => {
  const plan = planGhesSources({ kinds: ['sea', 'sei', 'sdei', 'gpio'], pes: 1, base: 0x1000 });
  const bytes = encodeHest(QEMU_HEST_HEADER, hestEntriesForPlan(plan));
  for (let n = 0; n < bytes.length; n++) {
    assert.throws(
      () => decodeHest(bytes.subarray(0, n)),
      (e: unknown) => e instanceof DecodeError && e.code === 'truncated',
      `prefix of ${n} bytes`,
    );
  }
  assert.equal(decodeHest(bytes).entries.length, 4);
});

test('a Length that ends inside an entry is truncated at that entry', () => {
  const plan = planGhesSources({ kinds: ['sea', 'gpio'], pes: 1, base: 0x1000 });
  const bytes = encodeHest(QEMU_HEST_HEADER, hestEntriesForPlan(plan));
  // Like the README's iasl example: Length 0xD0 while entry 1 needs up to 0xE0.
  const v = new DataView(bytes.buffer);
  v.setUint32(4, 0xd0, true);
  v.setUint8(9, 0);
  let sum = 0;
  for (let i = 0; i < 0xd0; i++) sum += bytes[i]!;
  v.setUint8(9, (0x100 - (sum & 0xff)) & 0xff);
  assert.throws(
    () => decodeHest(bytes),
    (e: unknown) => e instanceof DecodeError && e.code === 'truncated' && e.structure === 'HEST entry 1' && e.offset === 132,
  );
});

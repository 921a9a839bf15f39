// Property: any list of GHESv2 entries encodes to 40 + 92·N bytes with a valid checksum and
// decodes back to the same entries and header fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeHest, encodeHest, hestLength } from '../../src/apei/hest.js';
import { acpiByteSum } from '../../src/apei/acpi-header.js';
import { TestRng } from '../helpers/rng.js';
import { randomGhesV2, randomHestHeader, viewOf } from '../helpers/hest-fixtures.js';

test('random HEST tables round-trip', () => {
  for (const seed of [31, 32, 33, 34]) {
    const rng = new TestRng(seed);
    for (let i = 0; i < 100; i++) {
      const header = randomHestHeader(rng);
      const entries = Array.from({ length: rng.below(9) }, () => randomGhesV2(rng));
      const bytes = encodeHest(header, entries);
      assert.equal(bytes.length, hestLength(entries.length));
      assert.equal(acpiByteSum(viewOf(bytes), bytes.length), 0);
      const t = decodeHest(bytes);
      assert.equal(t.header.signature, 'HEST');
      assert.equal(t.header.length, bytes.length);
      const { signature: _s, length: _l, checksum: _c, ...fields } = t.header;
      assert.deepEqual(fields, header, `seed ${seed} #${i}`);
      assert.equal(t.errorSourceCount, entries.length);
      assert.deepEqual(t.entries, entries, `seed ${seed} #${i}`);
    }
  }
});

test('a table with no sources is the 40-byte header and count', () => {
  const rng = new TestRng(5);
  const bytes = encodeHest(randomHestHeader(rng), []);
  assert.equal(bytes.length, 40);
  assert.deepEqual(decodeHest(bytes).entries, []);
});

test('decoding works on a table inside a larger buffer and ignores bytes after Length', () => {
  const rng = new TestRng(6);
  const bytes = encodeHest(randomHestHeader(rng), [randomGhesV2(rng)]);
  const big = new Uint8Array(bytes.length + 37);
  big.set(rng.bytes(big.length));
  big.set(bytes, 13);
  const t = decodeHest(big.subarray(13, 13 + bytes.length + 24));
  assert.equal(t.entries.length, 1);
  const v = new DataView(big.buffer, 13);
  assert.equal(decodeHest(v).entries.length, 1);
});

test('encoding refuses out-of-range entry fields', () => {
  const rng = new TestRng(7);
  const e = randomGhesV2(rng);
  const h = randomHestHeader(rng);
  assert.throws(() => encodeHest(h, [{ ...e, sourceId: 0x10000 }]), RangeError);
  assert.throws(() => encodeHest(h, [{ ...e, enabled: -1 }]), RangeError);
  assert.throws(() => encodeHest(h, [{ ...e, readAckWrite: 1n << 64n }]), RangeError);
  assert.throws(() => encodeHest(h, [{ ...e, errorStatusBlockLength: 1.5 }]), RangeError);
});

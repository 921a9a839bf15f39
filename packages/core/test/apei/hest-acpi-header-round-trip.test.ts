// Property: any header written and checksummed reads back field for field, and the checksum is
// computed over exactly Length bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACPI_HEADER_LENGTH,
  acpiByteSum,
  readAcpiHeader,
  verifyAcpiChecksum,
  writeAcpiChecksum,
  writeAcpiHeader,
} from '../../src/apei/acpi-header.js';
import { DecodeError } from '../../src/apei/decode-error.js';
import { TestRng } from '../helpers/rng.js';
import { randomAcpiHeader } from '../helpers/hest-fixtures.js';

test('header fields round-trip and the checksum makes Length bytes sum to 0', () => {
  for (const seed of [1, 2, 3, 0xbeef, 0x5eed]) {
    const rng = new TestRng(seed);
    for (let i = 0; i < 200; i++) {
      const fields = randomAcpiHeader(rng);
      const length = ACPI_HEADER_LENGTH + rng.below(64);
      const buf = new Uint8Array(length + rng.below(16));
      buf.set(rng.bytes(buf.length));
      const view = new DataView(buf.buffer);
      writeAcpiHeader(view, fields, length);
      buf.set(rng.bytes(length - ACPI_HEADER_LENGTH), ACPI_HEADER_LENGTH);
      const c = writeAcpiChecksum(view);
      const h = readAcpiHeader(view);
      assert.deepEqual({ ...h, length: undefined, checksum: undefined }, { ...fields, length: undefined, checksum: undefined }, `seed ${seed}`);
      assert.equal(h.length, length);
      assert.equal(h.checksum, c);
      assert.equal(acpiByteSum(view, length), 0, `seed ${seed} #${i}`);
      verifyAcpiChecksum(view);
    }
  }
});

test('changing any one byte inside Length breaks the checksum; bytes past Length do not count', () => {
  const rng = new TestRng(77);
  const buf = new Uint8Array(60);
  const view = new DataView(buf.buffer);
  writeAcpiHeader(view, randomAcpiHeader(rng), 50);
  writeAcpiChecksum(view);
  for (let i = 0; i < 50; i++) {
    const copy = buf.slice();
    copy[i] = (copy[i]! + 1 + rng.below(255)) & 0xff;
    assert.throws(() => verifyAcpiChecksum(new DataView(copy.buffer)), (e: unknown) => e instanceof DecodeError);
  }
  for (let i = 50; i < 60; i++) {
    const copy = buf.slice();
    copy[i] = copy[i]! ^ 0xff;
    verifyAcpiChecksum(new DataView(copy.buffer));
  }
});

test('short text fields are padded with spaces; long or non-ASCII text is refused', () => {
  const buf = new Uint8Array(36);
  const view = new DataView(buf.buffer);
  const base = { signature: 'HEST', revision: 1, oemId: 'AB', oemTableId: 'X', oemRevision: 0, creatorId: 'Z', creatorRevision: 0 };
  writeAcpiHeader(view, base, 36);
  const h = readAcpiHeader(view);
  assert.equal(h.oemId, 'AB    ');
  assert.equal(h.oemTableId, 'X       ');
  assert.equal(h.creatorId, 'Z   ');
  assert.throws(() => writeAcpiHeader(view, { ...base, oemId: 'TOOLONG' }, 36), RangeError);
  assert.throws(() => writeAcpiHeader(view, { ...base, oemId: 'é' }, 36), RangeError);
  assert.throws(() => writeAcpiHeader(view, base, 40), RangeError);
});

test('a header shorter than 36 bytes is a truncated DecodeError', () => {
  for (let n = 0; n < 36; n++) {
    assert.throws(
      () => readAcpiHeader(new DataView(new ArrayBuffer(n))),
      (e: unknown) => e instanceof DecodeError && e.code === 'truncated',
    );
  }
});

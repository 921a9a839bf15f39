import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CPER_HEADER_SIZE, cperRecordSize, decodeCperRecord, encodeCperRecord, encodeCperRecordToBytes, isCperRecord,
  type CperRecord,
} from '../../src/apei/cper-record.js';
import { DecodeError } from '../../src/apei/decode-error.js';
import { GUIDS } from '../../src/apei/guid.js';
import { memoryRecordExample } from '../../src/apei/cper-examples.js';
import { forAllSeeded, stripRecord, viewOf } from './cper-fixtures.js';
import { randomCperRecord } from './random-cper.js';

const isDecode = (code: string, offset?: number) => (e: unknown): boolean =>
  e instanceof DecodeError && e.code === code && (offset === undefined || e.offset === offset);

test('header layout: signature, revision, count, severity, validation, length, ids', () => {
  const r = memoryRecordExample();
  const b = encodeCperRecordToBytes(r);
  const v = viewOf(b);
  assert.equal(String.fromCharCode(...b.subarray(0, 4)), 'CPER');
  assert.equal(v.getUint16(4, true), 0x0101);
  assert.equal(v.getUint32(6, true), 0xffff_ffff);
  assert.equal(v.getUint16(10, true), 1);
  assert.equal(v.getUint32(16, true), 2, 'only the timestamp is valid');
  assert.equal(v.getUint32(20, true), 128 + 72 + 80);
  assert.deepEqual(Array.from(b.subarray(80, 96)), [0x8a, 0x78, 0x78, 0x9a, 0xe8, 0xbb, 0xe4, 0x11, 0x80, 0x9e, 0x67, 0x61, 0x1e, 0x5d, 0x46, 0xb0]);
  assert.equal(v.getBigUint64(96, true), 1n);
  assert.deepEqual(Array.from(b.subarray(116, 128)), new Array(12).fill(0));
  assert.equal(v.getUint32(128, true), 200, 'first body right after the descriptor');
  assert.ok(isCperRecord(v));
  const d = decodeCperRecord(v);
  assert.equal(d.recordLength, 280);
  assert.equal(d.sections[0]!.sectionOffset, 200);
  assert.deepEqual(stripRecord(d), r);
});

test('revisions 0x0000, 0x0100 and 0x0101 are all accepted and reported', () => {
  for (const revision of [0x0000, 0x0100, 0x0101]) {
    const b = encodeCperRecordToBytes({ ...memoryRecordExample(), revision });
    assert.equal(decodeCperRecord(viewOf(b)).revision, revision);
  }
});

test('bad signatures are rejected at their offsets', () => {
  const b = encodeCperRecordToBytes(memoryRecordExample());
  const s1 = b.slice();
  s1[0] = 0x63;
  assert.throws(() => decodeCperRecord(viewOf(s1)), isDecode('bad-signature', 0));
  const s2 = b.slice();
  s2[9] = 0xfe;
  assert.throws(() => decodeCperRecord(viewOf(s2)), isDecode('bad-signature', 6));
  assert.equal(isCperRecord(viewOf(s2)), false);
});

test('lengths: Record Length past the end, too small for the descriptors, sections outside the record', () => {
  const b = encodeCperRecordToBytes(memoryRecordExample());
  assert.throws(() => decodeCperRecord(viewOf(b.subarray(0, 279))), isDecode('truncated', 20));
  const small = b.slice();
  viewOf(small).setUint32(20, 199, true);
  assert.throws(() => decodeCperRecord(viewOf(small)), isDecode('bad-length', 20));
  const many = b.slice();
  viewOf(many).setUint16(10, 0xffff, true);
  assert.throws(() => decodeCperRecord(viewOf(many)), isDecode('bad-length', 20));
  const off = b.slice();
  viewOf(off).setUint32(128, 100, true);
  assert.throws(() => decodeCperRecord(viewOf(off)), isDecode('bad-length', 128));
  const len = b.slice();
  viewOf(len).setUint32(132, 81, true);
  assert.throws(() => decodeCperRecord(viewOf(len)), isDecode('bad-length', 132));
  const shortBody = b.slice();
  viewOf(shortBody).setUint32(132, 72, true); // below even the 73-byte UEFI 2.1 layout
  assert.throws(() => decodeCperRecord(viewOf(shortBody)), isDecode('bad-length', 200));
});

test('a record with zero sections is 128 bytes', () => {
  const r: CperRecord = { ...memoryRecordExample(), sections: [] };
  assert.equal(cperRecordSize(r), CPER_HEADER_SIZE);
  assert.deepEqual(stripRecord(decodeCperRecord(viewOf(encodeCperRecordToBytes(r)))), r);
});

test('encoder validates fields and room before writing', () => {
  const r = memoryRecordExample();
  const b = new Uint8Array(280).fill(0x33);
  assert.throws(() => encodeCperRecord(viewOf(b), 0, { ...r, recordId: 1n << 64n }), RangeError);
  assert.throws(() => encodeCperRecord(viewOf(b), 0, { ...r, notificationType: 'SEA' }), RangeError);
  assert.throws(() => encodeCperRecord(viewOf(b), 0, { ...r, timestamp: { ...r.timestamp!, second: 100 } }), RangeError);
  assert.deepEqual(b, new Uint8Array(280).fill(0x33));
  assert.throws(() => encodeCperRecord(viewOf(b), 1, r), RangeError);
  assert.throws(() => encodeCperRecordToBytes({ ...r, sections: [{ ...r.sections[0]!, body: { kind: 'unknown', sectionType: GUIDS.sectionMemory, bytes: new Uint8Array(80) } }] }), RangeError);
});

test('property: random records round-trip, and re-encoding the decoded record gives the same bytes', () => {
  forAllSeeded(1500, (rng) => {
    const r = randomCperRecord(rng);
    const b = encodeCperRecordToBytes(r);
    const d = decodeCperRecord(viewOf(b));
    assert.deepEqual(stripRecord(d), r);
    assert.deepEqual(encodeCperRecordToBytes(d), b);
  });
});

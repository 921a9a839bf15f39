// The GAS Register Bit Offset shifts both masks (Linux ghes_ack_error), including across the
// 32-bit halves; offsets above 63 are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ospmAcknowledge, platformClaim, readAckMasks, readAckMasksOf } from '../../src/apei/ghes-ack.js';
import { hestEntriesForPlan, planGhesSources } from '../../src/apei/ghes-layout.js';
import { readU64, writeU64 } from '../../src/util/u64.js';

function ackAfterClaim(bitOffset: number): bigint {
  const v = new DataView(new ArrayBuffer(8));
  writeU64(v, 0, 1n);
  assert.equal(platformClaim(v, 0), true);
  ospmAcknowledge(v, 0, readAckMasks(0xffff_fffe, 0xffff_ffff, 1, 0, bitOffset));
  return readU64(v, 0);
}

test('QEMU masks with bit offset s set bit s', () => {
  for (const s of [0, 1, 3, 31, 32, 40, 63]) assert.equal(ackAfterClaim(s), 1n << BigInt(s), `offset ${s}`);
});

test('the shifted preserve mask clears bits below the offset, as Linux does', () => {
  const v = new DataView(new ArrayBuffer(8));
  writeU64(v, 0, 0xffn);
  ospmAcknowledge(v, 0, readAckMasks(0xffff_fffe, 0xffff_ffff, 1, 0, 4));
  assert.equal(readU64(v, 0), 0xf0n | 0x10n);
});

test('offsets outside 0..63 are refused', () => {
  assert.throws(() => readAckMasks(0, 0, 1, 0, 64), RangeError);
  assert.throws(() => readAckMasks(0, 0, 1, 0, -1), RangeError);
  assert.throws(() => readAckMasks(0, 0, 1, 0, 1.5), RangeError);
});

test('readAckMasksOf takes masks and offset from a HEST entry', () => {
  const [e] = hestEntriesForPlan(planGhesSources({ kinds: ['sea'], pes: 1, base: 0 }));
  assert.deepEqual(readAckMasksOf(e!), { preserveLo: 0xffff_fffe, preserveHi: 0xffff_ffff, writeLo: 1, writeHi: 0 });
  const shifted = readAckMasksOf({ ...e!, readAckRegister: { ...e!.readAckRegister, bitOffset: 33 } });
  assert.deepEqual(shifted, { preserveLo: 0, preserveHi: 0xffff_fffc, writeLo: 0, writeHi: 2 });
});

// PSTATE/SPSR helpers and the vector offsets an exception enters at (flow.md §3.1: VBAR_EL2 +
// 0x400 for a faked guest SEA, + 0x580 for a faked guest SError).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as S from '../../src/arch/sysregs.js';

test('mode encodings and DAIF bit positions', () => {
  assert.deepEqual([S.MODE_EL0T, S.MODE_EL1T, S.MODE_EL1H, S.MODE_EL2T, S.MODE_EL2H], [0b0000, 0b0100, 0b0101, 0b1000, 0b1001]);
  assert.deepEqual([S.SPSR_D, S.SPSR_A, S.SPSR_I, S.SPSR_F], [1 << 9, 1 << 8, 1 << 7, 1 << 6]);
});

test('spsrFor / spsrEl / spsrUsesSpx', () => {
  assert.equal(S.spsrFor(1, true), S.MODE_EL1H);
  assert.equal(S.spsrFor(1, false), S.MODE_EL1T);
  assert.equal(S.spsrFor(0, true), S.MODE_EL0T);
  assert.equal(S.spsrFor(2, true, S.SPSR_A), S.MODE_EL2H | S.SPSR_A);
  for (let el = 0; el < 4; el++) assert.equal(S.spsrEl(S.spsrFor(el, true)), el);
  assert.equal(S.spsrUsesSpx(S.MODE_EL1H), true);
  assert.equal(S.spsrUsesSpx(S.MODE_EL1T), false);
  assert.throws(() => S.spsrFor(4, true), RangeError);
});

test('AArch32 modes map to ELs', () => {
  assert.equal(S.spsrEl(0x10), 0); // USR
  assert.equal(S.spsrEl(0x13), 1); // SVC
  assert.equal(S.spsrEl(0x1a), 2); // HYP
  assert.equal(S.spsrIsAArch32(0x10), true);
  assert.equal(S.spsrIsAArch32(S.MODE_EL1H), false);
});

test('spsrMasksSError reads PSTATE.A only', () => {
  assert.equal(S.spsrMasksSError(S.MODE_EL1H | S.SPSR_A), true);
  assert.equal(S.spsrMasksSError(S.MODE_EL1H | S.SPSR_D | S.SPSR_I | S.SPSR_F), false);
});

test('vector offsets: guest traps to EL2 land in the lower-AArch64 group', () => {
  const guestEl0 = S.spsrFor(0, false);
  const guestEl1 = S.spsrFor(1, true);
  assert.equal(S.vectorOffset(2, guestEl0, S.VEC_SYNC), 0x400);
  assert.equal(S.vectorOffset(2, guestEl1, S.VEC_SERROR), 0x580);
  assert.equal(S.vectorOffset(2, guestEl1, S.VEC_SYNC, true), 0x600);
  assert.equal(S.vectorOffset(2, guestEl1, S.VEC_SERROR, true), 0x780);
});

test('vector offsets: same EL picks SP0 or SPx', () => {
  assert.equal(S.vectorOffset(1, S.spsrFor(1, true), S.VEC_SYNC), 0x200);
  assert.equal(S.vectorOffset(1, S.spsrFor(1, false), S.VEC_SERROR), 0x180);
  assert.equal(S.vectorOffset(2, S.spsrFor(2, true), S.VEC_IRQ), 0x280);
  assert.equal(S.vectorOffset(3, S.spsrFor(1, true), S.VEC_FIQ), 0x500);
});

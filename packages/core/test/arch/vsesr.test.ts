// VSESR_EL2 → guest ESR_EL1, KVM's set-syndrome validation (flow.md §3.2, §6 V2) and DISR_EL1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VSESR_KVM_DEFAULT, VSESR_REJECTED_EXAMPLE, VSESR_SEED_AO } from '../../src/arch/esr-values.js';
import {
  checkSetSerrorEsr,
  disrPending,
  disrToEsr,
  guestEsrFromVsesr,
  SET_SERROR_EINVAL,
  SET_SERROR_OK,
  vsesrFromSerrorEsr,
} from '../../src/arch/vsesr.js';

test('the guest sees 0x2F<<26 | IL | VSESR[24:0]', () => {
  assert.equal(guestEsrFromVsesr(VSESR_KVM_DEFAULT), 0xbf000000);
  assert.equal(guestEsrFromVsesr(VSESR_SEED_AO), 0xbe000811);
  assert.equal(guestEsrFromVsesr(0), 0xbe000000);
  // Only bits 24:0 of VSESR_EL2 reach the guest.
  assert.equal(guestEsrFromVsesr(0xfe000c11), 0xbe000c11);
});

test('set-syndrome: bit 25 (flow.md V2) and any high-half bit give EINVAL', () => {
  assert.equal(checkSetSerrorEsr(VSESR_REJECTED_EXAMPLE, 0, true), SET_SERROR_EINVAL);
  assert.equal(checkSetSerrorEsr(0x80000000, 0, true), SET_SERROR_EINVAL);
  assert.equal(checkSetSerrorEsr(0x811, 1, true), SET_SERROR_EINVAL);
  for (let b = 25; b < 32; b++) assert.equal(checkSetSerrorEsr((1 << b) >>> 0, 0, true), SET_SERROR_EINVAL, `bit ${b}`);
});

test('set-syndrome: bits 24:0 are accepted on a RAS host, refused without RAS', () => {
  assert.equal(checkSetSerrorEsr(0x1ffffff, 0, true), SET_SERROR_OK);
  assert.equal(checkSetSerrorEsr(0x811, 0, true), SET_SERROR_OK);
  assert.equal(checkSetSerrorEsr(0x811, 0, false), SET_SERROR_EINVAL);
  assert.equal(vsesrFromSerrorEsr(0x811), 0x811);
});

test('DISR_EL1 → ESR as Linux disr_to_esr(): EC 0x2F, no IL, AET/EA/DFSC only when IDS=0', () => {
  const disr = (0x80000000 | (1 << 13) | (3 << 10) | (1 << 9) | 0x11) >>> 0; // A, IESB, UER, EA
  assert.equal(disrPending(disr), true);
  assert.equal(disrToEsr(disr), 0xbc000e11); // IESB and A dropped
  assert.equal(disrToEsr(0x81000123), 0xbd000123); // IDS: all of 24:0 kept
  assert.equal(disrPending(0x00000c11), false);
});

// SCR_EL3 and HCR_EL2 bit positions (formats.md b.7, b.8), with HCR's high-half bits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as S from '../../src/arch/sysregs.js';

const bit = (n: number): number => 2 ** n;

test('SCR_EL3 bits', () => {
  assert.deepEqual(
    [S.SCR_NS, S.SCR_EA, S.SCR_RW, S.SCR_TERR, S.SCR_EASE, S.SCR_NMEA, S.SCR_FIEN],
    [bit(0), bit(3), bit(10), bit(15), bit(19), bit(20), bit(21)],
  );
});

test('HCR_EL2 low-half bits (RW is bit 31, unsigned)', () => {
  assert.deepEqual(
    [S.HCR_LO_VM, S.HCR_LO_FMO, S.HCR_LO_IMO, S.HCR_LO_AMO, S.HCR_LO_VF, S.HCR_LO_VI, S.HCR_LO_VSE, S.HCR_LO_TGE, S.HCR_LO_RW],
    [bit(0), bit(3), bit(4), bit(5), bit(6), bit(7), bit(8), bit(27), bit(31)],
  );
});

test('HCR_EL2 high-half bits: the 64-bit value = hi * 2^32', () => {
  assert.equal(S.HCR_HI_E2H * 2 ** 32, bit(34));
  assert.equal(S.HCR_HI_TERR * 2 ** 32, bit(36));
  assert.equal(S.HCR_HI_TEA * 2 ** 32, bit(37));
  assert.equal(S.HCR_HI_FIEN * 2 ** 32, bit(47));
});

test("KVM's guest RAS bits are TEA|TERR (high) and AMO (low)", () => {
  assert.equal(S.KVM_GUEST_HCR_RAS_HI, S.HCR_HI_TEA | S.HCR_HI_TERR);
  assert.equal(S.KVM_GUEST_HCR_RAS_LO, S.HCR_LO_AMO);
  assert.equal(S.hcrRoutesSeaToEl2(S.KVM_GUEST_HCR_RAS_HI), true);
  assert.equal(S.hcrRoutesSeaToEl2(S.HCR_HI_TERR), false);
  assert.equal(S.hcrRoutesSErrorToEl2(S.HCR_LO_AMO | S.HCR_LO_VM), true);
  assert.equal(S.hcrRoutesSErrorToEl2(S.HCR_LO_IMO), false);
});

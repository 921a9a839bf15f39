// ERR<n>ADDR fields (formats.md b.4) and ERR<n>CTLR bit positions (b.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as R from '../../src/arch/err-record.js';

test('ADDR high-half flags and PADDR[55:32]', () => {
  const hi = R.encodeErrAddrHi({ ns: 1, ai: 1, paddrHi: 0x12 });
  assert.equal(hi, 0xa0000012);
  assert.deepEqual(R.decodeErrAddr(0x40001000, hi), { ns: 1, si: 0, ai: 1, va: 0, nse: 0, paddrLo: 0x40001000, paddrHi: 0x12 });
  assert.equal(R.encodeErrAddrHi({ si: 1, va: 1, nse: 1 }), (1 << 30) | (1 << 28) | (1 << 27));
  assert.equal(R.errAddrPaddr(0x40001000, hi), 0x12_4000_1000);
  // Bits 58:56 are RES0 and not part of PADDR.
  assert.equal(R.decodeErrAddr(0, 0x07000000).paddrHi, 0);
});

test('ADDR encoder refuses wide values', () => {
  assert.throws(() => R.encodeErrAddrHi({ paddrHi: 0x1000000 }), RangeError);
  assert.throws(() => R.encodeErrAddrHi({ ns: 2 }), RangeError);
});

test('CTLR bits', () => {
  assert.deepEqual(
    [R.CTLR_ED, R.CTLR_UI, R.CTLR_FI, R.CTLR_UE, R.CTLR_WUI, R.CTLR_WFI, R.CTLR_WUE, R.CTLR_CFI, R.CTLR_WCFI, R.CTLR_DUI, R.CTLR_WDUI],
    [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((b) => 1 << b),
  );
});

test('node page offsets', () => {
  assert.deepEqual(
    [R.OFF_FR, R.OFF_CTLR, R.OFF_STATUS, R.OFF_ADDR, R.OFF_MISC0, R.OFF_MISC1, R.PFG_BASE, R.OFF_PFGF, R.OFF_PFGCTL, R.OFF_PFGCDN, R.OFF_ERRGSR, R.OFF_ERRDEVID],
    [0x00, 0x08, 0x10, 0x18, 0x20, 0x28, 0x800, 0x00, 0x08, 0x10, 0xe00, 0xfc8],
  );
});

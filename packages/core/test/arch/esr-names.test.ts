// Name tables: Linux ESR_ELx_EC_* suffixes (UNALLOCATED for the gaps), DFSC/IFSC meanings,
// SET names in Arm ARM numbering (not TF-A's), AET names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aetName, ecName, fscName, serrorDfscName, setName } from '../../src/arch/esr-names.js';

const LINUX_EC: Record<number, string> = {
  0x00: 'UNKNOWN', 0x01: 'WFx', 0x03: 'CP15_32', 0x04: 'CP15_64', 0x05: 'CP14_MR', 0x06: 'CP14_LS', 0x07: 'FP_ASIMD',
  0x08: 'CP10_ID', 0x09: 'PAC', 0x0a: 'OTHER', 0x0c: 'CP14_64', 0x0d: 'BTI', 0x0e: 'ILL', 0x11: 'SVC32', 0x12: 'HVC32',
  0x13: 'SMC32', 0x15: 'SVC64', 0x16: 'HVC64', 0x17: 'SMC64', 0x18: 'SYS64', 0x19: 'SVE', 0x1a: 'ERET', 0x1c: 'FPAC',
  0x1d: 'SME', 0x1f: 'IMP_DEF', 0x20: 'IABT_LOW', 0x21: 'IABT_CUR', 0x22: 'PC_ALIGN', 0x24: 'DABT_LOW', 0x25: 'DABT_CUR',
  0x26: 'SP_ALIGN', 0x27: 'MOPS', 0x28: 'FP_EXC32', 0x2c: 'FP_EXC64', 0x2d: 'GCS', 0x2f: 'SERROR', 0x30: 'BREAKPT_LOW',
  0x31: 'BREAKPT_CUR', 0x32: 'SOFTSTP_LOW', 0x33: 'SOFTSTP_CUR', 0x34: 'WATCHPT_LOW', 0x35: 'WATCHPT_CUR', 0x38: 'BKPT32',
  0x3a: 'VECTOR32', 0x3c: 'BRK64',
};

test('every EC 0..63 has the Linux name or UNALLOCATED', () => {
  for (let ec = 0; ec < 64; ec++) assert.equal(ecName(ec), LINUX_EC[ec] ?? 'UNALLOCATED', `EC 0x${ec.toString(16)}`);
});

test('fault status codes relevant to RAS', () => {
  assert.match(fscName(0x10), /^Synchronous External abort, not on a translation table walk$/);
  assert.match(fscName(0x13), /table walk, level -1/);
  assert.match(fscName(0x15), /External abort on a translation table walk, level 1/);
  assert.match(fscName(0x18), /parity\/ECC error on a memory access/);
  assert.match(fscName(0x1f), /parity\/ECC error on a translation table walk, level 3/);
  assert.match(fscName(0x06), /Translation fault, level 2/);
  assert.match(fscName(0x11), /Tag Check/);
  assert.equal(fscName(0x12), 'reserved or not modelled');
  assert.equal(serrorDfscName(0x11), 'Asynchronous SError interrupt');
  assert.equal(serrorDfscName(0x00), 'Uncategorized');
});

test('SET follows the Arm ARM: 00 UER, 01 reserved, 10 UC, 11 UEO', () => {
  assert.deepEqual([0, 1, 2, 3].map(setName), ['UER', null, 'UC', 'UEO']);
});

test('AET: 0 UC, 1 UEU, 2 UEO, 3 UER, 6 CE, others reserved', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map(aetName), ['UC', 'UEU', 'UEO', 'UER', null, null, 'CE', null]);
});

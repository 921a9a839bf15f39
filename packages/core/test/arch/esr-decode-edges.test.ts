// decodeEsr on the edges: other exception classes, ISS2 and RES0 high bits, the reserved SET
// value, instruction-abort RES0 bits, and the ISV=1 syndrome. (Which codes name SET:
// esr-set-named-for-every-synchronous-external-abort.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeEsr,
  type DataAbortDecoded,
  type InstructionAbortDecoded,
  type SErrorDecoded,
} from '../../src/arch/esr-decode.js';

test('a class that is neither an abort nor an SError carries only the common fields', () => {
  const d = decodeEsr(0x56000000);
  assert.equal(d.kind, 'other');
  assert.deepEqual([d.ec, d.ecName, d.il, d.iss], [0x15, 'SVC64', 1, 0]);
  assert.equal(decodeEsr(0x08000000).ecName, 'UNALLOCATED');
});

test('ISS2 comes from the high half; bits 63:56 are reported as res0', () => {
  const d = decodeEsr(0x92000010, 0x0000_0123);
  assert.equal(d.iss2, 0x123);
  assert.equal(d.res0, 0);
  const e = decodeEsr(0x92000010, 0xab00_0000);
  assert.equal(e.iss2, 0);
  assert.equal(e.res0, 0xab);
});

test('SET 0b01 is reserved and unnamed even for DFSC 0x10', () => {
  const sea = decodeEsr(0x92001010) as DataAbortDecoded;
  assert.equal(sea.setName, 'UC');
  const reserved = decodeEsr(0x92000810) as DataAbortDecoded;
  assert.equal(reserved.set, 1);
  assert.equal(reserved.setName, null);
});

test('instruction abort RES0 bits are surfaced', () => {
  const d = decodeEsr(0x82000150) as InstructionAbortDecoded;
  assert.equal(d.res0Iss, 0x140);
});

test('data abort with ISV=1 exposes SAS/SSE/SRT/SF/AR', () => {
  // An 8-byte acquire load into X3 (SAS=3, SRT=3, SF=1, AR=1) that took a level-2 translation fault.
  const v = (0x24 << 26) | (1 << 25) | (1 << 24) | (3 << 22) | (3 << 16) | (1 << 15) | (1 << 14) | 0x06;
  const d = decodeEsr(v >>> 0) as DataAbortDecoded;
  assert.deepEqual([d.isv, d.sas, d.sse, d.srt, d.sf, d.ar, d.dfsc, d.sea], [1, 3, 0, 3, 1, 1, 6, false]);
});

test('SError names apply only when the syndrome is architected', () => {
  const ids = decodeEsr(0xbf000c11) as SErrorDecoded;
  assert.equal(ids.aetName, null);
  assert.equal(ids.impDef, 0xc11);
  assert.equal(ids.rasSerror, false);
  const reserved = decodeEsr(0xbe001011) as SErrorDecoded; // AET=4
  assert.equal(reserved.aetName, null);
  assert.equal(reserved.severity, 'UC');
  const iesb = decodeEsr(0xbe002c11) as SErrorDecoded;
  assert.deepEqual([iesb.iesb, iesb.aetName], [1, 'UER']);
});

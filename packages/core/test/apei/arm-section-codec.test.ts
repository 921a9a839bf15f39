import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ARM_SECTION_HEADER_SIZE, armSectionSize, decodeArmSection, encodeArmSection, type ArmProcessorSection,
} from '../../src/apei/cper-arm.js';
import { ArmErrorType, encodeArmErrorInformation } from '../../src/apei/cper-arm-error-info.js';
import { DecodeError } from '../../src/apei/decode-error.js';
import { forAllSeeded, viewOf } from './cper-fixtures.js';
import { randomArmSection } from './random-cper.js';

function cacheError(): ArmProcessorSection {
  return {
    validationBits: 0x7, errorAffinityLevel: 0, mpidr: 0x8000_0100n, midr: 0x410f_d0c0n, runningState: 1, psciState: 0,
    errorInfo: [{
      version: 0, length: 32, validationBits: 0x1f, type: ArmErrorType.cache, multipleError: 0, flags: 1,
      errorInformation: encodeArmErrorInformation({ layout: 'cache', transactionType: 1, operation: 3, level: 2, corrected: false }),
      virtualFaultAddress: 0xffff_0000_1234_5000n, physicalFaultAddress: 0x8_8012_3040n,
    }],
    contextInfo: [],
    vendorSpecific: new Uint8Array(0),
  };
}

test('a one-entry cache error is 72 bytes with the header fields at their offsets', () => {
  const s = cacheError();
  const b = new Uint8Array(72);
  const v = viewOf(b);
  assert.equal(encodeArmSection(v, 0, s), 72);
  assert.equal(v.getUint32(0, true), 7);
  assert.equal(v.getUint16(4, true), 1);
  assert.equal(v.getUint16(6, true), 0);
  assert.equal(v.getUint32(8, true), 72);
  assert.equal(v.getBigUint64(16, true), 0x8000_0100n);
  assert.equal(v.getBigUint64(24, true), 0x410f_d0c0n);
  assert.equal(b[40 + 1], 32);
  assert.equal(b[40 + 4], 0x02, 'cache is bit 1 (UEFI 2.10 / Linux / QEMU), not libcper bit 0');
  assert.equal(v.getBigUint64(40 + 24, true), 0x8_8012_3040n);
  assert.deepEqual(decodeArmSection(v, 0, 72), s);
});

test('context blocks are padded with zeros to 16 bytes and the padding is skipped on decode', () => {
  const s = cacheError();
  s.contextInfo = [
    { version: 0, registerContextType: 4, registerArray: new Uint8Array(256).fill(1) }, // 264 → 272
    { version: 0, registerContextType: 5, registerArray: new Uint8Array(8).fill(2) }, // 16 → 16
  ];
  s.vendorSpecific = Uint8Array.of(9, 9, 9);
  assert.equal(armSectionSize(s), 40 + 32 + 272 + 16 + 3);
  const b = new Uint8Array(armSectionSize(s)).fill(0xcc);
  encodeArmSection(viewOf(b), 0, s);
  assert.deepEqual(Array.from(b.subarray(72 + 264, 72 + 272)), new Array(8).fill(0));
  assert.deepEqual(decodeArmSection(viewOf(b), 0), s);
});

test('a final context block without its padding is accepted (the rest of the section is taken as padding)', () => {
  const s = cacheError();
  s.contextInfo = [{ version: 1, registerContextType: 4, registerArray: new Uint8Array(20).fill(3) }];
  const b = new Uint8Array(armSectionSize(s));
  encodeArmSection(viewOf(b), 0, s);
  const short = b.slice(0, 72 + 28);
  viewOf(short).setUint32(8, short.length, true);
  assert.deepEqual(decodeArmSection(viewOf(short), 0).contextInfo, s.contextInfo);
});

function header(infoNum: number, ctxNum: number, sectionLength: number, total: number): DataView {
  const v = viewOf(new Uint8Array(total));
  v.setUint16(4, infoNum, true);
  v.setUint16(6, ctxNum, true);
  v.setUint32(8, sectionLength, true);
  return v;
}

const isDecode = (code: string, offset?: number) => (e: unknown): boolean =>
  e instanceof DecodeError && e.code === code && (offset === undefined || e.offset === offset);

test('Section Length must fit the bytes available and hold the entries', () => {
  assert.throws(() => decodeArmSection(header(1, 0, 73, 72), 0, 72), isDecode('bad-length', 8));
  assert.throws(() => decodeArmSection(header(2, 0, 72, 72), 0, 72), isDecode('bad-length', 4));
  assert.throws(() => decodeArmSection(header(0, 0, 40, 72), 0, 72), isDecode('bad-value', 4));
  assert.throws(() => decodeArmSection(header(1, 0, 72, 72), 0, 39), isDecode('bad-length', 0));
});

test('hostile counts fail before any large allocation', () => {
  assert.throws(() => decodeArmSection(header(0xffff, 0, 72, 72), 0), isDecode('bad-length'));
  assert.throws(() => decodeArmSection(header(1, 0xffff, 72 + 16, 88), 0), isDecode('bad-length', 6));
  const v = header(1, 1, 72 + 16, 88);
  v.setUint32(72 + 4, 0xffff_ffff, true);
  assert.throws(() => decodeArmSection(v, 0), isDecode('bad-length', 76));
});

test('encoder rejects empty errorInfo, oversize fields and too little room', () => {
  const v = viewOf(new Uint8Array(200));
  assert.throws(() => encodeArmSection(v, 0, { ...cacheError(), errorInfo: [] }), RangeError);
  assert.throws(() => encodeArmSection(v, 0, { ...cacheError(), errorAffinityLevel: 256 }), RangeError);
  assert.throws(() => encodeArmSection(v, 0, { ...cacheError(), midr: 1n << 64n }), RangeError);
  const bad = cacheError();
  bad.errorInfo[0]!.type = 0x100;
  assert.throws(() => encodeArmSection(v, 0, bad), RangeError);
  assert.throws(() => encodeArmSection(viewOf(new Uint8Array(71)), 0, cacheError()), RangeError);
  assert.equal(ARM_SECTION_HEADER_SIZE, 40);
});

test('property: random ARM sections round-trip', () => {
  forAllSeeded(2000, (rng) => {
    const s = randomArmSection(rng);
    const b = new Uint8Array(armSectionSize(s) + 4);
    assert.equal(encodeArmSection(viewOf(b), 4, s), armSectionSize(s));
    assert.deepEqual(decodeArmSection(viewOf(b), 4, armSectionSize(s)), s);
  });
});

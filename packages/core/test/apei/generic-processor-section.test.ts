import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../src/apei/decode-error.js';
import {
  decodeGenericProcessorSection, encodeGenericProcessorSection, GENERIC_PROCESSOR_SECTION_SIZE, GenProcValid,
  type GenericProcessorSection,
} from '../../src/apei/cper-generic-processor.js';
import { forAllSeeded, viewOf } from './cper-fixtures.js';
import { randomGenericProcessor } from './random-cper.js';

const sample: GenericProcessorSection = {
  validationBits: 0x1fffn, processorType: 2, isa: 4, errorType: 1, operation: 1, flags: 0xa, level: 2,
  cpuVersion: 0x410f_d0c0n, brandString: 'Neoverse-N1', processorId: 0x8100n, targetAddress: 0x8_8012_3040n,
  requestorId: 0x11n, responderId: 0x22n, instructionIp: 0xffff_8000_1008_0000n,
};

test('192 bytes with the libcper README offsets', () => {
  const b = new Uint8Array(192);
  const v = viewOf(b);
  assert.equal(encodeGenericProcessorSection(v, 0, sample), GENERIC_PROCESSOR_SECTION_SIZE);
  assert.deepEqual(Array.from(b.subarray(8, 16)), [2, 4, 1, 1, 0xa, 2, 0, 0]);
  assert.equal(v.getBigUint64(16, true), 0x410f_d0c0n);
  assert.equal(new TextDecoder().decode(b.subarray(24, 35)), 'Neoverse-N1');
  assert.equal(b[35], 0);
  assert.equal(v.getBigUint64(152, true), 0x8100n);
  assert.equal(v.getBigUint64(160, true), 0x8_8012_3040n);
  assert.equal(v.getBigUint64(168, true), 0x11n);
  assert.equal(v.getBigUint64(176, true), 0x22n);
  assert.equal(v.getBigUint64(184, true), 0xffff_8000_1008_0000n);
  assert.deepEqual(decodeGenericProcessorSection(v, 0), sample);
});

test('validation bit values 0..12', () => {
  assert.deepEqual(Object.values(GenProcValid), Array.from({ length: 13 }, (_, i) => 2 ** i));
});

test('a brand string filling all 128 bytes has no NUL and still decodes', () => {
  const s = { ...sample, brandString: 'A'.repeat(128) };
  const b = new Uint8Array(200).fill(0x42);
  encodeGenericProcessorSection(viewOf(b), 0, s);
  assert.equal(decodeGenericProcessorSection(viewOf(b), 0).brandString, 'A'.repeat(128));
  assert.throws(() => encodeGenericProcessorSection(viewOf(b), 0, { ...s, brandString: 'A'.repeat(129) }), RangeError);
});

test('short sections and out-of-range fields', () => {
  assert.throws(() => decodeGenericProcessorSection(viewOf(new Uint8Array(192)), 0, 191), (e: unknown) => e instanceof DecodeError && e.code === 'bad-length');
  assert.throws(() => decodeGenericProcessorSection(viewOf(new Uint8Array(191)), 0, 192), (e: unknown) => e instanceof DecodeError && e.code === 'truncated');
  assert.throws(() => encodeGenericProcessorSection(viewOf(new Uint8Array(192)), 0, { ...sample, level: 300 }), RangeError);
  assert.throws(() => encodeGenericProcessorSection(viewOf(new Uint8Array(192)), 0, { ...sample, instructionIp: -1n }), RangeError);
});

test('property: random generic processor sections round-trip', () => {
  forAllSeeded(2000, (rng) => {
    const s = randomGenericProcessor(rng);
    const b = new Uint8Array(192 + 3);
    encodeGenericProcessorSection(viewOf(b), 3, s);
    assert.deepEqual(decodeGenericProcessorSection(viewOf(b), 3), s);
  });
});

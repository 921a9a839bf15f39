import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeSectionDescriptor, decodeSectionFlags, encodeSectionDescriptor, SECTION_DESCRIPTOR_SIZE, sectionFlagNames,
  type SectionDescriptor,
} from '../../src/apei/section-descriptor.js';
import { GUIDS } from '../../src/apei/guid.js';
import { forAllSeeded, viewOf } from './cper-fixtures.js';
import { randomGuid, randomText } from './random-cper.js';

test('flag bits 0..7: primary … overflow', () => {
  assert.deepEqual(decodeSectionFlags(0x0b), {
    primary: true, containmentWarning: true, reset: false, errorThresholdExceeded: true,
    resourceNotAccessible: false, latentError: false, propagated: false, overflow: false,
  });
  assert.deepEqual(sectionFlagNames(0x81), ['primary', 'overflow']);
  assert.deepEqual(sectionFlagNames(0x100), []);
});

test('descriptor fields at their offsets; validation byte from fruId/fruText', () => {
  const d: SectionDescriptor = {
    sectionOffset: 200, sectionLength: 80, revision: 0x0100, flags: 1, sectionType: GUIDS.sectionMemory,
    fruId: null, severity: 2, fruText: 'DIMM B2',
  };
  const b = new Uint8Array(SECTION_DESCRIPTOR_SIZE).fill(0xff);
  const v = viewOf(b);
  encodeSectionDescriptor(v, 0, d);
  assert.equal(v.getUint32(0, true), 200);
  assert.equal(v.getUint32(4, true), 80);
  assert.equal(v.getUint16(8, true), 0x100);
  assert.equal(b[10], 2);
  assert.equal(b[11], 0);
  assert.equal(v.getUint32(12, true), 1);
  assert.deepEqual(Array.from(b.subarray(16, 20)), [0x14, 0x11, 0xbc, 0xa5]);
  assert.deepEqual(Array.from(b.subarray(32, 48)), new Array(16).fill(0));
  assert.equal(v.getUint32(48, true), 2);
  assert.equal(String.fromCharCode(...b.subarray(52, 59)), 'DIMM B2');
  assert.deepEqual(decodeSectionDescriptor(v, 0), d);
});

test('property: random descriptors round-trip', () => {
  forAllSeeded(2000, (rng) => {
    const d: SectionDescriptor = {
      sectionOffset: rng.u32(), sectionLength: rng.u32(), revision: rng.bits(16), flags: rng.u32(),
      sectionType: randomGuid(rng), fruId: rng.bool() ? randomGuid(rng) : null, severity: rng.u32(),
      fruText: rng.bool() ? randomText(rng, 20) : null,
    };
    const b = new Uint8Array(SECTION_DESCRIPTOR_SIZE);
    encodeSectionDescriptor(viewOf(b), 0, d);
    assert.deepEqual(decodeSectionDescriptor(viewOf(b), 0), d);
  });
});

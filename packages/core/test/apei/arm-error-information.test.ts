import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  armContextRegisterWidth, armContextTypeName, ArmErrorType, armErrorTypeNames, armInfoLayout,
  decodeArmErrorInformation, encodeArmErrorInformation, type ArmErrorInformation,
} from '../../src/apei/cper-arm-error-info.js';
import { forAllSeeded } from './cper-fixtures.js';

test('type is the UEFI 2.10 bitmap: cache 0x02, TLB 0x04, bus 0x08, micro-arch 0x10', () => {
  assert.deepEqual(ArmErrorType, { cache: 0x02, tlb: 0x04, bus: 0x08, microArch: 0x10 });
  assert.deepEqual(armErrorTypeNames(0x02), ['cache']);
  assert.deepEqual(armErrorTypeNames(0x1e), ['cache', 'tlb', 'bus', 'microArch']);
  assert.deepEqual(armErrorTypeNames(0x01), ['bit 0'], "libcper's cache value is not cache here");
  assert.equal(armInfoLayout(0x01), null);
  assert.equal(armInfoLayout(0x06), 'cache');
  assert.equal(armInfoLayout(0x0c), 'tlb');
  assert.equal(armInfoLayout(0x08), 'bus');
  assert.equal(armInfoLayout(0x10), null);
});

test('cache fields sit at bits 17:16, 21:18, 24:22 and 25..28 with validity bits 0..6', () => {
  const v = (1n << 0n) | (1n << 1n) | (1n << 2n) | (1n << 4n) | (2n << 16n) | (7n << 18n) | (3n << 22n) | (1n << 26n);
  assert.deepEqual(decodeArmErrorInformation('cache', v), {
    layout: 'cache', transactionType: 2, operation: 7, level: 3, corrected: true,
  });
});

test('bus-only fields: participation 30:29, timeout 31, address space 33:32, attributes 42:34, access mode 43', () => {
  const v = 0xf80n | (3n << 29n) | (1n << 31n) | (1n << 32n) | (0x1abn << 34n) | (1n << 43n);
  assert.deepEqual(decodeArmErrorInformation('bus', v), {
    layout: 'bus', participationType: 3, timeout: true, addressSpace: 1, memoryAttributes: 0x1ab, accessMode: 1,
  });
  assert.deepEqual(decodeArmErrorInformation('cache', v), { layout: 'cache' }, 'bus bits mean nothing for a cache error');
});

test('fields without their validity bit are absent', () => {
  assert.deepEqual(decodeArmErrorInformation('tlb', 0xffff_f000n | (0xfffn << 32n)), { layout: 'tlb' });
});

test('encoder rejects bus-only fields outside the bus layout and out-of-range values', () => {
  assert.throws(() => encodeArmErrorInformation({ layout: 'cache', timeout: true }), RangeError);
  assert.throws(() => encodeArmErrorInformation({ layout: 'cache', level: 8 }), RangeError);
  assert.throws(() => encodeArmErrorInformation({ layout: 'bus', memoryAttributes: 512 }), RangeError);
});

test('context type names and register widths', () => {
  assert.equal(armContextTypeName(4), 'AArch64 GPRs');
  assert.equal(armContextTypeName(8), 'miscellaneous');
  assert.equal(armContextTypeName(9), 'reserved (9)');
  assert.deepEqual([0, 3, 4, 7, 8, 9].map(armContextRegisterWidth), [4, 4, 8, 8, null, null]);
});

test('property: random error-information fields round-trip through the u64', () => {
  forAllSeeded(2000, (rng) => {
    const layout = rng.pick(['cache', 'tlb', 'bus'] as const);
    const f: ArmErrorInformation = { layout };
    if (rng.bool()) f.transactionType = rng.below(4);
    if (rng.bool()) f.operation = rng.below(16);
    if (rng.bool()) f.level = rng.below(8);
    if (rng.bool()) f.processorContextCorrupt = rng.bool();
    if (rng.bool()) f.corrected = rng.bool();
    if (rng.bool()) f.precisePc = rng.bool();
    if (rng.bool()) f.restartablePc = rng.bool();
    if (layout === 'bus') {
      if (rng.bool()) f.participationType = rng.below(4);
      if (rng.bool()) f.timeout = rng.bool();
      if (rng.bool()) f.addressSpace = rng.below(4);
      if (rng.bool()) f.memoryAttributes = rng.below(512);
      if (rng.bool()) f.accessMode = rng.below(2);
    }
    assert.deepEqual(decodeArmErrorInformation(layout, encodeArmErrorInformation(f)), f);
  });
});

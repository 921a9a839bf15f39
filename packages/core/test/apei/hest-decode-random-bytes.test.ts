// Fuzz: random buffers and mutated valid tables make decodeHest return or throw a DecodeError,
// nothing else. Mutated tables get their checksum fixed half of the time so the walker is reached.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeError } from '../../src/apei/decode-error.js';
import { QEMU_HEST_HEADER, decodeHest, encodeHest } from '../../src/apei/hest.js';
import { hestEntriesForPlan, planGhesSources } from '../../src/apei/ghes-layout.js';
import { TestRng } from '../helpers/rng.js';
import { fixChecksum, viewOf } from '../helpers/hest-fixtures.js';

function decodeOrDecodeError(b: Uint8Array, what: string): void {
  try {
    decodeHest(b);
  } catch (e) {
    assert.ok(e instanceof DecodeError, `${what}: threw ${String(e)}`);
  }
}

test('random bytes only ever give DecodeError', () => {
  const rng = new TestRng(0xf022);
  for (let i = 0; i < 2000; i++) {
    const b = rng.bytes(rng.below(300));
    if (i % 2 === 0 && b.length >= 8) {
      b.set([0x48, 0x45, 0x53, 0x54]);
      viewOf(b).setUint32(4, rng.below(b.length + 8), true);
      if (viewOf(b).getUint32(4, true) >= 36 && viewOf(b).getUint32(4, true) <= b.length) fixChecksum(b);
    }
    decodeOrDecodeError(b, `#${i}`);
  }
});

test('mutated valid tables only ever give DecodeError', () => {
  const rng = new TestRng(0x3a7e);
  const plan = planGhesSources({ kinds: ['sea', 'sei', 'gpio'], pes: 2, base: 0x4000_0000 });
  const good = encodeHest(QEMU_HEST_HEADER, hestEntriesForPlan(plan));
  let decoded = 0;
  for (let i = 0; i < 3000; i++) {
    const b = good.slice();
    const flips = 1 + rng.below(4);
    for (let k = 0; k < flips; k++) {
      const at = rng.below(b.length);
      b[at] = rng.bool() ? rng.bits(8) : b[at]! ^ (1 << rng.below(8));
    }
    const len = viewOf(b).getUint32(4, true);
    if (rng.bool() && len >= 36 && len <= b.length) fixChecksum(b);
    try {
      decodeHest(b);
      decoded++;
    } catch (e) {
      assert.ok(e instanceof DecodeError, `#${i}: threw ${String(e)}`);
    }
  }
  assert.ok(decoded > 0, 'some mutations (e.g. in address fields) still decode');
});

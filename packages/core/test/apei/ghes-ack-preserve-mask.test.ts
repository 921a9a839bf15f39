// The OS ack keeps the bits of ReadAckPreserve and sets those of ReadAckWrite; checked against a
// BigInt reference of Linux's formula for random masks, values and bit offsets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QEMU_READ_ACK_MASKS, ospmAckHi, ospmAckLo, ospmAcknowledge, readAckMasks } from '../../src/apei/ghes-ack.js';
import { U64_MAX, readU64, u64Hi, u64Lo, writeU64 } from '../../src/util/u64.js';
import { TestRng } from '../helpers/rng.js';

function reference(v: bigint, preserve: bigint, write: bigint, s: number): bigint {
  return ((v & ((preserve << BigInt(s)) & U64_MAX)) | ((write << BigInt(s)) & U64_MAX)) & U64_MAX;
}

test('with QEMU masks other bits are preserved and bit 0 is set', () => {
  const v = new DataView(new ArrayBuffer(8));
  writeU64(v, 0, 0xf0f0_0000_0000_00f0n);
  ospmAcknowledge(v, 0, QEMU_READ_ACK_MASKS);
  assert.equal(readU64(v, 0), 0xf0f0_0000_0000_00f1n);
});

test('a zero preserve mask leaves only the write bits', () => {
  const m = readAckMasks(0, 0, 0x10, 0x1, 0);
  const v = new DataView(new ArrayBuffer(8));
  writeU64(v, 0, U64_MAX);
  ospmAcknowledge(v, 0, m);
  assert.equal(readU64(v, 0), 0x1_0000_0010n);
});

test('random masks, values and offsets match the 64-bit formula', () => {
  for (const seed of [41, 42, 43]) {
    const rng = new TestRng(seed);
    for (let i = 0; i < 2000; i++) {
      const [v, p, w] = [rng.u64(), rng.u64(), rng.u64()];
      const s = rng.below(64);
      const m = readAckMasks(u64Lo(p), u64Hi(p), u64Lo(w), u64Hi(w), s);
      const want = reference(v, p, w, s);
      assert.equal(ospmAckLo(u64Lo(v), m), u64Lo(want), `seed ${seed} #${i} lo`);
      assert.equal(ospmAckHi(u64Hi(v), m), u64Hi(want), `seed ${seed} #${i} hi`);
    }
  }
});

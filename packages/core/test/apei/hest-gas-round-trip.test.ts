// Property: a Generic Address Structure written and read back is the same, including addresses
// above 2^53 (they stay bigints).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GAS_LENGTH, readGas, systemMemoryQword, writeGas } from '../../src/apei/gas.js';
import { DecodeError } from '../../src/apei/decode-error.js';
import { TestRng } from '../helpers/rng.js';
import { randomGas } from '../helpers/hest-fixtures.js';

test('random GAS values round-trip at random offsets', () => {
  for (const seed of [11, 12, 13]) {
    const rng = new TestRng(seed);
    for (let i = 0; i < 500; i++) {
      const gas = randomGas(rng);
      const off = rng.below(8);
      const view = new DataView(new ArrayBuffer(off + GAS_LENGTH));
      writeGas(view, off, gas);
      assert.deepEqual(readGas(view, off), gas, `seed ${seed} #${i}`);
    }
  }
});

test('the GHES register form is SystemMemory, 64 bits, offset 0, QWord', () => {
  const view = new DataView(new ArrayBuffer(GAS_LENGTH));
  writeGas(view, 0, systemMemoryQword(0xffff_ffff_ffff_fff8n));
  assert.deepEqual([...new Uint8Array(view.buffer)], [0, 0x40, 0, 4, 0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
});

test('out-of-range fields are refused and short input is truncated', () => {
  const view = new DataView(new ArrayBuffer(GAS_LENGTH));
  assert.throws(() => writeGas(view, 0, { ...systemMemoryQword(0n), bitOffset: 256 }), RangeError);
  assert.throws(() => writeGas(view, 0, systemMemoryQword(1n << 64n)), RangeError);
  assert.throws(() => writeGas(view, 0, systemMemoryQword(-1n)), RangeError);
  assert.throws(() => readGas(new DataView(new ArrayBuffer(11)), 0), (e: unknown) => e instanceof DecodeError && e.code === 'truncated');
});

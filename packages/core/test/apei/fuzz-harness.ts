// The robustness harness: a decoder given hostile bytes may return or throw a DecodeError that
// names a structure and a non-negative byte offset, nothing else, and must return quickly.
import assert from 'node:assert/strict';
import { DecodeError } from '../../src/apei/decode-error.js';
import type { TestRng } from '../helpers/rng.js';

/** Longest a single decode may take before the harness calls it a runaway loop. */
export const MAX_DECODE_MS = 250;

/** Runs `decode`; fails on any exception other than a well-formed DecodeError, or on a slow call. */
export function expectOnlyDecodeError(decode: () => unknown, what: string): 'ok' | DecodeError {
  const t0 = performance.now();
  let outcome: 'ok' | DecodeError = 'ok';
  try {
    decode();
  } catch (err) {
    if (!(err instanceof DecodeError)) {
      const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      assert.fail(`${what}: threw ${msg} instead of a DecodeError`);
    }
    assert.ok(err.structure.length > 0, `${what}: DecodeError without a structure name`);
    assert.ok(Number.isInteger(err.offset) && err.offset >= 0, `${what}: DecodeError offset ${err.offset}`);
    outcome = err;
  }
  const ms = performance.now() - t0;
  assert.ok(ms < MAX_DECODE_MS, `${what}: took ${ms.toFixed(1)} ms`);
  return outcome;
}

/** A copy of `seed` with a few bytes changed: random bytes, or a u16/u32 field overwritten. */
export function mutate(rng: TestRng, seed: Uint8Array): Uint8Array {
  const b = seed.slice();
  if (b.length === 0) return b;
  const n = 1 + rng.below(6);
  const v = new DataView(b.buffer);
  for (let i = 0; i < n; i++) {
    const at = rng.below(b.length);
    switch (rng.below(4)) {
      case 0:
        b[at] = rng.bits(8);
        break;
      case 1:
        b[at] = b[at]! ^ (1 << rng.below(8));
        break;
      case 2:
        if (at + 2 <= b.length) v.setUint16(at, rng.pick([0, 1, 0xffff, rng.bits(16)]), true);
        break;
      default:
        if (at + 4 <= b.length) v.setUint32(at, rng.pick([0, 1, 0xffff_ffff, 0x8000_0000, rng.u32(), rng.below(512)]), true);
    }
  }
  // Sometimes cut or extend the buffer as well.
  if (rng.below(4) === 0) return b.subarray(0, rng.below(b.length + 1));
  if (rng.below(8) === 0) {
    const longer = new Uint8Array(b.length + rng.below(64));
    longer.set(b);
    return longer;
  }
  return b;
}

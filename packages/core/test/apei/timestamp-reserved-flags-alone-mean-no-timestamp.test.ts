import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTimestamp } from '../../src/apei/timestamp.js';

// Found by the CPER fuzz test: 00 00 00 02 00 00 00 00 decoded as midnight of year 0, which
// re-encoded as eight zero bytes ("no timestamp") and so did not round-trip.
test('a timestamp whose only set bits are reserved flag bits is no timestamp (null)', () => {
  for (const flags of [0x02, 0x80, 0xfe]) {
    const bytes = new Uint8Array([0, 0, 0, flags, 0, 0, 0, 0]);
    assert.equal(decodeTimestamp(new DataView(bytes.buffer), 0), null, `flags 0x${flags.toString(16)}`);
  }
  // Bit 0 (precise) is not reserved: with it set the bytes are a timestamp.
  const precise = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0]);
  assert.deepEqual(decodeTimestamp(new DataView(precise.buffer), 0), { second: 0, minute: 0, hour: 0, precise: true, day: 0, month: 0, year: 0 });
});

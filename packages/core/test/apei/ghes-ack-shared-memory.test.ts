// The ack helpers work on a DataView over a SharedArrayBuffer at a non-zero offset, the way the
// engine's GHES memory is laid out, and touch only their own 8 bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QEMU_READ_ACK_MASKS, initialiseReadAck, ospmAcknowledge, platformClaim } from '../../src/apei/ghes-ack.js';

test('claim and ack on a SharedArrayBuffer leave neighbouring bytes alone', () => {
  const sab = new SharedArrayBuffer(64);
  const bytes = new Uint8Array(sab);
  bytes.fill(0xaa);
  const view = new DataView(sab, 16, 32);
  initialiseReadAck(view, 8);
  assert.equal(platformClaim(view, 8), true);
  assert.equal(platformClaim(view, 8), false);
  ospmAcknowledge(view, 8, QEMU_READ_ACK_MASKS);
  assert.deepEqual([...bytes.subarray(24, 32)], [1, 0, 0, 0, 0, 0, 0, 0]);
  assert.ok(bytes.subarray(0, 24).every((b) => b === 0xaa));
  assert.ok(bytes.subarray(32).every((b) => b === 0xaa));
});

test('the low word seen through Int32Array is the ack bit the engine compare-exchanges', () => {
  const sab = new SharedArrayBuffer(16);
  const view = new DataView(sab);
  initialiseReadAck(view, 8);
  const words = new Int32Array(sab);
  // Little-endian host assumed, as for every DataView access here with littleEndian = true.
  assert.equal(Atomics.compareExchange(words, 2, 1, 0), 1);
  assert.equal(platformClaim(view, 8), false);
  ospmAcknowledge(view, 8, QEMU_READ_ACK_MASKS);
  assert.equal(Atomics.load(words, 2), 1);
});

// The read-ack handshake with QEMU's masks (formats.md c.7): free at start, the platform claims
// with 0, a second record is refused until the OS acks, and the ack writes 1 back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  QEMU_READ_ACK_MASKS,
  READ_ACK_FREE,
  initialiseReadAck,
  ospmAcknowledge,
  platformClaim,
  platformMayWrite,
  readAckIsFree,
} from '../../src/apei/ghes-ack.js';
import { readU64 } from '../../src/util/u64.js';

test('a fresh register holds 1 and the platform may write', () => {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, 0xdead, true);
  initialiseReadAck(v, 0);
  assert.equal(readU64(v, 0), 1n);
  assert.equal(READ_ACK_FREE, 1);
  assert.equal(readAckIsFree(v, 0), true);
});

test('claim writes 0; a second record is refused while it reads 0; the ack frees it again', () => {
  const v = new DataView(new ArrayBuffer(8));
  initialiseReadAck(v, 0);
  assert.equal(platformClaim(v, 0), true);
  assert.equal(readU64(v, 0), 0n);
  assert.equal(platformClaim(v, 0), false, 'previous record not acknowledged');
  assert.equal(readU64(v, 0), 0n, 'a refused claim changes nothing');
  ospmAcknowledge(v, 0, QEMU_READ_ACK_MASKS);
  assert.equal(readU64(v, 0), 1n);
  assert.equal(platformClaim(v, 0), true);
});

test('QEMU masks: preserve all but bit 0, write bit 0', () => {
  assert.deepEqual(QEMU_READ_ACK_MASKS, { preserveLo: 0xffff_fffe, preserveHi: 0xffff_ffff, writeLo: 1, writeHi: 0 });
});

test('platformMayWrite tests the whole 64-bit value, as QEMU does', () => {
  assert.equal(platformMayWrite(0, 0), false);
  assert.equal(platformMayWrite(1, 0), true);
  assert.equal(platformMayWrite(0, 0x8000_0000), true);
  assert.equal(platformMayWrite(0x8000_0000, 0), true);
});

test('acking an already free register keeps it free (idempotent)', () => {
  const v = new DataView(new ArrayBuffer(8));
  initialiseReadAck(v, 0);
  ospmAcknowledge(v, 0, QEMU_READ_ACK_MASKS);
  ospmAcknowledge(v, 0, QEMU_READ_ACK_MASKS);
  assert.equal(readU64(v, 0), 1n);
});

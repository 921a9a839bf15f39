// Property: a Hardware Error Notification Structure round-trips, and its Length byte is 28.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  NOTIFICATION_LENGTH,
  notification,
  readNotification,
  writeNotification,
} from '../../src/apei/notification.js';
import { DecodeError } from '../../src/apei/decode-error.js';
import { TestRng } from '../helpers/rng.js';
import { randomNotification } from '../helpers/hest-fixtures.js';

test('random notification structures round-trip', () => {
  for (const seed of [21, 22, 23]) {
    const rng = new TestRng(seed);
    for (let i = 0; i < 500; i++) {
      const n = randomNotification(rng);
      const off = rng.below(4);
      const view = new DataView(new ArrayBuffer(off + NOTIFICATION_LENGTH));
      writeNotification(view, off, n);
      assert.equal(view.getUint8(off + 1), 28);
      assert.deepEqual(readNotification(view, off), n, `seed ${seed} #${i}`);
    }
  }
});

test('QEMU form: only Type and Length are non-zero', () => {
  const view = new DataView(new ArrayBuffer(NOTIFICATION_LENGTH));
  writeNotification(view, 0, notification(8));
  const b = [...new Uint8Array(view.buffer)];
  assert.deepEqual(b.slice(0, 2), [8, 28]);
  assert.ok(b.slice(2).every((x) => x === 0));
});

test('a Length byte other than 28 is bad-length; short input is truncated', () => {
  const view = new DataView(new ArrayBuffer(NOTIFICATION_LENGTH));
  writeNotification(view, 0, notification(7));
  view.setUint8(1, 27);
  assert.throws(() => readNotification(view, 0), (e: unknown) => e instanceof DecodeError && e.code === 'bad-length' && e.offset === 1);
  assert.throws(
    () => readNotification(new DataView(new ArrayBuffer(27)), 0),
    (e: unknown) => e instanceof DecodeError && e.code === 'truncated',
  );
  assert.throws(() => writeNotification(view, 0, { ...notification(7), vector: 2 ** 32 }), RangeError);
});

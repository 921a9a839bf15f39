// The ERR<n>STATUS clear protocol (formats.md b.2): writing back what was read clears the record;
// a stale value (the record changed after the read) is ignored, so the new error survives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RasNode } from '../../src/arch/err-node.js';
import { encodeErrStatus, ST_OF, ST_V, UET_UEO, UET_UER } from '../../src/arch/err-status.js';

const UER = encodeErrStatus({ av: 1, ue: 1, er: 1, uet: UET_UER, serr: 0x0c });

test('writing back the value read clears the record and its ERRGSR bit', () => {
  const node = RasNode.create({ records: 2 });
  node.recordError(1, UER, 0x40001000, 0);
  const seen = node.readStatus(1);
  assert.equal(seen, (UER | ST_V) >>> 0);
  assert.equal(node.readErrgsr(), 0b10);
  assert.equal(node.writeStatus(1, seen), true);
  assert.equal(node.readStatus(1), 0);
  assert.equal(node.readErrgsr(), 0);
});

test('a stale write is ignored: the error that arrived after the read stays', () => {
  const node = RasNode.create({ records: 1 });
  node.recordError(0, encodeErrStatus({ ue: 1, uet: UET_UEO, serr: 0x0c }));
  const seen = node.readStatus(0);
  node.recordError(0, UER, 0x1000, 0); // more severe: replaces, sets OF
  assert.equal(node.writeStatus(0, seen), false);
  const now = node.readStatus(0);
  assert.notEqual(now, 0);
  assert.equal((now & ST_OF) !== 0, true);
  // Software reads again and clears with the fresh value.
  assert.equal(node.writeStatus(0, now), true);
  assert.equal(node.readStatus(0), 0);
});

test('writing any other value (e.g. 0 or all ones) does not clear', () => {
  const node = RasNode.create({ records: 1 });
  node.recordError(0, UER, 0x1000, 0);
  const v = node.readStatus(0);
  assert.equal(node.writeStatus(0, 0), false);
  assert.equal(node.writeStatus(0, 0xffffffff), false);
  assert.equal(node.readStatus(0), v);
});

test('the address register keeps its value after the clear; AV=0 makes it invalid', () => {
  const node = RasNode.create({ records: 1 });
  node.recordError(0, UER, 0x40001000, 0x80000000);
  assert.equal(node.writeStatus(0, node.readStatus(0)), true);
  assert.equal(node.readAddrLo(0), 0x40001000);
  assert.equal(node.readAddrHi(0), 0x80000000);
});

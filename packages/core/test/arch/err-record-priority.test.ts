// Recording into a record that is already valid: the more severe error is kept and STATUS.OF set;
// CTLR.ED=0 drops errors; CTLR decides which interrupts are asked for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  REC_FAULT_IRQ,
  REC_OVERFLOW,
  REC_OVERWROTE,
  REC_RECORDED,
  REC_RECOVERY_IRQ,
  RasNode,
} from '../../src/arch/err-node.js';
import { CTLR_ED, CTLR_FI } from '../../src/arch/err-record.js';
import { decodeErrStatus, encodeErrStatus, UET_UC, UET_UEO, UET_UER } from '../../src/arch/err-status.js';

const ue = (uet: number, extra = {}) => encodeErrStatus({ ue: 1, uet, serr: 0x0c, ...extra });

test('first error fills the empty record with V set and the address when AV', () => {
  const node = RasNode.create({ records: 1 });
  const flags = node.recordError(0, ue(UET_UER, { av: 1 }), 0x40001000, 0);
  assert.equal(flags & REC_RECORDED, REC_RECORDED);
  assert.equal(flags & REC_OVERFLOW, 0);
  const d = decodeErrStatus(node.readStatus(0));
  assert.deepEqual([d.v, d.ue, d.uetName, d.av, d.of], [1, 1, 'UER', 1, 0]);
  assert.equal(node.readAddrLo(0), 0x40001000);
});

test('a more severe second error replaces the first and sets OF', () => {
  const node = RasNode.create({ records: 1 });
  node.recordError(0, ue(UET_UEO, { av: 1 }), 0x1000, 0);
  const flags = node.recordError(0, ue(UET_UC, { av: 1 }), 0x2000, 0);
  assert.equal(flags & (REC_OVERWROTE | REC_OVERFLOW), REC_OVERWROTE | REC_OVERFLOW);
  const d = decodeErrStatus(node.readStatus(0));
  assert.deepEqual([d.uetName, d.of], ['UC', 1]);
  assert.equal(node.readAddrLo(0), 0x2000);
});

test('a less or equally severe second error is dropped, only OF is set', () => {
  const node = RasNode.create({ records: 1 });
  node.recordError(0, ue(UET_UER, { av: 1 }), 0x1000, 0);
  const flags = node.recordError(0, ue(UET_UEO, { av: 1 }), 0x2000, 0);
  assert.equal(flags & REC_OVERWROTE, 0);
  assert.equal(flags & REC_OVERFLOW, REC_OVERFLOW);
  const d = decodeErrStatus(node.readStatus(0));
  assert.deepEqual([d.uetName, d.of], ['UER', 1]);
  assert.equal(node.readAddrLo(0), 0x1000);
  // Equal severity: the first error (and its address) is the one kept.
  const flags2 = node.recordError(0, ue(UET_UER, { av: 1, pn: 1 }), 0x3000, 0);
  assert.equal(flags2 & REC_OVERWROTE, 0);
  assert.equal(decodeErrStatus(node.readStatus(0)).pn, 0);
  assert.equal(node.readAddrLo(0), 0x1000);
});

test('CTLR.ED=0: nothing is recorded', () => {
  const node = RasNode.create({ records: 1, ctlr: 0 });
  assert.equal(node.recordError(0, ue(UET_UER)), 0);
  assert.equal(node.readStatus(0), 0);
  node.writeCtlr(0, CTLR_ED);
  assert.equal(node.recordError(0, ue(UET_UER)) & REC_RECORDED, REC_RECORDED);
});

test('interrupt requests follow CTLR.FI/UI', () => {
  const all = RasNode.create({ records: 1 });
  assert.equal(all.recordError(0, ue(UET_UER)) & (REC_FAULT_IRQ | REC_RECOVERY_IRQ), REC_FAULT_IRQ | REC_RECOVERY_IRQ);
  const fiOnly = RasNode.create({ records: 1, ctlr: CTLR_ED | CTLR_FI });
  assert.equal(fiOnly.recordError(0, ue(UET_UER)) & (REC_FAULT_IRQ | REC_RECOVERY_IRQ), REC_FAULT_IRQ);
});

test('record indices outside the node are programming errors', () => {
  const node = RasNode.create({ records: 2 });
  assert.throws(() => node.readStatus(2), RangeError);
  assert.throws(() => node.recordError(-1, 0), RangeError);
});

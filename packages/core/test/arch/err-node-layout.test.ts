// The node page follows formats.md b.1 byte for byte, and a second RasNode attached to the same
// (shared) buffer sees the same state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RasNode } from '../../src/arch/err-node.js';
import { MAX_RECORDS } from '../../src/arch/err-record.js';
import { encodeErrStatus, UET_UER } from '../../src/arch/err-status.js';

const UER_AV = encodeErrStatus({ av: 1, ue: 1, er: 1, uet: UET_UER, serr: 0x0c });

test('record n registers sit at 64·n + {0x00 FR, 0x08 CTLR, 0x10 STATUS, 0x18 ADDR, 0x20 MISC0}', () => {
  const node = RasNode.create({ records: 4 });
  node.recordError(3, UER_AV, 0x40001000, 0x80000012);
  node.recordCorrected(3);
  const v = node.view;
  const r = 64 * 3;
  assert.equal(v.getUint32(r + 0x10, true), 0xf230000c); // AV|V|UE|ER|CE=non-specific|UET=UER|SERR 0x0C
  assert.equal(v.getUint32(r + 0x14, true), 0);
  assert.equal(v.getUint32(r + 0x18, true), 0x40001000);
  assert.equal(v.getUint32(r + 0x1c, true), 0x80000012);
  assert.equal(v.getUint32(r + 0x24, true), 1); // MISC0[63:32]: CEC=1
  assert.equal(v.getUint32(r + 0x08, true) & 1, 1); // CTLR.ED
  assert.equal(v.getUint32(r + 0x00, true), 0x4001); // FR: ED=01, CEC=0b100
});

test('PFG groups at 0x800 + 64·n, ERRGSR at 0xE00, ERRDEVID at 0xFC8', () => {
  const node = RasNode.create({ records: 3 });
  node.writePfgCdn(2, 7);
  node.writePfgCtl(2, 0x80000a08);
  const v = node.view;
  assert.equal(v.getUint32(0x800 + 128 + 0x08, true), 0x80000a08);
  assert.equal(v.getUint32(0x800 + 128 + 0x10, true), 7);
  assert.equal(v.getUint32(0x800 + 128 + 0x00, true), 0x40001fff);
  assert.equal(v.getUint32(0xfc8, true), 3);
  node.recordError(0, UER_AV, 0, 0);
  node.recordError(2, UER_AV, 0, 0);
  assert.equal(v.getUint32(0xe00, true), 0b101);
});

test('a node in a SharedArrayBuffer is visible through a second attachment', () => {
  const sab = new SharedArrayBuffer(0x2000);
  const a = RasNode.create({ records: 2, buffer: sab, byteOffset: 0x1000 });
  a.recordError(1, UER_AV, 0x1234, 0);
  const b = new RasNode(new DataView(sab, 0x1000, 0x1000));
  assert.equal(b.records, 2);
  assert.equal(b.readStatus(1), a.readStatus(1));
  assert.equal(b.writeStatus(1, b.readStatus(1)), true);
  assert.equal(a.readStatus(1), 0);
  assert.equal(new DataView(sab).getUint32(0, true), 0); // nothing written outside the page
});

test('a page holds at most 24 records with fault injection', () => {
  assert.equal(MAX_RECORDS, 24);
  assert.throws(() => RasNode.create({ records: 25 }), RangeError);
  assert.throws(() => RasNode.create({ records: 0 }), RangeError);
  assert.doesNotThrow(() => RasNode.create({ records: 24 }));
});

// Fault injection (formats.md b.6): CDNEN loads the countdown from PFGCDN, tick() counts down, and
// at 0 the error PFGCTL selects appears in STATUS; R restarts the countdown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RasNode } from '../../src/arch/err-node.js';
import {
  decodePfgCtl,
  encodePfgCtl,
  PFGCTL_AV,
  PFGCTL_CDNEN,
  PFGCTL_ER,
  PFGCTL_R,
  PFGCTL_UEO,
  PFGCTL_UER,
  PFGCTL_UC,
  pfgctlToStatus,
} from '../../src/arch/err-pfg.js';
import { decodeErrStatus } from '../../src/arch/err-status.js';

test('b.6 example: CDNEN|AV|ER|UER is 0x80000A08', () => {
  assert.equal(encodePfgCtl({ cdnen: 1, av: 1, er: 1, uer: 1 }), 0x80000a08);
  assert.deepEqual(decodePfgCtl(0x80000a08), { cdnen: 1, r: 0, mv: 0, av: 1, pn: 0, er: 1, ci: 0, ce: 0, de: 0, ueo: 0, uer: 1, ueu: 0, uc: 0, of: 0 });
  assert.throws(() => encodePfgCtl({ ce: 4 }), RangeError);
});

test('the injected error appears when the countdown reaches 0, not before', () => {
  const node = RasNode.create({ records: 2 });
  node.writeAddr(1, 0x40001000, 0);
  node.writePfgCdn(1, 10);
  node.writePfgCtl(1, 0x80000a08);
  assert.equal(node.pfgCountdown(1), 10);
  assert.equal(node.tick(9), 0);
  assert.equal(node.readStatus(1), 0);
  assert.equal(node.pfgCountdown(1), 1);
  assert.equal(node.tick(1), 0b10);
  const d = decodeErrStatus(node.readStatus(1));
  assert.deepEqual([d.v, d.ue, d.uetName, d.av, d.er, d.serr], [1, 1, 'UER', 1, 1, 0x0c]);
  assert.equal(node.readAddrLo(1), 0x40001000);
  assert.equal(node.pfgCountdown(1), -1); // no restart: disarmed
  assert.equal(node.tick(100), 0);
});

test('with R the countdown reloads and fires again; the second firing sets OF', () => {
  const node = RasNode.create({ records: 1 });
  node.writePfgCdn(0, 5);
  node.writePfgCtl(0, PFGCTL_CDNEN | PFGCTL_R | PFGCTL_UEO);
  assert.equal(node.tick(5), 1);
  assert.equal(node.pfgCountdown(0), 5);
  assert.equal(decodeErrStatus(node.readStatus(0)).of, 0);
  assert.equal(node.tick(7), 1);
  assert.equal(node.pfgCountdown(0), 3);
  assert.equal(decodeErrStatus(node.readStatus(0)).of, 1);
});

test('one long tick across several periods fires once per period (capped) and leaves the right remainder', () => {
  const node = RasNode.create({ records: 1 });
  node.writePfgCdn(0, 4);
  node.writePfgCtl(0, PFGCTL_CDNEN | PFGCTL_R | PFGCTL_UER);
  assert.equal(node.tick(1_000_000_001), 1);
  assert.equal(node.pfgCountdown(0), 3);
  assert.equal(decodeErrStatus(node.readStatus(0)).of, 1);
});

test('writing PFGCTL without CDNEN stops the countdown; PFGCDN changes apply at the next arm', () => {
  const node = RasNode.create({ records: 1 });
  node.writePfgCdn(0, 3);
  node.writePfgCtl(0, PFGCTL_CDNEN | PFGCTL_UC);
  node.writePfgCtl(0, PFGCTL_UC);
  assert.equal(node.tick(10), 0);
  node.writePfgCtl(0, PFGCTL_CDNEN | PFGCTL_UC);
  node.writePfgCdn(0, 100);
  assert.equal(node.pfgCountdown(0), 3);
  assert.equal(node.tick(3), 1);
  assert.equal(decodeErrStatus(node.readStatus(0)).uetName, 'UC');
});

test('pfgctlToStatus picks the most severe uncorrected kind and copies the flags', () => {
  const s = decodeErrStatus(pfgctlToStatus(PFGCTL_UEO | PFGCTL_UER | PFGCTL_UC | PFGCTL_AV, 0x0c));
  assert.deepEqual([s.uetName, s.av, s.er, s.v], ['UC', 1, 0, 1]);
  assert.equal(pfgctlToStatus(PFGCTL_CDNEN | PFGCTL_AV | PFGCTL_ER, 0x0c), 0); // no error kind selected
  const ce = decodeErrStatus(pfgctlToStatus(2 << 6, 0x06));
  assert.deepEqual([ce.ue, ce.ceName, ce.serr], [0, 'non-specific', 0x06]);
});

test('PFGF advertises every kind and restart', () => {
  const node = RasNode.create({ records: 1 });
  assert.equal(node.readPfgf(0), 0x40001fff);
});

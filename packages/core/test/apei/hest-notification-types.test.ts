// The notification type table: iasl's names (hest/README.md) and what upstream Linux ghes_probe
// accepts (formats.md c.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOTIFY_TYPES, NotifyType, linuxGhesProbeAccepts, notifyTypeIaslName } from '../../src/apei/notification.js';

test('iasl 20200925 names for Notify Type 0..12', () => {
  const names = [
    'Polled', 'External Interrupt', 'Local Interrupt', 'SCI', 'NMI', 'CMCI', 'MCE', 'GPIO', 'SEA', 'SEI', 'GSIV',
    'Software Delegated Exception',
  ];
  names.forEach((n, i) => assert.equal(notifyTypeIaslName(i), n));
  assert.equal(notifyTypeIaslName(12), 'Unknown Notify Type');
  assert.equal(notifyTypeIaslName(255), 'Unknown Notify Type');
  assert.equal(NOTIFY_TYPES.length, 12);
  NOTIFY_TYPES.forEach((t, i) => assert.equal(t.type, i));
});

test('Linux ghes_probe: SEA, SDEI and GPIO accepted; SEI, local interrupt and reserved refused', () => {
  assert.equal(linuxGhesProbeAccepts(NotifyType.Sea), true);
  assert.equal(linuxGhesProbeAccepts(NotifyType.Sdei), true);
  assert.equal(linuxGhesProbeAccepts(NotifyType.Gpio), true);
  assert.equal(linuxGhesProbeAccepts(NotifyType.Gsiv), true);
  assert.equal(linuxGhesProbeAccepts(NotifyType.Polled), true);
  assert.equal(linuxGhesProbeAccepts(NotifyType.Sei), false);
  assert.equal(linuxGhesProbeAccepts(NotifyType.LocalInterrupt), false);
  assert.equal(linuxGhesProbeAccepts(NotifyType.Cmci), false);
  assert.equal(linuxGhesProbeAccepts(12), false);
  assert.equal(linuxGhesProbeAccepts(-1), false);
});

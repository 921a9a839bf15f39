// Corrected errors are counted in ERR<n>MISC0 (standard counter format: CEC from bit 32, OF just
// above it); the counter wraps on the threshold-th error and reports the overflow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REC_CE_COUNTER_OVERFLOW, REC_FAULT_IRQ, REC_OVERFLOW, RasNode } from '../../src/arch/err-node.js';
import {
  CE_COUNTER_8BIT,
  cecPresetForThreshold,
  CE_COUNTER_16BIT,
  FR_CEC_SHIFT,
  misc0Cec,
  misc0Of,
} from '../../src/arch/err-record.js';
import { decodeErrStatus, encodeErrStatus, UET_UER } from '../../src/arch/err-status.js';

test('each corrected error increments CEC in MISC0[46:32]; STATUS records CE once, no OF', () => {
  const node = RasNode.create({ records: 1 });
  for (let i = 1; i <= 5; i++) {
    const flags = node.recordCorrected(0);
    assert.equal(flags & REC_OVERFLOW, 0, `error ${i}`);
    assert.equal(node.ceCount(0), i);
  }
  assert.equal(node.readMisc0Hi(0), 5); // bits 46:32 → high half bits 14:0
  const d = decodeErrStatus(node.readStatus(0));
  assert.deepEqual([d.v, d.ceName, d.of, d.ue], [1, 'non-specific', 0, 0]);
});

test('with a threshold of 3 the third error wraps the counter and sets MISC0.OF and STATUS.OF', () => {
  const node = RasNode.create({ records: 1 });
  node.setCeThreshold(0, 3);
  assert.equal(node.recordCorrected(0) & REC_CE_COUNTER_OVERFLOW, 0);
  assert.equal(node.recordCorrected(0) & REC_CE_COUNTER_OVERFLOW, 0);
  const flags = node.recordCorrected(0);
  assert.equal(flags & REC_CE_COUNTER_OVERFLOW, REC_CE_COUNTER_OVERFLOW);
  assert.equal(flags & REC_FAULT_IRQ, REC_FAULT_IRQ); // CTLR.CFI is on by default
  assert.equal(node.ceOverflowed(0), true);
  assert.equal(node.ceCount(0), 0);
  assert.equal(node.readMisc0Hi(0), 1 << 15); // OF at MISC0[47]
  assert.equal(decodeErrStatus(node.readStatus(0)).of, 1);
  node.setCeThreshold(0, 3); // re-arming clears OF
  assert.equal(node.ceOverflowed(0), false);
});

test('the 8-bit form: CEC in MISC0[38:32], OF in MISC0[39], advertised in FR.CEC', () => {
  const node = RasNode.create({ records: 1, ceCounter: CE_COUNTER_8BIT });
  assert.equal((node.readFr(0) >>> FR_CEC_SHIFT) & 7, 0b010);
  node.setCeThreshold(0, 1);
  assert.equal(node.readMisc0Hi(0), 127);
  node.recordCorrected(0);
  assert.equal(node.readMisc0Hi(0), 1 << 7);
  assert.equal(misc0Of(node.readMisc0Hi(0), CE_COUNTER_8BIT), 1);
  assert.equal(misc0Cec(node.readMisc0Hi(0), CE_COUNTER_8BIT), 0);
});

test('a CE on a record that holds an uncorrected error keeps that error', () => {
  const node = RasNode.create({ records: 1 });
  node.recordError(0, encodeErrStatus({ ue: 1, uet: UET_UER, serr: 0x0c }));
  node.recordCorrected(0, 0x0c, 1);
  const d = decodeErrStatus(node.readStatus(0));
  assert.deepEqual([d.ue, d.uetName, d.ceName, d.of], [1, 'UER', 'transient', 0]);
});

test('two different CE kinds read as non-specific; the same kind stays', () => {
  const node = RasNode.create({ records: 2 });
  node.recordCorrected(0, 0x06, 1);
  node.recordCorrected(0, 0x06, 1);
  assert.equal(decodeErrStatus(node.readStatus(0)).ceName, 'transient');
  node.recordCorrected(0, 0x06, 3);
  assert.equal(decodeErrStatus(node.readStatus(0)).ceName, 'non-specific');
  assert.equal(node.ceCount(0), 3);
});

test('threshold presets are range checked', () => {
  assert.equal(cecPresetForThreshold(1, CE_COUNTER_16BIT), 0x7fff);
  assert.equal(cecPresetForThreshold(0x8000, CE_COUNTER_16BIT), 0);
  assert.throws(() => cecPresetForThreshold(0, CE_COUNTER_16BIT), RangeError);
  assert.throws(() => cecPresetForThreshold(129, CE_COUNTER_8BIT), RangeError);
});

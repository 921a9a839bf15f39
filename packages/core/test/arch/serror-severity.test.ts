// SError severity as Linux derives it (arm64_ras_serror_get_severity / arm64_is_fatal_ras_serror),
// formats.md a.7: IDS=1 → not RAS (severity UC), DFSC≠0x11 → UC, reserved AET → UC, else AET.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeSError, isRasSerror, serrorAction, serrorSeverity } from '../../src/arch/esr.js';
import {
  SERROR_CONTINUE,
  SERROR_FATAL,
  SERROR_NOT_RAS,
  SERROR_PANIC,
  SEV_CE,
  SEV_UC,
  SEV_UEO,
  SEV_UER,
  SEV_UEU,
} from '../../src/arch/esr-fields.js';

test('architected AETs give their own severity', () => {
  assert.equal(serrorSeverity(0xbe000011), SEV_UC);
  assert.equal(serrorSeverity(0xbe000411), SEV_UEU);
  assert.equal(serrorSeverity(0xbe000811), SEV_UEO);
  assert.equal(serrorSeverity(0xbe000c11), SEV_UER);
  assert.equal(serrorSeverity(0xbe001811), SEV_CE);
});

test('reserved AET values (4, 5, 7) are UC', () => {
  for (const aet of [4, 5, 7]) assert.equal(serrorSeverity(encodeSError({ aet, dfsc: 0x11 })), SEV_UC, `AET ${aet}`);
});

test('DFSC other than 0x11 is uncategorized: UC whatever AET says', () => {
  assert.equal(serrorSeverity(0xbe000000), SEV_UC);
  assert.equal(serrorSeverity(encodeSError({ aet: 3, dfsc: 0x00 })), SEV_UC);
  assert.equal(serrorSeverity(encodeSError({ aet: 6, dfsc: 0x10 })), SEV_UC);
});

test('IDS=1 is not a RAS SError; its severity is UC as Linux reports it', () => {
  assert.equal(isRasSerror(0xbf000000), false);
  assert.equal(serrorSeverity(0xbf000000), SEV_UC);
  assert.equal(serrorSeverity(encodeSError({ ids: 1, impDef: 0xc11 })), SEV_UC);
});

test('without FEAT_RAS nothing is a RAS SError', () => {
  assert.equal(isRasSerror(0xbe000c11, false), false);
  assert.equal(serrorAction(0xbe001811, false), SERROR_NOT_RAS);
});

test('what Linux does with each kind', () => {
  assert.equal(serrorAction(0xbe001811), SERROR_CONTINUE); // CE
  assert.equal(serrorAction(0xbe000811), SERROR_CONTINUE); // UEO
  assert.equal(serrorAction(0xbe000c11), SERROR_FATAL); // UER
  assert.equal(serrorAction(0xbe000411), SERROR_FATAL); // UEU
  assert.equal(serrorAction(0xbe000011), SERROR_PANIC); // UC
  assert.equal(serrorAction(0xbe000000), SERROR_PANIC); // uncategorized (flow.md E8)
  assert.equal(serrorAction(0xbf000000), SERROR_NOT_RAS); // IDS (flow.md E7)
});

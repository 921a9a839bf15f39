// Encoders refuse a field value outside its width (RangeError) instead of letting it spill into
// the neighbouring fields; negative and fractional values are refused too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeDataAbort, encodeInstructionAbort, encodeSError, esr } from '../../src/arch/esr.js';

test('generic esr() checks EC (6 bits), IL (1 bit), ISS (25 bits)', () => {
  assert.throws(() => esr(0x40, 1, 0), RangeError);
  assert.throws(() => esr(0x24, 2, 0), RangeError);
  assert.throws(() => esr(0x24, 1, 0x2000000), RangeError);
  assert.throws(() => esr(-1, 1, 0), RangeError);
  assert.throws(() => esr(0x24, 1, 1.5), RangeError);
  assert.equal(esr(0x3f, 1, 0x1ffffff), 0xffffffff);
});

test('data abort: each field is checked against its width', () => {
  const wide: Array<[string, number]> = [
    ['cur', 2], ['il', 2], ['isv', 2], ['sas', 4], ['sse', 2], ['srt', 32], ['sf', 2], ['ar', 2], ['vncr', 2],
    ['set', 4], ['fnv', 2], ['ea', 2], ['cm', 2], ['s1ptw', 2], ['wnr', 2], ['dfsc', 64],
  ];
  for (const [name, v] of wide) {
    assert.throws(() => encodeDataAbort({ dfsc: 0x10, [name]: v }), RangeError, name);
    assert.doesNotThrow(() => encodeDataAbort({ dfsc: 0x10, [name]: v - 1 }), name);
  }
});

test('instruction abort: each field is checked against its width', () => {
  for (const [name, v] of [['cur', 2], ['il', 2], ['set', 4], ['fnv', 2], ['ea', 2], ['s1ptw', 2], ['ifsc', 64]] as const) {
    assert.throws(() => encodeInstructionAbort({ ifsc: 0x10, [name]: v }), RangeError, name);
  }
});

test('SError: each field is checked; impDef needs IDS=1 and must agree with given fields', () => {
  for (const [name, v] of [['il', 2], ['ids', 2], ['iesb', 2], ['aet', 8], ['ea', 2], ['dfsc', 64]] as const) {
    assert.throws(() => encodeSError({ [name]: v }), RangeError, name);
  }
  assert.throws(() => encodeSError({ ids: 1, impDef: 0x1000000 }), RangeError);
  assert.throws(() => encodeSError({ ids: 0, impDef: 1 }), RangeError);
  assert.throws(() => encodeSError({ ids: 1, impDef: 0x11, dfsc: 0x10 }), RangeError);
  assert.equal(encodeSError({ ids: 1, impDef: 0x11, dfsc: 0x11 }), 0xbf000011);
});

test('the error message names the field and its width', () => {
  assert.throws(() => encodeDataAbort({ dfsc: 0x40 }), /DFSC=64 does not fit in 6 bits/);
});

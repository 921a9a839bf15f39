// Property tests: random field values → encode → decode give back the same fields, for every ESR
// encoder; and decode → encode gives back the same value for every value of the right class.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeEsr,
  type DataAbortDecoded,
  type InstructionAbortDecoded,
  type SErrorDecoded,
} from '../../src/arch/esr-decode.js';
import {
  encodeDataAbort,
  encodeInstructionAbort,
  encodeSError,
  esr,
  esrEc,
  esrIl,
  esrIss,
} from '../../src/arch/esr.js';
import { TestRng } from '../helpers/rng.js';

const SEED = 0x5eed_e5a1;
const N = 2000;

test('data abort: fields → encode → decode', () => {
  const rng = new TestRng(SEED);
  for (let i = 0; i < N; i++) {
    const f = {
      cur: rng.bits(1), il: rng.bits(1), isv: rng.bits(1), sas: rng.bits(2), sse: rng.bits(1), srt: rng.bits(5),
      sf: rng.bits(1), ar: rng.bits(1), vncr: rng.bits(1), set: rng.bits(2), fnv: rng.bits(1), ea: rng.bits(1),
      cm: rng.bits(1), s1ptw: rng.bits(1), wnr: rng.bits(1), dfsc: rng.bits(6),
    };
    const v = encodeDataAbort(f);
    const d = decodeEsr(v) as DataAbortDecoded;
    const got = {
      cur: d.cur, il: d.il, isv: d.isv, sas: d.sas, sse: d.sse, srt: d.srt, sf: d.sf, ar: d.ar, vncr: d.vncr,
      set: d.set, fnv: d.fnv, ea: d.ea, cm: d.cm, s1ptw: d.s1ptw, wnr: d.wnr, dfsc: d.dfsc,
    };
    assert.deepEqual(got, f, `seed ${SEED} iteration ${i}: ${JSON.stringify(f)} → 0x${v.toString(16)}`);
    assert.ok(v >= 0 && v <= 0xffffffff, `seed ${SEED} iteration ${i}: not unsigned`);
  }
});

test('instruction abort: fields → encode → decode', () => {
  const rng = new TestRng(SEED + 1);
  for (let i = 0; i < N; i++) {
    const f = { cur: rng.bits(1), il: rng.bits(1), set: rng.bits(2), fnv: rng.bits(1), ea: rng.bits(1), s1ptw: rng.bits(1), ifsc: rng.bits(6) };
    const v = encodeInstructionAbort(f);
    const d = decodeEsr(v) as InstructionAbortDecoded;
    const got = { cur: d.cur, il: d.il, set: d.set, fnv: d.fnv, ea: d.ea, s1ptw: d.s1ptw, ifsc: d.ifsc };
    assert.deepEqual(got, f, `seed ${SEED + 1} iteration ${i}`);
    assert.equal(d.res0Iss, 0, `seed ${SEED + 1} iteration ${i}`);
  }
});

test('SError with IDS=0: fields → encode → decode', () => {
  const rng = new TestRng(SEED + 2);
  for (let i = 0; i < N; i++) {
    const f = { il: rng.bits(1), ids: 0, iesb: rng.bits(1), aet: rng.bits(3), ea: rng.bits(1), dfsc: rng.bits(6) };
    const d = decodeEsr(encodeSError(f)) as SErrorDecoded;
    assert.deepEqual({ il: d.il, ids: d.ids, iesb: d.iesb, aet: d.aet, ea: d.ea, dfsc: d.dfsc }, f, `seed ${SEED + 2} iteration ${i}`);
  }
});

test('SError with IDS=1: impDef → encode → decode, and the decoded object re-encodes', () => {
  const rng = new TestRng(SEED + 3);
  for (let i = 0; i < N; i++) {
    const impDef = rng.bits(24);
    const v = encodeSError({ ids: 1, impDef });
    const d = decodeEsr(v) as SErrorDecoded;
    assert.equal(d.impDef, impDef, `seed ${SEED + 3} iteration ${i}`);
    const { il, ids, iesb, aet, ea, dfsc } = d;
    assert.equal(encodeSError({ il, ids, iesb, aet, ea, dfsc, impDef: d.impDef }), v, `seed ${SEED + 3} iteration ${i}`);
  }
});

test('generic esr(): EC, IL, ISS round-trip through the accessors', () => {
  const rng = new TestRng(SEED + 4);
  for (let i = 0; i < N; i++) {
    const ec = rng.bits(6);
    const il = rng.bits(1);
    const iss = rng.bits(25);
    const v = esr(ec, il, iss);
    assert.deepEqual([esrEc(v), esrIl(v), esrIss(v)], [ec, il, iss], `seed ${SEED + 4} iteration ${i}`);
  }
});

test('every 32-bit value of an abort or SError class: decode → encode is the identity', () => {
  const rng = new TestRng(SEED + 5);
  for (let i = 0; i < N; i++) {
    const ec = rng.pick([0x20, 0x21, 0x24, 0x25, 0x2f]);
    let v = esr(ec, rng.bits(1), rng.bits(25));
    const d = decodeEsr(v);
    let again: number;
    if (d.kind === 'data-abort') again = encodeDataAbort(d);
    else if (d.kind === 'instruction-abort') {
      // RES0 bits of an instruction abort have no field: clear them from the input.
      v = (v & ~0x01ffe140) >>> 0;
      const e = decodeEsr(v) as InstructionAbortDecoded;
      again = encodeInstructionAbort(e);
    } else if (d.kind === 'serror') {
      if (d.ids === 0) {
        v = (v & ~0x00ffc1c0) >>> 0; // RES0 bits 23:14 and 8:6 when IDS=0
        const e = decodeEsr(v) as SErrorDecoded;
        again = encodeSError({ il: e.il, ids: 0, iesb: e.iesb, aet: e.aet, ea: e.ea, dfsc: e.dfsc });
      } else again = encodeSError({ il: d.il, ids: 1, impDef: d.impDef });
    } else throw new Error('unreachable');
    assert.equal(again, v, `seed ${SEED + 5} iteration ${i}: 0x${v.toString(16)}`);
  }
});

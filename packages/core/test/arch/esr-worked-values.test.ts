// Golden values: every ESR written out in formats.md a.8 and flow.md §3.1-§3.3/§6 decodes to the
// fields the spec documents and re-encodes, through the field encoders, to the same number.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeEsr,
  type DataAbortDecoded,
  type InstructionAbortDecoded,
  type SErrorDecoded,
} from '../../src/arch/esr-decode.js';
import { encodeDataAbort, encodeInstructionAbort, encodeSError } from '../../src/arch/esr.js';
import * as V from '../../src/arch/esr-values.js';

interface AbortCase {
  value: number;
  ec: number;
  fields: { cur: number; set: number; fnv: number; ea: number; cm: number; s1ptw: number; wnr?: number; fsc: number };
}

const DATA: AbortCase[] = [
  { value: 0x92000410, ec: 0x24, fields: { cur: 0, set: 0, fnv: 1, ea: 0, cm: 0, s1ptw: 0, wnr: 0, fsc: 0x10 } },
  { value: 0x96000410, ec: 0x25, fields: { cur: 1, set: 0, fnv: 1, ea: 0, cm: 0, s1ptw: 0, wnr: 0, fsc: 0x10 } },
  { value: 0x92000010, ec: 0x24, fields: { cur: 0, set: 0, fnv: 0, ea: 0, cm: 0, s1ptw: 0, wnr: 0, fsc: 0x10 } },
  { value: 0x96000010, ec: 0x25, fields: { cur: 1, set: 0, fnv: 0, ea: 0, cm: 0, s1ptw: 0, wnr: 0, fsc: 0x10 } },
  { value: 0x92000210, ec: 0x24, fields: { cur: 0, set: 0, fnv: 0, ea: 1, cm: 0, s1ptw: 0, wnr: 0, fsc: 0x10 } },
];

const INSN: AbortCase[] = [
  { value: 0x82000010, ec: 0x20, fields: { cur: 0, set: 0, fnv: 0, ea: 0, cm: 0, s1ptw: 0, fsc: 0x10 } },
  { value: 0x86000010, ec: 0x21, fields: { cur: 1, set: 0, fnv: 0, ea: 0, cm: 0, s1ptw: 0, fsc: 0x10 } },
];

test('data-abort worked values decode to the documented fields and re-encode', () => {
  for (const c of DATA) {
    const d = decodeEsr(c.value) as DataAbortDecoded;
    const f = c.fields;
    const label = `0x${c.value.toString(16)}`;
    assert.equal(d.kind, 'data-abort', label);
    assert.equal(d.ec, c.ec, label);
    assert.equal(d.il, 1, label);
    assert.equal(d.isv, 0, label);
    assert.deepEqual([d.cur, d.set, d.fnv, d.ea, d.cm, d.s1ptw, d.wnr, d.dfsc], [f.cur, f.set, f.fnv, f.ea, f.cm, f.s1ptw, f.wnr, f.fsc], label);
    assert.equal(d.setName, 'UER', label);
    assert.equal(d.sea, true, label);
    const again = encodeDataAbort({ cur: f.cur, set: f.set, fnv: f.fnv, ea: f.ea, cm: f.cm, s1ptw: f.s1ptw, wnr: f.wnr ?? 0, dfsc: f.fsc });
    assert.equal(again, c.value, label);
  }
});

test('instruction-abort worked values decode and re-encode', () => {
  for (const c of INSN) {
    const d = decodeEsr(c.value) as InstructionAbortDecoded;
    const f = c.fields;
    assert.equal(d.kind, 'instruction-abort');
    assert.equal(d.ec, c.ec);
    assert.deepEqual([d.cur, d.set, d.fnv, d.ea, d.s1ptw, d.ifsc, d.res0Iss], [f.cur, f.set, f.fnv, f.ea, f.s1ptw, f.fsc, 0]);
    assert.equal(encodeInstructionAbort({ cur: f.cur, set: f.set, fnv: f.fnv, ea: f.ea, s1ptw: f.s1ptw, ifsc: f.fsc }), c.value);
  }
});

test('SError worked values: AET kinds, uncategorized, IDS', () => {
  const cases: Array<[number, { ids: number; aet: number; dfsc: number }, string | null, string]> = [
    [0xbe000011, { ids: 0, aet: 0, dfsc: 0x11 }, 'UC', 'UC'],
    [0xbe000411, { ids: 0, aet: 1, dfsc: 0x11 }, 'UEU', 'UEU'],
    [0xbe000811, { ids: 0, aet: 2, dfsc: 0x11 }, 'UEO', 'UEO'],
    [0xbe000c11, { ids: 0, aet: 3, dfsc: 0x11 }, 'UER', 'UER'],
    [0xbe001811, { ids: 0, aet: 6, dfsc: 0x11 }, 'CE', 'CE'],
    [0xbe000000, { ids: 0, aet: 0, dfsc: 0x00 }, null, 'UC'],
    [0xbf000000, { ids: 1, aet: 0, dfsc: 0x00 }, null, 'UC'],
  ];
  for (const [value, f, aet, severity] of cases) {
    const label = `0x${value.toString(16)}`;
    const d = decodeEsr(value) as SErrorDecoded;
    assert.equal(d.kind, 'serror', label);
    assert.equal(d.ec, 0x2f, label);
    assert.equal(d.il, 1, label);
    assert.deepEqual([d.ids, d.aet, d.dfsc, d.iesb, d.ea], [f.ids, f.aet, f.dfsc, 0, 0], label);
    assert.equal(d.aetName, aet, label);
    assert.equal(d.severity, severity, label);
    assert.equal(encodeSError(f), value, label);
  }
});

test('KVM default vSError without IL (the (V) form) is 0xBD000000', () => {
  assert.equal(encodeSError({ il: 0, ids: 1 }), 0xbd000000);
  assert.equal(decodeEsr(0xbd000000).il, 0);
});

test('the named constants equal the encoder outputs', () => {
  assert.equal(V.ESR_SEA_DATA_LOWER, encodeDataAbort({ dfsc: 0x10 }));
  assert.equal(V.ESR_SEA_DATA_CURRENT, encodeDataAbort({ cur: 1, dfsc: 0x10 }));
  assert.equal(V.ESR_SEA_INSN_LOWER, encodeInstructionAbort({ ifsc: 0x10 }));
  assert.equal(V.ESR_SEA_INSN_CURRENT, encodeInstructionAbort({ cur: 1, ifsc: 0x10 }));
  assert.equal(V.ESR_QEMU_SEA_EL0, encodeDataAbort({ fnv: 1, dfsc: 0x10 }));
  assert.equal(V.ESR_QEMU_SEA_EL1, encodeDataAbort({ cur: 1, fnv: 1, dfsc: 0x10 }));
  assert.equal(V.ESR_SEA_DATA_LOWER_EA, encodeDataAbort({ ea: 1, dfsc: 0x10 }));
  assert.equal(V.ESR_SERROR_UC, encodeSError({ aet: 0, dfsc: 0x11 }));
  assert.equal(V.ESR_SERROR_UEU, encodeSError({ aet: 1, dfsc: 0x11 }));
  assert.equal(V.ESR_SERROR_UEO, encodeSError({ aet: 2, dfsc: 0x11 }));
  assert.equal(V.ESR_SERROR_UER, encodeSError({ aet: 3, dfsc: 0x11 }));
  assert.equal(V.ESR_SERROR_CE, encodeSError({ aet: 6, dfsc: 0x11 }));
  assert.equal(V.ESR_SERROR_UNCATEGORIZED, encodeSError({}));
  assert.equal(V.ESR_SERROR_IDS, encodeSError({ ids: 1 }));
  assert.equal(V.ESR_SERROR_IDS_NO_IL, encodeSError({ il: 0, ids: 1 }));
  // VSESR values are ISS-only; the SError fields give the same bits.
  assert.equal(V.VSESR_KVM_DEFAULT, encodeSError({ ids: 1 }) & 0x1ffffff);
  assert.equal(V.VSESR_SEED_AO, encodeSError({ aet: 2, dfsc: 0x11 }) & 0x1ffffff);
});

test('flow.md §3.1: ESR_EL2 = 0xBE000000 | AET<<10 | 0x11 for each AET', () => {
  for (const aet of [0, 1, 2, 3, 6]) {
    assert.equal(encodeSError({ aet, dfsc: 0x11 }), (0xbe000000 | (aet << 10) | 0x11) >>> 0, `AET ${aet}`);
  }
});

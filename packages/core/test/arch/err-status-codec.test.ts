// ERR<n>STATUS encode/decode (formats.md b.2, b.3): the documented example values, a seeded
// round-trip over all fields, width checks and the name tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ceName,
  decodeErrStatus,
  encodeErrStatus,
  serrName,
  statusSeverityRank,
  uetName,
  UET_UER,
} from '../../src/arch/err-status.js';
import { TestRng } from '../helpers/rng.js';

test('b.2 example: AV|V|UE|ER|UET=UER|SERR=0x0C is 0xF030000C, with PN 0xF070000C', () => {
  const base = { av: 1, v: 1, ue: 1, er: 1, uet: UET_UER, serr: 0x0c };
  assert.equal(encodeErrStatus(base), 0xf030000c);
  assert.equal(encodeErrStatus({ ...base, pn: 1 }), 0xf070000c);
  const d = decodeErrStatus(0xf070000c);
  assert.deepEqual([d.av, d.v, d.ue, d.er, d.pn, d.uet, d.serr, d.of, d.de], [1, 1, 1, 1, 1, 3, 0x0c, 0, 0]);
  assert.equal(d.uetName, 'UER');
  assert.equal(d.serrName, 'data value from (non-associative) external memory');
});

test('each field lands on its bit', () => {
  const one: Array<[string, number]> = [['av', 31], ['v', 30], ['ue', 29], ['er', 28], ['of', 27], ['mv', 26], ['de', 23], ['pn', 22], ['ci', 19]];
  for (const [name, b] of one) assert.equal(encodeErrStatus({ [name]: 1 }), 2 ** b, name);
  assert.equal(encodeErrStatus({ ce: 3 }), 0x03000000);
  assert.equal(encodeErrStatus({ uet: 3 }), 0x00300000);
  assert.equal(encodeErrStatus({ ierr: 0xff }), 0xff00);
  assert.equal(encodeErrStatus({ serr: 0xff }), 0xff);
});

test('seeded round-trip over every field', () => {
  const seed = 0xe55;
  const rng = new TestRng(seed);
  for (let i = 0; i < 2000; i++) {
    const f = {
      av: rng.bits(1), v: rng.bits(1), ue: rng.bits(1), er: rng.bits(1), of: rng.bits(1), mv: rng.bits(1), ce: rng.bits(2),
      de: rng.bits(1), pn: rng.bits(1), uet: rng.bits(2), ci: rng.bits(1), ierr: rng.bits(8), serr: rng.bits(8),
    };
    const d = decodeErrStatus(encodeErrStatus(f));
    const { uetName: _u, ceName: _c, serrName: _s, ...fields } = d;
    assert.deepEqual(fields, f, `seed ${seed} iteration ${i}`);
  }
});

test('wide fields are refused', () => {
  assert.throws(() => encodeErrStatus({ ce: 4 }), RangeError);
  assert.throws(() => encodeErrStatus({ serr: 0x100 }), RangeError);
  assert.throws(() => encodeErrStatus({ av: 2 }), RangeError);
});

test('names: UET, CE, SERR', () => {
  assert.deepEqual([0, 1, 2, 3].map(uetName), ['UC', 'UEU', 'UEO', 'UER']);
  assert.deepEqual([0, 1, 2, 3].map(ceName), ['none', 'transient', 'non-specific', 'persistent']);
  assert.equal(serrName(0x15), 'deferred error from slave not supported at master');
  assert.equal(serrName(0x16), 'reserved');
  assert.equal(decodeErrStatus(0x40000000).uetName, null); // UE=0: UET not valid
});

test('severity rank orders UC > UEU > UER > UEO > DE > CE > nothing', () => {
  const ranks = [
    encodeErrStatus({ ue: 1, uet: 0 }),
    encodeErrStatus({ ue: 1, uet: 1 }),
    encodeErrStatus({ ue: 1, uet: 3 }),
    encodeErrStatus({ ue: 1, uet: 2 }),
    encodeErrStatus({ de: 1 }),
    encodeErrStatus({ ce: 2 }),
    0,
  ].map(statusSeverityRank);
  assert.deepEqual(ranks, [6, 5, 4, 3, 2, 1, 0]);
});

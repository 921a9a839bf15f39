// Every strict prefix of the golden block and of the oracle records is an error (their length
// fields say more bytes are needed), reported as a DecodeError and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCperRecord } from '../../src/apei/cper-record.js';
import { decodeGhesBlock } from '../../src/apei/ghes-block.js';
import { decodeCperInput } from '../../src/cli/cper-input.js';
import { goldenBytes, loadOracle, ORACLE_NAMES, viewOf } from './cper-fixtures.js';
import { expectOnlyDecodeError } from './fuzz-harness.js';
import { encodeGhesBlockToBytes } from '../../src/apei/ghes-block.js';
import { randomGhesBlock } from './random-cper.js';
import { TestRng } from '../helpers/rng.js';

test('every prefix of the golden block fails with a DecodeError; the whole block decodes', () => {
  const g = goldenBytes();
  for (let n = 0; n < g.length; n++) {
    const r = expectOnlyDecodeError(() => decodeGhesBlock(viewOf(g.subarray(0, n))), `golden prefix ${n}`);
    assert.notEqual(r, 'ok', `prefix of ${n} bytes decoded`);
  }
  assert.equal(expectOnlyDecodeError(() => decodeGhesBlock(viewOf(g)), 'golden'), 'ok');
});

for (const name of ORACLE_NAMES) {
  test(`every prefix of ${name}.cperhex fails with a DecodeError, as a record and through the CLI detector`, () => {
    const { bytes } = loadOracle(name);
    for (let n = 0; n < bytes.length; n++) {
      const p = bytes.subarray(0, n);
      assert.notEqual(expectOnlyDecodeError(() => decodeCperRecord(viewOf(p)), `${name} prefix ${n}`), 'ok');
      assert.notEqual(expectOnlyDecodeError(() => decodeCperInput(p), `${name} input prefix ${n}`), 'ok');
    }
  });
}

test('every prefix of multi-section random blocks fails with a DecodeError', () => {
  const rng = new TestRng(7);
  for (let k = 0; k < 20; k++) {
    const b = encodeGhesBlockToBytes({ ...randomGhesBlock(rng), blockStatus: 1 });
    for (let n = 0; n < b.length; n++) {
      assert.notEqual(expectOnlyDecodeError(() => decodeGhesBlock(viewOf(b.subarray(0, n))), `block ${k} prefix ${n}`), 'ok');
    }
  }
});

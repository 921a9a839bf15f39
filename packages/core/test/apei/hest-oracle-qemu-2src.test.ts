// The external oracle (shared/oracles/hest): the 2-source SEA + GPIO table QEMU virt publishes,
// with the blob at 0x7FFF0000. Our bytes must have its length and checksum, and iasl must print
// exactly the field lines of hest-2src.expected.dsl for them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeHest } from '../../src/apei/hest.js';
import { readU64Number } from '../../src/util/u64.js';
import { hestOracleDir } from '../helpers/paths.js';
import { disassembleAll, fieldLines, iaslOrSkip } from '../helpers/iasl.js';
import { ORACLE_BASE, oracleTable, viewOf } from '../helpers/hest-fixtures.js';

test('the SEA + GPIO table is 0xE0 bytes with checksum 0xE8', () => {
  const t = oracleTable();
  assert.equal(t.length, 0xe0);
  assert.equal(viewOf(t).getUint32(4, true), 0xe0);
  assert.equal(t[9], 0xe8);
  assert.equal(t.reduce((a, b) => a + b, 0) % 256, 0);
});

test('entry i points at slot base + 8i and ack register base + 8(2 + i)', () => {
  const v = viewOf(oracleTable());
  // formats.md c.3: slot address at entry + 24, ack address at entry + 68 (0x40 and 0x6C for entry 0).
  for (const i of [0, 1]) {
    const entry = 40 + 92 * i;
    assert.equal(readU64Number(v, entry + 24), ORACLE_BASE + 8 * i);
    assert.equal(readU64Number(v, entry + 68), ORACLE_BASE + 8 * (2 + i));
  }
  assert.equal(readU64Number(v, 0x40), ORACLE_BASE);
  assert.equal(readU64Number(v, 0x6c), ORACLE_BASE + 0x10);
});

test('the oracle table decodes to SEA source 0 and GPIO source 1', () => {
  const h = decodeHest(oracleTable());
  assert.equal(h.header.oemId, 'BOCHS ');
  assert.equal(h.header.oemTableId, 'BXPC    ');
  assert.equal(h.header.creatorId, 'BXPC');
  assert.deepEqual(h.entries.map((e) => [e.sourceId, e.notification.type]), [[0, 8], [1, 7]]);
});

test('iasl -d prints exactly the oracle field lines for our bytes', (t) => {
  const iasl = iaslOrSkip(t);
  if (iasl === null) return;
  const got = disassembleAll(iasl, new Map([['hest-2src', oracleTable()]])).get('hest-2src')!;
  const expected = fieldLines(readFileSync(join(hestOracleDir, 'hest-2src.expected.dsl'), 'utf8'));
  const actual = fieldLines(got.dsl);
  assert.equal(expected.length, 76, 'the expected file holds 76 field lines');
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    assert.equal(actual[i], expected[i], `field line ${i + 1} differs`);
  }
  assert.doesNotMatch(got.stderr, /Firmware Warning/);
});

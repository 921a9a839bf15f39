// GHES v1 entries (type 9, 64 bytes, no read ack) are decoded, alone and mixed with GHESv2.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GHES_TYPE, GHESV2_TYPE, decodeHest } from '../../src/apei/hest.js';
import { TestRng } from '../helpers/rng.js';
import { randomGhesV2, tableWithV1Entries } from '../helpers/hest-fixtures.js';

test('mixed v1 and v2 entries decode with the right types and fields', () => {
  const rng = new TestRng(91);
  for (let i = 0; i < 50; i++) {
    const entries = Array.from({ length: 1 + rng.below(5) }, () => randomGhesV2(rng));
    const v1 = entries.map(() => rng.bool());
    const bytes = tableWithV1Entries(entries, v1);
    assert.equal(bytes.length, 40 + entries.reduce((a, _, k) => a + (v1[k] ? 64 : 92), 0));
    const t = decodeHest(bytes);
    t.entries.forEach((e, k) => {
      const src = entries[k]!;
      if (v1[k]) {
        assert.equal(e.type, GHES_TYPE);
        assert.ok(!('readAckRegister' in e));
        const { readAckRegister: _r, readAckPreserve: _p, readAckWrite: _w, type: _t, ...common } = src;
        assert.deepEqual({ ...e, type: undefined }, { ...common, type: undefined });
      } else {
        assert.equal(e.type, GHESV2_TYPE);
        assert.deepEqual(e, src);
      }
    });
  }
});

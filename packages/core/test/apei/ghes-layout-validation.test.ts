// Plans that cannot be published are refused with a RangeError.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planGhesSources, type GhesSourceKind } from '../../src/apei/ghes-layout.js';

const ok = { kinds: ['sea'] as GhesSourceKind[], pes: 1, base: 0 };

test('kinds: empty, unknown or repeated', () => {
  assert.throws(() => planGhesSources({ ...ok, kinds: [] }), RangeError);
  assert.throws(() => planGhesSources({ ...ok, kinds: ['sea', 'nmi' as GhesSourceKind] }), /unknown/);
  assert.throws(() => planGhesSources({ ...ok, kinds: ['sea', 'sea'] }), /twice/);
});

test('PE count, base alignment, block length', () => {
  for (const pes of [0, -1, 1.5, Number.NaN]) assert.throws(() => planGhesSources({ ...ok, pes }), RangeError);
  for (const base of [4, -8, 0.5]) assert.throws(() => planGhesSources({ ...ok, base }), RangeError);
  for (const blockLength of [0, 16, 1020, 1.5]) assert.throws(() => planGhesSources({ ...ok, blockLength }), RangeError);
  assert.equal(planGhesSources({ ...ok, blockLength: 24 }).blockLength, 24);
});

test('at most 65535 sources, and the blob must end below 2^53', () => {
  assert.equal(planGhesSources({ kinds: ['sea'], pes: 65535, base: 0, blockLength: 24 }).sources.length, 65535);
  assert.throws(() => planGhesSources({ kinds: ['sea', 'gpio'], pes: 65535, base: 0, blockLength: 24 }), /65535/);
  assert.throws(() => planGhesSources({ ...ok, base: Number.MAX_SAFE_INTEGER - 7 }), RangeError);
});

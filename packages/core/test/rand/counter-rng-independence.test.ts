import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draw01, draw32, drawGeometric, streamKey } from '../../src/rand/counter-rng.js';
import { AccessBatch } from '../../src/vcpu/access-batch.js';
import { fillRandom, mixThresholds } from '../../src/workload/fill-random.js';

test('a draw depends only on its stream key and counter', () => {
  const k = streamKey(42, 1, 2, 3, 1);
  assert.equal(draw32(k, 1000), draw32(k, 1000));
  assert.notEqual(draw32(k, 1000), draw32(k, 1001));
  assert.notEqual(streamKey(42, 1, 2, 3, 1), streamKey(42, 1, 2, 4, 1));
  assert.notEqual(streamKey(42, 1, 2, 3, 1), streamKey(43, 1, 2, 3, 1));
  assert.notEqual(draw32(k, 2 ** 40), draw32(k, 0), 'counters above 2^32 differ from their low half');
});

test('uniform draws have the mean and spread of a uniform distribution', () => {
  const k = streamKey(7, 0, 0, 0, 1);
  const n = 200_000;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const u = draw01(k, i);
    assert.ok(u >= 0 && u < 1);
    sum += u;
    sq += u * u;
  }
  const mean = sum / n;
  const variance = sq / n - mean * mean;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1 / 12) < 0.002, `variance ${variance}`);
});

test('geometric gaps have mean (1-p)/p', () => {
  const k = streamKey(9, 0, 0, 0, 3);
  const p = 0.01;
  let sum = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) sum += drawGeometric(k, i, p);
  const mean = sum / n;
  assert.ok(Math.abs(mean - 99) < 3, `mean gap ${mean}`);
});

test('random addresses are the same for batch sizes 256 and 4096', () => {
  const k = streamKey(1, 0, 0, 0, 1);
  const th = mixThresholds({ storeFraction: 0.3, fetchFraction: 0.1, kernelFraction: 0.2 });
  const big = new AccessBatch(4096);
  fillRandom(big, 4096, k, 0, 1 << 20, 1 << 16, th);
  const small = new AccessBatch(256);
  for (let first = 0; first < 4096; first += 256) {
    fillRandom(small, 256, k, first, 1 << 20, 1 << 16, th);
    assert.deepEqual(small.addr, big.addr.subarray(first, first + 256));
    assert.deepEqual(small.flags, big.flags.subarray(first, first + 256));
  }
});

test('the access mix follows its fractions', () => {
  const k = streamKey(3, 0, 0, 0, 1);
  const th = mixThresholds({ storeFraction: 0.25, fetchFraction: 0.25, kernelFraction: 0.5 });
  const b = new AccessBatch(40_000);
  fillRandom(b, 40_000, k, 0, 1 << 20, 1 << 20, th);
  let stores = 0, fetches = 0, kernel = 0;
  for (let i = 0; i < b.length; i++) {
    const f = b.flags[i]!;
    if ((f & 3) === 1) stores++;
    if ((f & 3) === 2) fetches++;
    if (f & 4) kernel++;
  }
  for (const [name, v] of [['stores', stores], ['fetches', fetches], ['kernel', kernel * 0.5]] as const) {
    assert.ok(Math.abs(v / 40_000 - 0.25) < 0.01, `${name}: ${v}`);
  }
});

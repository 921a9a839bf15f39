import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAG_EL1, OP_FETCH, OP_MASK, OP_STORE } from '@rasflow/core';
import { createScenarioWorkload } from '../../src/workload/scenario-workload.js';
import { env, fillAccesses, workloadCtx } from '../helpers/fake-contexts.js';

const N = 200_000;

test('random accesses are words inside the process space (EL0) or the kernel space (EL1)', () => {
  const ctx = workloadCtx({ processPages: 256, kernelPages: 64 });
  const hooks = createScenarioWorkload({ kind: 'random', storeFraction: 0.3, fetchFraction: 0.1, kernelFraction: 0.1 }, env());
  const a = fillAccesses(hooks, ctx, 1024, N);
  assert.equal(a.addr.length, N);
  let maxUser = 0;
  let maxKernel = 0;
  for (let i = 0; i < N; i++) {
    assert.equal(a.addr[i]! % 4, 0, 'word aligned');
    if ((a.flags[i]! & FLAG_EL1) !== 0) maxKernel = Math.max(maxKernel, a.addr[i]!);
    else maxUser = Math.max(maxUser, a.addr[i]!);
  }
  assert.ok(maxUser < ctx.processBytes && maxUser > ctx.processBytes * 0.99, `EL0 spans the process space (max 0x${maxUser.toString(16)})`);
  assert.ok(maxKernel < ctx.kernelBytes && maxKernel > ctx.kernelBytes * 0.99, `EL1 spans the kernel space (max 0x${maxKernel.toString(16)})`);
});

test('store, fetch and kernel fractions follow the scenario within 1%', () => {
  const ctx = workloadCtx();
  const hooks = createScenarioWorkload({ kind: 'random', storeFraction: 0.25, fetchFraction: 0.15, kernelFraction: 0.2 }, env());
  const a = fillAccesses(hooks, ctx, 4096, N);
  const frac = (pred: (f: number) => boolean): number => a.flags.filter(pred).length / N;
  assert.ok(Math.abs(frac((f) => (f & OP_MASK) === OP_STORE) - 0.25) < 0.01);
  assert.ok(Math.abs(frac((f) => (f & OP_MASK) === OP_FETCH) - 0.15) < 0.01);
  assert.ok(Math.abs(frac((f) => (f & FLAG_EL1) !== 0) - 0.2) < 0.01);
});

test('addresses are uniform: each eighth of the process space gets an eighth of the EL0 accesses', () => {
  const ctx = workloadCtx({ processPages: 64 });
  const hooks = createScenarioWorkload({ kind: 'random', storeFraction: 0, fetchFraction: 0, kernelFraction: 0 }, env());
  const a = fillAccesses(hooks, ctx, 512, N);
  const bins = new Array<number>(8).fill(0);
  for (const x of a.addr) bins[Math.floor((x / ctx.processBytes) * 8)]!++;
  for (const b of bins) assert.ok(Math.abs(b / N - 1 / 8) < 0.005, `bin share ${b / N}`);
  assert.ok(a.flags.every((f) => f === 0), 'with all fractions 0 every access is an EL0 load');
});

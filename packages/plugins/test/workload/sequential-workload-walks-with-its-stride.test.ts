import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAG_EL1 } from '@rasflow/core';
import { createScenarioWorkload } from '../../src/workload/scenario-workload.js';
import { walkOffset } from '../../src/workload/sequential.js';
import { env, fillAccesses, workloadCtx } from '../helpers/fake-contexts.js';

const seq = (strideBytes: number, kernelFraction = 0) =>
  createScenarioWorkload({ kind: 'sequential', strideBytes, storeFraction: 0.3, fetchFraction: 0.1, kernelFraction }, env());

test('consecutive EL0 accesses are strideBytes apart, wrapping at the end of the process space', () => {
  const ctx = workloadCtx({ processPages: 4 }); // 16 KiB: 256 accesses of 64 bytes per pass
  const a = fillAccesses(seq(64), ctx, 100, 1000);
  let wraps = 0;
  for (let i = 1; i < a.addr.length; i++) {
    const step = (a.addr[i]! - a.addr[i - 1]! + ctx.processBytes) % ctx.processBytes;
    assert.equal(step, 64, `access ${i}`);
    if (a.addr[i]! < a.addr[i - 1]!) wraps++;
  }
  assert.ok(wraps >= 3, `the walk wraps (${wraps} times)`);
  assert.equal(new Set(a.addr).size, 256, 'a pass touches every 64-byte step of the space once');
});

test('kernel accesses walk the kernel space with the same stride; both walks advance every access', () => {
  const ctx = workloadCtx({ processPages: 8, kernelPages: 4 });
  const a = fillAccesses(seq(256, 0.3), ctx, 512, 5000);
  let lastK = -1;
  let lastKi = -1;
  let lastU = -1;
  let lastUi = -1;
  for (let i = 0; i < a.addr.length; i++) {
    const el1 = (a.flags[i]! & FLAG_EL1) !== 0;
    const span = el1 ? ctx.kernelBytes : ctx.processBytes;
    assert.ok(a.addr[i]! < span, 'inside its space');
    const [last, lastI] = el1 ? [lastK, lastKi] : [lastU, lastUi];
    if (last >= 0) assert.equal(a.addr[i], (last + (i - lastI) * 256) % span, `access ${i} (${el1 ? 'EL1' : 'EL0'})`);
    if (el1) [lastK, lastKi] = [a.addr[i]!, i];
    else [lastU, lastUi] = [a.addr[i]!, i];
  }
  assert.ok(lastKi > 0 && lastUi > 0);
});

test('a stride that is not a multiple of 4 gives word addresses rounded down', () => {
  const ctx = workloadCtx({ processPages: 16 });
  const a = fillAccesses(seq(6), ctx, 64, 400);
  assert.ok(a.addr.every((x) => x % 4 === 0));
  const d = a.addr[1]! - a.addr[0]!;
  assert.ok(d === 4 || d === 8, `6-byte steps round to 4 or 8 (${d})`);
  assert.ok(a.addr[100]! - a.addr[0]! >= 596 && a.addr[100]! - a.addr[0]! <= 604);
});

test('walkOffset is (start + n × stride) mod span, exact for counters far beyond 2^32', () => {
  assert.equal(walkOffset(8, 3, 64, 4096), 200);
  assert.equal(walkOffset(0, 64, 64, 4096), 0);
  const n = 2 ** 40 + 5;
  const span = 1 << 20;
  assert.equal(walkOffset(100, n, 65536, span), Number((100n + BigInt(n) * 65536n) % BigInt(span)));
});

test('vCPUs start their walks at different places', () => {
  const hooks = createScenarioWorkload({ kind: 'sequential', strideBytes: 64, storeFraction: 0, fetchFraction: 0, kernelFraction: 0 }, env({ vcpusPerVm: 4 }));
  const starts = [0, 1, 2, 3].map((vcpu) => fillAccesses(hooks, workloadCtx({ vcpu, vcpus: 4 }), 16, 1).addr[0]);
  assert.equal(new Set(starts).size, 4);
});

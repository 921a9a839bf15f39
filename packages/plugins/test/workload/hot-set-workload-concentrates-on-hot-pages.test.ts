import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAG_EL1, STREAM_WORKLOAD, streamKey } from '@rasflow/core';
import { createScenarioWorkload } from '../../src/workload/scenario-workload.js';
import { hotSetFirstPage } from '../../src/workload/hot-set.js';
import { SCHEDULE_CHUNK } from '../../src/workload/schedule.js';
import { env, fillAccesses, workloadCtx } from '../helpers/fake-contexts.js';

const PAGES = 256;
const HOT = 8;

function run(hotProbability: number, processes = 1, kernelFraction = 0.1) {
  const e = env();
  const hooks = createScenarioWorkload({ kind: 'hot-set', hotPages: HOT, hotProbability, storeFraction: 0.3, fetchFraction: 0.1, kernelFraction }, e);
  const ctx = workloadCtx({ processPages: PAGES, processes });
  return { a: fillAccesses(hooks, ctx, 2048, 40 * SCHEDULE_CHUNK), ctx, vmKey: streamKey(e.seed, e.host, 0, -1, STREAM_WORKLOAD) };
}

const isHot = (page: number, first: number): boolean => (page - first + PAGES) % PAGES < HOT;

test('EL0 accesses hit the hot set with probability hotProbability + (1 − hotProbability) × hot share', () => {
  const { a, ctx, vmKey } = run(0.9);
  const first = hotSetFirstPage(vmKey, 0, PAGES);
  let el0 = 0;
  let hot = 0;
  for (let i = 0; i < a.addr.length; i++) {
    if ((a.flags[i]! & FLAG_EL1) !== 0) {
      assert.ok(a.addr[i]! < ctx.kernelBytes);
      continue;
    }
    assert.ok(a.addr[i]! < ctx.processBytes && a.addr[i]! % 4 === 0);
    el0++;
    if (isHot(a.addr[i]! >>> 12, first)) hot++;
  }
  const expected = 0.9 + 0.1 * (HOT / PAGES);
  assert.ok(Math.abs(hot / el0 - expected) < 0.01, `hot share ${hot / el0}, expected ${expected}`);
});

test('the cold accesses spread over the whole space, the hot ones over every hot page', () => {
  const { a, vmKey } = run(0.5);
  const first = hotSetFirstPage(vmKey, 0, PAGES);
  const pages = new Map<number, number>();
  a.addr.forEach((x, i) => {
    if ((a.flags[i]! & FLAG_EL1) === 0) pages.set(x >>> 12, (pages.get(x >>> 12) ?? 0) + 1);
  });
  assert.equal(pages.size, PAGES, 'every page is touched');
  const hotCounts = [...pages].filter(([p]) => isHot(p, first)).map(([, n]) => n);
  const coldCounts = [...pages].filter(([p]) => !isHot(p, first)).map(([, n]) => n);
  assert.equal(hotCounts.length, HOT);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(mean(hotCounts) > 20 * mean(coldCounts), 'a hot page is far busier than a cold one');
  assert.ok(Math.min(...hotCounts) > 0.8 * mean(hotCounts), 'hot pages are used evenly');
});

test('every process has its own hot set, the same on every vCPU of the VM', () => {
  const keyA = streamKey(1, 0, 0, -1, STREAM_WORKLOAD);
  const firsts = [0, 1, 2, 3, 4, 5].map((pid) => hotSetFirstPage(keyA, pid, PAGES));
  assert.ok(new Set(firsts).size >= 5, `hot sets start at ${firsts.join(', ')}`);
  const { a, vmKey } = run(1, 3, 0);
  for (let c = 0; c < 3; c++) {
    const pid = a.pid[c * SCHEDULE_CHUNK]!;
    const first = hotSetFirstPage(vmKey, pid, PAGES);
    for (let i = c * SCHEDULE_CHUNK; i < (c + 1) * SCHEDULE_CHUNK; i++) assert.ok(isHot(a.addr[i]! >>> 12, first), `slice ${c} (process ${pid}) stays in its hot set`);
  }
  // Another vCPU of the same VM running process 0 uses the same hot pages.
  const hooks = createScenarioWorkload({ kind: 'hot-set', hotPages: HOT, hotProbability: 1, storeFraction: 0, fetchFraction: 0, kernelFraction: 0 }, env({ vcpusPerVm: 2 }));
  const other = fillAccesses(hooks, workloadCtx({ vcpu: 1, vcpus: 2, processes: 1, processPages: PAGES }), 1024, 4096);
  const first0 = hotSetFirstPage(vmKey, 0, PAGES);
  assert.ok(other.addr.every((x) => isHot(x >>> 12, first0)));
  assert.equal(new Set(other.addr.map((x) => x >>> 12)).size, HOT);
});

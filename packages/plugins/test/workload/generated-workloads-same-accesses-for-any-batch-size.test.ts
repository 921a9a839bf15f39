import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScenarioWorkload } from '../../src/workload/scenario-workload.js';
import { env, fillAccesses, workloadCtx } from '../helpers/fake-contexts.js';

const KINDS = [
  { kind: 'random', storeFraction: 0.2, fetchFraction: 0.1, kernelFraction: 0.3 },
  { kind: 'sequential', strideBytes: 100, storeFraction: 0.2, fetchFraction: 0.1, kernelFraction: 0.3 },
  { kind: 'hot-set', hotPages: 3, hotProbability: 0.7, storeFraction: 0.2, fetchFraction: 0.1, kernelFraction: 0.3 },
];

for (const spec of KINDS) {
  test(`${spec.kind}: access n is the same for batch sizes 16, 256, 1000 and 4096`, () => {
    const hooks = createScenarioWorkload(spec, env({ vmsPerHost: 2, vcpusPerVm: 2 }));
    const ctx = workloadCtx({ vm: 1, vcpu: 1, vcpus: 2, processes: 3 });
    const ref = fillAccesses(hooks, ctx, 4096, 20_000);
    for (const size of [16, 256, 1000]) {
      const other = fillAccesses(hooks, ctx, size, 20_000);
      assert.deepEqual(other.addr, ref.addr, `addresses, batch ${size}`);
      assert.deepEqual(other.flags, ref.flags, `kinds, batch ${size}`);
      assert.deepEqual(other.pid, ref.pid, `processes, batch ${size}`);
    }
  });

  test(`${spec.kind}: filling from the middle gives the same accesses (a pure function of n)`, () => {
    const hooks = createScenarioWorkload(spec, env());
    const ctx = workloadCtx();
    const whole = fillAccesses(hooks, ctx, 512, 10_000);
    const tail = fillAccesses(hooks, ctx, 333, 10_000 - 4321, 4321);
    assert.deepEqual(tail.addr, whole.addr.slice(4321));
    assert.deepEqual(tail.flags, whole.flags.slice(4321));
  });

  test(`${spec.kind}: two vCPUs make different accesses`, () => {
    const hooks = createScenarioWorkload(spec, env({ vcpusPerVm: 2 }));
    const a = fillAccesses(hooks, workloadCtx({ vcpu: 0, vcpus: 2 }), 256, 2000);
    const b = fillAccesses(hooks, workloadCtx({ vcpu: 1, vcpus: 2 }), 256, 2000);
    assert.notDeepEqual(a.addr, b.addr);
  });
}

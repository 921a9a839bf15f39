import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScenarioWorkload } from '../../src/workload/scenario-workload.js';
import { SCHEDULE_CHUNK } from '../../src/workload/schedule.js';
import { env, fillAccesses, workloadCtx } from '../helpers/fake-contexts.js';

const KINDS = [
  { kind: 'random' },
  { kind: 'sequential', strideBytes: 64 },
  { kind: 'hot-set', hotPages: 4, hotProbability: 0.9 },
];

for (const spec of KINDS) {
  test(`${spec.kind}: slice c of vCPU v runs process (v + c × vcpus) mod processes`, () => {
    const hooks = createScenarioWorkload(spec, env({ vcpusPerVm: 3 }));
    for (let vcpu = 0; vcpu < 3; vcpu++) {
      const ctx = workloadCtx({ vcpu, vcpus: 3, processes: 5 });
      const a = fillAccesses(hooks, ctx, 1000, 8 * SCHEDULE_CHUNK);
      for (let c = 0; c < 8; c++) {
        assert.equal(a.pid[c * SCHEDULE_CHUNK], (vcpu + c * 3) % 5, `vCPU ${vcpu} slice ${c}`);
        assert.equal(a.pid[(c + 1) * SCHEDULE_CHUNK - 1], (vcpu + c * 3) % 5);
      }
    }
  });

  test(`${spec.kind}: a batch never straddles a slice boundary`, () => {
    const hooks = createScenarioWorkload(spec, env());
    const ctx = workloadCtx({ processes: 3 });
    const a = fillAccesses(hooks, ctx, 1000, 3 * SCHEDULE_CHUNK);
    // 4096 = 4 × 1000 + 96: the fifth batch stops at the boundary.
    assert.deepEqual(a.batches.slice(0, 6), [1000, 1000, 1000, 1000, 96, 1000]);
    const b = fillAccesses(hooks, ctx, 8192, 2 * SCHEDULE_CHUNK, SCHEDULE_CHUNK - 10);
    assert.deepEqual(b.batches, [10, SCHEDULE_CHUNK, SCHEDULE_CHUNK - 10]);
  });

  test(`${spec.kind}: a process that is not alive is skipped for the next alive one`, () => {
    const hooks = createScenarioWorkload(spec, env());
    const ctx = workloadCtx({ processes: 4 });
    ctx.dead.add(1);
    ctx.dead.add(2);
    const a = fillAccesses(hooks, ctx, 4096, 4 * SCHEDULE_CHUNK);
    assert.deepEqual([0, 1, 2, 3].map((c) => a.pid[c * SCHEDULE_CHUNK]), [0, 3, 3, 3]);
    for (const p of [0, 1, 2, 3]) ctx.dead.add(p);
    const none = fillAccesses(hooks, ctx, 4096, SCHEDULE_CHUNK, SCHEDULE_CHUNK);
    assert.equal(none.pid[0], 1, 'with none alive, the slice keeps its own process (the engine skips it)');
  });
}

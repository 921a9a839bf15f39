// memory_failure() on an address no struct page backs: Linux logs "memory outside kernel
// control" and returns -ENXIO, changing nothing. The engine answers 'ignored' with a note and
// marks nothing; the real error of the journey is handled as usual afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count } from '../helpers/engine-run.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

test('memoryFailure(1 TiB) returns ignored, notes -ENXIO and counts no memory failure', { timeout: 30_000 }, async () => {
  const out = await runBoundary({ ...POISON_THEN_LOAD, layers: { hypervisor: { module: 'boundary-hypervisor', options: { op: 'memory-failure-at', value: 2 ** 40 } } } });
  const j = out.journeys[0]!;
  const hv = j.steps.filter((s) => s.layer === 'hypervisor' && s.action === 'note').map((s) => s.text);
  assert.deepEqual(hv.slice(0, 2), ['memory_failure(0x10000000000): memory outside kernel control (-ENXIO), nothing done', 'memoryFailure=ignored']);
  assert.equal(count(out, 'hostMemoryFailure'), 1, 'only the poisoned page went through memory_failure()');
  assert.equal(j.outcome, 'guest-app-killed');
});

// SDEI sources carry their SDEI event number in the notification Vector: never 0 (Linux refuses
// it) and distinct per source (each GHES registers its own event).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SDEI_EVENT_BASE, hestEntriesForPlan, planGhesSources } from '../../src/apei/ghes-layout.js';

test('per-PE SDEI sources get consecutive non-zero events from SDEI_EVENT_BASE', () => {
  const p = planGhesSources({ kinds: ['sea', 'sdei'], pes: 4, base: 0 });
  const sdei = p.sources.filter((s) => s.kind === 'sdei');
  assert.deepEqual(sdei.map((s) => s.vector), [0, 1, 2, 3].map((i) => SDEI_EVENT_BASE + i));
  assert.ok(SDEI_EVENT_BASE > 0);
  const entries = hestEntriesForPlan(p);
  for (const s of sdei) {
    assert.equal(entries[s.sourceId]!.notification.type, 11);
    assert.equal(entries[s.sourceId]!.notification.vector, s.vector);
  }
});

test('other kinds leave Vector at 0', () => {
  const p = planGhesSources({ kinds: ['sea', 'sei', 'gpio'], pes: 2, base: 0 });
  assert.ok(p.sources.every((s) => s.vector === 0));
});

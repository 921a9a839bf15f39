// Per-PE (default) versus shared sources, and the lookup firmware uses to pick one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ghesSourceFor, planGhesSources } from '../../src/apei/ghes-layout.js';

test('per-PE: one SEA and one SEI source per PE, numbered kind by kind', () => {
  const p = planGhesSources({ kinds: ['sea', 'sei'], pes: 4, base: 0 });
  assert.equal(p.shared, false);
  assert.deepEqual(
    p.sources.map((s) => `${s.sourceId}:${s.kind}:${s.pe}`),
    ['0:sea:0', '1:sea:1', '2:sea:2', '3:sea:3', '4:sei:0', '5:sei:1', '6:sei:2', '7:sei:3'],
  );
  for (let pe = 0; pe < 4; pe++) {
    assert.equal(ghesSourceFor(p, 'sea', pe)?.sourceId, pe);
    assert.equal(ghesSourceFor(p, 'sei', pe)?.sourceId, 4 + pe);
  }
});

test('GPIO is one platform source even when the others are per-PE', () => {
  const p = planGhesSources({ kinds: ['sea', 'gpio'], pes: 4, base: 0 });
  assert.equal(p.sources.length, 5);
  const gpio = p.sources.filter((s) => s.kind === 'gpio');
  assert.equal(gpio.length, 1);
  assert.equal(gpio[0]!.pe, null);
  for (let pe = 0; pe < 4; pe++) assert.equal(ghesSourceFor(p, 'gpio', pe), gpio[0]);
});

test('shared: one source per kind, used by every PE', () => {
  const p = planGhesSources({ kinds: ['sea', 'sei', 'sdei'], pes: 4, shared: true, base: 0 });
  assert.deepEqual(p.sources.map((s) => [s.kind, s.pe]), [['sea', null], ['sei', null], ['sdei', null]]);
  for (let pe = 0; pe < 4; pe++) assert.equal(ghesSourceFor(p, 'sei', pe)?.sourceId, 1);
});

test('lookup misses: kind not published, PE out of range', () => {
  const p = planGhesSources({ kinds: ['sea'], pes: 2, base: 0 });
  assert.equal(ghesSourceFor(p, 'sei', 0), undefined);
  assert.equal(ghesSourceFor(p, 'sea', 2), undefined);
  assert.equal(ghesSourceFor(p, 'sea', -1), undefined);
});

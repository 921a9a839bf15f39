/**
 * Per-layer latency from hand-made journeys: the gap before each step belongs to that step's
 * layer (handlers charge their latency before they act), gaps before hardware steps are
 * `waiting`, steps are taken in time order, and percentiles are nearest-rank.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layerLatencies, layerTimes, percentile } from '../../src/report/html-report.js';
import { journey, s1 } from './report-fixtures.js';

test('one S1 journey splits into waiting, firmware, KVM, VMM and guest time', () => {
  const t = layerTimes(s1(0, 1000, 500, 8000, 42000, 25000, 30000));
  assert.deepEqual(Object.fromEntries(t), { waiting: 500, firmware: 8000, hypervisor: 42000, vmm: 25000, guest: 30000 });
});

test('steps recorded out of time order (two vCPUs) are sorted: every part >= 0, parts sum to the span', () => {
  const j = journey(0, 'guest-app-killed', [
    ['injector', 'inject-poison', 0], ['hardware', 'consume', 0], ['firmware', 'record-cper', 8], ['hypervisor', 'memory-failure', 50],
    ['hardware', 'stage2-fault', 20], ['hypervisor', 'sigbus', 22], ['vmm', 'record-cper', 47], ['guest', 'kill', 77],
  ]);
  const t = layerTimes(j);
  assert.deepEqual(Object.fromEntries(t), { waiting: 12, firmware: 8, hypervisor: 2 + 3, vmm: 25, guest: 27 });
  assert.equal([...t.values()].reduce((a, b) => a + b, 0), 77);
});

test('nearest-rank percentiles per layer over ten journeys; CE and latent journeys left out', () => {
  const js = Array.from({ length: 10 }, (_, i) => s1(i, i * 1e6, 0, (i + 1) * 100, 2000, 25000, i === 9 ? 90000 : 30000));
  js.push(journey(10, 'corrected', [['injector', 'inject-ce', 5], ['hardware', 'ce-count', 5]], 'ce'));
  js.push(journey(11, 'latent', [['injector', 'inject-poison', 7]]));
  const byLayer = Object.fromEntries(layerLatencies(js).map((l) => [l.layer, l]));
  assert.deepEqual(Object.keys(byLayer), ['waiting', 'firmware', 'hypervisor', 'vmm', 'guest', 'handling']);
  assert.equal(byLayer.firmware!.journeys, 10);
  assert.deepEqual(byLayer.firmware!.stats, { min: 100, p50: 500, p90: 900, p99: 1000, max: 1000 });
  assert.deepEqual(byLayer.guest!.stats, { min: 30000, p50: 30000, p90: 30000, p99: 90000, max: 90000 });
  assert.deepEqual(byLayer.handling!.stats, { min: 57100, p50: 57500, p90: 57900, p99: 118000, max: 118000 });
  assert.equal(percentile([1, 2, 3, 4], 50), 2);
  assert.equal(percentile([1, 2, 3, 4], 51), 3);
  assert.ok(Number.isNaN(percentile([], 50)));
});

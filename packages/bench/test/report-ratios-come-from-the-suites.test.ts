// latest.json's `ratios`, `fleet` and `startup` are the medians the suites measured in this run,
// not numbers of their own; the targets table says which were met.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTargets, makeReport, type BenchSuites } from '../src/report.js';

const ratio = (median: number) => ({ median, min: median, max: median, pairs: [median] });

test('ratios, fleet and startup are taken from the suites; the table marks what was missed', () => {
  const suites = {
    macroCleanPath: { ratio: ratio(0.55) },
    journey: { ratio: ratio(0.01) },
    errorRate: { points: [{ rate: 0, ratio: ratio(1) }, { rate: 1e-4, ratio: ratio(0.8) }] },
    workerScaling: { ratio: ratio(1.9) },
    fleet: { sizes: [{ vms: 10, vcpus: 4, peakRssMiB: 80 }, { vms: 1000, vcpus: 4, peakRssMiB: 640 }] },
    startup: { firstAccessMs: { median: 650, min: 600, max: 700, samples: [650] } },
  } as unknown as BenchSuites;
  const r = makeReport('quick', suites);
  assert.deepEqual(r.ratios, { cleanPath: 0.55, journey: 0.01, errorRate1e4: 0.8, scaling2w: 1.9 });
  assert.deepEqual(r.fleet, { vms: 1000, vcpus: 4000, peakRssMiB: 640 });
  assert.deepEqual(r.startup, { firstAccessMs: 650 });
  const t = formatTargets(r);
  assert.match(t, /^cleanPath +×0\.550 +≥ ×0\.5 +met$/m);
  assert.match(t, /^journey +×0\.010 +≥ ×0\.2 +MISSED$/m);
  assert.match(t, /^first access +650 ms +≤ 500 ms +MISSED$/m);
});

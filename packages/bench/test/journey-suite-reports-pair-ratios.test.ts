/**
 * The journey suite's report is well-formed: bare and engine samples alternate, each ratio is
 * the engine rate over the bare rate of its own pair, sample sizes come from calibration, and
 * every engine sample completed about the journeys its simulated time holds. Tiny samples keep
 * the test short; no speed threshold.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JOURNEY_SEQUENCE, formatJourney, runJourneySuite } from '../src/journey-suite.js';
import { median } from '../src/stats.js';

const PAIRS = 2;
const lines: string[] = [];
const r = await runJourneySuite({ pairs: PAIRS, sampleSeconds: 0.01, progress: (line) => lines.push(line) });

test('one bare and one engine sample per pair, positive rates', () => {
  assert.deepEqual(r.sequence, JOURNEY_SEQUENCE);
  assert.equal(r.pairs, PAIRS);
  assert.equal(r.bare.samples.length, PAIRS);
  assert.equal(r.engine.samples.length, PAIRS);
  for (const v of [...r.bare.samples, ...r.engine.samples]) assert.ok(Number.isFinite(v) && v > 0);
  assert.equal(r.engine.median, median(r.engine.samples));
});

test('ratios are engine / bare of the same pair, not a ratio of medians', () => {
  assert.deepEqual(r.ratio.pairs, r.engine.samples.map((e, k) => e / r.bare.samples[k]!));
  assert.equal(r.ratio.median, median(r.ratio.pairs));
  assert.equal(r.ratio.min, Math.min(...r.ratio.pairs));
});

test('sample sizes are calibrated and each engine sample completed its journeys', () => {
  assert.ok(r.journeysPerSample.bare >= 100_000, 'the bare sample is at least one calibration chunk');
  assert.ok(r.journeysPerSample.engine >= 1000);
  assert.equal(r.journeysPerSample.engineSimulatedNs, Math.round(r.journeysPerSample.engine * r.nsPerJourney));
  assert.equal(r.engineCompleted.length, PAIRS);
  for (const n of r.engineCompleted) assert.ok(Math.abs(n - r.journeysPerSample.engine) <= 2, `${n} journeys completed`);
  assert.ok(r.hostSetupSeconds.median > 0 && r.hostSetupSeconds.max >= r.hostSetupSeconds.median);
  assert.equal(r.checksum, r.checksum | 0);
});

test('progress prints each pair and the table shows the ratio', () => {
  assert.equal(lines.filter((l) => l.startsWith('journey pair ')).length, PAIRS);
  const table = formatJourney(r);
  for (const s of ['bare journey', 'engine S1 journey', 'engine / bare', 'fresh host', 'checksum']) assert.ok(table.includes(s), `table lacks '${s}':\n${table}`);
});

test('bad parameters are refused', async () => {
  await assert.rejects(runJourneySuite({ pairs: 0, sampleSeconds: 0.01 }), RangeError);
  await assert.rejects(runJourneySuite({ pairs: 1, sampleSeconds: 0 }), RangeError);
});

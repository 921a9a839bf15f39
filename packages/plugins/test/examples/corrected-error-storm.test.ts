// examples/corrected-error-storm.json: a CE storm costs time (firmware and the host's GHES
// driver run for every ceThreshold-th CE) but loses nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readExample, runExample, stepsOf } from './example-run.js';

test('every 16th CE of a record interrupts; the interrupts cost vCPU time; nothing but corrected', async () => {
  const raw = { ...readExample('corrected-error-storm'), durationNs: 5_000_000 };
  const run = await runExample(raw);
  const ces = run.journeys.length;
  assert.ok(ces > 500, `${ces} CEs in 5 ms`);
  const interrupts = run.journeys.filter((j) => stepsOf(j, 'ce-overflow', 'hardware').length > 0);
  assert.ok(interrupts.length >= Math.floor(ces / 16) - run.scenario.hosts.cpus, `${interrupts.length} interrupts for ${ces} CEs`);
  for (const j of interrupts) {
    stepsOf(j, 'record-cper', 'firmware');
    assert.equal(stepsOf(j, 'apei-ack', 'hypervisor').length, 1, 'the host acks each corrected record');
  }
  assert.ok(run.journeys.every((j) => j.outcome === 'corrected'));
  assert.ok(run.vms.reduce((t, v) => t + v.timeLostNs, 0) > 0, 'the storm cost vCPU time');
});

test('without the threshold the 15-bit counters never wrap in 5 ms: no interrupt at all', async () => {
  const raw = { ...readExample('corrected-error-storm'), durationNs: 5_000_000, plugins: {} };
  const run = await runExample(raw);
  assert.equal(run.journeys.filter((j) => stepsOf(j, 'ce-overflow').length > 0).length, 0);
  assert.equal(run.vms.reduce((t, v) => t + v.timeLostNs, 0), 0);
});

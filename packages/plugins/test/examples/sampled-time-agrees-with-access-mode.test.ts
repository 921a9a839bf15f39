// examples/sampled-vs-accesses.json run as it is (every access simulated) and in sampled time
// (only the reads of poisoned granules, drawn from the workload's access distribution): the share
// of errors ending in each outcome, and the mean time from poisoning to the first read, agree
// within 99.9 % confidence intervals. Seeds are fixed, so the test is deterministic; the bounds
// say how far apart two honest estimates of the same quantity may fall.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPluginSet, parseScenario, runHosts, type JourneyRecord } from '@rasflow/core';
import { examplesDir, readExample } from './example-run.js';

const Z = 3.29; // two-sided 99.9 %

async function run(time: 'accesses' | 'sampled', profile: 'seed' | 'upstream'): Promise<JourneyRecord[]> {
  const json: Record<string, unknown> = { ...readExample('sampled-vs-accesses'), time, profile };
  if (time === 'sampled') json['engine'] = { sliceNs: json['durationNs'] };
  const s = parseScenario(json);
  const out = runHosts(s, await loadPluginSet(s, examplesDir), { baseDir: examplesDir, keepJourneys: true });
  assert.equal(out.complete, true);
  return out.hosts.flatMap((h) => h.records ?? []);
}

/** Poisoning to first read (ns), for the journeys that were read. */
function delays(js: JourneyRecord[]): number[] {
  const out: number[] = [];
  for (const j of js) {
    const read = j.steps.find((s) => s.action === 'consume');
    if (read !== undefined) out.push(read.atNs - j.atNs);
  }
  return out;
}

for (const profile of ['seed', 'upstream'] as const) {
  test(`${profile}: sampled time gives the outcome fractions and read delays of access mode, within 99.9 % intervals`, { timeout: 180_000 }, async () => {
    const a = await run('accesses', profile);
    const s = await run('sampled', profile);
    assert.equal(a.length, s.length, 'the same errors are injected in both modes');
    const outcomes = new Set([...a, ...s].map((j) => j.outcome));
    let compared = 0;
    for (const o of outcomes) {
      const pa = a.filter((j) => j.outcome === o).length / a.length;
      const ps = s.filter((j) => j.outcome === o).length / s.length;
      const p = (pa + ps) / 2;
      const se = Math.sqrt(p * (1 - p) * (1 / a.length + 1 / s.length));
      assert.ok(Math.abs(pa - ps) <= Z * se + 1e-12, `${o}: ${(100 * pa).toFixed(1)} % with every access, ${(100 * ps).toFixed(1)} % sampled (bound ±${(100 * Z * se).toFixed(1)} %)`);
      if (pa > 0.05) compared++;
    }
    assert.ok(compared >= 3, `at least three outcomes are frequent enough to compare (${[...outcomes].join(', ')})`);
    const da = delays(a);
    const ds = delays(s);
    assert.ok(da.length > 300 && ds.length > 300, `${da.length} and ${ds.length} errors read`);
    const mean = (x: number[]): number => x.reduce((t, v) => t + v, 0) / x.length;
    const sd = (x: number[]): number => Math.sqrt(x.reduce((t, v) => t + (v - mean(x)) ** 2, 0) / (x.length - 1));
    const se = Math.sqrt(sd(da) ** 2 / da.length + sd(ds) ** 2 / ds.length);
    assert.ok(Math.abs(mean(da) - mean(ds)) <= Z * se, `mean delay to the first read: ${mean(da).toFixed(0)} ns with every access, ${mean(ds).toFixed(0)} ns sampled (bound ±${(Z * se).toFixed(0)} ns)`);
  });
}

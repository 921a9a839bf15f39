/**
 * End to end through the engine with the fixture plugins: a poisoned load at EL0 is run, its
 * results.json object built as `rasflow run` builds it, and the report shows the journey's
 * outcome, its kind and the time each layer spent on it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResultsJson } from '../../src/results/results-json.js';
import { htmlReport, layerLatencies } from '../../src/report/html-report.js';
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { runFixture } from '../helpers/engine-run.js';

test('a report of a real run names the outcome, the error kind and the layers', async () => {
  const out = await runFixture({
    injections: [{ atNs: 50, pid: 0, page: 2, offset: 0x40 }],
    accesses: [{ atNs: 110, pid: 0, address: 0x2040, kind: 'load' }],
  });
  const scenario = parseScenario({ name: 'engine-run', durationNs: 10_000 });
  const results = buildResultsJson({ scenario, run: out, wallSeconds: 1, version: 'test' });
  const html = htmlReport({ results, journeys: out.journeys });
  assert.match(html, /guest-app-killed<\/td><td class="n">1<\/td>/);
  assert.match(html, /<td>poison, load at EL0<\/td>/);
  const layers = layerLatencies(out.journeys).map((l) => l.layer);
  assert.deepEqual(layers, ['waiting', 'firmware', 'hypervisor', 'vmm', 'guest', 'handling']);
  for (const l of layers) assert.match(html, new RegExp(`<td><b>${l}</b></td>`));
  assert.equal(layerLatencies(out.journeys).find((l) => l.layer === 'waiting')!.stats.max, 60, 'injected at 50, consumed at 110');
});

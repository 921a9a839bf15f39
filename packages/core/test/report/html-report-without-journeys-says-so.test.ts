/**
 * Without journeys.jsonl the report still shows results.json (outcomes, VMs) and says why the
 * timeline and the latencies are missing instead of drawing empty charts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlReport } from '../../src/report/html-report.js';
import { results } from './report-fixtures.js';

test('journeys: null gives a note, no timeline and no latency section', () => {
  const html = htmlReport({ results: results({ outcomes: { 'guest-panic': 1 } }), journeys: null });
  assert.match(html, /Journeys were not written for this run \(run with <code>--journeys<\/code>\)/);
  assert.doesNotMatch(html, /Journey latency by layer/);
  assert.match(html, /<h2>Virtual machines<\/h2>/);
  assert.match(html, /<b>panicked<\/b>/);
  assert.match(html, /The scenario document was not given/);
});

test('the same input gives the same bytes', () => {
  const r = results({ outcomes: { corrected: 3 } });
  assert.equal(htmlReport({ results: r, journeys: null }), htmlReport({ results: r, journeys: null }));
});

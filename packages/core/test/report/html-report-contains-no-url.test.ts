/**
 * report.html contains no `http://` or `https://` anywhere: not the SVG namespace lineChart writes
 * (stripped when inlined), not a URL a scenario's description quotes (broken with a character
 * reference, so it still reads the same), with or without journeys.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlReport } from '../../src/report/html-report.js';
import { lineChart } from '../../src/report/svg-chart.js';
import { journey, results, s1 } from './report-fixtures.js';

const scenario = { name: 'fixture', description: 'See https://example.org/ras and HTTP://example.org for why.', hosts: { count: 1 }, vms: { perHost: 2, vcpus: 1 } };
const journeys = [s1(0, 1000, 500, 8000, 42000, 25000, 30000), journey(1, 'corrected', [['injector', 'inject-ce', 2000], ['hardware', 'ce-count', 2000]], 'ce')];

test('the standalone line chart does carry the namespace URL that the report must drop', () => {
  assert.match(lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [[0, 1]] }] }), /https?:\/\//);
});

test('no URL in the report, with journeys (three inline charts) and without', () => {
  for (const js of [journeys, null]) {
    const html = htmlReport({ results: results({ outcomes: { 'guest-app-killed': 1, corrected: 1 } }), journeys: js, scenario });
    assert.doesNotMatch(html, /https?:\/\//i);
    assert.equal((html.match(/<svg /g) ?? []).length, js ? 3 : 1, 'outcomes, timeline and latency charts with journeys; outcomes only without');
    assert.match(html, /See https&#58;\/\/example\.org\/ras/, 'the description is still there, readable');
  }
});

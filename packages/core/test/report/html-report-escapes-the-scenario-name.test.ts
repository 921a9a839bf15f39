/**
 * Text from results.json and the scenario is HTML-escaped everywhere it appears (title, heading,
 * chart labels, the scenario JSON): a scenario named `<script>…` cannot inject markup.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlReport } from '../../src/report/html-report.js';
import { results, s1 } from './report-fixtures.js';

const name = '<script>alert("x")</script>';
const scenario = { name, description: '<img src=x onerror=alert(1)> & more', hosts: { count: 1 }, vms: { perHost: 2, vcpus: 1 } };
const html = htmlReport({ results: results({ scenario: name, outcomes: { 'guest-app-killed': 1 } }), journeys: [s1(0, 0, 10, 8, 2, 25, 30)], scenario });

test('a <script> scenario name appears only escaped', () => {
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.match(html, /<title>rasflow: &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
  assert.match(html, /<h1>rasflow report: &lt;script&gt;/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt; &amp; more/);
  assert.match(html, /&quot;name&quot;: &quot;&lt;script&gt;/, 'the scenario JSON too');
});

/**
 * The outcome chart is inlined in report.html as a non-empty SVG element: no XML declaration or
 * namespace, one labelled row per outcome in flow.md §7 order, bars as wide as their counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlReport, OUTCOME_ORDER } from '../../src/report/html-report.js';
import { results } from './report-fixtures.js';

const html = htmlReport({ results: results({ outcomes: { 'guest-panic': 4, 'guest-app-killed': 2, corrected: 10 } }), journeys: null });

test('the outcome chart is an inline <svg> with a bar and a label per outcome', () => {
  assert.doesNotMatch(html, /<\?xml|xmlns/);
  const outcomes = html.slice(html.indexOf('<h2>Outcomes</h2>'));
  const svg = /<svg [^>]*>[\s\S]*?<\/svg>/.exec(outcomes)?.[0];
  assert.ok(svg, 'an <svg> element follows the Outcomes heading');
  assert.match(svg, /aria-label="fixture: journeys by outcome \(seed\)"/);
  const bars = [...svg.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="([\d.]+)" height="\d+" fill="#[0-9A-F]{6}"\/>/g)];
  assert.equal(bars.length, OUTCOME_ORDER.length, 'one bar per outcome, zeros included');
  const labels = [...svg.matchAll(/text-anchor="end" fill="#222">([^<]+)<\/text>/g)].map((m) => m[1]);
  assert.deepEqual(labels, [...OUTCOME_ORDER], 'rows in flow.md §7 order, most severe first');
  const width = (o: string): number => Number(bars[OUTCOME_ORDER.indexOf(o as (typeof OUTCOME_ORDER)[number])]![2]);
  assert.ok(width('corrected') > width('guest-panic') && width('guest-panic') > width('guest-app-killed') && width('guest-app-killed') > width('latent'));
  assert.equal(width('latent'), 1, 'a zero is a hairline');
});

test('recovered is listed and marked as a rasflow extension', () => {
  assert.match(html, /recovered<\/td>.*rasflow extension \(not in flow\.md §7\)/);
});

// compareHtml of two runs in which no error occurred (no outcome to chart) is a page that says
// so, not a RangeError from the bar chart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareHtml } from '../../src/report/compare.js';
import { results } from './report-fixtures.js';

test('two runs without journeys make a page with a note instead of the outcome chart', () => {
  const html = compareHtml(results(), results(), null, null);
  assert.match(html, /<h2>Outcomes<\/h2>\n<p class="note">No journeys in either run\.<\/p>/);
});

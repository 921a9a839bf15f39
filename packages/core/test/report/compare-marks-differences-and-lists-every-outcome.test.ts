/**
 * compareResults/formatCompare/compareHtml: every outcome that occurred in either run is a row,
 * rows that differ are marked (`*` and ▲/▼ with the relative change; highlighted in HTML), equal
 * rows are not, and the same error with a different outcome in each run is listed by kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareHtml, compareResults, formatCompare } from '../../src/report/compare.js';
import { results, s1 } from './report-fixtures.js';

const a = results({ profile: 'seed', outcomes: { 'vm-terminated': 1, 'guest-panic': 4, corrected: 10 }, counts: { vmsLost: 5 } });
const b = results({ profile: 'upstream', outcomes: { ignored: 4, 'guest-app-killed': 2, corrected: 10 }, counts: { vmsLost: 0 } });
const ja = [s1(0, 100, 0, 8, 2, 25, 30, 'guest-panic'), s1(1, 200, 0, 8, 2, 25, 30, 'guest-app-killed')];
const jb = [s1(0, 100, 0, 8, 2, 25, 30, 'ignored'), s1(1, 200, 0, 8, 2, 25, 30, 'guest-app-killed')];

test('every outcome present in either run is a row; the labels name the profiles', () => {
  const t = compareResults(a, b);
  assert.deepEqual(t.labels, ['seed', 'upstream']);
  assert.deepEqual(t.rows.filter((r) => r.group === 'outcomes').map((r) => r.name), ['vm-terminated', 'guest-panic', 'guest-app-killed', 'ignored', 'corrected']);
});

test('differences are marked with * and an arrow, equal rows are not', () => {
  const lines = formatCompare(compareResults(a, b)).split('\n');
  const line = (name: string): string => lines.find((l) => l.slice(2).startsWith(name + ' '))!;
  assert.match(line('guest-panic'), /^\* guest-panic\s+4\s+0\s+▼ −100 %$/);
  assert.match(line('ignored'), /^\* ignored\s+0\s+4\s+▲ new$/);
  assert.match(line('VMs lost'), /^\* VMs lost\s+5\s+0\s+▼ −100 %$/);
  assert.match(line('corrected'), /^ {2}corrected\s+10\s+10$/);
  assert.match(lines.join('\n'), /latency: not compared/);
});

test('with journeys: the same error with another fate, and latency rows', () => {
  const t = compareResults(a, b, ['A', 'B'], [ja, jb]);
  assert.deepEqual(t.fates, { matched: 2, totals: [2, 2], changes: [{ kind: 'poison, load at EL0', from: 'guest-panic', to: 'ignored', journeys: 1 }] });
  assert.ok(t.rows.some((r) => r.group === 'latency' && r.name === 'firmware p50' && r.a === 8 && !r.changed));
  assert.match(formatCompare(t), /poison, load at EL0 {2}guest-panic → ignored {2}×1/);
  const html = compareHtml(a, b, ja, jb);
  assert.doesNotMatch(html, /https?:\/\/|<script/i);
  assert.match(html, /<tr class="changed"><td>guest-panic<\/td>/);
  assert.match(html, /<tr><td>corrected<\/td>/);
  for (const o of ['vm-terminated', 'guest-panic', 'guest-app-killed', 'ignored', 'corrected']) assert.match(html, new RegExp(`<td>${o}</td>`));
});

test('without journeys the HTML says latency is not compared, and still marks the differences', () => {
  const html = compareHtml(a, b, null, null);
  assert.match(html, /Latency is not compared: both runs' journeys are needed/);
  assert.match(html, /<tr class="changed"><td>ignored<\/td><td class="n">0<\/td><td class="n">4<\/td><td class="n"><span class="up">▲ new<\/span><\/td><\/tr>/);
  assert.doesNotMatch(html, /Same error, different fate/);
});

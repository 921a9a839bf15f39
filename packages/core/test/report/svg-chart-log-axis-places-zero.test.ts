/**
 * On a log x axis, x = 0 (an error rate of zero next to 1e-6 … 1e-2) is drawn in its own slot,
 * left of the smallest positive x, labelled "0", with an axis break in between.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineChart } from '../../src/report/svg-chart.js';

const svg = lineChart({
  title: 'Recovery cost by error rate',
  xLabel: 'error rate',
  yLabel: 'accesses/s',
  xScale: 'log',
  series: [
    { name: 'engine', points: [[0, 5e6], [1e-6, 4.9e6], [1e-4, 4e6], [1e-2, 1e6]] },
    { name: 'baseline', points: [[1e-2, 6e6], [0, 6e6], [1e-4, 6e6]] },
  ],
});

/** The x tick labels (centred text in the tick-label group) and their x positions. */
function xTickPositions(): Map<string, number> {
  const labels = /<g class="tick-labels"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
  const out = new Map<string, number>();
  for (const m of labels.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">([^<]*)<\/text>/g)) out.set(m[2]!, Number(m[1]));
  return out;
}

test('0 is labelled and placed left of the smallest positive x', () => {
  const ticks = xTickPositions();
  const zero = ticks.get('0');
  const first = ticks.get('1e-6');
  assert.ok(zero !== undefined && first !== undefined, `x tick labels: ${[...ticks.keys()].join(', ')}`);
  assert.ok(zero < first, `0 at ${zero} is not left of 1e-6 at ${first}`);
  assert.ok(first - zero >= 20, 'the 0 slot is visibly apart from the first decade');
  for (const [label, x] of ticks) if (label !== '0') assert.ok(x > zero, `${label} is left of 0`);
});

test('an axis break is drawn between the 0 slot and the decades', () => {
  const ticks = xTickPositions();
  const m = /<g class="axis-break"><rect x="([\d.]+)"/.exec(svg);
  assert.ok(m, 'axis break present');
  const x = Number(m[1]) + 4;
  assert.ok(x > ticks.get('0')! && x < ticks.get('1e-6')!);
});

test('the markers at x = 0 sit on the "0" tick', () => {
  const zero = xTickPositions().get('0')!;
  // A circle marker path starts at (cx - r, cy); the engine series is the first, drawn with circles.
  const first = /<path class="marker" d="M([\d.]+),/.exec(svg);
  assert.ok(first);
  assert.ok(Math.abs(Number(first[1]) + 4.5 - zero) < 0.02, `marker at ${Number(first[1]) + 4.5}, tick at ${zero}`);
});

test('without a 0 there is no break, and negative values are refused on a log axis', () => {
  const plain = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', xScale: 'log', series: [{ name: 's', points: [[1e-6, 1], [1e-2, 2]] }] });
  assert.doesNotMatch(plain, /axis-break/);
  assert.doesNotMatch(plain, /text-anchor="middle">0</, 'no "0" x tick');
  assert.throws(() => lineChart({ title: 't', xLabel: 'x', yLabel: 'y', xScale: 'log', series: [{ name: 's', points: [[-1, 1]] }] }), RangeError);
});

/**
 * lineChart writes one well-formed, standalone SVG document: tags balance, every series is in the
 * legend, one marker per data point, no external reference (the only "http" is the SVG namespace),
 * text is XML-escaped, the same input gives the same bytes, and bad input is refused with RangeError.
 *
 * Parse-level checks only: no renderer is needed, so the test runs anywhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineChart, type LineChartSpec } from '../../src/report/svg-chart.js';

/** A tiny tag-balance checker: enough for the flat, attribute-quoted markup lineChart writes. */
function assertWellFormed(svg: string): void {
  const body = svg.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const text = body.replace(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g, (_m, close: string, name: string, _attrs: string, self: string) => {
    if (close) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (!self) { if (stack.length === 0) roots++; stack.push(name); }
    return '';
  });
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'exactly one root element');
  assert.doesNotMatch(text, /[<>]/, 'a stray < or > outside a tag (unparsed markup or unescaped text)');
  assert.doesNotMatch(text, /&(?!(amp|lt|gt|quot|apos);)/, 'an unescaped &');
}

const spec: LineChartSpec = {
  title: 'Throughput <engine> & baseline',
  xLabel: 'workers',
  yLabel: 'accesses/s',
  xTicks: [1, 2, 4],
  hLines: [{ y: 1_000_000, label: 'target > 1M' }],
  series: [
    { name: 'engine <fast> & "quoted"', points: [[1, 1.2e6], [2, 2.3e6], [4, 4.1e6]], range: [[1, 1.1e6, 1.3e6], [2, 2.2e6, 2.4e6], [4, 3.9e6, 4.3e6]] },
    { name: 'baseline', points: [[1, 3.5e5], [2, 6.9e5], [4, 1.3e6]], dashed: true },
    { name: 'third', points: [[4, 2e6], [1, 9e5]] },
  ],
};

test('the output is one well-formed, standalone SVG document', () => {
  const svg = lineChart(spec);
  assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assertWellFormed(svg);
  assert.equal(svg.split('http').length - 1, 1, 'only the xmlns may contain "http"');
  assert.doesNotMatch(svg, /<script|<foreignObject|href=|@import|url\((?!#)/i, 'no script and no external reference');
});

test('every series name is in the legend and each point has one marker', () => {
  const svg = lineChart(spec);
  const legend = /<g class="legend"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
  assert.ok(legend.includes('engine &lt;fast&gt; &amp; &quot;quoted&quot;'), 'escaped series name in the legend');
  assert.ok(legend.includes('>baseline<') && legend.includes('>third<'));
  const points = spec.series.reduce((a, s) => a + s.points.length, 0);
  assert.equal(svg.match(/class="marker"/g)?.length, points);
  assert.equal(svg.match(/class="legend-marker"/g)?.length, spec.series.length);
  assert.equal(svg.match(/class="errorbar"/g)?.length, 3);
  assert.ok(svg.includes('Throughput &lt;engine&gt; &amp; baseline') && svg.includes('target &gt; 1M'));
});

test('ticks use SI labels', () => {
  const svg = lineChart(spec);
  assert.match(svg, />1M</);
  assert.match(svg, />4M</);
});

test('the same input gives the same bytes, with at most 2 decimals in numbers', () => {
  const a = lineChart(spec);
  assert.equal(lineChart(structuredClone(spec)), a);
  assert.doesNotMatch(a, /\d\.\d{3}/, 'a number with more than 2 decimals');
});

test('empty or non-finite input is refused with RangeError', () => {
  assert.throws(() => lineChart({ ...spec, series: [] }), RangeError);
  assert.throws(() => lineChart({ ...spec, series: [{ name: 'empty', points: [] }] }), /series "empty" has no points/);
  assert.throws(() => lineChart({ ...spec, series: [{ name: 's', points: [[1, NaN]] }] }), (e: unknown) => e instanceof RangeError && /NaN/.test(e.message));
  assert.throws(() => lineChart({ ...spec, series: [{ name: 's', points: [[Infinity, 1]] }] }), RangeError);
  assert.throws(() => lineChart({ ...spec, hLines: [{ y: NaN, label: 'x' }] }), RangeError);
});

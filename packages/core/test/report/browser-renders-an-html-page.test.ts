/**
 * A real headless Chromium (Debian's `chromium`, installed by .ci/run, driven by playwright-core)
 * renders a small self-contained HTML page with an inline lineChart SVG: no console or page errors,
 * the SVG has a size and drawn shapes, and the full-page screenshot is a PNG in which the first
 * series' colour and the dark text really appear. A second page that logs an error, throws, and
 * holds only an empty SVG proves the helper reports those, so the first test's "no errors" means
 * something.
 *
 * Without Chromium: fails under CI=true (.ci/run installs it, so missing is a broken install),
 * skips elsewhere. RASFLOW_SCREENSHOT_DIR=<dir> keeps the screenshots to look at.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineChart } from '../../src/report/svg-chart.js';
import { chromiumOrSkip, countPixels, decodePng, isPng, renderPage } from '../helpers/browser.js';

const VIEWPORT = { width: 1000, height: 700 };

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>body { font-family: sans-serif; margin: 24px; background: #fff; color: #111; } svg { display: block; max-width: 100%; height: auto; }</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function screenshotPath(name: string): string | undefined {
  const dir = process.env.RASFLOW_SCREENSHOT_DIR;
  return dir ? join(dir, name) : undefined;
}

test('a page with an inline SVG chart renders in headless Chromium without errors', async (t) => {
  const exe = chromiumOrSkip(t);
  if (exe === null) return;
  const dir = mkdtempSync(join(tmpdir(), 'rasflow-browser-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const svg = lineChart({
    title: 'Accesses per second by worker count',
    xLabel: 'workers',
    yLabel: 'accesses/s',
    xTicks: [1, 2, 4],
    series: [
      { name: 'engine', points: [[1, 1.2e6], [2, 2.3e6], [4, 4.1e6]] },
      { name: 'baseline', points: [[1, 3.5e5], [2, 6.9e5], [4, 1.3e6]], dashed: true },
    ],
  }).replace(/^<\?xml[^?]*\?>\s*/, '');
  const file = join(dir, 'index.html');
  writeFileSync(file, page('rasflow chart', `<h1>rasflow report</h1>\n${svg}`));

  const shot = screenshotPath('browser-renders-an-html-page.png');
  const r = await renderPage(file, { executablePath: exe, viewport: VIEWPORT, ...(shot ? { screenshotPath: shot } : {}) });

  assert.deepEqual(r.pageErrors, [], 'uncaught errors in the page');
  assert.deepEqual(r.consoleErrors, [], 'errors logged to the console');
  assert.deepEqual(r.failedRequests, [], 'failed requests');
  assert.equal(r.svgCount, 1);
  assert.equal(r.nonEmptySvgCount, 1, `the SVG is empty: ${JSON.stringify(r.svgs)}`);
  assert.ok(r.svgs[0]!.width > 300 && r.svgs[0]!.height > 200, `SVG box ${r.svgs[0]!.width} x ${r.svgs[0]!.height}`);
  assert.ok(r.svgs[0]!.drawnChildren >= 10, `only ${r.svgs[0]!.drawnChildren} drawn shapes`);
  assert.equal(r.canvasCount, 0);

  assert.ok(isPng(r.screenshotPng), 'the screenshot starts with the PNG signature');
  assert.ok(r.screenshotPng.length > 5_000 && r.screenshotPng.length < 20_000_000, `screenshot of ${r.screenshotPng.length} bytes`);
  const img = decodePng(r.screenshotPng);
  assert.equal(img.width, VIEWPORT.width);
  assert.ok(img.height >= VIEWPORT.height, `full-page screenshot height ${img.height}`);
  // The first series is drawn in #0072B2 (svg-chart.ts's palette), the text in near-black.
  const series = countPixels(img, '#0072B2', 40);
  const dark = countPixels(img, '#000000', 80);
  assert.ok(series >= 200, `only ${series} pixels of the first series' colour: the chart was not painted`);
  assert.ok(dark >= 500, `only ${dark} dark pixels: the text was not painted`);
});

test('the helper reports console errors, page errors, missing files and an empty SVG', async (t) => {
  const exe = chromiumOrSkip(t);
  if (exe === null) return;
  const dir = mkdtempSync(join(tmpdir(), 'rasflow-browser-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'broken.html');
  writeFileSync(
    file,
    page(
      'broken',
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"></svg>
<img src="missing.png" alt="">
<script>console.error('logged on purpose'); throw new Error('thrown on purpose');</script>`,
    ),
  );
  const r = await renderPage(file, { executablePath: exe, viewport: VIEWPORT });
  assert.equal(r.svgCount, 1);
  assert.equal(r.nonEmptySvgCount, 0, 'an SVG without shapes is not a rendered chart');
  assert.ok(r.consoleErrors.some((e) => e.includes('logged on purpose')), `console errors: ${JSON.stringify(r.consoleErrors)}`);
  assert.ok(r.pageErrors.some((e) => e.includes('thrown on purpose')), `page errors: ${JSON.stringify(r.pageErrors)}`);
  assert.ok(r.failedRequests.some((e) => e.includes('/missing.png') && e.includes('404')), `failed requests: ${JSON.stringify(r.failedRequests)}`);
  assert.ok(isPng(r.screenshotPng));
});

/**
 * The report of a real run (examples/quickstart.json through `rasflow run --report`, seed and
 * upstream, and their `rasflow compare --report`) rendered by headless Chromium: no console or
 * page errors, no request that failed (the page needs no network), and every chart an SVG that
 * has a size and drawn shapes. RASFLOW_SCREENSHOT_DIR=<dir> keeps the screenshots.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { chromiumOrSkip, isPng, renderPage, type RenderResult } from '../helpers/browser.js';
import { capturingIo, runRun, withTempDir } from '../helpers/run-command.js';
import { repoRoot } from '../helpers/paths.js';

const QUICKSTART = join(repoRoot, 'examples', 'quickstart.json');

function shot(name: string): { screenshotPath: string } | Record<string, never> {
  const dir = process.env['RASFLOW_SCREENSHOT_DIR'];
  return dir ? { screenshotPath: join(dir, name) } : {};
}

function assertRendered(r: RenderResult, charts: number): void {
  assert.deepEqual(r.pageErrors, [], 'uncaught errors in the page');
  assert.deepEqual(r.consoleErrors, [], 'errors logged to the console');
  assert.deepEqual(r.failedRequests, [], 'failed requests: the page must need no network');
  assert.ok(r.nonEmptySvgCount >= charts, `${r.nonEmptySvgCount} of ${r.svgCount} charts drawn: ${JSON.stringify(r.svgs)}`);
  assert.equal(r.nonEmptySvgCount, r.svgCount, 'every chart drawn');
  assert.ok(isPng(r.screenshotPng) && r.screenshotPng.length > 20_000, `screenshot of ${r.screenshotPng.length} bytes`);
}

test('report.html and the seed-vs-upstream comparison of the quick start render with every chart drawn', { timeout: 180_000 }, async (t) => {
  const exe = chromiumOrSkip(t);
  if (exe === null) return;
  await withTempDir(async (dir) => {
    for (const profile of ['seed', 'upstream']) {
      const ran = await runRun([QUICKSTART, '--profile', profile, '--out', join(dir, profile), '--report', '--journeys', '--quiet'], dir);
      assert.equal(ran.code, 0, ran.err.join('\n'));
    }
    const report = await renderPage(join(dir, 'seed', 'report.html'), { executablePath: exe, viewport: { width: 1200, height: 900 }, ...shot('report.png') });
    assertRendered(report, 3);
    const io = capturingIo(dir);
    assert.equal(await runCli(['compare', 'seed', 'upstream', '--report', 'compare.html'], io), 0, io.err_.join('\n'));
    const compare = await renderPage(join(dir, 'compare.html'), { executablePath: exe, viewport: { width: 1200, height: 900 }, ...shot('compare.png') });
    assertRendered(compare, 1);
  });
});

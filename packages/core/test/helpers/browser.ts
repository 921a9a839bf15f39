// Renders an HTML file in a real headless Chromium, for the tests of what a person sees (the HTML
// report): Debian's `chromium` package (installed by .ci/run) driven over CDP by playwright-core,
// which downloads no browser of its own when given an executablePath. The file is served from its
// own directory on a loopback HTTP server with an ephemeral port (file:// pages get a different
// origin policy from the one a served report has), and the browser and the server are always
// closed, with a deadline on the whole render so a hang fails the test instead of blocking it.
import assert from 'node:assert/strict';
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, delimiter, dirname, extname, join, resolve, sep } from 'node:path';
import type { TestContext } from 'node:test';
import { inflateSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

/** The environment variable naming the Chromium executable to use instead of a PATH search. */
export const CHROMIUM_ENV = 'RASFLOW_CHROMIUM';

export const CHROMIUM_MISSING = 'chromium not installed: run bash .ci/run or apt-get install chromium';

/** Executable names looked up on PATH, in order (Debian's package installs /usr/bin/chromium). */
const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium executable: $RASFLOW_CHROMIUM when set (an error if it names no executable file,
 * rather than silently testing another browser), else the first of chromium, chromium-browser,
 * google-chrome, google-chrome-stable on PATH (then /usr/bin), else null.
 */
export function findChromium(): string | null {
  const fromEnv = process.env[CHROMIUM_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isExecutableFile(fromEnv)) throw new Error(`${CHROMIUM_ENV}=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  if (!dirs.includes('/usr/bin')) dirs.push('/usr/bin');
  for (const name of CHROMIUM_NAMES) {
    for (const dir of dirs) {
      const p = join(dir, name);
      if (isExecutableFile(p)) return p;
    }
  }
  return null;
}

/**
 * The Chromium path, or null after handling its absence: under CI (CI=true, where .ci/run installs
 * it, so a missing browser is a broken install) the test fails; elsewhere it is skipped.
 */
export function chromiumOrSkip(t: TestContext): string | null {
  const exe = findChromium();
  if (exe !== null) return exe;
  if (process.env.CI === 'true') assert.fail(`${CHROMIUM_MISSING} (CI=true: .ci/run should have installed it)`);
  t.skip(CHROMIUM_MISSING);
  return null;
}

export interface RenderOptions {
  /** The browser; default findChromium(). */
  executablePath?: string;
  /** Deadline for the whole render (launch, load, checks, screenshot), in ms; default 30 000. */
  timeoutMs?: number;
  /** Viewport size in CSS pixels; default 1280 × 800. The screenshot is full-page, so it can be taller. */
  viewport?: { width: number; height: number };
  /** Also write the screenshot here (to look at it). */
  screenshotPath?: string;
  /** Wait for this CSS selector to be visible before checking and taking the screenshot. */
  waitForSelector?: string;
}

/** One outermost <svg> of the page. */
export interface SvgInfo {
  width: number;
  height: number;
  /** Descendant shapes (path, rect, circle, ellipse, line, polyline, polygon, text) with a non-empty box. */
  drawnChildren: number;
}

export interface RenderResult {
  screenshotPng: Buffer;
  /** console.error messages and the errors Chromium logs to the console (a failed resource load, a CSP refusal), with their source location. */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
  /** Requests that failed or were answered with HTTP >= 400 (method, URL, reason). */
  failedRequests: string[];
  /** Outermost <svg> elements (an <svg> nested in another is part of its parent). */
  svgCount: number;
  /** Of those, the ones with a non-empty bounding box and at least one drawn child. */
  nonEmptySvgCount: number;
  /** Details of each outermost <svg>, in document order. */
  svgs: SvgInfo[];
  /** <canvas> elements. */
  canvasCount: number;
  /** Of those, the ones with a non-empty box and at least one pixel that is not fully transparent. */
  nonEmptyCanvasCount: number;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** A static server for one directory on 127.0.0.1 with an ephemeral port; nothing outside it is served. */
async function serveDirectory(root: string): Promise<{ server: Server; origin: string }> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      let path: string;
      try {
        path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        res.writeHead(400).end();
        return;
      }
      const file = resolve(base, `.${path}`);
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        // The browser asks for /favicon.ico on its own; a page without one is not a broken page.
        res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
      }
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
}

/** Rejects after ms with a message naming the step, unless the promise settles first. */
async function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_ok, fail) => {
    timer = setTimeout(() => fail(new Error(`renderPage: ${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

// Runs in the page (a string, because this package compiles without the DOM types). Waits for the
// fonts and two animation frames, so a chart drawn by a script on load has been painted, then
// measures every outermost <svg> and every <canvas>.
const MEASURE = `(async () => {
  await document.fonts.ready;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const nonEmpty = (el) => { const b = el.getBoundingClientRect(); return b.width > 0 || b.height > 0; };
  const svgs = [...document.querySelectorAll('svg')].filter((s) => !s.parentElement || !s.parentElement.closest('svg')).map((s) => {
    const b = s.getBoundingClientRect();
    const shapes = s.querySelectorAll('path, rect, circle, ellipse, line, polyline, polygon, text');
    let drawn = 0;
    for (const el of shapes) if (nonEmpty(el)) drawn++;
    return { width: b.width, height: b.height, drawnChildren: drawn };
  });
  const canvases = [...document.querySelectorAll('canvas')].map((c) => {
    if (c.width === 0 || c.height === 0 || !nonEmpty(c)) return false;
    try {
      const copy = document.createElement('canvas');
      copy.width = c.width;
      copy.height = c.height;
      const ctx = copy.getContext('2d');
      ctx.drawImage(c, 0, 0);
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    } catch {
      return false;
    }
  });
  return { svgs, canvases };
})()`;

interface Measured {
  svgs: SvgInfo[];
  canvases: boolean[];
}

/**
 * Serves htmlFile's directory on loopback, opens the file in headless Chromium (playwright-core,
 * `--no-sandbox` because CI runs as root), waits for load, fonts and two frames, measures the
 * charts, takes a full-page PNG screenshot, and closes the browser and the server whatever happened.
 * Throws if no Chromium is found, if the page does not answer 200, or past the deadline.
 */
export async function renderPage(htmlFile: string, opts: RenderOptions = {}): Promise<RenderResult> {
  const executablePath = opts.executablePath ?? findChromium();
  if (executablePath === null) throw new Error(CHROMIUM_MISSING);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  const { server, origin } = await serveDirectory(dirname(htmlFile));
  let launching: Promise<Browser> | undefined;
  const render = async (): Promise<RenderResult> => {
    launching = chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'], timeout: timeoutMs });
    const browser = await launching;
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
    context.setDefaultTimeout(timeoutMs);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const loc = m.location();
      consoleErrors.push(loc.url ? `${m.text()} (${loc.url}:${loc.lineNumber + 1}:${loc.columnNumber + 1})` : m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    page.on('requestfailed', (r) => failedRequests.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
    page.on('response', (r) => {
      if (r.status() >= 400) failedRequests.push(`${r.request().method()} ${r.url()}: HTTP ${r.status()}`);
    });
    const url = `${origin}/${encodeURIComponent(basename(htmlFile))}`;
    const res = await page.goto(url, { waitUntil: 'load' });
    if (res === null || res.status() !== 200) throw new Error(`renderPage: ${url} answered ${res?.status() ?? 'nothing'}`);
    if (opts.waitForSelector !== undefined) await page.waitForSelector(opts.waitForSelector, { state: 'visible' });
    const measured = (await page.evaluate(MEASURE)) as Measured;
    const screenshotPng = await page.screenshot({ fullPage: true, type: 'png' });
    if (opts.screenshotPath !== undefined) writeFileSync(opts.screenshotPath, screenshotPng);
    const nonEmptySvgCount = measured.svgs.filter((s) => s.width > 0 && s.height > 0 && s.drawnChildren > 0).length;
    return {
      screenshotPng,
      consoleErrors,
      pageErrors,
      failedRequests,
      svgCount: measured.svgs.length,
      nonEmptySvgCount,
      svgs: measured.svgs,
      canvasCount: measured.canvases.length,
      nonEmptyCanvasCount: measured.canvases.filter(Boolean).length,
    };
  };
  try {
    return await withDeadline(render(), timeoutMs, `rendering ${htmlFile}`);
  } finally {
    // A launch still pending at the deadline settles soon after: playwright's own launch timeout
    // is the same timeoutMs. Either way the browser is closed before the server.
    const pending = launching as Promise<Browser> | undefined;
    const browser = pending && (await withDeadline(pending, 10_000, 'launching the browser').catch(() => undefined));
    if (browser) await withDeadline(browser.close(), 10_000, 'closing the browser').catch(() => undefined);
    await closeServer(server);
  }
}

/** A decoded PNG: 8-bit RGBA, row-major. */
export interface PngImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when the buffer starts with the 8-byte PNG signature. */
export function isPng(buf: Uint8Array): boolean {
  return buf.length > PNG_SIGNATURE.length && PNG_SIGNATURE.equals(buf.subarray(0, PNG_SIGNATURE.length));
}

/**
 * Decodes the PNGs Chromium writes (8-bit RGB or RGBA, not interlaced) to RGBA, so a test can count
 * the pixels of a colour. Other PNG flavours are refused.
 */
export function decodePng(buf: Buffer): PngImage {
  assert.ok(isPng(buf), 'not a PNG (bad signature)');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let off = 8; off + 8 <= buf.length; ) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      const colour = data[9];
      const interlace = data[12];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`decodePng: unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${interlace})`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  assert.ok(width > 0 && height > 0 && idat.length > 0, 'PNG without IHDR or IDAT');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  assert.equal(raw.length, height * (stride + 1), 'PNG data length does not match its size');
  const cur = new Uint8Array(stride);
  const prev = new Uint8Array(stride);
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    const filter = raw[row];
    for (let i = 0; i < stride; i++) {
      const x = raw[row + 1 + i]!;
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let v: number;
      switch (filter) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + b; break;
        case 3: v = x + ((a + b) >> 1); break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default: throw new Error(`decodePng: bad filter type ${filter} in row ${y}`);
      }
      cur[i] = v & 0xff;
    }
    for (let px = 0; px < width; px++) {
      const o = (y * width + px) * 4;
      rgba[o] = cur[px * channels]!;
      rgba[o + 1] = cur[px * channels + 1]!;
      rgba[o + 2] = cur[px * channels + 2]!;
      rgba[o + 3] = channels === 4 ? cur[px * channels + 3]! : 255;
    }
    prev.set(cur);
  }
  return { width, height, rgba };
}

/** Pixels within `tolerance` (per channel) of an sRGB colour given as '#rrggbb'. */
export function countPixels(img: PngImage, hex: string, tolerance = 24): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (m === null) throw new Error(`countPixels: '${hex}' is not #rrggbb`);
  const [r, g, b] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
  let n = 0;
  for (let o = 0; o < img.rgba.length; o += 4) {
    if (Math.abs(img.rgba[o]! - r) <= tolerance && Math.abs(img.rgba[o + 1]! - g) <= tolerance && Math.abs(img.rgba[o + 2]! - b) <= tolerance) n++;
  }
  return n;
}

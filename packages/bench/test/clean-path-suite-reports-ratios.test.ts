/**
 * The clean-path suite's report is well-formed: both engine modes measured, samples in the
 * documented order, ratios computed pair by pair from those samples, checksums present.
 *
 * Deliberately no speed threshold: timing assertions flake on a shared 2-core machine, and the
 * figures themselves are the benchmark's job (node packages/bench/dist/src/main.js). The suite runs
 * here with 64 MiB, 2 pairs and millisecond samples so the test stays fast.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLEAN_PATH_FULL, CLEAN_PATH_QUICK, CLEAN_PATH_SEQUENCE, runCleanPathSuite } from '../src/clean-path-suite.js';
import { formatCleanPath } from '../src/report.js';
import { median } from '../src/stats.js';

const PAIRS = 2;
const lines: string[] = [];
const r = runCleanPathSuite({
  memoryBytes: 64 << 20, pairs: PAIRS, sampleSeconds: 0.002, warmupSeconds: 0.005, batchSize: 1024,
  progress: (line) => lines.push(line),
});

function assertFigure(name: string, f: { median: number; min: number; max: number }, values: number[], count: number): void {
  assert.equal(values.length, count, `${name}: count`);
  for (const v of values) assert.ok(Number.isFinite(v) && v > 0, `${name}: ${v} is not a positive rate or ratio`);
  assert.equal(f.median, median(values), `${name}: median`);
  assert.equal(f.min, Math.min(...values), `${name}: min`);
  assert.equal(f.max, Math.max(...values), `${name}: max`);
}

test('both engine modes and the baseline are measured, two bare samples per round', () => {
  assert.deepEqual(r.sequence, CLEAN_PATH_SEQUENCE);
  assert.equal(r.pairs, PAIRS);
  assert.equal(r.dataFilled, true);
  assertFigure('bare', r.bare, r.bare.samples, 2 * PAIRS);
  assertFigure('engine', r.engine, r.engine.samples, PAIRS);
  assertFigure('engineDataBacked', r.engineDataBacked, r.engineDataBacked.samples, PAIRS);
  for (const n of Object.values(r.accessesPerSample)) assert.ok(Number.isInteger(n) && n > 0);
  assert.equal(r.accessesPerSample.engine % r.batchSize, 0, 'the engine runs whole batches');
});

test('ratios are engine rate / bare rate of the same pair, not a ratio of medians', () => {
  const expected = r.engine.samples.map((e, k) => e / r.bare.samples[2 * k]!);
  const expectedData = r.engineDataBacked.samples.map((d, k) => d / r.bare.samples[2 * k + 1]!);
  assert.deepEqual(r.ratio.pairs, expected);
  assert.deepEqual(r.ratioDataBacked.pairs, expectedData);
  assertFigure('ratio', r.ratio, r.ratio.pairs, PAIRS);
  assertFigure('ratioDataBacked', r.ratioDataBacked, r.ratioDataBacked.pairs, PAIRS);
});

test('every workload feeds a checksum', () => {
  for (const key of ['bare', 'engine', 'engineDataBacked'] as const) {
    const c = r.checksum[key];
    assert.ok(Number.isInteger(c) && c === (c | 0), `${key}: checksum ${c} is not an int32`);
  }
  // The filled data is not all zeros, so data-backed loads move the checksum beyond the counter.
  assert.notEqual(r.checksum.bare, 0);
});

test('progress and the table name both modes, the ratios and the filled data', () => {
  assert.equal(lines.filter((l) => l.startsWith('pair ')).length, PAIRS);
  const table = formatCleanPath(r);
  for (const s of ['bare access loop', 'engine clean path', 'data-backed / bare', 'engine / bare', 'filled', 'checksum']) {
    assert.ok(table.includes(s), `table lacks '${s}':\n${table}`);
  }
});

test('the presets keep the rules: at least 5 pairs of samples of at least 0.2 s', () => {
  for (const p of [CLEAN_PATH_FULL, CLEAN_PATH_QUICK]) {
    assert.ok(p.pairs >= 5);
    assert.ok(p.sampleSeconds >= 0.2);
    assert.equal(p.memoryBytes, 1 << 30);
  }
});

test('bad parameters are refused before any memory is allocated', () => {
  const base = { memoryBytes: 1 << 20, pairs: 1, sampleSeconds: 0.001, warmupSeconds: 0.001, batchSize: 64 };
  assert.throws(() => runCleanPathSuite({ ...base, memoryBytes: 3 << 20 }), RangeError);
  assert.throws(() => runCleanPathSuite({ ...base, memoryBytes: 2 ** 31 }), RangeError);
  assert.throws(() => runCleanPathSuite({ ...base, pairs: 0 }), RangeError);
});

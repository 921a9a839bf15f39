/**
 * The micro suite's report is well-formed in quick mode: every task measured with a positive
 * rate, the journey task counting about 1,000 engine journeys per call, checksums present, and
 * the table naming every task. No speed thresholds: these machines are too noisy for them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMicro, runMicroSuite } from '../src/micro-suite.js';

const lines: string[] = [];
const r = await runMicroSuite({ quick: true, progress: (line) => lines.push(line) });

const TASKS = [
  'esr decode (accessors)', 'esr encode (checked encoders)', 'esr decodeEsr (allocates)', 'ghes memory record write + read',
  'ghes block encode + decode (full codec)', 'poison test, random pages', 'poison test, pages with poison',
  'plugin hook dispatch', 'engine S1 journey (seed plugins)',
];

test('every task is measured once, in order, with positive finite rates', () => {
  assert.equal(r.mode, 'quick');
  assert.deepEqual(r.tasks.map((t) => t.name), TASKS);
  for (const t of r.tasks) {
    for (const v of [t.median, t.min, t.max, t.mean, t.unitsPerIteration]) assert.ok(Number.isFinite(v) && v > 0, `${t.name}: ${v}`);
    assert.ok(t.min <= t.median && t.median <= t.max, `${t.name}: min ≤ median ≤ max`);
    assert.ok(t.spread >= 0);
    assert.ok(Number.isInteger(t.samples) && t.samples >= 10, `${t.name}: ${t.samples} timed calls`);
    assert.equal(t.checksum, t.checksum | 0, `${t.name}: checksum is an int32`);
  }
});

test('fixed-size tasks do their stated batch; the journey task counts ~1,000 completed journeys per call', () => {
  const per = Object.fromEntries(r.tasks.map((t) => [t.name, t.unitsPerIteration]));
  assert.equal(per['esr decode (accessors)'], 1000);
  assert.equal(per['ghes memory record write + read'], 1000);
  assert.equal(per['poison test, random pages'], 10_000);
  assert.equal(per['plugin hook dispatch'], 10_000);
  const journeys = per['engine S1 journey (seed plugins)']!;
  assert.ok(Math.abs(journeys - 1000) <= 2, `${journeys} journeys per call`);
  assert.ok(r.engine.nsPerJourney > 0 && r.engine.hostsBuilt >= 1);
});

test('progress has a line per task and the table names every task', () => {
  assert.equal(lines.filter((l) => l.startsWith('micro: ')).length, TASKS.length);
  const table = formatMicro(r);
  for (const name of [...TASKS, 'median', 'spread', 'samples', 'checksum']) assert.ok(table.includes(name), `table lacks '${name}':\n${table}`);
});

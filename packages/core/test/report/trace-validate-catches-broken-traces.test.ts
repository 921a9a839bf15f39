/**
 * validateTrace itself: a small hand-written valid trace (nested 'X' slices, a 'B'/'E' pair, a
 * flow 's' → 't' → 'f', a counter, all threads named) has no problem, and each way of breaking it
 * (an unmatched 'B' or 'E', a flow without its 'f', partly overlapping 'X' slices, a 't' outside
 * its flow, an arrow with no slice to bind to, a thread without a name, bad fields) is reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateTrace } from '../../src/report/trace-validate.js';

type Ev = Record<string, unknown>;
const meta: Ev[] = [
  { name: 'process_name', ph: 'M', pid: 1, args: { name: 'host 0' } },
  { name: 'thread_name', ph: 'M', pid: 1, tid: 1, args: { name: 'firmware' } },
  { name: 'thread_name', ph: 'M', pid: 1, tid: 2, args: { name: 'hypervisor' } },
  { name: 'thread_sort_index', ph: 'M', pid: 1, tid: 2, args: { sort_index: 1 } },
  { name: 'thread_name', ph: 'M', pid: 1, tid: 3, args: { name: 'vmm' } },
];
const X = (tid: number, ts: number, dur: number, name = 'x'): Ev => ({ name, cat: 'c', ph: 'X', ts, dur, pid: 1, tid, args: {} });
const F = (ph: string, tid: number, ts: number, id = 7): Ev => ({ name: 'journey', cat: 'journey', ph, ts, pid: 1, tid, id, bp: 'e' });
const valid: Ev[] = [
  ...meta,
  X(1, 0, 10, 'parent'), X(1, 2, 3, 'child'), X(1, 5, 5, 'touching child'), X(1, 10, 1, 'next sibling'),
  X(2, 10, 8),
  { name: 'b/e', ph: 'B', ts: 20, pid: 1, tid: 1 }, { ph: 'E', ts: 25, pid: 1, tid: 1 },
  F('s', 1, 1), F('t', 2, 11), F('f', 2, 17),
  { name: 'errors/ms', ph: 'C', ts: 0, pid: 1, tid: 1, args: { poison: 2, ce: 0 } },
];
const trace = (events: Ev[]): unknown => ({ traceEvents: events, displayTimeUnit: 'ns', otherData: {} });
const without = (pred: (e: Ev) => boolean): Ev[] => valid.filter((e) => !pred(e));

function assertOneProblem(events: Ev[], pattern: RegExp): void {
  const problems = validateTrace(trace(events));
  assert.equal(problems.length, 1, `expected one problem, got: ${JSON.stringify(problems)}`);
  assert.match(problems[0]!, pattern);
}

test('the valid trace has no problem, as an object or as a bare array', () => {
  assert.deepEqual(validateTrace(trace(valid)), []);
  assert.deepEqual(validateTrace(valid), []);
});

test("an 'E' without its 'B' and a 'B' without its 'E' are reported", () => {
  assertOneProblem(without((e) => e['ph'] === 'B'), /'E' on pid\/tid 1\/1 at ts 25 has no open 'B'/);
  assertOneProblem(without((e) => e['ph'] === 'E'), /'B' on pid\/tid 1\/1 at ts 20 is never ended/);
});

test("a flow without its 'f', with two 's', or with 's' after 'f' is reported", () => {
  assertOneProblem(without((e) => e['ph'] === 'f'), /flow journey 7: 0 'f' events/);
  assertOneProblem([...valid, F('s', 1, 3)], /flow journey 7: 2 's' events/);
  assertOneProblem([...without((e) => e['ph'] === 's' || e['ph'] === 't'), F('s', 1, 24)], /'s' at ts 24 comes after 'f' at ts 17/);
  assertOneProblem([...without((e) => e['ph'] === 't'), F('t', 1, 24)], /'t' .* at ts 24 is not between its 's' and 'f'/);
});

test('a flow event with no enclosing slice on its thread is reported', () => {
  assertOneProblem([...without((e) => e['ph'] === 't'), F('t', 2, 9)], /'t' .* at ts 9 on pid\/tid 1\/2 is inside no slice/);
});

test("partly overlapping 'X' slices on one thread are reported; on two threads they are fine", () => {
  // [8, 12] starts inside the touching child [5, 10] and ends after it (and after the parent).
  assertOneProblem([...valid, X(1, 8, 4)], /'X' slice \[8, 12\] on pid\/tid 1\/1 overlaps event \d+ \[5, 10\] without nesting/);
  assertOneProblem([...valid, X(2, 5, 6)], /'X' slice \[10, 18\] on pid\/tid 1\/2 overlaps event \d+ \[5, 11\]/);
  assert.deepEqual(validateTrace(trace([...valid, X(3, 8, 4), X(3, 0, 12)])), [], 'another thread; a slice that encloses it');
});

test('threads and processes without names are reported', () => {
  assertOneProblem(without((e) => e['name'] === 'thread_name' && e['tid'] === 2), /pid\/tid 1\/2 .* has no thread_name/);
  const noProcess = without((e) => e['name'] === 'process_name');
  assertOneProblem(noProcess, /pid 1 has no process_name/);
});

test('bad fields are reported per phase', () => {
  assertOneProblem([...valid, { ...X(1, 30, 1), ts: -1 }], /ts must be a finite number ≥ 0/);
  assertOneProblem([...valid, { ...X(1, 30, 1), dur: undefined }], /dur must be/);
  assertOneProblem([...valid, { ...X(1, 30, 1), pid: 1.5 }], /pid must be an integer/);
  assertOneProblem([...valid, { ...X(1, 30, 1), tid: '1' }], /tid must be an integer/);
  assertOneProblem([...valid, { name: 'c', ph: 'C', ts: 1, pid: 1, args: { n: 'many' } }], /counter values must be finite numbers/);
  assertOneProblem([...valid, { ...F('s', 1, 1, 9), id: undefined }], /needs an id/);
  assertOneProblem([...valid, { name: 'x', ph: 'Q', ts: 1, pid: 1 }], /unsupported phase "Q"/);
  assertOneProblem([...valid, { name: 'thread_name', ph: 'M', pid: 1, tid: 3, args: {} }], /args.name must be a non-empty string/);
  assert.deepEqual(validateTrace({ events: [] }), ['not a trace: expected an object with a traceEvents array, or an array of events']);
});

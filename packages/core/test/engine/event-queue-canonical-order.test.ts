import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventQueue, EK_GUEST_REBOOT, EK_INJECTOR_FIRE, EK_PROCESS_RESTART, EK_SERROR } from '../../src/engine/event-queue.js';

function drain(q: EventQueue): string[] {
  const out = new Int32Array(5);
  const seen: string[] = [];
  for (let t = q.pop(out); !Number.isNaN(t); t = q.pop(out)) seen.push(`${t}:${out[0]}:${out[1]}:${out[2]}:${out[3]}`);
  return seen;
}

test('events pop by time, then kind, VM, vCPU, then insertion order', () => {
  const q = new EventQueue(2); // small, so it grows
  q.push(20, EK_SERROR, 1, 0, 7, 0);
  q.push(10, EK_INJECTOR_FIRE, -1, -1, 1, 0);
  q.push(10, EK_PROCESS_RESTART, 2, -1, 3, 0);
  q.push(10, EK_INJECTOR_FIRE, -1, -1, 2, 0);
  q.push(20, EK_SERROR, 0, 1, 8, 0);
  assert.equal(q.peekTime(), 10);
  assert.deepEqual(drain(q), ['10:2:2:-1:3', '10:3:-1:-1:1', '10:3:-1:-1:2', '20:4:0:1:8', '20:4:1:0:7']);
  assert.equal(q.peekTime(), Number.POSITIVE_INFINITY);
});

test('drop removes the given kinds and keeps the others in canonical order', () => {
  const q = new EventQueue();
  for (let k = 0; k < 20; k++) q.push(100 - k, k % 2 === 0 ? EK_PROCESS_RESTART : EK_INJECTOR_FIRE, 0, -1, k, 0);
  q.push(5, EK_GUEST_REBOOT, 0, -1, 0, 0);
  q.drop((1 << EK_PROCESS_RESTART) | (1 << EK_GUEST_REBOOT));
  const left = drain(q);
  assert.equal(left.length, 10);
  assert.deepEqual(left.map((e) => Number(e.split(':')[0])), [81, 83, 85, 87, 89, 91, 93, 95, 97, 99]);
  q.push(1, EK_SERROR, 0, 0, 0, 0);
  assert.equal(q.length, 1, 'dropped rows are reusable');
});

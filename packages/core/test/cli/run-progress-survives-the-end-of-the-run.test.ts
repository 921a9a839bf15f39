// The progress line at the end of a run: a redraw that comes while the run closes its worker
// query channels (comlink throws "Proxy has been released" synchronously) must not crash the
// process, and a host that reached the end is counted once (it was counted twice: 100 % with
// half the hosts done).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunProgress } from '../../src/cli/run-progress.js';
import type { RunHandle } from '../../src/threads/run-driver.js';
import { parseScenario } from '../../src/scenario/validate-scenario.js';

const scenario = parseScenario({ durationNs: 1_000_000, hosts: { count: 2 } });

/** A handle whose one worker finished host 0 (its line still names it) and has not started host 1. */
function handle(stats: () => Promise<never>): RunHandle {
  const line = { worker: 0, host: 0, simulatedNs: 1_000_000, slices: 10, heartbeatMs: 0, accesses: 5, journeys: 3, hostsDone: 1 };
  return { control: { progress: () => [line] }, workers: [{ stats }], workerOf: () => 0, vcpu: async () => null } as unknown as RunHandle;
}

test('a finished host counts once: one of two hosts done is 50 %', () => {
  const lines: string[] = [];
  const p = new RunProgress(scenario, { isTTY: false, write: (t) => void lines.push(t) });
  p.attach(handle(() => Promise.reject(new Error('not asked'))));
  try {
    assert.match(p.line(), /^progress: +50% · 500 µs \/ 1 ms simulated · hosts 1\/2 done · 3 journeys/);
  } finally {
    p.finish();
  }
});

test('a redraw while the query channels close draws the line and throws nothing', () => {
  const lines: string[] = [];
  const p = new RunProgress(scenario, { isTTY: true, columns: 200, write: (t) => void lines.push(t) });
  p.attach(handle(() => { throw new Error('Proxy has been released and is not useable'); }));
  try {
    (p as unknown as { tick(): void }).tick();
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^\r\x1b\[2K\[#+\.+\] +50%/);
  } finally {
    p.finish();
  }
});

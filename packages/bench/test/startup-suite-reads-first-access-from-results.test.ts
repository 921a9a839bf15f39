/**
 * The startup suite spawns the rasflow CLI and reports the figure rasflow itself wrote to
 * results.json (startup.firstAccessMs), beside the process's wall time and a bare node start.
 * One run of a tiny scenario keeps the test fast; no timing threshold (the figures are the
 * benchmark's job), only that the figures are there, consistent and plausibly ordered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatStartup, runStartupSuite, STARTUP_TARGET_MS } from '../src/startup-suite.js';

const TINY = {
  name: 'bench-startup-tiny',
  durationNs: 10_000,
  hosts: { count: 1, cpus: 1 },
  vms: { perHost: 1, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 1, processPages: 16 },
};

test('the startup suite reads startup.firstAccessMs from the results.json of each spawned run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rasflow-bench-startup-test-'));
  try {
    const scenario = join(dir, 'tiny.json');
    await writeFile(scenario, JSON.stringify(TINY));
    const lines: string[] = [];
    const r = await runStartupSuite({ runs: 1, scenario, progress: (line) => lines.push(line) });
    assert.equal(r.scenario, scenario);
    assert.equal(r.runs, 1);
    assert.equal(r.workersUsed, 1, 'one host: one worker');
    for (const f of [r.firstAccessMs, r.processMs, r.nodeStartMs]) {
      assert.equal(f.samples.length, 1);
      assert.ok(f.samples[0]! > 0 && Number.isFinite(f.samples[0]!));
      assert.equal(f.median, f.samples[0]);
    }
    // Measured inside the process, so within the process's life as seen from outside.
    assert.ok(r.firstAccessMs.median < r.processMs.median);
    assert.equal(r.targetMs, STARTUP_TARGET_MS);
    assert.equal(r.withinTarget, r.firstAccessMs.median <= STARTUP_TARGET_MS);
    assert.equal(lines.length, 1);
    assert.match(formatStartup(r), /first simulated access\s+\d+\.\d/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

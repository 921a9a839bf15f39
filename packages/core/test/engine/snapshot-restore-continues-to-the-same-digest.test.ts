import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { join } from 'node:path';
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { HostRun, loadPluginSet } from '../../src/engine/run-scenario.js';
import { restoreHost, snapshotHost, type HostSnapshot } from '../../src/engine/host-snapshot.js';
import type { Scenario } from '../../src/scenario/scenario-types.js';
import type { PluginSet } from '../../src/engine/plugin-set.js';

const EXAMPLES = join(import.meta.dirname, '../../../../../examples');

/** Runs host `index` to the end, restoring it from a snapshot (through v8 bytes) at every cut. */
function runWithRestores(s: Scenario, plugins: PluginSet, index: number, cuts: number[]): { digest: string; journeys: number; restored: number } {
  let run = new HostRun(s, plugins, index);
  let restored = 0;
  for (const cut of cuts) {
    run.engine.run(s.durationNs, (t) => t < cut);
    if (run.finished) break;
    const bytes = serialize(snapshotHost(run));
    run = new HostRun(s, plugins, index);
    restoreHost(run, deserialize(bytes) as HostSnapshot);
    restored++;
  }
  run.engine.run(s.durationNs);
  const r = run.result(false);
  return { digest: r.digest, journeys: r.journeys, restored };
}

// Every bundled scenario small enough for a unit test: between them they have hand-overs in
// flight, pending SErrors, reboots, CE counters, per-access injection and stateful plugins.
// (and one in sampled time: pending first reads of poisoned granules are part of the state).
for (const name of ['sampled-vs-accesses:sampled', 'quickstart', 'seed-vs-upstream', 'guest-ghes-ack-race', 'el3-serror-livelock', 'corrected-error-storm',
  'clustered-serrors', 'early-kill-ao-instead-of-ar', 'hugepage-64k-host-4k-guest', 'sea-storm-duplicate-cache']) {
  test(`${name}: a host restored from its snapshot at three slice ends ends with the uninterrupted digest`, { timeout: 120_000 }, async () => {
    const [file, time] = name.split(':');
    const json = JSON.parse(readFileSync(join(EXAMPLES, `${file!}.json`), 'utf8')) as Record<string, unknown>;
    if (time === 'sampled') Object.assign(json, { time, engine: { sliceNs: 1_000_000 } });
    const s = parseScenario(json);
    const plugins = await loadPluginSet(s, EXAMPLES);
    const whole = new HostRun(s, plugins, 0);
    whole.engine.run(s.durationNs);
    const expected = whole.result(false);
    const d = s.durationNs;
    const got = runWithRestores(s, plugins, 0, [d * 0.25, d * 0.5, d * 0.8]);
    assert.ok(got.restored >= 2, `restored ${got.restored} times`);
    assert.equal(got.journeys, expected.journeys);
    assert.equal(got.digest, expected.digest);
  });
}

// EL3 waiting for a GHES ack (FirmwareContext.retryAfter): the wait is a hand-over in flight,
// so a snapshot taken while the second SEA's PE spins in EL3 must carry it.
test('a host restored while its firmware waits in EL3 for an ack ends with the uninterrupted digest', { timeout: 120_000 }, async () => {
  const poison = (process: number, page: number) => ({ kind: 'targeted', atNs: 1_000, target: { process, page, offset: 0x40 }, event: { type: 'poison' } });
  const load = (process: number, vcpu: number, atNs: number, page: number) => ({ atNs, process, vcpu, address: page * 0x1000 + 0x40, kind: 'load' });
  const s = parseScenario({
    durationNs: 2_000_000, engine: { sliceNs: 1_000 },
    hosts: { cpus: 4 }, vms: { perHost: 1, vcpus: 2, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
    workload: { kind: 'scripted', accesses: [load(0, 0, 10_000, 2), load(1, 1, 11_000, 3)] },
    injections: [poison(0, 2), poison(1, 3)],
    plugins: { firmware: { module: '@rasflow/plugins/seed/firmware', options: { sharedSources: true } } },
  });
  const plugins = await loadPluginSet(s, EXAMPLES);
  const whole = new HostRun(s, plugins, 0);
  whole.engine.run(s.durationNs);
  const expected = whole.result(true);
  const waited = expected.records!.find((j) => j.steps.some((st) => st.action === 'ack-busy'));
  assert.ok(waited !== undefined, 'the second SEA found the shared source busy');
  const busyAt = waited.steps.find((st) => st.action === 'ack-busy')!.atNs;
  const got = runWithRestores(s, plugins, 0, [busyAt + 1_000, busyAt + 3_000]);
  assert.equal(got.restored, 2);
  assert.equal(got.digest, expected.digest);
});

// examples/el3-serror-livelock.json — flow.md §8: "clustered SErrors that firmware reflects
// without progress (an EL3 livelock)". Firmware that leaves the error record valid keeps the
// SError asserted; the PE takes it again each time it returns to the guest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outcomes, readExample, runExample, runNamed, stepsOf, withLayerOptions, withProfile } from './example-run.js';

const NAME = 'el3-serror-livelock';

for (const profile of ['upstream', 'seed'] as const) {
  test(`${profile}: the same SError is taken livelockRetries + 1 times, then the journey is a livelock and vCPU 0 stops`, async () => {
    const run = await runNamed(NAME, profile);
    assert.equal(run.journeys.length, 1);
    const j = run.journeys[0]!;
    const retries = run.scenario.engine.livelockRetries;
    assert.equal(stepsOf(j, 'serror-signal', 'hardware').length, retries + 1);
    assert.equal(stepsOf(j, 'note', 'hardware').filter((s) => /still valid/.test(s.text ?? '')).length, retries);
    assert.equal(stepsOf(j, 'livelock', 'hardware').length, 1);
    assert.equal(j.outcome, 'livelock');
    assert.deepEqual(outcomes(run), { livelock: 1 });
    // vCPU 1 goes on: both of its loads retire; vCPU 0's later load never runs.
    assert.equal(run.counts.accesses, 3);
    const signals = stepsOf(j, 'serror-signal', 'hardware').map((s) => s.atNs);
    assert.ok(signals.every((t, i) => i === 0 || t > signals[i - 1]!), 'each round takes time: EL3 and EL2 handlers run every time');
  });
}

test('firmware that clears the record (the default) takes the SError once', async () => {
  const raw = withLayerOptions(withProfile(readExample(NAME), 'upstream'), 'firmware', { clearSErrorRecord: true });
  const run = await runExample(raw);
  const j = run.journeys[0]!;
  assert.equal(stepsOf(j, 'serror-signal', 'hardware').length, 1);
  // vCPU 0 goes on; its later load touches the page SDEI's memory_failure() poisoned (E2 → S7).
  assert.equal(stepsOf(j, 'stage2-fault', 'hardware').length, 1);
  assert.equal(j.outcome, 'guest-app-killed');
});

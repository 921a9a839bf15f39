/**
 * Sampling for large runs: with more journeys than maxJourneys, the trace keeps a deterministic
 * subset. The interesting journeys (outcome neither corrected nor latent) go first, the most
 * severe outcome first; what does not fit whole is thinned by an even stride over journey ids, as
 * are the corrected and latent journeys that fill the rest. otherData says what was kept, the
 * counters still count every journey, and the sampled trace is valid.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrace, sampleJourneys, type TraceFile } from '../../src/report/trace-events.js';
import { validateTrace } from '../../src/report/trace-validate.js';
import type { JourneyRecord, StepRecord } from '../../src/results/journey-record.js';

/** A synthetic journey 10 µs after the previous one; handled ones take 65 µs, so they overlap. */
function journey(seq: number, outcome: string, host = 0): JourneyRecord {
  const at = seq * 10_000;
  const step = (layer: string, action: string, dt: number): StepRecord => ({ layer, action, atNs: at + dt });
  const steps = outcome === 'corrected' ? [step('injector', 'inject-ce', 0), step('hardware', 'ce-count', 0)]
    : outcome === 'latent' ? [step('injector', 'inject-poison', 0)]
      : [step('injector', 'inject-poison', 0), step('hardware', 'consume', 100), step('firmware', 'fake-sea-el2', 8_100),
        step('hypervisor', 'sigbus', 10_100), step('vmm', 'inject-sea', 35_100), step('guest', outcome === 'host-panic' ? 'panic' : 'kill', 65_100)];
  return {
    id: `${host}:${seq}`, host, seq, atNs: at, vm: seq % 4, vcpu: seq % 2, el: 0, event: outcome === 'corrected' ? 'ce' : 'poison',
    hostPa: '0x1000', guestPa: '0x1000', va: null, steps, latencyNs: null, outcome,
  };
}

/** 1000 journeys: every 10th killed an app, every 100th panicked the host, every 7th latent, the rest corrected. */
const run: JourneyRecord[] = Array.from({ length: 1000 }, (_, i) =>
  journey(i, i % 100 === 0 ? 'host-panic' : i % 10 === 0 ? 'guest-app-killed' : i % 7 === 0 ? 'latent' : 'corrected'));
const ids = (t: TraceFile): Set<string> =>
  new Set(t.traceEvents.filter((e) => e.ph === 'X').map((e) => (e.args as { journey?: string; journeys?: string[] }).journeys ?? [(e.args as { journey: string }).journey]).flat());
const interesting = run.filter((j) => j.outcome !== 'corrected' && j.outcome !== 'latent');

test('with room to spare, every interesting journey is kept and the rest fills up by an even stride', () => {
  const t = buildTrace(run, { vcpusPerVm: 2, maxJourneys: 250 });
  assert.deepEqual(validateTrace(JSON.parse(JSON.stringify(t))), []);
  assert.equal(t.otherData['journeysTotal'], 1000);
  assert.equal(t.otherData['journeysInTrace'], 250);
  assert.match(String(t.otherData['sampling']), /^250 of 1000 journeys.*\(100 of 100\).*\(150 of 900\)/);
  const kept = ids(t);
  assert.equal(kept.size, 250);
  for (const j of interesting) assert.ok(kept.has(j.id), `${j.id} (${j.outcome}) kept`);
  // The 150 others are spread over the whole run: every 6th of the 900 (floor(i·900/150)).
  const boring = run.filter((j) => !interesting.includes(j));
  assert.deepEqual(boring.filter((j) => kept.has(j.id)).map((j) => j.id), Array.from({ length: 150 }, (_, i) => boring[i * 6]!.id));
});

test('when the interesting journeys alone are too many, the most severe outcome goes first', () => {
  const { kept, description } = sampleJourneys(run, 40);
  assert.equal(kept.length, 40);
  assert.equal(kept.filter((j) => j.outcome === 'host-panic').length, 10, 'all 10 host panics');
  const killed = kept.filter((j) => j.outcome === 'guest-app-killed');
  assert.equal(killed.length, 30, 'then 30 of the 90 app kills, every 3rd');
  const all = run.filter((j) => j.outcome === 'guest-app-killed');
  assert.deepEqual(killed.map((j) => j.id), Array.from({ length: 30 }, (_, i) => all[i * 3]!.id));
  assert.match(description, /\(40 of 100\).*\(0 of 900\)/);
});

test('the sample does not depend on input order, and the trace is the same bytes', () => {
  const shuffled = [...run].sort((a, b) => ((a.seq * 7919) % 1000) - ((b.seq * 7919) % 1000));
  assert.equal(JSON.stringify(buildTrace(shuffled, { vcpusPerVm: 2, maxJourneys: 123 })), JSON.stringify(buildTrace(run, { vcpusPerVm: 2, maxJourneys: 123 })));
});

test('the counters count every journey, sampled or not', () => {
  const t = buildTrace(run, { vcpusPerVm: 2, maxJourneys: 10 });
  const sum = (name: string): number => t.traceEvents.filter((e) => e.ph === 'C' && e.name === name)
    .reduce((s, e) => s + Object.values(e.args as Record<string, number>).reduce((a, b) => a + b, 0), 0);
  assert.equal(sum('errors/ms'), 1000);
  assert.equal(sum('journeys by outcome/ms'), 1000);
  const first = t.traceEvents.find((e) => e.ph === 'C' && e.name === 'journeys by outcome/ms')!;
  assert.deepEqual(Object.keys(first.args!), ['host-panic', 'guest-app-killed', 'corrected', 'latent'], 'most severe first');
});

test('no sampling at or under the limit; a bad limit is refused', () => {
  const t = buildTrace(run.slice(0, 50), { vcpusPerVm: 2 });
  assert.equal(t.otherData['journeysInTrace'], 50);
  assert.match(String(t.otherData['sampling']), /^none/);
  assert.throws(() => buildTrace(run, { vcpusPerVm: 2, maxJourneys: -1 }), RangeError);
  assert.throws(() => buildTrace(run, { vcpusPerVm: 0 }), RangeError);
});

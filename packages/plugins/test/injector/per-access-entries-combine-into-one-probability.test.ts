import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioInjector } from '../../src/injector/scenario-injector.js';
import { env } from '../helpers/fake-contexts.js';
import { count, runScenario } from '../helpers/run.js';

const make = (injections: Record<string, unknown>[]) => new ScenarioInjector(injections, env({ injections }));

test('one per-access entry exposes its probability and its poison options', () => {
  const inj = make([{ kind: 'per-access', probability: 0.01, event: { type: 'poison', av: false, set: 'UEO' } }]);
  assert.equal(inj.perAccessProbability, 0.01);
  assert.deepEqual({ ...inj.perAccessEvent }, { av: false, set: 'UEO', firmwareRecord: true, transient: false });
});

test('several entries combine: 1 − (1 − p1)(1 − p2)(1 − p3)', () => {
  const inj = make([
    { kind: 'per-access', probability: 0.1 },
    { kind: 'rate', perSecond: 5 },
    { kind: 'per-access', probability: 0.2 },
    { kind: 'per-access', probability: 0.5 },
  ]);
  assert.ok(Math.abs(inj.perAccessProbability! - (1 - 0.9 * 0.8 * 0.5)) < 1e-12);
});

test('without per-access entries the engine sees no per-access probability', () => {
  assert.equal(make([{ kind: 'rate', perSecond: 5 }]).perAccessProbability, undefined);
});

test('entries with different options share the injections in proportion to their probabilities', () => {
  const inj = make([
    { kind: 'per-access', probability: 0.001, event: { type: 'poison' } },
    { kind: 'per-access', probability: 0.003, event: { type: 'poison', transient: true } },
  ]);
  let transient = 0;
  for (let i = 0; i < 40_000; i++) if (inj.perAccessEvent.transient) transient++;
  assert.ok(Math.abs(transient / 40_000 - 0.75) < 0.01, `share of the second entry's options: ${transient / 40_000}`);
});

test('end to end: per-access poison is consumed at once, with the entry\'s options', async () => {
  const run = (event: Record<string, unknown>) => runScenario({
    durationNs: 200_000,
    vms: { perHost: 1, vcpus: 2, memoryMiB: 2, kernelPages: 16, processes: 4, processPages: 64 },
    guest: { restartNs: 1000 },
    workload: { kind: 'random', kernelFraction: 0 },
    injections: [{ kind: 'per-access', probability: 1e-4, event }],
  });
  const plain = await run({ type: 'poison' });
  const loads = count(plain, 'accesses') * 0.6; // loads and fetches, the accesses that can consume
  const n = plain.journeys.length;
  assert.ok(Math.abs(n - loads * 1e-4) < 4 * Math.sqrt(loads * 1e-4) + 2, `${n} injections for about ${loads * 1e-4} expected`);
  assert.ok(plain.journeys.every((j) => stepOf0(j) === j.atNs && j.outcome === 'guest-app-killed'));
  const noAv = await run({ type: 'poison', av: false });
  assert.equal(noAv.journeys[0]!.outcome, 'guest-panic', 'AV=0 reaches firmware: no address, a virtual SError');
});

function stepOf0(j: { steps: { action: string; atNs: number }[] }): number {
  return j.steps.find((s) => s.action === 'consume')?.atNs ?? -1;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioInjector } from '../../src/injector/scenario-injector.js';
import { env, runInjector } from '../helpers/fake-contexts.js';

const injector = (injections: Record<string, unknown>[]) => new ScenarioInjector(injections, env({ injections }));

test('gaps between arrivals are exponential with mean 10^9 / perSecond ns', () => {
  const log = runInjector(injector([{ kind: 'rate', perSecond: 1e7, event: { type: 'poison' } }]), { durationNs: 2_000_000 });
  const gaps = log.slice(1).map((x, i) => x.atNs - log[i]!.atNs);
  const n = gaps.length;
  assert.ok(Math.abs(n - 20_000) < 4 * Math.sqrt(20_000), `${n} arrivals`);
  const mean = gaps.reduce((s, g) => s + g, 0) / n;
  const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / n);
  assert.ok(Math.abs(mean - 100) < 2, `mean gap ${mean} ns`);
  assert.ok(Math.abs(sd / mean - 1) < 0.05, `coefficient of variation ${sd / mean} (1 for exponential)`);
  // Memorylessness: about e^-1 of the gaps exceed the mean.
  const longer = gaps.filter((g) => g > 100).length / n;
  assert.ok(Math.abs(longer - Math.exp(-1)) < 0.02, `share of gaps above the mean: ${longer}`);
});

test('one arrival is pending at a time, and none is scheduled past the end of the run', () => {
  const inj = injector([{ kind: 'rate', perSecond: 1e9 }]);
  const log = runInjector(inj, { durationNs: 5000 });
  assert.ok(log.length > 4000 && log.length < 6000);
  assert.ok(log.every((x, i) => i === 0 || x.atNs >= log[i - 1]!.atNs));
  assert.deepEqual((inj.saveState() as { sources: number[][] }).sources[0]!.length, 2);
  assert.ok(((inj.saveState() as { sources: number[][] }).sources[0]![1]!) >= 5000, 'the last draw fell past the end');
});

test('an entry\'s arrivals do not depend on the other entries of the scenario', () => {
  const alone = runInjector(injector([{ kind: 'rate', perSecond: 1e8, event: { type: 'poison' } }]), { durationNs: 100_000 });
  const mixed = runInjector(injector([
    { kind: 'rate', perSecond: 1e8, event: { type: 'poison' } },
    { kind: 'rate', perSecond: 3e8, event: { type: 'ce' } },
  ]), { durationNs: 100_000 }).filter((x) => x.what === 'poisonHostPa');
  assert.deepEqual(mixed.map((x) => [x.atNs, x.args[0]]), alone.map((x) => [x.atNs, x.args[0]]));
});

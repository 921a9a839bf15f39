import { test } from 'node:test';
import assert from 'node:assert/strict';
import fieldMix from '../../src/injector/field-mix.js';
import { runInjector } from '../helpers/fake-contexts.js';
import type { PluginEnv } from '@rasflow/core';

const NS_PER_YEAR = 365.25 * 24 * 3600 * 1e9;
const env = { host: 0 } as unknown as PluginEnv;
const defaults = { dimms: 16, faultyDimmFraction: 0.08, meanCePerFaultyDimmYear: 50_000, paretoShape: 1.2, uePerHostYear: 0.013, ueOnFaultyDimmFraction: 0.5, ueScrubbedFraction: 0.3, acceleration: 1, ceBatch: 1 };

test('at field rates a millisecond of one host sees nothing', () => {
  const log = runInjector(fieldMix.create(defaults, env), { durationNs: 1e6 });
  assert.equal(log.length, 0);
});

test('a simulated year of 1,000 DIMMs has about 8 % faulty DIMMs, with heavy-tailed CE counts', () => {
  // One year of CE onsets, but CE rates scaled down so the run stays small: the shape is what is checked.
  const hooks = fieldMix.create({ ...defaults, dimms: 1000, meanCePerFaultyDimmYear: 200, uePerHostYear: 0 }, env);
  const log = runInjector(hooks, { durationNs: NS_PER_YEAR, hostBytes: 1000 * 2 ** 20 });
  const perAddress = new Map<number, number>();
  for (const e of log) {
    assert.equal(e.what, 'correctedError');
    perAddress.set(e.args[0]!, (perAddress.get(e.args[0]!) ?? 0) + 1);
  }
  const faulty = perAddress.size;
  assert.ok(faulty >= 55 && faulty <= 105, `faulty DIMMs ${faulty}, expected about 80`);
  const counts = [...perAddress.values()].sort((a, b) => b - a);
  const total = counts.reduce((a, b) => a + b, 0);
  const top = counts.slice(0, Math.ceil(counts.length / 5)).reduce((a, b) => a + b, 0);
  assert.ok(top / total > 0.4, `the top 20 % of faulty DIMMs have ${(100 * top / total).toFixed(0)} % of the CEs`);
  assert.ok(total / faulty > 100 && total / faulty < 800, `mean ${total / faulty} CEs per faulty DIMM-year, configured 200`);
});

test('uncorrectable errors arrive at uePerHostYear × acceleration, a share as scrubber SErrors', () => {
  const hooks = fieldMix.create({ ...defaults, faultyDimmFraction: 0, acceleration: 1e5 }, env);
  const log = runInjector(hooks, { durationNs: NS_PER_YEAR, vms: 2, vcpusPerVm: 2 });
  const expected = 0.013 * 1e5; // 1,300
  const poison = log.filter((e) => e.what === 'poisonHostPa').length;
  const serror = log.filter((e) => e.what === 'serror').length;
  assert.ok(Math.abs(poison + serror - expected) < 4 * Math.sqrt(expected), `${poison + serror} UEs, expected ${expected}`);
  assert.ok(Math.abs(serror / (poison + serror) - 0.3) < 0.06, `scrubbed share ${serror / (poison + serror)}`);
  for (const e of log.filter((x) => x.what === 'serror')) assert.equal((e.opts as { aet: string }).aet, 'UEO');
});

test('ceBatch k delivers a faulty DIMM\'s corrected errors k at a time, at about the same total rate', () => {
  const year = { durationNs: NS_PER_YEAR, hostBytes: 1000 * 2 ** 20 };
  const opts = { ...defaults, dimms: 1000, meanCePerFaultyDimmYear: 2000, uePerHostYear: 0 };
  const one = runInjector(fieldMix.create(opts, env), year);
  const batched = runInjector(fieldMix.create({ ...opts, ceBatch: 50 }, env), year);
  assert.ok(one.every((e) => e.what === 'correctedError'));
  assert.ok(batched.length > 0 && batched.every((e) => e.what === 'correctedErrors' && e.args[1] === 50));
  const total = batched.length * 50;
  // The same DIMMs and rates (the same draws up to the first gap), so the totals agree to a few per cent.
  assert.ok(Math.abs(total - one.length) / one.length < 0.05, `${one.length} single CEs, ${total} in batches of 50`);
});

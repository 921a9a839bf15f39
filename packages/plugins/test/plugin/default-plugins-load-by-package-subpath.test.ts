import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_INJECTOR, DEFAULT_WORKLOAD, loadPlugin } from '@rasflow/core';
import { scenarioInjector, scenarioWorkload } from '../../src/index.js';
import { createScenarioWorkload } from '../../src/workload/scenario-workload.js';
import { ScenarioInjector } from '../../src/injector/scenario-injector.js';
import { env } from '../helpers/fake-contexts.js';
import { baseDir as fixturesDir } from '../helpers/run.js';

test('the engine\'s default workload and injector specifiers load these plugins', async () => {
  const w = await loadPlugin(DEFAULT_WORKLOAD, 'workload', {}, fixturesDir, 'plugins.workload');
  const i = await loadPlugin(DEFAULT_INJECTOR, 'injector', {}, fixturesDir, 'injections');
  assert.equal(w.definition.name, 'scenario-workload');
  assert.equal(i.definition.name, 'scenario-injector');
  assert.equal(w.definition, scenarioWorkload, 'the package index exports the same definitions');
  assert.equal(i.definition, scenarioInjector);
});

test('both plugins take no options: everything comes from the scenario', async () => {
  await assert.rejects(loadPlugin(DEFAULT_WORKLOAD, 'workload', { kind: 'random' }, fixturesDir, 'plugins.workload'), /takes no options, found kind/);
});

test('an unknown workload or injection kind is refused with the allowed values', () => {
  assert.throws(() => createScenarioWorkload({ kind: 'zipf' }, env()), /workload\.kind: found "zipf", allowed: random, sequential, hot-set, scripted/);
  const injections = [{ kind: 'rate', perSecond: 1 }, { kind: 'storm' }];
  assert.throws(() => new ScenarioInjector(injections, env({ injections })), /injections\[1\]\.kind: found "storm", allowed: rate, per-access, burst, targeted/);
});

test('bad values in a hand-built env name the field', () => {
  assert.throws(() => createScenarioWorkload({ kind: 'sequential', strideBytes: 0 }, env()), /workload\.strideBytes: found 0/);
  const rate = [{ kind: 'rate', perSecond: -1 }];
  assert.throws(() => new ScenarioInjector(rate, env({ injections: rate })), /injections\[0\]\.perSecond: found -1/);
  const serror = [{ kind: 'targeted', atNs: 0, target: { vm: 0, process: 0 }, event: { type: 'serror', aet: 'XX' } }];
  assert.throws(() => new ScenarioInjector(serror, env({ injections: serror })), /injections\[0\]\.event\.aet: found "XX"/);
  const twoTargets = [{ kind: 'targeted', atNs: 0, target: { guestPa: 0, hostPa: 0 } }];
  assert.throws(() => new ScenarioInjector(twoTargets, env({ injections: twoTargets })), /exactly one of guestPa, hostPa, process, vmm: true or hostMemory/);
});

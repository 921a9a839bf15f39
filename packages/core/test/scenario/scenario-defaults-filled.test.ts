import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../src/scenario/validate-scenario.js';

test('an empty scenario gets every documented default', () => {
  const s = parseScenario({});
  assert.equal(s.profile, 'seed');
  assert.equal(s.engine.livelockRetries, 16);
  assert.equal(s.vms.backing, 'page');
  assert.equal(s.workload.kind, 'random');
  assert.deepEqual(s.injections, []);
});

test('an injection without an event poisons a granule with the default record fields', () => {
  const s = parseScenario({ injections: [{ kind: 'per-access', probability: 0.001 }] });
  assert.deepEqual(s.injections[0]!.event, { type: 'poison', av: true, set: 'UER', firmwareRecord: true, transient: false });
});

test('defaults inside a chosen variant are filled in', () => {
  const s = parseScenario({ injections: [{ kind: 'targeted', atNs: 5, target: { process: 1 }, event: { type: 'serror', aet: 'UEO' } }] });
  const inj = s.injections[0]!;
  assert.equal(inj.kind, 'targeted');
  assert.deepEqual(inj.event, { type: 'serror', aet: 'UEO', ids: false, dfsc: 17, av: true, vcpu: 0 });
  if (inj.kind === 'targeted') assert.equal(inj.target.page, 0);
});

test('the input object is not changed', () => {
  const input = { vms: {} };
  parseScenario(input);
  assert.deepEqual(input, { vms: {} });
});

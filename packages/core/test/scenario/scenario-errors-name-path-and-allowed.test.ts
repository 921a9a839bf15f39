import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario, ScenarioError, validateScenario } from '../../src/scenario/validate-scenario.js';

function issues(input: unknown): Array<{ path: string; message: string }> {
  const r = validateScenario(input);
  assert.equal(r.ok, false, 'expected the scenario to be rejected');
  return r.ok ? [] : r.issues;
}

test('an unknown field is rejected and the allowed fields are listed', { timeout: 60_000 }, () => {
  const [i] = issues({ colour: 'red' });
  assert.equal(i!.path, 'colour');
  assert.match(i!.message, /unknown field; allowed fields here: .*durationNs/);
});

test('a wrong enumeration value names the path, the value and the allowed values', { timeout: 60_000 }, () => {
  const [i] = issues({ vms: { backing: 'huge' } });
  assert.deepEqual(i, { path: 'vms.backing', message: 'found "huge", allowed: "page", "thp", "hugetlb-2m", "hugetlb-1g"' });
});

test('an unknown injection kind lists the kinds', { timeout: 60_000 }, () => {
  const [i] = issues({ injections: [{ kind: 'rat' }] });
  assert.equal(i!.path, 'injections[0].kind');
  assert.match(i!.message, /found "rat", allowed: "rate", "per-access", "burst", "targeted"/);
});

test('several problems are reported at once', { timeout: 60_000 }, () => {
  const all = issues({ seed: -1, vms: { vcpus: 'two' }, injections: [{ kind: 'targeted', atNs: 1, target: { guestPa: 'zz' }, event: { type: 'serror', aet: 'XX' } }] });
  const paths = all.map((i) => i.path).sort();
  assert.deepEqual(paths, ['injections[0].event.aet', 'injections[0].target.guestPa', 'seed', 'vms.vcpus']);
  assert.match(all.find((i) => i.path === 'seed')!.message, /found -1, allowed: an integer from 0 to 4294967295/);
  assert.match(all.find((i) => i.path === 'injections[0].target.guestPa')!.message, /or a 0x hex string/);
});

test('cross-field rules name the field and the numbers', { timeout: 60_000 }, () => {
  const [i] = issues({ vms: { memoryMiB: 4, processPages: 1000 } });
  assert.equal(i!.path, 'vms.processPages');
  assert.match(i!.message, /= 4256 pages, but a 4 MiB guest has 1024/);
  const [j] = issues({ workload: { kind: 'scripted', accesses: [{ address: '0x1000', vcpu: 7 }] } });
  assert.deepEqual(j, { path: 'workload.accesses[0].vcpu', message: 'found 7, allowed: 0 to 1 (vms.vcpus is 2)' });
});

test('parseScenario throws one error listing every issue', { timeout: 60_000 }, () => {
  assert.throws(() => parseScenario({ a: 1, b: 2 }, 'x.json'), (e: unknown) => {
    assert.ok(e instanceof ScenarioError);
    assert.equal(e.issues.length, 2);
    assert.match(e.message, /^x\.json is not valid:\n {2}- a: unknown field/);
    return true;
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, runScripted, stepOf } from '../helpers/run.js';

const VMS = { perHost: 2, vcpus: 2, memoryMiB: 4, kernelPages: 16, processes: 3, processPages: 16 };

test('every vCPU runs its own script: each poisoned load is consumed by its vCPU at its time and address', async () => {
  const cases = [
    { vm: 0, vcpu: 0, atNs: 400, page: 1, offset: 0x80 },
    { vm: 0, vcpu: 1, atNs: 250, page: 3, offset: 0xfc0 },
    { vm: 1, vcpu: 0, atNs: 700, page: 5, offset: 0x0 },
    { vm: 1, vcpu: 1, atNs: 333, page: 7, offset: 0x440 },
  ];
  const accesses = cases.flatMap((c) => [
    // vCPU v loads the poisoned granule in process v (the kill takes only that process's
    // accesses with it); clean accesses of process 2 come before and after, so the batches are
    // cut around the poisoned one.
    { atNs: c.atNs - 20, vm: c.vm, vcpu: c.vcpu, process: 2, address: c.page * 0x1000 + c.offset },
    { atNs: c.atNs, vm: c.vm, vcpu: c.vcpu, process: c.vcpu, address: `0x${(c.page * 0x1000 + c.offset + 4).toString(16)}` },
    { atNs: c.atNs + 20, vm: c.vm, vcpu: c.vcpu, process: 2, address: 0 },
  ]);
  const injections = cases.map((c) => ({ kind: 'targeted', atNs: 10, target: { vm: c.vm, process: c.vcpu, page: c.page, offset: c.offset } }));
  const out = await runScripted(accesses, injections, { vms: VMS });
  assert.equal(count(out, 'sea'), 4);
  assert.equal(count(out, 'accesses'), 8, 'the clean accesses retire, the poisoned loads do not');
  assert.equal(out.hosts[0]!.vms[0]!.accesses, 4);
  assert.equal(out.hosts[0]!.vms[1]!.accesses, 4);
  for (const c of cases) {
    // A poison journey names the VM of the granule; the vCPU shows in the time and address.
    const j = out.journeys.find((x) => x.vm === c.vm && stepOf(x, 'consume').atNs === c.atNs);
    assert.ok(j !== undefined, `VM ${c.vm} consumes at ${c.atNs}`);
    const consume = stepOf(j, 'consume');
    assert.equal(consume.far, `0x${(c.page * 0x1000 + c.offset + 4).toString(16)}`);
    assert.equal(j.outcome, 'guest-app-killed');
  }
});

test('an access at a later time waits for it; accessNs spaces back-to-back accesses', async () => {
  const out = await runScripted(
    [
      { atNs: 0, address: 0x100 },
      { atNs: 0, address: 0x104 },
      { atNs: 0, address: 0x1040 }, // runs at 2 × accessNs
    ],
    [{ kind: 'targeted', atNs: 0, target: { process: 0, page: 1, offset: 0x40 } }],
  );
  assert.equal(stepOf(out.journeys[0]!, 'consume').atNs, 2);
});

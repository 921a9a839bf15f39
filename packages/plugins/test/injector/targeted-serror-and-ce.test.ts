import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planHost } from '@rasflow/core';
import { runScripted, stepOf } from '../helpers/run.js';

const VMS = { perHost: 2, vcpus: 3, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 };

test('a targeted SError is signalled to vCPU event.vcpu of target.vm at atNs', async () => {
  const out = await runScripted([], [
    { kind: 'targeted', atNs: 70, target: { vm: 1, process: 'kernel' }, event: { type: 'serror', aet: 'UER', vcpu: 2 } },
  ], { vms: VMS, profile: 'upstream' }); // upstream KVM answers UER with a virtual SError: a guest panic
  const j = out.journeys[0]!;
  assert.deepEqual([j.event, j.vm, j.vcpu, j.atNs], ['serror', 1, 2, 70]);
  assert.equal(stepOf(j, 'serror-signal').atNs, 70);
  assert.equal(stepOf(j, 'inject-serror').esr, '0xbe000c11', 'AET=UER, DFSC=0x11');
  assert.equal(j.outcome, 'guest-panic');
  assert.deepEqual(out.hosts[0]!.vms.map((v) => v.state), ['up', 'panicked'], 'only the target VM is hit');
});

test('SError options set the syndrome: IDS and DFSC=0', async () => {
  const out = await runScripted([], [
    { kind: 'targeted', atNs: 10, target: { vm: 0, process: 0 }, event: { type: 'serror', aet: 'UEO', ids: true } },
    { kind: 'targeted', atNs: 20, target: { vm: 1, process: 0 }, event: { type: 'serror', aet: 'UEO', dfsc: 0, vcpu: 1 } },
  ], { vms: VMS });
  assert.equal(stepOf(out.journeys[0]!, 'inject-serror').esr, '0xbf000000');
  assert.equal(stepOf(out.journeys[1]!, 'inject-serror').esr, '0xbe000000');
  assert.equal(out.journeys[1]!.vcpu, 1);
});

test('a targeted SError at a host PA records that address', async () => {
  const out = await runScripted([], [
    { kind: 'targeted', atNs: 10, target: { hostPa: '0x5_1040' }, event: { type: 'serror', aet: 'UEO', vcpu: 1 } },
  ], { vms: VMS });
  const j = out.journeys[0]!;
  assert.deepEqual([j.vm, j.vcpu, j.hostPa], [0, 1, '0x51040']);
  assert.equal(stepOf(j, 'inject-serror').far, '0x51040');
});

test('a targeted corrected error at a host PA is counted as corrected there', async () => {
  const out = await runScripted([], [{ kind: 'targeted', atNs: 30, target: { hostPa: '0x1_2340' }, event: { type: 'ce' } }]);
  const j = out.journeys[0]!;
  assert.deepEqual([j.event, j.hostPa, j.outcome, j.atNs], ['ce', '0x12340', 'corrected', 30]);
  assert.equal(stepOf(j, 'ce-count').far, '0x12340');
});

test('a targeted corrected error at a guest PA is counted at its host PA', async () => {
  const out = await runScripted([], [{ kind: 'targeted', atNs: 30, target: { vm: 1, guestPa: 0x1040 }, event: { type: 'ce' } }], { vms: VMS });
  const j = out.journeys[0]!;
  const plan = planHost(4096, [0, 1].map(() => ({ ramBytes: 4 * 2 ** 20, guestPageSize: 4096 as const, backing: 'page' as const, vmmPrivatePages: 16 })));
  const vm1Ram = plan.vms[1]!.firstHostPage * 4096;
  assert.deepEqual([j.event, j.vm, j.outcome], ['ce', 1, 'corrected']);
  assert.equal(j.hostPa, '0x' + (vm1Ram + 0x1040).toString(16));
});

test('a targeted SError at a process page records that page, not a random one', async () => {
  const out = await runScripted([{ atNs: 5, process: 0, address: 0x100 }], [
    { kind: 'targeted', atNs: 50, target: { vm: 0, process: 0, page: 3, offset: 0x80 }, event: { type: 'serror', aet: 'UEO' } },
  ], { vms: VMS });
  const j = out.journeys[0]!;
  assert.ok(j.hostPa !== null);
  assert.equal(parseInt(j.hostPa!, 16) % 4096, 0x80, 'the record names the target byte');
});

test('targeted injections run on their host only', async () => {
  const out = await runScripted(
    [],
    [
      { kind: 'targeted', atNs: 10, host: 1, target: { guestPa: 0x40 } },
      { kind: 'targeted', atNs: 20, host: 0, target: { guestPa: 0x80 } },
      { kind: 'targeted', atNs: 30, host: 1, target: { guestPa: 0xc0 } },
    ],
    { hosts: { count: 2 } },
  );
  assert.deepEqual(out.journeys.map((j) => [j.host, j.atNs]), [[0, 20], [1, 10], [1, 30]]);
});

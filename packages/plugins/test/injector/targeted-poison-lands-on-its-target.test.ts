import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planHost } from '@rasflow/core';
import { runScripted, stepOf } from '../helpers/run.js';

// Two VMs of 4 MiB with 16 VMM-private pages each; the targets are in VM 1.
const VMS = { perHost: 2, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16, vmmPrivatePages: 16 };
const plan = planHost(4096, [0, 1].map(() => ({ ramBytes: 4 << 20, guestPageSize: 4096 as const, backing: 'page' as const, vmmPrivatePages: 16 })));
const vm1 = plan.vms[1]!;
const hex = (n: number): string => `0x${n.toString(16)}`;

test('guestPa (number or hex string) poisons that granule of the VM\'s RAM', async () => {
  const out = await runScripted([], [
    { kind: 'targeted', atNs: 5, target: { vm: 1, guestPa: 0x12345 } },
    { kind: 'targeted', atNs: 6, target: { vm: 1, guestPa: '0x3f_fff0' } },
  ], { vms: VMS });
  const base = vm1.firstHostPage * 4096;
  assert.deepEqual(out.journeys.map((j) => [j.vm, j.atNs, j.hostPa]), [[1, 5, hex(base + 0x12340)], [1, 6, hex(base + 0x3fffc0)]]);
  assert.equal(stepOf(out.journeys[0]!, 'inject-poison').far, hex(base + 0x12345));
});

test('hostPa poisons that host granule, whichever VM owns it', async () => {
  const hpa = vm1.firstHostPage * 4096 + 0x2_0080;
  const out = await runScripted([], [{ kind: 'targeted', atNs: 5, target: { hostPa: hex(hpa) } }], { vms: VMS });
  assert.equal(out.journeys[0]!.hostPa, hex(hpa));
  assert.equal(out.journeys[0]!.vm, 1);
});

test('vmm: true poisons the VM\'s VMM-private page', async () => {
  const out = await runScripted([], [{ kind: 'targeted', atNs: 5, target: { vm: 1, vmm: true, page: 3, offset: 0x100 } }], { vms: VMS });
  assert.equal(out.journeys[0]!.hostPa, hex((vm1.vmmFirstHostPage + 3) * 4096 + 0x100));
  assert.equal(out.journeys[0]!.vm, 1);
});

test('process + page + offset poisons the granule that process reads at that address', async () => {
  const out = await runScripted(
    [{ atNs: 100, vm: 1, process: 1, address: 5 * 4096 + 0x7c0 }, { atNs: 110, vm: 1, process: 1, address: 5 * 4096 + 0x7c8 }],
    [{ kind: 'targeted', atNs: 5, target: { vm: 1, process: 1, page: 5, offset: 0x7c4 } }],
    { vms: VMS },
  );
  const j = out.journeys[0]!;
  const ram = [vm1.firstHostPage * 4096, vm1.firstHostPage * 4096 + vm1.ramBytes];
  assert.ok(Number(j.hostPa) >= ram[0]! && Number(j.hostPa) < ram[1]!, 'in VM 1\'s RAM');
  assert.equal(Number(j.hostPa) % 4096, 0x7c0, 'same granule offset in the page');
  const consume = stepOf(j, 'consume');
  assert.equal(consume.atNs, 100, 'the first load of the granule consumes it');
  assert.equal(consume.far, hex(5 * 4096 + 0x7c0));
  assert.equal(j.outcome, 'guest-app-killed');
});

test('process "kernel" poisons the guest kernel\'s page: a kernel load consumes it and the guest panics', async () => {
  const out = await runScripted(
    [
      { atNs: 100, process: 0, address: 3 * 4096 + 0x40 }, // the process's page 3 is another page
      { atNs: 120, process: 'kernel', address: 3 * 4096 + 0x40 },
    ],
    [{ kind: 'targeted', atNs: 5, target: { process: 'kernel', page: 3, offset: 0x40 } }],
    { vms: VMS },
  );
  const j = out.journeys[0]!;
  assert.equal(stepOf(j, 'consume').atNs, 120);
  assert.equal(j.el, 1);
  assert.equal(j.outcome, 'guest-panic');
});

test('poison options reach the flow: AV=0 and SET=UC change the outcome', async () => {
  const load = [{ atNs: 100, address: 0x40 }];
  const target = { process: 0, page: 0, offset: 0x40 };
  const plain = await runScripted(load, [{ kind: 'targeted', atNs: 5, target }]);
  const noAv = await runScripted(load, [{ kind: 'targeted', atNs: 5, target, event: { type: 'poison', av: false } }]);
  const uc = await runScripted(load, [{ kind: 'targeted', atNs: 5, target, event: { type: 'poison', set: 'UC' } }]);
  assert.equal(plain.journeys[0]!.outcome, 'guest-app-killed');
  assert.equal(noAv.journeys[0]!.outcome, 'guest-panic', 'no address: the fixture KVM injects a virtual SError');
  assert.equal(uc.journeys[0]!.outcome, 'host-panic', 'SET=UC: firmware halts');
});

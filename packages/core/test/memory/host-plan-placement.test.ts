import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backingLossShift, gpaToHostPage, gpaToHva, hpaToGpa, hvaToGpa, planHost } from '../../src/memory/host-plan.js';

test('memslots are aligned to their backing and followed by VMM-private pages', () => {
  const plan = planHost(4096, [
    { ramBytes: 4 << 20, guestPageSize: 4096, backing: 'page', vmmPrivatePages: 3 },
    { ramBytes: 4 << 20, guestPageSize: 4096, backing: 'hugetlb-2m', vmmPrivatePages: 3 },
  ]);
  const [a, b] = plan.vms;
  assert.equal(a!.firstHostPage, 0);
  assert.equal(a!.vmmFirstHostPage, 1024);
  assert.equal(b!.firstHostPage % 512, 0, '2 MiB aligned');
  assert.ok(b!.firstHostPage >= 1027);
  assert.equal(plan.hostPages, b!.vmmFirstHostPage + 3);
});

test('guest PA, host PA and the VMM host VA convert by addition', () => {
  const plan = planHost(65536, [{ ramBytes: 1 << 24, guestPageSize: 4096, backing: 'page', vmmPrivatePages: 1 }]);
  const p = plan.vms[0]!;
  assert.equal(gpaToHostPage(p, 16, 0x12345), p.firstHostPage + 1);
  assert.equal(hvaToGpa(p, gpaToHva(p, 0x40001000)), -1, 'outside a 16 MiB guest');
  assert.equal(hvaToGpa(p, gpaToHva(p, 0x1000)), 0x1000);
  assert.equal(hpaToGpa(p, 16, p.firstHostPage * 65536 + 0x2000), 0x2000);
});

test('memory_failure loses the whole huge page for hugetlbfs, a base page for THP', () => {
  assert.equal(backingLossShift('hugetlb-2m', 12), 21);
  assert.equal(backingLossShift('hugetlb-1g', 12), 30);
  assert.equal(backingLossShift('thp', 12), 12);
  assert.equal(backingLossShift('page', 16), 16);
});

test('RAM that is not a multiple of the backing unit is refused', () => {
  assert.throws(
    () => planHost(4096, [{ ramBytes: 3 << 20, guestPageSize: 4096, backing: 'hugetlb-2m', vmmPrivatePages: 0 }]),
    /not a positive multiple of the hugetlb-2m backing unit/,
  );
});

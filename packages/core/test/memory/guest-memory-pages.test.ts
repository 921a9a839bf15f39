import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GuestMemory, GPAGE_KERNEL, GPAGE_OFFLINED, GPAGE_USER, PTE_HWPOISON } from '../../src/memory/guest-memory.js';

const shape = { guestPages: 64, guestPageShift: 12 as const, kernelPages: 8, processes: 2, processPages: 16 };

test('boot maps the kernel and every process onto distinct pages', () => {
  const g = GuestMemory.create(shape);
  const seen = new Set<number>();
  for (const gpfn of g.kernelPt) {
    assert.equal(g.state[gpfn], GPAGE_KERNEL);
    seen.add(gpfn);
  }
  for (const pt of g.processPt) for (const gpfn of pt) {
    assert.equal(g.state[gpfn], GPAGE_USER);
    assert.ok(!seen.has(gpfn), `gpfn ${gpfn} mapped twice`);
    seen.add(gpfn);
  }
  assert.equal(seen.size, 8 + 32);
  assert.equal(g.freePages(), 64 - 40);
});

test('offlining a process page turns its mapping into a poisoned entry', () => {
  const g = GuestMemory.create(shape);
  const gpfn = g.processPt[1]![5]!;
  assert.deepEqual(g.offline(gpfn), [1]);
  assert.equal(g.processPt[1]![5], PTE_HWPOISON);
  assert.equal(g.state[gpfn], GPAGE_OFFLINED);
});

test('a restarted process gets fresh pages; an offlined page is not handed out again until the guest reboots', () => {
  const g = GuestMemory.create(shape);
  const bad = g.processPt[0]![0]!;
  g.offline(bad);
  assert.equal(g.mapProcess(0), true);
  assert.ok(!Array.from(g.processPt[0]!).includes(bad));
  assert.equal(g.mapProcess(1), true);
  assert.ok(!Array.from(g.processPt[1]!).includes(bad));
  assert.equal(g.state[bad], GPAGE_OFFLINED);
  // A rebooted guest kernel has no list of offlined pages (the VMM backed them with fresh host pages).
  g.boot();
  assert.notEqual(g.state[bad], GPAGE_OFFLINED);
  assert.equal(g.freePages() + 8 + 32, 64);
});

test('a process that cannot get pages (the guest is out of memory) is reported', () => {
  const g = GuestMemory.create({ guestPages: 40, guestPageShift: 12, kernelPages: 8, processes: 2, processPages: 16 });
  g.offline(g.processPt[0]![3]!);
  assert.equal(g.mapProcess(0), false, 'one page short: the offlined page is not reused');
});

test('a guest too small for its processes is refused with the numbers', () => {
  assert.throws(() => GuestMemory.create({ ...shape, processPages: 40 }), /8 kernel \+ 2×40 process pages = 88, but has only 64/);
});

test('a 1 GiB guest whose processes use a few MiB costs under 1 MiB of guest-memory state', () => {
  const g = GuestMemory.create({ guestPages: 262144, guestPageShift: 12, kernelPages: 256, processes: 4, processPages: 1024 });
  assert.ok(g.layout.totalBytes < 1 << 20, `${g.layout.totalBytes} bytes`);
  assert.equal(g.freePages(), 262144 - 256 - 4096);
  // Pages handed back are reused first (a restarted process gets the pages it gave back).
  const before = Array.from(g.processPt[2]!);
  assert.equal(g.mapProcess(2), true);
  assert.deepEqual(Array.from(g.processPt[2]!).sort((a, b) => a - b), before.sort((a, b) => a - b));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostPoisonMap } from '../../src/memory/host-poison-map.js';
import { hostPoisonLayout, PAGE_FLAG_HWPOISON, PAGE_FLAG_STAGE2_UNMAPPED } from '../../src/memory/layout.js';

test('a clean page costs one summary bit and no slot', () => {
  const m = HostPoisonMap.create(1 << 20, 12, 64);
  assert.equal(m.pageHasSlot(12345), false);
  assert.equal(m.isGranulePoisoned(12345, 3), false);
  assert.equal(m.pagesWithSlots(), 0);
});

test('poisoning a granule sets the summary bit and only that granule', () => {
  const m = HostPoisonMap.create(1 << 20, 12, 64);
  assert.equal(m.poisonGranule(777, 63), true);
  assert.equal(m.poisonGranule(777, 63), false, 'second poisoning of the same granule is not new');
  assert.equal(m.pageHasSlot(777), true);
  assert.equal(m.pageHasSlot(776), false);
  assert.equal(m.isGranulePoisoned(777, 63), true);
  assert.equal(m.isGranulePoisoned(777, 62), false);
  assert.equal(m.poisonedGranules(), 1);
});

test('64 KiB host pages keep 1024 granules per page', () => {
  const m = HostPoisonMap.create(4096, 16, 8);
  m.poisonGranule(5, 1023);
  m.poisonGranule(5, 0);
  assert.equal(m.isGranulePoisoned(5, 1023), true);
  assert.equal(m.isGranulePoisoned(5, 0), true);
  assert.equal(m.isGranulePoisoned(5, 512), false);
  const seen: number[] = [];
  m.forEachPoisoned((page, _flags, g) => seen.push(page * 10000 + g));
  assert.deepEqual(seen, [50000, 51023]);
});

test('page flags live in the same slot and clearing a granule keeps the flags', () => {
  const m = HostPoisonMap.create(1024, 12, 8);
  m.poisonGranule(9, 4);
  m.setFlags(9, PAGE_FLAG_HWPOISON | PAGE_FLAG_STAGE2_UNMAPPED);
  assert.equal(m.clearGranule(9, 4), true);
  assert.equal(m.pageHasPoison(9), false);
  assert.equal(m.pageFlags(9), PAGE_FLAG_HWPOISON | PAGE_FLAG_STAGE2_UNMAPPED);
  m.clearFlags(9, PAGE_FLAG_STAGE2_UNMAPPED);
  assert.equal(m.pageFlags(9), PAGE_FLAG_HWPOISON);
});

test('a full map says which limit to raise', () => {
  const m = HostPoisonMap.create(1024, 12, 2);
  m.poisonGranule(1, 0);
  m.poisonGranule(2, 0);
  assert.throws(() => m.poisonGranule(3, 0), /maxPoisonedPagesPerHost/);
  assert.equal(m.pagesWithSlots(), 2);
});

test('reset forgets poison and flags (host reboot with transient faults)', () => {
  const m = HostPoisonMap.create(1024, 12, 8);
  m.poisonGranule(3, 1);
  m.setFlags(4, PAGE_FLAG_HWPOISON);
  m.reset();
  assert.equal(m.pageHasSlot(3), false);
  assert.equal(m.pageFlags(4), 0);
  assert.equal(m.poisonedGranules(), 0);
  m.poisonGranule(3, 2);
  assert.equal(m.isGranulePoisoned(3, 2), true);
});

test('a thousand 1 GiB VMs cost tens of MiB of poison state, not gigabytes', () => {
  const pages = 1000 * ((1 << 30) / 4096);
  const l = hostPoisonLayout(pages, 12, 65536);
  assert.ok(l.totalBytes < 48 * 1024 * 1024, `layout is ${l.totalBytes} bytes`);
});

test('a map attached to the same buffer (another thread) sees the same poison', () => {
  const a = HostPoisonMap.create(4096, 12, 16);
  const b = new HostPoisonMap(a.sab, a.layout);
  a.poisonGranule(100, 7);
  assert.equal(b.isGranulePoisoned(100, 7), true);
  assert.equal(b.pageHasSlot(100), true);
});

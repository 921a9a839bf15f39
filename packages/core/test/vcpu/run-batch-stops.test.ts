import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessBatch, FLAG_EL1, OP_FETCH, OP_LOAD, OP_STORE } from '../../src/vcpu/access-batch.js';
import {
  OUT_GRANULE, OUT_HOST_PAGE, OUT_INDEX, OUT_REASON, OUT_WORDS, STOP_BUDGET, STOP_POISON, STOP_PTE_NONE,
  STOP_PTE_POISON, STOP_STAGE2, runBatch, type VmAccessView,
} from '../../src/vcpu/run-batch.js';
import { GuestMemory } from '../../src/memory/guest-memory.js';
import { HostPoisonMap } from '../../src/memory/host-poison-map.js';
import { PAGE_FLAG_STAGE2_UNMAPPED } from '../../src/memory/layout.js';

function setup(dataBacked = false) {
  const g = GuestMemory.create({ guestPages: 64, guestPageShift: 12, kernelPages: 4, processes: 1, processPages: 8 });
  const poison = HostPoisonMap.create(128, 12, 16);
  const view: VmAccessView = {
    kernelPt: g.kernelPt, processPt: g.processPt, firstHostPage: 32, guestPageShift: 12,
    guestShiftMinusGranule: 6, hostShiftMinusGranule: 6,
    data: dataBacked ? new Int32Array(64 * 1024) : null, dataFirstHostPage: 32, hostPageShift: 12,
    dirty: null, dirtyStamp: 1,
  };
  return { g, poison, view, out: new Int32Array(OUT_WORDS), sink: new Int32Array(1) };
}

function batchOf(entries: Array<[number, number]>): AccessBatch {
  const b = new AccessBatch(16);
  entries.forEach(([a, f], i) => {
    b.addr[i] = a;
    b.flags[i] = f;
  });
  b.length = entries.length;
  return b;
}

test('a load of a poisoned granule stops the batch at exactly that access', () => {
  const { g, poison, view, out, sink } = setup();
  const gpfn = g.processPt[0]![2]!;
  poison.poisonGranule(32 + gpfn, 5); // granule 5 = bytes 320..383 of the page
  const b = batchOf([[0x2000, OP_LOAD], [0x2000 + 319, OP_LOAD], [0x2000 + 320, OP_LOAD], [0x2000 + 324, OP_LOAD]]);
  const retired = runBatch(b, 0, 100, view, poison, out, sink);
  assert.equal(retired, 2);
  assert.equal(out[OUT_REASON], STOP_POISON);
  assert.equal(out[OUT_INDEX], 2);
  assert.equal(out[OUT_HOST_PAGE], 32 + gpfn);
  assert.equal(out[OUT_GRANULE], 5);
});

test('a store to a poisoned granule retires; a fetch of it stops', () => {
  const { g, poison, view, out, sink } = setup();
  poison.poisonGranule(32 + g.processPt[0]![1]!, 0);
  const b = batchOf([[0x1000, OP_STORE], [0x1004, OP_FETCH]]);
  assert.equal(runBatch(b, 0, 100, view, poison, out, sink), 1);
  assert.equal(out[OUT_REASON], STOP_POISON);
  assert.equal(out[OUT_INDEX], 1);
});

test('any access to a page unmapped from stage 2 stops, store included', () => {
  const { g, poison, view, out, sink } = setup();
  poison.setFlags(32 + g.kernelPt[3]!, PAGE_FLAG_STAGE2_UNMAPPED);
  const b = batchOf([[0x100, OP_LOAD | FLAG_EL1], [0x3000, OP_STORE | FLAG_EL1]]);
  assert.equal(runBatch(b, 0, 100, view, poison, out, sink), 1);
  assert.equal(out[OUT_REASON], STOP_STAGE2);
});

test('a poisoned guest PTE and an address outside the mapping stop with their own reasons', () => {
  const { g, poison, view, out, sink } = setup();
  g.offline(g.processPt[0]![4]!);
  assert.equal(runBatch(batchOf([[0x4010, OP_LOAD]]), 0, 100, view, poison, out, sink), 0);
  assert.equal(out[OUT_REASON], STOP_PTE_POISON);
  assert.equal(runBatch(batchOf([[8 * 4096, OP_LOAD]]), 0, 100, view, poison, out, sink), 0);
  assert.equal(out[OUT_REASON], STOP_PTE_NONE);
});

test('the access budget and a restart index are honoured', () => {
  const { poison, view, out, sink } = setup();
  const b = batchOf([[0, OP_LOAD], [4, OP_LOAD], [8, OP_LOAD], [12, OP_LOAD]]);
  assert.equal(runBatch(b, 1, 2, view, poison, out, sink), 2);
  assert.equal(out[OUT_REASON], STOP_BUDGET);
  assert.equal(out[OUT_INDEX], 3);
});

test('data-backed mode stores and loads the guest words of retired accesses only', () => {
  const { g, poison, view, out, sink } = setup(true);
  const gpfn = g.processPt[0]![0]!;
  poison.poisonGranule(32 + gpfn, 1);
  const b = batchOf([[0x8, OP_STORE], [0x8, OP_LOAD], [0x40, OP_STORE]]);
  // The third access is a store into the poisoned granule: it retires (stores do not consume).
  assert.equal(runBatch(b, 0, 100, view, poison, out, sink), 3);
  const word = (gpfn << 10) | 2;
  assert.equal(view.data![word], 0, 'the store wrote its access index 0');
  assert.equal(view.data![(gpfn << 10) | 16], 2, 'the store into granule 1 wrote its index');
});

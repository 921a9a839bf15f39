// Initialising the blob: slots point at their blocks, acks are 1, blocks are zero; nothing past
// the blob is touched. Also the per-source reset used on guest reboot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialiseGhesBlob, planGhesSources, resetGhesSource } from '../../src/apei/ghes-layout.js';
import { readU64Number } from '../../src/util/u64.js';

const plan = planGhesSources({ kinds: ['sea', 'sei'], pes: 2, base: 0x7fff_0000, blockLength: 64 });

test('physical slots, acks = 1, zero blocks, bytes after the blob untouched', () => {
  const sab = new SharedArrayBuffer(plan.blobLength + 16);
  new Uint8Array(sab).fill(0xaa);
  const view = new DataView(sab);
  initialiseGhesBlob(view, plan);
  for (const s of plan.sources) {
    assert.equal(readU64Number(view, s.slotOffset), plan.base + s.blockOffset);
    assert.equal(readU64Number(view, s.ackOffset), 1);
    assert.ok(new Uint8Array(sab, s.blockOffset, s.blockLength).every((b) => b === 0));
  }
  assert.ok(new Uint8Array(sab, plan.blobLength).every((b) => b === 0xaa));
});

test('offset slots hold the block offset inside the blob', () => {
  const view = new DataView(new ArrayBuffer(plan.blobLength));
  initialiseGhesBlob(view, plan, { slotAddresses: 'offset' });
  for (const s of plan.sources) assert.equal(readU64Number(view, s.slotOffset), s.blockOffset);
});

test('a view shorter than the blob is refused', () => {
  assert.throws(() => initialiseGhesBlob(new DataView(new ArrayBuffer(plan.blobLength - 1)), plan), RangeError);
});

test('resetGhesSource clears one block and frees its ack, leaving the others', () => {
  const view = new DataView(new ArrayBuffer(plan.blobLength));
  initialiseGhesBlob(view, plan);
  const [a, b] = plan.sources;
  for (const s of [a!, b!]) {
    view.setUint32(s.ackOffset, 0, true);
    new Uint8Array(view.buffer, s.blockOffset, s.blockLength).fill(0x55);
  }
  resetGhesSource(view, a!);
  assert.equal(readU64Number(view, a!.ackOffset), 1);
  assert.ok(new Uint8Array(view.buffer, a!.blockOffset, a!.blockLength).every((x) => x === 0));
  assert.equal(readU64Number(view, b!.ackOffset), 0);
  assert.ok(new Uint8Array(view.buffer, b!.blockOffset, b!.blockLength).every((x) => x === 0x55));
  assert.equal(readU64Number(view, a!.slotOffset), plan.base + a!.blockOffset);
});

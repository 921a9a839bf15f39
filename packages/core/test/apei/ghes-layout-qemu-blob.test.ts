// The QEMU `etc/hardware_errors` shape (formats.md c.6) for SEA + GPIO: 2 slots, 2 acks, 2 blocks
// of 1 KiB, 2080 bytes in all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_GHES_BLOCK_LENGTH, planGhesSources } from '../../src/apei/ghes-layout.js';
import { oraclePlan } from '../helpers/hest-fixtures.js';

test('two sources: slots 0/8, acks 16/24, blocks 32/1056, 2080 bytes', () => {
  const p = oraclePlan();
  assert.equal(p.blobLength, 2080);
  assert.equal(p.blockLength, DEFAULT_GHES_BLOCK_LENGTH);
  assert.deepEqual(
    p.sources.map((s) => [s.sourceId, s.kind, s.pe, s.notifyType, s.slotOffset, s.ackOffset, s.blockOffset, s.blockLength]),
    [
      [0, 'sea', 0, 8, 0, 16, 32, 1024],
      [1, 'gpio', null, 7, 8, 24, 1056, 1024],
    ],
  );
});

test('slots, acks and blocks never overlap and fill the blob exactly', () => {
  const p = planGhesSources({ kinds: ['sea', 'sei', 'sdei', 'gpio'], pes: 3, base: 0x9000_0000, blockLength: 4096 });
  const spans: Array<[number, number]> = [];
  for (const s of p.sources) spans.push([s.slotOffset, 8], [s.ackOffset, 8], [s.blockOffset, s.blockLength]);
  spans.sort((a, b) => a[0] - b[0]);
  let end = 0;
  for (const [off, len] of spans) {
    assert.equal(off, end, 'contiguous, no gap and no overlap');
    end = off + len;
  }
  assert.equal(end, p.blobLength);
  assert.equal(p.sources.length, 10);
  for (const s of p.sources) assert.equal(s.ackOffset % 8, 0);
});

test('source order is sea, sei, sdei, gpio whatever order was asked', () => {
  const a = planGhesSources({ kinds: ['gpio', 'sea'], pes: 1, base: 0 });
  const b = planGhesSources({ kinds: ['sea', 'gpio'], pes: 1, base: 0 });
  assert.deepEqual(a, b);
});

// End to end through the published table, as the OS does it (formats.md c.6): HEST entry → slot
// address → block address read from the slot → block; the ack address points at the register.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GHESV2_TYPE, QEMU_HEST_HEADER, decodeHest, encodeHest } from '../../src/apei/hest.js';
import { hestEntriesForPlan, initialiseGhesBlob, planGhesSources } from '../../src/apei/ghes-layout.js';
import { readU64Number } from '../../src/util/u64.js';

test('every decoded entry leads to its own block and a free ack register', () => {
  const plan = planGhesSources({ kinds: ['sea', 'sei', 'sdei', 'gpio'], pes: 2, base: 0x4000_0000 });
  const blob = new DataView(new ArrayBuffer(plan.blobLength));
  initialiseGhesBlob(blob, plan);
  const table = decodeHest(encodeHest(QEMU_HEST_HEADER, hestEntriesForPlan(plan)));
  assert.equal(table.entries.length, plan.sources.length);
  const blocks = new Set<number>();
  for (const e of table.entries) {
    assert.equal(e.type, GHESV2_TYPE);
    if (e.type !== GHESV2_TYPE) continue;
    const slot = Number(e.errorStatusAddress.address) - plan.base;
    const block = readU64Number(blob, slot) - plan.base;
    assert.equal(block, plan.sources[e.sourceId]!.blockOffset);
    assert.ok(block + e.errorStatusBlockLength <= plan.blobLength);
    blocks.add(block);
    const ack = Number(e.readAckRegister.address) - plan.base;
    assert.equal(readU64Number(blob, ack), 1);
    assert.equal(e.relatedSourceId, 0xffff);
    assert.equal(e.enabled, 1);
    assert.equal(e.recordsToPreallocate, 1);
    assert.equal(e.maxSectionsPerRecord, 1);
    assert.equal(e.maxRawDataLength, 1024);
    assert.equal(e.readAckPreserve, 0xffff_ffff_ffff_fffen);
    assert.equal(e.readAckWrite, 1n);
  }
  assert.equal(blocks.size, plan.sources.length);
});

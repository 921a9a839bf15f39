// An entry index past the block's Data Length is no entry, even where an earlier, longer record
// left its bytes in the block: a reader must not see a stale error as a new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialiseGhesBlob, planGhesSources } from '../../src/apei/ghes-layout.js';
import { ackRecord, APPEND_OK, appendRecord, readRecordAt, recordCount, WRITE_OK, writeRecord } from '../../src/engine/ghes-access.js';
import type { GhesReading } from '../../src/plugin/contexts.js';

test('after a three-entry block is acknowledged and one record written, entries 1 and 2 read malformed', () => {
  const plan = planGhesSources({ kinds: ['sea'], pes: 1, base: 0 });
  const view = new DataView(new ArrayBuffer(plan.blobLength));
  initialiseGhesBlob(view, plan, { slotAddresses: 'offset' });
  assert.equal(writeRecord(view, plan, 0, 0, 0x1000, 0x4002), WRITE_OK);
  assert.equal(appendRecord(view, plan, 0, 0, 0x2000, 0x4002), APPEND_OK);
  assert.equal(appendRecord(view, plan, 0, 0, 0x3000, 0x4002), APPEND_OK);
  ackRecord(view, plan, 0);
  view.setUint32(plan.sources[0]!.blockOffset, 0, true); // the OS clears Block Status, as Linux does
  assert.equal(writeRecord(view, plan, 0, 0, 0x9000, 0x4002), WRITE_OK);
  assert.equal(recordCount(view, plan, 0), 1);
  const r: GhesReading = { result: 'none', severity: -1, validationBits: 0, physicalAddress: -1 };
  readRecordAt(view, plan, 0, 0, r);
  assert.deepEqual([r.result, r.physicalAddress], ['record', 0x9000]);
  for (const k of [1, 2, 5]) {
    readRecordAt(view, plan, 0, k, r);
    assert.deepEqual([r.result, r.physicalAddress], ['malformed', -1], `entry ${k}`);
  }
});

test('an empty block reads none at every index', () => {
  const plan = planGhesSources({ kinds: ['sea'], pes: 1, base: 0 });
  const view = new DataView(new ArrayBuffer(plan.blobLength));
  initialiseGhesBlob(view, plan, { slotAddresses: 'offset' });
  const r: GhesReading = { result: 'record', severity: 0, validationBits: 0, physicalAddress: 5 };
  for (const k of [0, 1, 3]) {
    readRecordAt(view, plan, 0, k, r);
    assert.equal(r.result, 'none', `entry ${k}`);
  }
});

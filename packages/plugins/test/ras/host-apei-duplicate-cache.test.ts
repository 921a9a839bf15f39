import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GhesReading, HypervisorContext } from '@rasflow/core';
import { APEI_DUPLICATE, APEI_NONE, APEI_RECORD, HostApei } from '../../src/ras/host-apei.js';

/** A host GHES source that always holds a record for `pa`, and a clock the test moves. */
function fakeHost(pa: number) {
  const h = {
    nowNs: 0,
    acks: 0,
    notes: [] as string[],
    present: true,
    apeiRead(_src: number, out: GhesReading) {
      out.result = h.present ? 'record' : 'none';
      out.severity = 0;
      out.validationBits = 0x4002;
      out.physicalAddress = h.present ? pa : -1;
    },
    apeiAck() {
      h.acks++;
    },
    note(t: string) {
      h.notes.push(t);
    },
  };
  return h;
}

test('without the cache every record is processed', () => {
  const apei = new HostApei(false);
  const h = fakeHost(0x1000);
  const hv = h as unknown as HypervisorContext;
  assert.equal(apei.claim(hv, 0), APEI_RECORD);
  assert.equal(apei.claim(hv, 0), APEI_RECORD);
  assert.equal(h.acks, 2, 'the block is acked as soon as it is read');
});

test('the cache suppresses the same record within 10 s and lets it through after', () => {
  const apei = new HostApei(true);
  const h = fakeHost(0x2000);
  const hv = h as unknown as HypervisorContext;
  assert.equal(apei.claim(hv, 0), APEI_RECORD);
  h.nowNs = 9_999_999_999;
  assert.equal(apei.claim(hv, 0), APEI_DUPLICATE);
  assert.match(h.notes[0]!, /duplicate record/);
  h.nowNs = 10_000_000_001;
  assert.equal(apei.claim(hv, 0), APEI_RECORD);
});

test('the cache keeps four entries', () => {
  const apei = new HostApei(true);
  let pa = 0x1000;
  const h = fakeHost(0);
  h.apeiRead = (_s: number, out: GhesReading) => {
    out.result = 'record';
    out.severity = 0;
    out.validationBits = 0x4002;
    out.physicalAddress = pa;
  };
  const hv = h as unknown as HypervisorContext;
  for (const p of [1, 2, 3, 4, 5]) {
    pa = p * 0x1000;
    assert.equal(apei.claim(hv, 0), APEI_RECORD);
  }
  pa = 0x1000; // evicted by the fifth
  assert.equal(apei.claim(hv, 0), APEI_RECORD);
  pa = 0x3000;
  assert.equal(apei.claim(hv, 0), APEI_DUPLICATE);
});

test('an empty source is not acked', () => {
  const apei = new HostApei(true);
  const h = fakeHost(0);
  h.present = false;
  assert.equal(apei.claim(h as unknown as HypervisorContext, 0), APEI_NONE);
  assert.equal(h.acks, 0);
  assert.equal(apei.claim(h as unknown as HypervisorContext, -1), APEI_NONE);
});

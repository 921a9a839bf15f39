// A GHES block too small for the 172-byte memory record: the write fails and writes nothing,
// before the read-ack register is claimed, as QEMU's ghes_record_cper_errors() does ("GHES CPER
// record is too big"). The plugin sees false and the journey a note; the block stays free.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

const TOO_BIG = 'GHES CPER record is too big: 172 bytes for the 64-byte error status block of source 0; nothing written';

test('a guest block of 64 bytes: writeGuestMemoryRecord returns false, the ack stays free, the VMM exits', { timeout: 30_000 }, async () => {
  const { journeys } = await runBoundary({ ...POISON_THEN_LOAD, layers: { vmm: { module: 'boundary-vmm', options: { op: 'plain', blockLength: 64 } } } });
  const j = journeys[0]!;
  const vmm = j.steps.filter((s) => s.layer === 'vmm');
  assert.deepEqual(vmm.map((s) => s.text ?? s.action).slice(0, 3), [TOO_BIG, 'written=false ackFree=true', 'failed to record the error']);
  assert.ok(!vmm.some((s) => s.action === 'record-cper' || s.action === 'ack-busy'));
  assert.equal(j.outcome, 'vm-terminated');
});

test('a host block of 64 bytes: writeMemoryRecord returns false, the ack stays free, KVM finds no record', { timeout: 30_000 }, async () => {
  const { journeys } = await runBoundary({ ...POISON_THEN_LOAD, layers: { firmware: { module: 'boundary-firmware', options: { op: 'plain', blockLength: 64 } } } });
  const j = journeys[0]!;
  const fw = j.steps.filter((s) => s.layer === 'firmware');
  assert.deepEqual(fw.map((s) => s.text ?? s.action).slice(0, 2), [TOO_BIG, 'written=false ackFree=true']);
  assert.ok(j.steps.some((s) => s.layer === 'hypervisor' && s.action === 'apei-none'), 'the host reads no record');
  assert.equal(j.outcome, 'guest-panic');
});

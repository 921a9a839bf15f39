// The libcper example records (the external oracle): each decodes to the values in its JSON file,
// and re-encoding the decoded record reproduces the file byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCperRecord, encodeCperRecordToBytes } from '../../src/apei/cper-record.js';
import { decodeSectionFlags } from '../../src/apei/section-descriptor.js';
import { formatTimestamp } from '../../src/apei/timestamp.js';
import { big, loadOracle, obj, ORACLE_NAMES, viewOf } from './cper-fixtures.js';
import { assertGenericMatchesLibcper, assertMemoryMatchesLibcper } from './libcper-compare.js';

const SECTION_TYPE_NAMES: Record<string, string> = {
  'Platform Memory': 'memory',
  'Processor Generic': 'generic-processor',
};

for (const name of ORACLE_NAMES) {
  test(`${name}: record header matches libcper`, () => {
    const { bytes, json } = loadOracle(name);
    const r = decodeCperRecord(viewOf(bytes));
    const h = obj(json['header']);
    assert.deepEqual(obj(h['revision']), { major: r.revision >>> 8, minor: r.revision & 0xff });
    assert.equal(h['sectionCount'], r.sections.length);
    assert.equal(obj(h['severity'])['code'], r.errorSeverity);
    assert.equal(h['recordLength'], r.recordLength);
    assert.equal(r.recordLength, bytes.length);
    assert.equal(h['timestamp'] !== undefined, r.timestamp !== null, 'timestamp present ⇔ validation bit 1');
    if (r.timestamp) {
      assert.equal(h['timestamp'], formatTimestamp(r.timestamp) + '+00:00');
      assert.equal(h['timestampIsPrecise'], r.timestamp.precise);
    }
    assert.equal(h['platformID'], r.platformId ?? undefined);
    assert.equal(h['partitionID'], r.partitionId ?? undefined);
    assert.equal(h['creatorID'], r.creatorId);
    assert.equal(obj(h['notificationType'])['guid'], r.notificationType);
    assert.equal(big(h['recordID']), r.recordId);
    assert.equal(obj(h['flags'])['value'], r.flags);
    assert.equal(big(h['persistenceInfo']), r.persistenceInfo);
  });

  test(`${name}: section descriptors match libcper`, () => {
    const { bytes, json } = loadOracle(name);
    const r = decodeCperRecord(viewOf(bytes));
    const descs = json['sectionDescriptors'] as unknown[];
    assert.equal(descs.length, r.sections.length);
    descs.forEach((dj, i) => {
      const d = obj(dj);
      const s = r.sections[i]!;
      assert.equal(d['sectionOffset'], s.sectionOffset);
      assert.equal(d['sectionLength'], s.sectionLength);
      assert.deepEqual(obj(d['revision']), { major: s.revision >>> 8, minor: s.revision & 0xff });
      assert.deepEqual(obj(d['flags']), decodeSectionFlags(s.flags));
      const type = obj(d['sectionType']);
      assert.equal(SECTION_TYPE_NAMES[String(type['type'])], s.body.kind);
      assert.equal(d['fruID'], s.fruId ?? undefined);
      assert.equal(d['fruText'], s.fruText ?? undefined);
      assert.equal(obj(d['severity'])['code'], s.severity);
    });
  });

  test(`${name}: section bodies match libcper field by field`, () => {
    const { bytes, json } = loadOracle(name);
    const r = decodeCperRecord(viewOf(bytes));
    const sections = json['sections'] as unknown[];
    sections.forEach((sj, i) => {
      const body = r.sections[i]!.body;
      const s = obj(sj);
      if (body.kind === 'memory') assertMemoryMatchesLibcper(body.memory, obj(s['Memory']));
      else if (body.kind === 'generic-processor') assertGenericMatchesLibcper(body.genericProcessor, obj(s['GenericProcessor']));
      else assert.fail(`unexpected section kind ${body.kind}`);
    });
  });

  test(`${name}: decode then encode reproduces the file byte for byte`, () => {
    const { bytes } = loadOracle(name);
    assert.deepEqual(encodeCperRecordToBytes(decodeCperRecord(viewOf(bytes))), bytes);
  });
}

test('oracle spot values from the README worked check', () => {
  const mem = decodeCperRecord(viewOf(loadOracle('memory').bytes)).sections[0]!.body;
  assert.ok(mem.kind === 'memory');
  assert.equal(mem.memory.validationBits, 0x275555n);
  assert.equal(mem.memory.errorStatus, 0x6b1000n);
  assert.equal(mem.memory.bank, 0xcd80);
  assert.equal(mem.memory.extended, 0xc0);
  const real = decodeCperRecord(viewOf(loadOracle('memory-validation-bits').bytes)).sections[0]!.body;
  assert.ok(real.kind === 'memory');
  assert.equal(real.memory.validationBits, 0x2cbfen);
  assert.equal(real.memory.physicalAddress, 0x80000000n);
  assert.equal(real.memory.physicalAddressMask, 0xffff_ffff_ffff_f000n);
  assert.equal(real.memory.memoryErrorType, 3);
  assert.equal(real.memory.requestorId, 0xaan);
  assert.equal(real.memory.moduleHandle, 14);
  const gen = decodeCperRecord(viewOf(loadOracle('generic').bytes)).sections[0]!.body;
  assert.ok(gen.kind === 'generic-processor');
  assert.equal(gen.genericProcessor.validationBits, 0x1555n);
});

test('the BigInt-safe JSON parse keeps values above 2^53 exact', () => {
  const { json } = loadOracle('memory');
  const m = obj(obj((json['sections'] as unknown[])[0])['Memory']);
  assert.equal(big(m['physicalAddressMask']), 10899239918570409638n);
  assert.notEqual(BigInt(Number('10899239918570409638')), 10899239918570409638n, 'plain numbers would round');
});

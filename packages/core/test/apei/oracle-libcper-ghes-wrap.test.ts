// libcper README caveat 7: the section bodies of the oracle records, wrapped in a GESB and a
// revision-0x0300 GEDE built here byte by byte (not with our encoder), decode as a GHES block to
// the same values libcper printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGhesBlock } from '../../src/apei/ghes-block.js';
import { guidBytes } from '../../src/apei/guid.js';
import { decodeSectionDescriptor } from '../../src/apei/section-descriptor.js';
import { loadOracle, obj, ORACLE_NAMES, viewOf } from './cper-fixtures.js';
import { assertGenericMatchesLibcper, assertMemoryMatchesLibcper } from './libcper-compare.js';

/** GESB + GEDE(0x0300) + body, the GEDE fields copied from the record's first descriptor. */
function wrapFirstSection(record: Uint8Array): Uint8Array {
  const rv = viewOf(record);
  const d = decodeSectionDescriptor(rv, 128);
  const body = record.subarray(d.sectionOffset, d.sectionOffset + d.sectionLength);
  const out = new Uint8Array(20 + 72 + body.length);
  const v = viewOf(out);
  v.setUint32(0, 1, true);
  v.setUint32(12, 72 + body.length, true);
  v.setUint32(16, rv.getUint32(12, true), true);
  out.set(guidBytes(d.sectionType), 20);
  v.setUint32(36, d.severity, true);
  v.setUint16(40, 0x0300, true);
  out[42] = (d.fruId !== null ? 1 : 0) | (d.fruText !== null ? 2 : 0);
  out[43] = d.flags & 0xff;
  v.setUint32(44, body.length, true);
  out.set(record.subarray(128 + 32, 128 + 48), 48); // FRU id bytes as stored
  out.set(record.subarray(128 + 52, 128 + 72), 64); // FRU text bytes as stored
  out.set(body, 92);
  return out;
}

for (const name of ORACLE_NAMES) {
  test(`${name}: the section body wrapped in a GHES block decodes to libcper's values`, () => {
    const { bytes, json } = loadOracle(name);
    const block = decodeGhesBlock(viewOf(wrapFirstSection(bytes)));
    assert.equal(block.entries.length, 1);
    const e = block.entries[0]!;
    const desc = obj((json['sectionDescriptors'] as unknown[])[0]);
    assert.equal(e.severity, obj(desc['severity'])['code']);
    assert.equal(e.fruId ?? undefined, desc['fruID']);
    assert.equal(e.fruText ?? undefined, desc['fruText']);
    assert.equal(e.revision, 0x0300);
    assert.equal(e.timestamp, null);
    assert.equal(block.errorSeverity, obj(obj(json['header'])['severity'])['code']);
    const sj = obj((json['sections'] as unknown[])[0]);
    if (e.body.kind === 'memory') assertMemoryMatchesLibcper(e.body.memory, obj(sj['Memory']));
    else if (e.body.kind === 'generic-processor') assertGenericMatchesLibcper(e.body.genericProcessor, obj(sj['GenericProcessor']));
    else assert.fail(`unexpected kind ${e.body.kind}`);
  });
}

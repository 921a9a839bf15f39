// formats.md (e): the 172-byte block QEMU writes for a recoverable memory error at PA 0x40001000,
// produced byte for byte by the general encoder and by the hot-path writer, and decoded back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyMemorySection } from '../../src/apei/cper-memory.js';
import { decodeGhesBlock, encodeGhesBlockToBytes, type GhesBlock } from '../../src/apei/ghes-block.js';
import { GUIDS } from '../../src/apei/guid.js';
import { GHES_MEMORY_BLOCK_SIZE, writeGhesMemoryBlock } from '../../src/apei/ghes-memory-writer.js';
import { bytesToHex, GOLDEN_HEX, goldenBytes, viewOf } from './cper-fixtures.js';

function qemuBlock(): GhesBlock {
  return {
    blockStatus: 1, errorSeverity: 0, rawData: new Uint8Array(0),
    entries: [{
      severity: 0, revision: 0x0300, flags: 0, fruId: null, fruText: null, timestamp: null,
      body: { kind: 'memory', memory: { ...emptyMemorySection(), validationBits: 0x4002n, physicalAddress: 0x40001000n } },
    }],
  };
}

test('the golden vector is 172 bytes', () => {
  assert.equal(goldenBytes().length, 172);
  assert.equal(GHES_MEMORY_BLOCK_SIZE, 172);
});

test('the general encoder produces the golden block byte for byte', () => {
  assert.equal(bytesToHex(encodeGhesBlockToBytes(qemuBlock())), GOLDEN_HEX);
});

test('the hot-path writer produces the golden block byte for byte, over stale bytes', () => {
  const b = new Uint8Array(172).fill(0xa5);
  assert.equal(writeGhesMemoryBlock(viewOf(b), 0, 0x40001000), 172);
  assert.equal(bytesToHex(b), GOLDEN_HEX);
});

test('the hot-path writer produces it at an offset inside a SharedArrayBuffer, touching nothing else', () => {
  const sab = new SharedArrayBuffer(512);
  const all = new Uint8Array(sab).fill(0x5a);
  writeGhesMemoryBlock(new DataView(sab, 64), 100, 0x40001000);
  assert.equal(bytesToHex(all.subarray(164, 336)), GOLDEN_HEX);
  assert.ok(all.subarray(0, 164).every((x) => x === 0x5a));
  assert.ok(all.subarray(336).every((x) => x === 0x5a));
});

test('decoding the golden block gives the documented fields', () => {
  const d = decodeGhesBlock(viewOf(goldenBytes()));
  assert.equal(d.blockStatus, 1);
  assert.equal(d.rawDataOffset, 0);
  assert.equal(d.rawDataLength, 0);
  assert.equal(d.dataLength, 152);
  assert.equal(d.errorSeverity, 0);
  assert.equal(d.entries.length, 1);
  const e = d.entries[0]!;
  assert.equal(e.offset, 0x14);
  assert.equal(e.headerSize, 72);
  assert.equal(e.errorDataLength, 80);
  assert.deepEqual([e.severity, e.revision, e.flags, e.fruId, e.fruText, e.timestamp], [0, 0x0300, 0, null, null, null]);
  assert.equal(e.body.kind, 'memory');
  if (e.body.kind !== 'memory') return;
  assert.deepEqual(e.body.memory, { ...emptyMemorySection(), validationBits: 0x4002n, physicalAddress: 0x40001000n });
  assert.equal(GUIDS.sectionMemory, 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1');
});

test('key offsets of formats.md (e) hold the documented values', () => {
  const v = viewOf(goldenBytes());
  assert.equal(v.getUint32(0x0c, true), 152);
  assert.equal(v.getUint16(0x28, true), 0x0300);
  assert.equal(v.getUint32(0x2c, true), 80);
  assert.equal(v.getUint32(0x5c, true), 0x4002);
  assert.equal(v.getBigUint64(0x6c, true), 0x40001000n);
  assert.equal(v.getUint8(0xa4), 0);
});

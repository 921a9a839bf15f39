// An ARM processor section whose final context block comes without its 16-byte padding decodes:
// the block loop always took what was left for the last block, but the count check before it
// demanded 16 bytes per block and rejected the section first. Every block but the last still
// needs its padding, and a count that cannot fit even then stays bad-length at CONTEXT_INFO_NUM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeArmSection } from '../../src/apei/cper-arm.js';
import { DecodeError } from '../../src/apei/decode-error.js';
import { viewOf } from './cper-fixtures.js';

const HEADER = 40;
const INFO = 32;

/** One cache error-info entry and `ctx` context blocks of the given register-array sizes, laid out by hand. */
function section(ctx: { size: number; padded: boolean }[], lengthOverride?: number): DataView {
  let len = HEADER + INFO;
  for (const c of ctx) len += c.padded ? Math.ceil((8 + c.size) / 16) * 16 : 8 + c.size;
  const b = new Uint8Array(len);
  const v = viewOf(b);
  v.setUint16(4, 1, true); // ERR_INFO_NUM
  v.setUint16(6, ctx.length, true); // CONTEXT_INFO_NUM
  v.setUint32(8, lengthOverride ?? len, true); // Section Length
  b[HEADER + 1] = 32; // info length
  b[HEADER + 4] = 0x02; // cache
  let pos = HEADER + INFO;
  ctx.forEach((c, i) => {
    v.setUint16(pos + 2, 5, true); // AArch64 EL1 context
    v.setUint32(pos + 4, c.size, true);
    for (let k = 0; k < c.size; k++) b[pos + 8 + k] = 0x10 * (i + 1) + k;
    pos += c.padded ? Math.ceil((8 + c.size) / 16) * 16 : 8 + c.size;
  });
  return v;
}

test('a single context block of 8 + 4 bytes without padding decodes', () => {
  const s = decodeArmSection(section([{ size: 4, padded: false }]), 0);
  assert.equal(s.contextInfo.length, 1);
  assert.deepEqual(Array.from(s.contextInfo[0]!.registerArray), [0x10, 0x11, 0x12, 0x13]);
  assert.equal(s.vendorSpecific.length, 0);
});

test('padded blocks followed by an unpadded last one decode', () => {
  const s = decodeArmSection(section([{ size: 4, padded: true }, { size: 8, padded: true }, { size: 0, padded: false }]), 0);
  assert.deepEqual(s.contextInfo.map((c) => c.registerArray.length), [4, 8, 0]);
  assert.deepEqual(Array.from(s.contextInfo[1]!.registerArray.subarray(0, 2)), [0x20, 0x21]);
});

test('fewer bytes than (count - 1) padded blocks plus one header is bad-length at CONTEXT_INFO_NUM', () => {
  // Two blocks need at least 16 + 8 bytes after the error information; give them 23.
  const v = section([{ size: 0, padded: true }, { size: 0, padded: false }], HEADER + INFO + 23);
  assert.throws(() => decodeArmSection(v, 0), (e: unknown) => e instanceof DecodeError && e.code === 'bad-length' && e.offset === 6);
});

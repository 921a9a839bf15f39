// Random and mutated bytes for the sub-structure decoders and the CLI input detector: only
// DecodeError, never another exception, and every call returns quickly. RASFLOW_FUZZ_ITERATIONS
// raises the count. The whole-structure decoders (CPER record, GHES block, HEST, ESR) have their
// own 10^5-input campaigns in fuzz-*-1e5-inputs-*.test.ts, which include the inputs these loops
// gave them (random bytes under 400, and these seeds with these mutations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeArmSection, encodeArmSection, armSectionSize } from '../../src/apei/cper-arm.js';
import { decodeGenericProcessorSection } from '../../src/apei/cper-generic-processor.js';
import { decodeMemorySection } from '../../src/apei/cper-memory.js';
import { decodeCperRecord, encodeCperRecordToBytes } from '../../src/apei/cper-record.js';
import { decodeGede } from '../../src/apei/gede.js';
import { decodeGesb } from '../../src/apei/gesb.js';
import { decodeGhesBlock, encodeGhesBlockToBytes } from '../../src/apei/ghes-block.js';
import { GhesReadResult, newGhesMemoryReading, readGhesMemoryBlock } from '../../src/apei/ghes-memory-writer.js';
import { decodeSectionDescriptor } from '../../src/apei/section-descriptor.js';
import { decodeTimestamp } from '../../src/apei/timestamp.js';
import { bytesFromFile, decodeCperInput } from '../../src/cli/cper-input.js';
import { forAllSeeded, fuzzIterations, goldenBytes, loadOracle, ORACLE_NAMES, viewOf } from './cper-fixtures.js';
import { expectOnlyDecodeError, mutate } from './fuzz-harness.js';
import { randomArmSection, randomCperRecord, randomGhesBlock } from './random-cper.js';
import type { TestRng } from '../helpers/rng.js';

const N = fuzzIterations();

type Decoder = (v: DataView) => unknown;

function fuzz(name: string, decode: Decoder, seeds: (rng: TestRng) => Uint8Array): void {
  test(`fuzz ${name}: ${N} random and ${N} mutated inputs give only DecodeError`, () => {
    forAllSeeded(N, (rng, i) => {
      const random = rng.bytes(rng.below(400));
      expectOnlyDecodeError(() => decode(viewOf(random)), `${name} random #${i}`);
      const mutated = mutate(rng, seeds(rng));
      expectOnlyDecodeError(() => decode(viewOf(mutated)), `${name} mutated #${i}`);
    });
  });
}

const oracleBytes = ORACLE_NAMES.map((n) => loadOracle(n).bytes);
const blockSeed = (rng: TestRng): Uint8Array =>
  rng.below(3) === 0 ? goldenBytes() : encodeGhesBlockToBytes({ ...randomGhesBlock(rng), blockStatus: 1 });
const recordSeed = (rng: TestRng): Uint8Array =>
  rng.below(3) === 0 ? rng.pick(oracleBytes) : encodeCperRecordToBytes(randomCperRecord(rng));
const armSeed = (rng: TestRng): Uint8Array => {
  const s = randomArmSection(rng);
  const b = new Uint8Array(armSectionSize(s));
  encodeArmSection(viewOf(b), 0, s);
  return b;
};

fuzz('ARM section', (v) => decodeArmSection(v, 0), armSeed);
fuzz('memory section', (v) => decodeMemorySection(v, 0), () => goldenBytes().slice(0x5c));
fuzz('generic processor section', (v) => decodeGenericProcessorSection(v, 0), () => loadOracle('generic').bytes.slice(200));
fuzz('GEDE', (v) => decodeGede(v, 0), () => goldenBytes().slice(20));
fuzz('GESB', (v) => decodeGesb(v, 0), () => goldenBytes());
fuzz('section descriptor', (v) => decodeSectionDescriptor(v, 0), (rng) => rng.pick(oracleBytes).slice(128));
fuzz('timestamp', (v) => decodeTimestamp(v, 0), (rng) => rng.pick(oracleBytes).slice(24, 32));
fuzz('CLI input detection', (v) => decodeCperInput(bytesFromFile(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))), (rng) =>
  rng.bool() ? recordSeed(rng) : blockSeed(rng));

test(`fuzz hot-path reader: ${N} mutated blocks never throw and report a known result`, () => {
  const r = newGhesMemoryReading();
  const codes = new Set<number>(Object.values(GhesReadResult));
  forAllSeeded(N, (rng) => {
    const b = mutate(rng, blockSeed(rng));
    const code = readGhesMemoryBlock(viewOf(b), rng.below(4), r);
    assert.ok(codes.has(code));
    if (code === GhesReadResult.ok) assert.ok(r.validationBits >>> 0 === r.validationBits);
  });
});

test('hostile counts and lengths fail fast without large allocations', () => {
  const rec = new Uint8Array(200);
  const v = viewOf(rec);
  v.setUint32(0, 0x5245_5043, true);
  v.setUint32(6, 0xffff_ffff, true);
  v.setUint16(10, 0xffff, true);
  v.setUint32(20, 200, true);
  assert.notEqual(expectOnlyDecodeError(() => decodeCperRecord(v), 'record with 65535 sections'), 'ok');
  v.setUint32(20, 0xffff_ffff, true);
  assert.notEqual(expectOnlyDecodeError(() => decodeCperRecord(v), 'record of 4 GiB'), 'ok');
  const blk = goldenBytes();
  viewOf(blk).setUint32(12, 0xffff_ffff, true);
  assert.notEqual(expectOnlyDecodeError(() => decodeGhesBlock(viewOf(blk)), 'block with 4 GiB data'), 'ok');
});

// decodeCperRecord under 10^5 hostile inputs (issue #9 item 5): 40,000 seeded random byte strings
// and 60,000 mutations of valid records (the libcper oracle records and records from our own
// encoder). Every call must return a structurally sane record or throw a DecodeError; anything
// else (a TypeError, a RangeError out of a DataView, a hang) is a decoder bug. The campaigns run in
// worker threads so that the `timeout` can stop a loop that never ends (see fuzz-harness.ts).
import assert from 'node:assert/strict';
import {
  CPER_HEADER_SIZE, CPER_SIGNATURE_END, CPER_SIGNATURE_START, decodeCperRecord, encodeCperRecordToBytes,
  type DecodedCperRecord,
} from '../../src/apei/cper-record.js';
import { GUIDS, guidBytes } from '../../src/apei/guid.js';
import { SECTION_DESCRIPTOR_SIZE } from '../../src/apei/section-descriptor.js';
import { TestRng } from '../helpers/rng.js';
import { loadOracle, ORACLE_NAMES, stripRecord, viewOf } from './cper-fixtures.js';
import {
  armBodyFields, assertMeaningful, assertOpsApplied, assertSaneSectionBody, assertSaneTimestamp, assertWireValue, bytesOfView, FuzzTally,
  fuzzTest, hexForMessage, mutateSeed, MUTATION_OPS, placeInput, randomInput, type BlobSpot, type FieldSpot,
  type FuzzSeed,
} from './fuzz-harness.js';
import { randomCperRecord } from './random-cper.js';

const SEED = 0xc0e5_0001;
const RANDOM_INPUTS = 40_000;
const MUTATED_INPUTS = 60_000;
/** 1-2 s of work per campaign here; 60 s leaves room for a loaded machine, and a hang fails at it. */
const TIMEOUT_MS = 60_000;

/** Report keys (beside the operators) for decoded records with a non-BCD timestamp / a 73..79-byte memory section. */
const NON_BCD_TIMESTAMP = 'decoded: non-BCD timestamp';
const OLD_MEMORY_LAYOUT = 'decoded: 73..79-byte memory section';

/** Section types a descriptor may be switched to, so a body is read by another type's decoder. */
const SECTION_TYPES: readonly Uint8Array[] = [
  guidBytes(GUIDS.sectionMemory),
  guidBytes(GUIDS.sectionArmProcessor),
  guidBytes(GUIDS.sectionGenericProcessor),
  guidBytes('ffffffff-0000-0000-0000-000000000000'),
];

/** A valid record with its structural fields located (from its own, trusted, decoding). */
function recordSeed(bytes: Uint8Array, origin: string): FuzzSeed {
  const d = decodeCperRecord(viewOf(bytes));
  const fields: FieldSpot[] = [
    { at: 10, width: 2, role: 'count' }, // Section Count
    { at: 20, width: 4, role: 'length' }, // Record Length
    { at: 16, width: 4, role: 'selector', values: [0, 1, 2, 3, 4, 7] }, // validation bits: timestamp, ids
    { at: 24, width: 1, role: 'selector', values: [0x99, 0x9a, 0xa0, 0x59] }, // BCD seconds
    { at: 31, width: 1, role: 'selector', values: [0x99, 0x9a, 0xa0, 0x20] }, // BCD century
  ];
  const blobs: BlobSpot[] = [];
  d.sections.forEach((s, i) => {
    const at = CPER_HEADER_SIZE + SECTION_DESCRIPTOR_SIZE * i;
    fields.push(
      { at, width: 4, role: 'offset' }, // Section Offset
      { at: at + 4, width: 4, role: 'length' }, // Section Length
      { at: at + 10, width: 1, role: 'selector', values: [0, 1, 2, 3] }, // FRU validation bits
    );
    blobs.push({ at: at + 16, choices: SECTION_TYPES });
    if (s.body.kind === 'arm-processor') fields.push(...armBodyFields(bytes, s.sectionOffset));
  });
  return { origin, bytes, fields, blobs };
}

function seeds(): FuzzSeed[] {
  const out = ORACLE_NAMES.map((n) => recordSeed(loadOracle(n).bytes, `libcper ${n}.cperhex`));
  const rng = new TestRng(SEED ^ 0x5eed);
  for (let i = 0; i < 200; i++) out.push(recordSeed(encodeCperRecordToBytes(randomCperRecord(rng)), `randomCperRecord #${i}`));
  return out;
}

/**
 * What a decoded record must satisfy given the bytes it came from: every length and offset inside
 * the input and consistent with the header, every copied byte array equal to the input at the
 * place it claims, every field a wire value, and a value the encoder accepts again.
 */
function assertSaneRecord(d: DecodedCperRecord, input: Uint8Array): void {
  assertWireValue(d);
  const v = viewOf(input);
  const count = v.getUint16(10, true);
  const bodiesStart = CPER_HEADER_SIZE + SECTION_DESCRIPTOR_SIZE * count;
  assert.equal(d.sections.length, count, 'one section per descriptor');
  assert.equal(d.recordLength, v.getUint32(20, true), 'Record Length as stored');
  assert.ok(d.recordLength <= input.length, `Record Length ${d.recordLength} > input ${input.length}`);
  assert.ok(d.recordLength >= bodiesStart, 'Record Length holds the descriptors');
  for (const [i, s] of d.sections.entries()) {
    const st = `section ${i}`;
    assert.ok(s.sectionOffset >= bodiesStart && s.sectionOffset + s.sectionLength <= d.recordLength, `${st} outside the bodies area`);
    assertSaneSectionBody(s.body, input, s.sectionOffset, s.sectionLength, st);
  }
  // The decoded value must be one the encoder takes back: every field within its wire range. The
  // one exception is a timestamp read leniently from non-BCD bytes, which the encoder refuses
  // rather than write other bytes; the rest of the record must still encode without it.
  const record = stripRecord(d);
  if (!assertSaneTimestamp(d.timestamp, input, 24, 'record')) {
    assert.throws(() => encodeCperRecordToBytes(record), RangeError, 'a non-BCD timestamp was encoded');
    record.timestamp = null;
  }
  encodeCperRecordToBytes(record);
}

function decodeAndCheck(tally: FuzzTally, rng: TestRng, bytes: Uint8Array, origin: () => string): void {
  const view = placeInput(rng, bytes);
  tally.run(
    () => `${origin()}, ${view.byteOffset === bytes.byteOffset ? 'own buffer' : `window at ${view.byteOffset}`}: ${hexForMessage(bytes)}`,
    () => decodeCperRecord(view),
    (d) => {
      assertSaneRecord(d, bytesOfView(view));
      // Inputs that only the lenient decoders accept, counted so the checks can see them reached.
      if (d.timestamp?.bcdInvalid === true) tally.note(NON_BCD_TIMESTAMP);
      if (d.sections.some((s) => s.body.kind === 'memory' && s.body.memory.oldLayoutLength !== undefined)) tally.note(OLD_MEMORY_LAYOUT);
    },
  );
}

/**
 * Random bytes, half of them left raw and half given the two CPER signatures and a plausible
 * Section Count and Record Length, so that the checks after the signature are reached too.
 */
function randomCampaign(): ReturnType<FuzzTally['report']> {
  const rng = new TestRng(SEED);
  const tally = new FuzzTally('decodeCperRecord (random)');
  for (let i = 0; i < RANDOM_INPUTS; i++) {
    let b: Uint8Array;
    if (rng.bool()) {
      b = randomInput(rng, 400, 4096);
      tally.note('raw');
    } else {
      b = rng.bytes(CPER_HEADER_SIZE + rng.below(600));
      const v = viewOf(b);
      v.setUint32(0, CPER_SIGNATURE_START, true);
      v.setUint32(6, CPER_SIGNATURE_END, true);
      const count = rng.below(8) === 0 ? rng.bits(16) : rng.below(4);
      v.setUint16(10, count, true);
      v.setUint32(20, rng.pick([b.length, rng.below(b.length + 1), rng.u32()]), true);
      if (rng.bool()) v.setUint32(16, rng.below(8), true);
      // Descriptors that point inside the record, so bodies are reached.
      const bodiesStart = CPER_HEADER_SIZE + SECTION_DESCRIPTOR_SIZE * count;
      for (let k = 0; k < count && bodiesStart <= b.length; k++) {
        const at = CPER_HEADER_SIZE + SECTION_DESCRIPTOR_SIZE * k;
        const off = bodiesStart + rng.below(b.length - bodiesStart + 1);
        v.setUint32(at, off, true);
        v.setUint32(at + 4, rng.below(b.length - off + 1), true);
        b.set(rng.pick(SECTION_TYPES), at + 16);
      }
      tally.note('with-signature');
    }
    decodeAndCheck(tally, rng, b, () => `random #${i}`);
  }
  return tally.report();
}

function mutatedCampaign(): ReturnType<FuzzTally['report']> {
  const pool = seeds();
  const rng = new TestRng(SEED + 1);
  const tally = new FuzzTally('decodeCperRecord (mutated)');
  for (let i = 0; i < MUTATED_INPUTS; i++) {
    const seed = rng.pick(pool);
    const m = mutateSeed(rng, seed);
    for (const op of m.ops) tally.note(op);
    decodeAndCheck(tally, rng, m.bytes, () => `mutated #${i} of ${seed.origin} by ${m.ops.join('+')}`);
  }
  return tally.report();
}

fuzzTest({
  module: import.meta.url,
  name: `decodeCperRecord: ${RANDOM_INPUTS} seeded random inputs give a sane record or a DecodeError`,
  timeoutMs: TIMEOUT_MS,
  run: randomCampaign,
  check: (r) => {
    assertMeaningful(r, RANDOM_INPUTS, { decoded: 0.01, rejected: 0.5 });
    // Past the signatures: Record Length, descriptor offsets and bodies were all exercised.
    for (const code of ['bad-signature', 'truncated', 'bad-length']) assert.ok((r.codes[code] ?? 0) > 100, `${code}: ${r.codes[code]}`);
    assert.ok((r.ops[NON_BCD_TIMESTAMP] ?? 0) > 100, `${NON_BCD_TIMESTAMP}: ${r.ops[NON_BCD_TIMESTAMP]}`);
    assert.ok((r.ops[OLD_MEMORY_LAYOUT] ?? 0) > 5, `${OLD_MEMORY_LAYOUT}: ${r.ops[OLD_MEMORY_LAYOUT]}`);
  },
});

fuzzTest({
  module: import.meta.url,
  name: `decodeCperRecord: ${MUTATED_INPUTS} mutated valid records give a sane record or a DecodeError`,
  timeoutMs: TIMEOUT_MS,
  run: mutatedCampaign,
  check: (r) => {
    assertMeaningful(r, MUTATED_INPUTS, { decoded: 0.1, rejected: 0.3 });
    assertOpsApplied(r, MUTATION_OPS, 500);
    for (const code of ['truncated', 'bad-length', 'bad-value', 'bad-signature']) assert.ok((r.codes[code] ?? 0) > 50, `${code}: ${r.codes[code]}`);
    assert.ok((r.ops[NON_BCD_TIMESTAMP] ?? 0) > 100, `${NON_BCD_TIMESTAMP}: ${r.ops[NON_BCD_TIMESTAMP]}`);
    assert.ok((r.ops[OLD_MEMORY_LAYOUT] ?? 0) > 50, `${OLD_MEMORY_LAYOUT}: ${r.ops[OLD_MEMORY_LAYOUT]}`);
  },
});

// decodeHest under 10^5 hostile inputs (issue #9 item 5): 40,000 seeded random byte strings and
// 60,000 mutations of valid tables (the iasl oracle table rebuilt from its .dsl field lines, QEMU
// plans and random tables from our encoder, tables with GHES v1 entries). Every call must return a
// structurally sane table or throw a DecodeError. Half of the inputs get a correct checksum so
// that the entry walker is reached rather than only the checksum check. The campaigns run in
// worker threads so that the `timeout` can stop a loop that never ends (see fuzz-harness.ts).
// (Folds in the older hest-decode-random-bytes test: its input classes are both included here.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hestEntriesForPlan, planGhesSources } from '../../src/apei/ghes-layout.js';
import {
  decodeHest, encodeHest, GHES_LENGTH, GHES_TYPE, GHESV2_LENGTH, GHESV2_TYPE, HEST_COUNT_OFFSET,
  HEST_ENTRIES_OFFSET, QEMU_HEST_HEADER, type GhesV2Entry, type HestTable,
} from '../../src/apei/hest.js';
import { dslFields } from '../helpers/iasl.js';
import { hestOracleDir } from '../helpers/paths.js';
import { oracleTable, randomGhesV2, randomHestHeader, tableWithV1Entries, viewOf } from '../helpers/hest-fixtures.js';
import { TestRng } from '../helpers/rng.js';
import {
  assertMeaningful, assertOpsApplied, assertWireValue, bytesOfView, FuzzTally, fuzzTest, hexForMessage, mutateSeed,
  MUTATION_OPS, placeInput, randomInput, type FieldSpot, type FuzzReport, type FuzzSeed,
} from './fuzz-harness.js';

const SEED = 0x4e57_0003;
const RANDOM_INPUTS = 40_000;
const MUTATED_INPUTS = 60_000;
/** 1-2 s of work per campaign here; 60 s leaves room for a loaded machine, and a hang fails at it. */
const TIMEOUT_MS = 60_000;

const CHECKSUM_OFFSET = 9;
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/**
 * Sets the checksum byte so that the first Length bytes sum to 0, when Length fits the buffer;
 * otherwise leaves the bytes alone (there is nothing to sum). Returns whether it did.
 */
function fixChecksumIfPossible(b: Uint8Array): boolean {
  if (b.length < 36) return false;
  const len = viewOf(b).getUint32(4, true);
  if (len < 36 || len > b.length) return false;
  let sum = 0;
  for (let i = 0; i < len; i++) if (i !== CHECKSUM_OFFSET) sum += b[i]!;
  b[CHECKSUM_OFFSET] = (0x100 - (sum & 0xff)) & 0xff;
  return true;
}

/**
 * The 224-byte table of shared/oracles/hest rebuilt from the field lines iasl printed for it
 * (hest-2src.expected.dsl), without our encoder: each leaf field's hex value or quoted text is
 * written at its offset; container lines (GAS, Notify) are skipped.
 */
function tableFromOracleDsl(): Uint8Array {
  const fields = dslFields(readFileSync(join(hestOracleDir, 'hest-2src.expected.dsl'), 'utf8'));
  const length = parseInt(fields.find((f) => f.name === 'Table Length')!.value, 16);
  const b = new Uint8Array(length);
  const v = viewOf(b);
  for (const f of fields) {
    const text = /^"([^"]*)"/.exec(f.value);
    if (text !== null) {
      b.set(ascii(text[1]!), f.offset);
      continue;
    }
    const hex = /^([0-9A-F]+)\b/.exec(f.value);
    if (hex === null) continue; // a container line: "[Generic Address Structure]"
    const n = BigInt('0x' + hex[1]!);
    for (let i = 0; i < f.length; i++) v.setUint8(f.offset + i, Number((n >> BigInt(8 * i)) & 0xffn));
  }
  assert.equal(b.reduce((a, x) => a + x, 0) % 256, 0, 'the oracle table rebuilt from its .dsl sums to 0');
  return b;
}

/** A valid table with its structural fields located (from its own, trusted, decoding). */
function tableSeed(bytes: Uint8Array, origin: string): FuzzSeed {
  const t = decodeHest(bytes);
  const fields: FieldSpot[] = [
    { at: 4, width: 4, role: 'length' }, // Length
    { at: HEST_COUNT_OFFSET, width: 4, role: 'count' }, // Error Source Count
  ];
  let at = HEST_ENTRIES_OFFSET;
  for (const e of t.entries) {
    fields.push(
      { at, width: 2, role: 'selector', values: [GHES_TYPE, GHESV2_TYPE, 0, 1, 11, 0xffff] }, // subtable type: size 64 or 92
      { at: at + 33, width: 1, role: 'length' }, // Notify Length (must be 28)
    );
    at += e.type === GHES_TYPE ? GHES_LENGTH : GHESV2_LENGTH;
  }
  return { origin, bytes, fields, blobs: [{ at: 0, choices: [ascii('HEST'), ascii('HESU'), ascii('hest')] }] };
}

function seeds(): FuzzSeed[] {
  const out = [tableSeed(tableFromOracleDsl(), 'hest-2src.expected.dsl'), tableSeed(oracleTable(), 'oracleTable()')];
  const plan = planGhesSources({ kinds: ['sea', 'sei', 'gpio'], pes: 2, base: 0x4000_0000 });
  out.push(tableSeed(encodeHest(QEMU_HEST_HEADER, hestEntriesForPlan(plan)), 'QEMU plan sea+sei+gpio, 2 PEs'));
  const rng = new TestRng(SEED ^ 0x5eed);
  for (let i = 0; i < 100; i++) {
    const entries: GhesV2Entry[] = Array.from({ length: rng.below(5) }, () => randomGhesV2(rng));
    out.push(tableSeed(encodeHest(randomHestHeader(rng), entries), `random GHESv2 table #${i}`));
    if (entries.length > 0) {
      out.push(tableSeed(tableWithV1Entries(entries, entries.map(() => rng.bool())), `random v1/v2 table #${i}`));
    }
  }
  return out;
}

const printable = (s: string): boolean => /^[\x20-\x7e]*$/.test(s);

/**
 * What a decoded table must satisfy given the bytes it came from: Length inside the input and
 * summing to 0, the entries tiling [40, Length) by their types' sizes and matching the count, every
 * field a wire value; and a table of GHESv2 entries with printable header text re-encodes to
 * exactly the first Length input bytes (every byte of such a table is a decoded field).
 */
function assertSaneTable(t: HestTable, input: Uint8Array): void {
  assertWireValue(t);
  const { header } = t;
  assert.equal(header.signature, 'HEST');
  assert.ok(header.length >= HEST_ENTRIES_OFFSET && header.length <= input.length, `Length ${header.length} for ${input.length} bytes`);
  let sum = 0;
  for (let i = 0; i < header.length; i++) sum += input[i]!;
  assert.equal(sum & 0xff, 0, 'checksum');
  assert.equal(t.errorSourceCount, t.entries.length, 'Error Source Count');
  let at = HEST_ENTRIES_OFFSET;
  for (const e of t.entries) {
    assert.equal(viewOf(input).getUint16(at, true), e.type, `entry type at ${at}`);
    at += e.type === GHES_TYPE ? GHES_LENGTH : GHESV2_LENGTH;
  }
  assert.equal(at, header.length, 'entries end at Length');
  const v2 = t.entries.filter((e): e is GhesV2Entry => e.type === GHESV2_TYPE);
  if (v2.length === t.entries.length && [header.oemId, header.oemTableId, header.creatorId].every(printable)) {
    const again = encodeHest(header, v2);
    assert.deepEqual(again, input.slice(0, header.length), 're-encoding gives the same bytes');
  }
}

function decodeAndCheck(tally: FuzzTally, rng: TestRng, bytes: Uint8Array, origin: () => string): void {
  const view = placeInput(rng, bytes);
  // decodeHest takes either form; a Uint8Array over a window exercises its own view construction.
  const input: Uint8Array | DataView = rng.bool() ? view : bytesOfView(view);
  tally.run(
    () => `${origin()}, ${view.byteOffset === bytes.byteOffset ? 'own buffer' : `window at ${view.byteOffset}`}: ${hexForMessage(bytes)}`,
    () => decodeHest(input),
    (t) => assertSaneTable(t, bytesOfView(view)),
  );
}

/** Random entries of random (mostly GHES) types behind a correct header, count and checksum. */
function shapedTable(rng: TestRng): Uint8Array {
  const types = Array.from({ length: rng.below(5) }, () => rng.pick([GHES_TYPE, GHESV2_TYPE, GHESV2_TYPE, rng.bits(16)]));
  const length = HEST_ENTRIES_OFFSET + types.reduce((a, t) => a + (t === GHES_TYPE ? GHES_LENGTH : GHESV2_LENGTH), 0);
  const b = rng.bytes(length + (rng.below(4) === 0 ? rng.below(64) : 0));
  const v = viewOf(b);
  b.set(ascii('HEST'), 0);
  v.setUint32(4, rng.below(8) === 0 ? length + rng.below(9) - 4 : length, true);
  v.setUint32(HEST_COUNT_OFFSET, rng.below(8) === 0 ? rng.below(6) : types.length, true);
  let at = HEST_ENTRIES_OFFSET;
  for (const t of types) {
    v.setUint16(at, t, true);
    if (rng.below(8) !== 0) b[at + 33] = 28; // Notify Length
    at += t === GHES_TYPE ? GHES_LENGTH : GHESV2_LENGTH;
  }
  if (rng.below(8) !== 0) fixChecksumIfPossible(b);
  return b;
}

/**
 * Random bytes in three classes: raw; short buffers with the signature, a random Length and (when
 * it fits) a correct checksum (the classes of the older random-bytes test); and shaped tables.
 */
function randomCampaign(): FuzzReport {
  const rng = new TestRng(SEED);
  const tally = new FuzzTally('decodeHest (random)');
  for (let i = 0; i < RANDOM_INPUTS; i++) {
    let b: Uint8Array;
    switch (rng.below(3)) {
      case 0:
        b = randomInput(rng, 300, 4096);
        tally.note('raw');
        break;
      case 1:
        b = rng.bytes(8 + rng.below(300));
        b.set(ascii('HEST'), 0);
        viewOf(b).setUint32(4, rng.below(b.length + 8), true);
        fixChecksumIfPossible(b);
        tally.note('signature-and-length');
        break;
      default:
        b = shapedTable(rng);
        tally.note('shaped');
    }
    decodeAndCheck(tally, rng, b, () => `random #${i}`);
  }
  return tally.report();
}

function mutatedCampaign(): FuzzReport {
  const pool = seeds();
  const rng = new TestRng(SEED + 1);
  const tally = new FuzzTally('decodeHest (mutated)');
  for (let i = 0; i < MUTATED_INPUTS; i++) {
    const seed = rng.pick(pool);
    const m = mutateSeed(rng, seed);
    for (const op of m.ops) tally.note(op);
    // Without this nearly every mutant would stop at the checksum.
    const fixed = rng.below(3) !== 0 && fixChecksumIfPossible(m.bytes);
    if (fixed) tally.note('checksum-fixed');
    decodeAndCheck(tally, rng, m.bytes, () => `mutated #${i} of ${seed.origin} by ${m.ops.join('+')}${fixed ? ', checksum fixed' : ''}`);
  }
  return tally.report();
}

fuzzTest({
  module: import.meta.url,
  name: `decodeHest: ${RANDOM_INPUTS} seeded random inputs give a sane table or a DecodeError`,
  timeoutMs: TIMEOUT_MS,
  run: randomCampaign,
  check: (r) => {
    assertMeaningful(r, RANDOM_INPUTS, { decoded: 0.05, rejected: 0.5 });
    for (const code of ['truncated', 'bad-signature', 'bad-length', 'bad-checksum', 'unsupported', 'bad-value']) {
      assert.ok((r.codes[code] ?? 0) > 100, `${code}: ${r.codes[code]}`);
    }
  },
});

fuzzTest({
  module: import.meta.url,
  name: `decodeHest: ${MUTATED_INPUTS} mutated valid tables give a sane table or a DecodeError`,
  timeoutMs: TIMEOUT_MS,
  run: mutatedCampaign,
  check: (r) => {
    assertMeaningful(r, MUTATED_INPUTS, { decoded: 0.05, rejected: 0.3 });
    // A HEST has no offset fields (its addresses point outside the table), so no 'offset-outside'.
    assertOpsApplied(r, [...MUTATION_OPS.filter((op) => op !== 'offset-outside'), 'checksum-fixed'], 500);
    for (const code of ['truncated', 'bad-signature', 'bad-length', 'bad-checksum', 'unsupported', 'bad-value']) {
      assert.ok((r.codes[code] ?? 0) > 50, `${code}: ${r.codes[code]}`);
    }
  },
});

// The robustness harness: a decoder given hostile bytes may return or throw a DecodeError that
// names a structure and a non-negative byte offset, nothing else. A decoder that never returns is
// caught by the test's timeout (the campaigns run in a worker so that the timeout can fire); no
// wall-clock limit per call, which a GC pause on a busy machine would trip.
// The first part serves the small fuzz loops; the second (below) the 10^5-input campaigns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DecodeError } from '../../src/apei/decode-error.js';
import type { SectionBody } from '../../src/apei/section-body.js';
import type { CperTimestamp } from '../../src/apei/timestamp.js';
import type { TestRng } from '../helpers/rng.js';

/** Runs `decode`; fails on any exception other than a well-formed DecodeError. */
export function expectOnlyDecodeError(decode: () => unknown, what: string): 'ok' | DecodeError {
  let outcome: 'ok' | DecodeError = 'ok';
  try {
    decode();
  } catch (err) {
    if (!(err instanceof DecodeError)) {
      const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      assert.fail(`${what}: threw ${msg} instead of a DecodeError`);
    }
    assert.ok(err.structure.length > 0, `${what}: DecodeError without a structure name`);
    assert.ok(Number.isInteger(err.offset) && err.offset >= 0, `${what}: DecodeError offset ${err.offset}`);
    outcome = err;
  }
  return outcome;
}

/** A copy of `seed` with a few bytes changed: random bytes, or a u16/u32 field overwritten. */
export function mutate(rng: TestRng, seed: Uint8Array): Uint8Array {
  const b = seed.slice();
  if (b.length === 0) return b;
  const n = 1 + rng.below(6);
  const v = new DataView(b.buffer);
  for (let i = 0; i < n; i++) {
    const at = rng.below(b.length);
    switch (rng.below(4)) {
      case 0:
        b[at] = rng.bits(8);
        break;
      case 1:
        b[at] = b[at]! ^ (1 << rng.below(8));
        break;
      case 2:
        if (at + 2 <= b.length) v.setUint16(at, rng.pick([0, 1, 0xffff, rng.bits(16)]), true);
        break;
      default:
        if (at + 4 <= b.length) v.setUint32(at, rng.pick([0, 1, 0xffff_ffff, 0x8000_0000, rng.u32(), rng.below(512)]), true);
    }
  }
  // Sometimes cut or extend the buffer as well.
  if (rng.below(4) === 0) return b.subarray(0, rng.below(b.length + 1));
  if (rng.below(8) === 0) {
    const longer = new Uint8Array(b.length + rng.below(64));
    longer.set(b);
    return longer;
  }
  return b;
}

// ---- Large seeded campaigns (issue #9 item 5, "hostile bytes") ---------------------------------
//
// Each decoder gets at least 10^5 inputs: seeded random bytes and mutations of valid encodings.
// The pieces below are shared by the per-decoder `fuzz-*-1e5-inputs-*.test.ts` files: a tally that
// classifies every call, a mutation engine that knows where length, count and offset fields are,
// structural sanity checks for decoded values, and a runner that executes a campaign in a worker
// thread. The worker is what makes the node:test `timeout` real: a synchronous loop that never
// ends would block the test's own thread, so its timer could never fire; with the loop in a
// worker, the test thread stays free, the timeout fails the test and the worker is terminated.

/** One campaign's outcome, sent from the worker to the test. */
export interface FuzzReport {
  decoder: string;
  /** Decoder calls made. */
  inputs: number;
  /** Calls that returned (and passed the sanity check). */
  decoded: number;
  /** Calls that threw a DecodeError. */
  rejected: number;
  /** DecodeError codes seen, with how often. */
  codes: Record<string, number>;
  /** Mutation operators applied (mutated campaigns) or input classes fed (random ones), with how often. */
  ops: Record<string, number>;
  /** Wall time of the campaign in the worker. */
  ms: number;
}

const MAX_HEX_IN_MESSAGE = 4096;

/** Hex of `b`, cut to a length that still fits in a failure message. */
export function hexForMessage(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length && s.length < MAX_HEX_IN_MESSAGE; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s.length < 2 * b.length ? `${s}… (${b.length} bytes)` : s;
}

/**
 * Counts the outcome of every decoder call of a campaign. A call may return a value that passes
 * the caller's sanity check, or (when `decodeErrorsAllowed`) throw a DecodeError; anything else,
 * or a call slower than {@link MAX_DECODE_MS}, fails the campaign with a message that carries the
 * input so it can be turned into a regression test.
 */
export class FuzzTally {
  private inputs = 0;
  private decoded = 0;
  private rejected = 0;
  private readonly codes: Record<string, number> = {};
  private readonly ops: Record<string, number> = {};
  private readonly t0 = performance.now();

  constructor(
    readonly decoder: string,
    /** False for decoders documented never to throw (decodeEsr). */
    readonly decodeErrorsAllowed = true,
  ) {}

  /** Counts one mutation operator or input class (shown in the report, checked by the test). */
  note(op: string): void {
    this.ops[op] = (this.ops[op] ?? 0) + 1;
  }

  /**
   * Runs one call. `describe` is only called on failure (building the hex of every input would
   * dominate the run time); `sane` checks a returned value and throws when it is not.
   */
  run<T>(describe: () => string, decode: () => T, sane: (v: T) => void): T | DecodeError {
    this.inputs++;
    let value: T;
    try {
      value = decode();
    } catch (err) {
      if (this.decodeErrorsAllowed && err instanceof DecodeError) {
        if (!(err.structure.length > 0 && Number.isInteger(err.offset) && err.offset >= 0)) {
          this.fail(describe, `malformed DecodeError (structure '${err.structure}', offset ${err.offset})`);
        }
        this.rejected++;
        this.codes[err.code] = (this.codes[err.code] ?? 0) + 1;
        return err;
      }
      const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      this.fail(describe, `threw ${what}${this.decodeErrorsAllowed ? ' instead of a DecodeError' : ''}`);
    }
    try {
      sane(value);
    } catch (err) {
      this.fail(describe, `decoded to an insane value: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.decoded++;
    return value;
  }

  report(): FuzzReport {
    return {
      decoder: this.decoder, inputs: this.inputs, decoded: this.decoded, rejected: this.rejected,
      codes: { ...this.codes }, ops: { ...this.ops }, ms: Math.round(performance.now() - this.t0),
    };
  }

  private fail(describe: () => string, why: string): never {
    throw new Error(`${this.decoder}, input #${this.inputs - 1}: ${why}\n  input: ${describe()}`);
  }
}

/** Byte values at the edges of signed and unsigned ranges. */
export const BOUNDARY_BYTES: readonly number[] = [0x00, 0xff, 0x7f, 0x80];

/** What a numeric field means, which decides the hostile values tried on it. */
export type FieldRole = 'length' | 'count' | 'offset' | 'selector';

/** A little-endian unsigned field of a valid encoding that the mutator targets by name. */
export interface FieldSpot {
  /** Byte offset in the seed. */
  at: number;
  width: 1 | 2 | 4;
  role: FieldRole;
  /** Values worth trying besides the generic ones (other subtable types, header revisions…). */
  values?: readonly number[];
}

/** A multi-byte field (a GUID) that the mutator overwrites with one of a few known encodings. */
export interface BlobSpot {
  at: number;
  choices: readonly Uint8Array[];
}

/** A valid encoding with the places of its structural fields. */
export interface FuzzSeed {
  /** Where the seed came from (oracle file, encoder), for failure messages. */
  origin: string;
  bytes: Uint8Array;
  fields: FieldSpot[];
  blobs: BlobSpot[];
}

/** The mutation operators of {@link mutateSeed}; each name is also a key of `FuzzReport.ops`. */
export const MUTATION_OPS = [
  'bit-flip', // 1-4 single-bit flips
  'boundary-byte', // 1-4 bytes set to 0x00/0xFF/0x7F/0x80
  'random-byte', // 1-4 bytes set at random
  'length-zero', // a length field set to 0
  'length-huge', // a length field set to its maximum, the sign bit, or near them
  'length-off-by-one', // a length field moved by ±1
  'count-inflated', // a count field raised (+1..3, doubled, maximum)
  'offset-outside', // an offset field pointing at or past the end of the input
  'field-random', // any structural field set to a random value
  'selector', // a type/revision field set to another known or unknown value
  'blob', // a GUID replaced by another known one (the body is then read as another type)
  'truncate', // the input cut short (anywhere, near the end, or at a field)
  'extend', // bytes appended (zeros, 0xFF or random)
  'splice', // a chunk of the input copied over another place (duplicated structures)
  'word-overwrite', // a u16/u32 at a random position set to 0, 1, its maximum, the sign bit or random
] as const;
export type MutationOp = (typeof MUTATION_OPS)[number];

/** A mutated input and the operators that produced it. */
export interface Mutant {
  bytes: Uint8Array;
  ops: MutationOp[];
}

function fieldMax(width: 1 | 2 | 4): number {
  return width === 4 ? 0xffff_ffff : width === 2 ? 0xffff : 0xff;
}

function readField(v: DataView, f: FieldSpot): number {
  return f.width === 4 ? v.getUint32(f.at, true) : f.width === 2 ? v.getUint16(f.at, true) : v.getUint8(f.at);
}

/** Writes `value` modulo 2^(8·width), so −1 becomes the maximum as a wire field would. */
function writeField(v: DataView, f: FieldSpot, value: number): void {
  const m = 2 ** (8 * f.width);
  const x = ((Math.trunc(value) % m) + m) % m;
  if (f.width === 4) v.setUint32(f.at, x, true);
  else if (f.width === 2) v.setUint16(f.at, x, true);
  else v.setUint8(f.at, x);
}

/** Chooses a hostile value for a structural field; returns the operator it counts as. */
function hostileField(rng: TestRng, b: Uint8Array, f: FieldSpot): MutationOp {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const orig = readField(v, f);
  const max = fieldMax(f.width);
  const r = rng.below(8);
  if (r === 0) {
    writeField(v, f, rng.u32());
    return 'field-random';
  }
  if (f.role === 'selector') {
    const generic = [0, max, orig + 1, orig - 1, rng.bits(8 * f.width)];
    writeField(v, f, rng.pick([...(f.values ?? []), ...generic]));
    return 'selector';
  }
  if (f.role === 'count') {
    writeField(v, f, rng.pick([orig + 1, orig + 2, orig + 3, 2 * orig + 1, max, 0]));
    return 'count-inflated';
  }
  if (f.role === 'offset' && r <= 4) {
    // At the end, just past it, far past it, or where the sign bit would make it negative.
    writeField(v, f, rng.pick([b.length, b.length + 1, b.length + rng.below(4096), max, 0x8000_0000, b.length - 1]));
    return 'offset-outside';
  }
  switch (r % 3) {
    case 0:
      writeField(v, f, 0);
      return 'length-zero';
    case 1:
      writeField(v, f, rng.pick([max, max - 1, 0x8000_0000, 0x7fff_ffff, max - rng.below(256), b.length + rng.below(64)]));
      return 'length-huge';
    default:
      writeField(v, f, orig + (rng.bool() ? 1 : -1));
      return 'length-off-by-one';
  }
}

/**
 * A copy of `seed` changed by one to three operators, chosen so that most inputs reach past the
 * first check of a decoder: structural fields are hit more often than random positions.
 */
export function mutateSeed(rng: TestRng, seed: FuzzSeed): Mutant {
  let b = seed.bytes.slice();
  const ops: MutationOp[] = [];
  const n = 1 + rng.below(3);
  for (let k = 0; k < n; k++) {
    const op = rng.below(17);
    if (op < 6 && seed.fields.length > 0) {
      const fits = seed.fields.filter((f) => f.at + f.width <= b.length);
      if (fits.length === 0) continue;
      ops.push(hostileField(rng, b, rng.pick(fits)));
    } else if (op === 6 && seed.blobs.length > 0) {
      const s = rng.pick(seed.blobs);
      const choice = rng.pick(s.choices);
      if (s.at + choice.length > b.length) continue;
      b.set(choice, s.at);
      ops.push('blob');
    } else if (op <= 8 && b.length > 0) {
      for (let i = 1 + rng.below(4); i > 0; i--) {
        const at = rng.below(b.length);
        b[at] = b[at]! ^ (1 << rng.below(8));
      }
      ops.push('bit-flip');
    } else if (op === 9 && b.length > 0) {
      for (let i = 1 + rng.below(4); i > 0; i--) b[rng.below(b.length)] = rng.pick(BOUNDARY_BYTES);
      ops.push('boundary-byte');
    } else if (op === 10 && b.length > 0) {
      for (let i = 1 + rng.below(4); i > 0; i--) b[rng.below(b.length)] = rng.bits(8);
      ops.push('random-byte');
    } else if (op <= 12 && b.length > 0) {
      // Anywhere, within the last 16 bytes, or right at/after a structural field.
      const f = seed.fields.length > 0 ? rng.pick(seed.fields) : undefined;
      const cut = rng.pick([
        rng.below(b.length),
        Math.max(0, b.length - 1 - rng.below(16)),
        f !== undefined ? Math.min(b.length - 1, f.at + rng.below(f.width + 1)) : b.length - 1,
      ]);
      b = b.slice(0, cut);
      ops.push('truncate');
    } else if (op === 13) {
      const extra = rng.below(4) === 0 ? rng.below(1024) : 1 + rng.below(64);
      const fill = rng.below(3);
      const longer = new Uint8Array(b.length + extra);
      longer.set(b);
      for (let i = b.length; i < longer.length; i++) longer[i] = fill === 0 ? 0 : fill === 1 ? 0xff : rng.bits(8);
      b = longer;
      ops.push('extend');
    } else if (op === 16 && b.length >= 4) {
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      if (rng.bool()) v.setUint16(rng.below(b.length - 1), rng.pick([0, 1, 0xffff, 0x8000, rng.bits(16)]), true);
      else v.setUint32(rng.below(b.length - 3), rng.pick([0, 1, 0xffff_ffff, 0x8000_0000, rng.u32(), rng.below(512)]), true);
      ops.push('word-overwrite');
    } else if (op >= 14 && op <= 15 && b.length > 1) {
      const len = 1 + rng.below(Math.min(b.length, 128));
      const from = rng.below(b.length - len + 1);
      const to = rng.below(b.length - len + 1);
      b.copyWithin(to, from, from + len);
      ops.push('splice');
    }
  }
  return { bytes: b, ops };
}

/**
 * The view a decoder is given for `bytes`: half the time exactly its buffer, otherwise a window in
 * a larger buffer with junk before and after. A decoder that read outside its view through
 * `view.buffer` would then return junk, which the sanity checks (bytes must equal the input at the
 * claimed place) catch; DataView accessors themselves are bounded by the view.
 */
export function placeInput(rng: TestRng, bytes: Uint8Array): DataView {
  if (rng.bool()) return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pre = 1 + rng.below(32);
  const post = 1 + rng.below(64);
  const buf = new Uint8Array(pre + bytes.length + post);
  buf.fill(rng.bool() ? 0xff : 0xa5);
  buf.set(bytes, pre);
  return new DataView(buf.buffer, pre, bytes.length);
}

/** Random bytes of a random length: mostly short, sometimes up to `max` bytes. */
export function randomInput(rng: TestRng, typical: number, max: number): Uint8Array {
  return rng.bytes(rng.below(8) === 0 ? rng.below(max + 1) : rng.below(typical + 1));
}

const U64_LIMIT = 0xffff_ffff_ffff_ffffn;

/**
 * Throws unless every leaf of a decoded value is something a decoder of unsigned wire fields can
 * produce: integers in [0, 2^32), bigints in [0, 2^64), strings, booleans, null or byte arrays.
 * NaN, negative or fractional numbers, undefined fields and foreign objects all fail.
 */
export function assertWireValue(v: unknown, path = 'value'): void {
  switch (typeof v) {
    case 'number':
      if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw new Error(`${path} is ${v}, not a u32`);
      return;
    case 'bigint':
      if (v < 0n || v > U64_LIMIT) throw new Error(`${path} is ${v}, not a u64`);
      return;
    case 'string':
    case 'boolean':
      return;
    case 'object':
      if (v === null || v instanceof Uint8Array) return;
      if (Array.isArray(v)) {
        v.forEach((x, i) => assertWireValue(x, `${path}[${i}]`));
        return;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) throw new Error(`${path} is not a plain object`);
      for (const [k, x] of Object.entries(v)) assertWireValue(x, `${path}.${k}`);
      return;
    default:
      throw new Error(`${path} is ${typeof v}`);
  }
}

/** Throws unless `got` equals the `len` bytes of `input` at `off` (which must lie inside it). */
export function assertBytesAt(input: Uint8Array, off: number, got: Uint8Array, what: string): void {
  if (off < 0 || off + got.length > input.length) {
    throw new Error(`${what}: [${off}, +${got.length}) is outside the ${input.length}-byte input`);
  }
  for (let i = 0; i < got.length; i++) {
    if (got[i] !== input[off + i]) throw new Error(`${what}: byte ${i} is 0x${got[i]!.toString(16)}, the input has 0x${input[off + i]!.toString(16)}`);
  }
}

/** The bytes a view covers, as a Uint8Array over the same memory (no copy). */
export function bytesOfView(v: DataView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

// ---- Timestamps: shared by the CPER record and GHES block campaigns --------------------------------

/**
 * What a decoded timestamp must satisfy given the 8 bytes at `at` of `input`: every field is
 * Linux's bcd2bin() reading of its byte(s), and `bcdInvalid` is set exactly when a digit byte has
 * a nibble above 9. Returns whether the encoder can take it back (it refuses `bcdInvalid`).
 */
export function assertSaneTimestamp(ts: CperTimestamp | null, input: Uint8Array, at: number, what: string): boolean {
  if (ts === null) return true;
  const byte = (i: number): number => input[at + i]!;
  const read = (i: number): number => (byte(i) >>> 4) * 10 + (byte(i) & 0xf);
  assert.deepEqual(
    [ts.second, ts.minute, ts.hour, ts.day, ts.month, ts.year, ts.precise],
    [read(0), read(1), read(2), read(4), read(5), read(7) * 100 + read(6), (byte(3) & 1) === 1],
    `${what}: timestamp fields`,
  );
  const bad = [0, 1, 2, 4, 5, 6, 7].some((i) => byte(i) >>> 4 > 9 || (byte(i) & 0xf) > 9);
  assert.equal(ts.bcdInvalid === true, bad, `${what}: bcdInvalid`);
  return !bad;
}

// ---- ARM processor section bodies: shared by the CPER record and GHES block campaigns ----------

const ARM_HEADER = 40;
const ARM_INFO = 32;
const ARM_CTX_HEADER = 8;

/**
 * Structural fields of a valid ARM processor section body at `at` of `b`: ERR_INFO_NUM and
 * CONTEXT_INFO_NUM (counts), Section Length, and each context block's register-array size.
 */
export function armBodyFields(b: Uint8Array, at: number): FieldSpot[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: FieldSpot[] = [
    { at: at + 4, width: 2, role: 'count' },
    { at: at + 6, width: 2, role: 'count' },
    { at: at + 8, width: 4, role: 'length' },
  ];
  const infoNum = v.getUint16(at + 4, true);
  const ctxNum = v.getUint16(at + 6, true);
  const sectionLength = v.getUint32(at + 8, true);
  let pos = ARM_HEADER + ARM_INFO * infoNum;
  for (let i = 0; i < ctxNum && pos + ARM_CTX_HEADER <= sectionLength; i++) {
    const size = v.getUint32(at + pos + 4, true);
    out.push({ at: at + pos + 4, width: 4, role: 'length' });
    pos += Math.ceil((ARM_CTX_HEADER + size) / 16) * 16;
  }
  return out;
}

const MEMORY_BODY = 80;
/** The UEFI 2.1/2.2 memory section (Linux `cper_sec_mem_err_old`), the smallest one accepted. */
const MEMORY_BODY_OLD = 73;
const GENERIC_PROCESSOR_BODY = 192;

/**
 * What a decoded section body must satisfy given the `length` bytes at `at` of `input` it came
 * from (the same in a CPER record and a GHES block): fixed-size bodies had room, and every byte
 * array of the body (unknown-type bytes, ARM register arrays and vendor data) equals the input at
 * the place the body's own length fields give, which is where a correct decoder copied it from.
 */
export function assertSaneSectionBody(body: SectionBody, input: Uint8Array, at: number, length: number, what: string): void {
  switch (body.kind) {
    case 'unknown':
      assert.equal(body.bytes.length, length, `${what}: bytes`);
      assertBytesAt(input, at, body.bytes, `${what} bytes`);
      return;
    case 'memory': {
      const m = body.memory;
      assert.ok(length >= MEMORY_BODY_OLD, `${what}: memory body in ${length} bytes`);
      // 73..79 bytes are the old layout: marked, with the fields past offset 72 absent (0), not
      // read from whatever follows the section.
      if (length < MEMORY_BODY) {
        assert.equal(m.oldLayoutLength, length, `${what}: old layout length`);
        assert.deepEqual([m.extended, m.rankNumber, m.cardHandle, m.moduleHandle], [0, 0, 0, 0], `${what}: fields past the old layout`);
      } else {
        assert.equal(m.oldLayoutLength, undefined, `${what}: old layout marked on ${length} bytes`);
      }
      const v = new DataView(input.buffer, input.byteOffset, input.byteLength);
      assert.equal(m.validationBits, v.getBigUint64(at, true), `${what}: validation bits as stored`);
      assert.equal(m.physicalAddress, v.getBigUint64(at + 16, true), `${what}: physical address as stored`);
      return;
    }
    case 'generic-processor':
      assert.ok(length >= GENERIC_PROCESSOR_BODY, `${what}: generic processor body in ${length} bytes`);
      return;
    case 'arm-processor': {
      const a = body.armProcessor;
      const armLength = new DataView(input.buffer, input.byteOffset, input.byteLength).getUint32(at + 8, true);
      assert.ok(armLength <= length, `${what}: ARM Section Length ${armLength} > ${length}`);
      assert.ok(a.errorInfo.length >= 1, `${what}: no error information`);
      let pos = ARM_HEADER + ARM_INFO * a.errorInfo.length;
      for (const [k, c] of a.contextInfo.entries()) {
        assertBytesAt(input, at + pos + ARM_CTX_HEADER, c.registerArray, `${what} context ${k}`);
        // A final block without its padding is accepted by the decoder: it takes what is left.
        pos += Math.min(Math.ceil((ARM_CTX_HEADER + c.registerArray.length) / 16) * 16, armLength - pos);
      }
      assert.equal(pos + a.vendorSpecific.length, armLength, `${what}: vendor data does not end the ARM section`);
      assertBytesAt(input, at + pos, a.vendorSpecific, `${what} vendor data`);
      return;
    }
  }
}

// ---- Running a campaign in a worker -------------------------------------------------------------

interface CampaignRequest {
  fuzzCampaign: string;
}

type CampaignReply = { ok: true; report: FuzzReport } | { ok: false; message: string };

/** True in a worker started by {@link fuzzTest}: test files then define campaigns but register no tests. */
const fuzzWorkerCampaign: string | undefined =
  !isMainThread && typeof (workerData as Partial<CampaignRequest> | null)?.fuzzCampaign === 'string'
    ? (workerData as CampaignRequest).fuzzCampaign
    : undefined;

function runCampaignInWorker(module: string, name: string, signal: AbortSignal): Promise<FuzzReport> {
  return new Promise((resolve, reject) => {
    const request: CampaignRequest = { fuzzCampaign: name };
    const worker = new Worker(new URL(module), { workerData: request });
    // node:test aborts the signal when the test times out: stop a worker stuck in a loop, or the
    // test process would never exit.
    const stop = (): void => void worker.terminate();
    signal.addEventListener('abort', stop, { once: true });
    worker.once('message', (reply: CampaignReply) => {
      if (reply.ok) resolve(reply.report);
      else reject(new Error(reply.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      signal.removeEventListener('abort', stop);
      // After a message this does nothing (a settled promise stays settled).
      reject(new Error(`fuzz worker for '${name}' exited (code ${code}) without a report`));
    });
  });
}

export interface FuzzTestOptions {
  /** The test file's `import.meta.url`: the worker imports that file to find the campaign. */
  module: string;
  /** Test name; also the campaign's key, so it must be unique in the file. */
  name: string;
  /** node:test timeout. A campaign still running then counts as a hang and fails. */
  timeoutMs: number;
  /** The campaign, run in the worker. Throws on the first bad outcome. */
  run: () => FuzzReport;
  /** Checks on the report, run in the test (e.g. that both outcomes occurred often enough). */
  check: (r: FuzzReport) => void;
}

/**
 * Registers a node:test test that runs `run` in a worker thread and then `check`s its report. In
 * the worker the same call runs the campaign instead (after the module has finished loading, so
 * that constants declared below the call exist) and posts the report back.
 */
export function fuzzTest(o: FuzzTestOptions): void {
  if (fuzzWorkerCampaign === undefined) {
    test(o.name, { timeout: o.timeoutMs }, async (t) => {
      const r = await runCampaignInWorker(o.module, o.name, t.signal);
      t.diagnostic(
        `${r.decoder}: ${r.inputs} inputs in ${r.ms} ms (${((1000 * r.ms) / Math.max(1, r.inputs)).toFixed(1)} µs each); ` +
          `${r.decoded} decoded, ${r.rejected} rejected ${JSON.stringify(r.codes)}; ${JSON.stringify(r.ops)}`,
      );
      o.check(r);
    });
    return;
  }
  if (fuzzWorkerCampaign !== o.name) return;
  setImmediate(() => {
    let reply: CampaignReply;
    try {
      reply = { ok: true, report: o.run() };
    } catch (err) {
      // A failing input's message says everything; the stack helps when seeding itself failed.
      reply = { ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    parentPort!.postMessage(reply);
  });
}

/**
 * The usual non-vacuity checks: at least `inputs` calls, and each of decoded and rejected at
 * least `minShare` of them (so the campaign neither bounced off the first check nor only fed
 * inputs the decoder accepts).
 */
export function assertMeaningful(r: FuzzReport, inputs: number, minShare: { decoded: number; rejected: number }): void {
  assert.ok(r.inputs >= inputs, `${r.decoder}: ${r.inputs} inputs, expected at least ${inputs}`);
  assert.ok(r.decoded >= r.inputs * minShare.decoded, `${r.decoder}: only ${r.decoded} of ${r.inputs} inputs decoded`);
  assert.ok(r.rejected >= r.inputs * minShare.rejected, `${r.decoder}: only ${r.rejected} of ${r.inputs} inputs rejected`);
}

/** Every mutation operator in `ops` was applied at least `min` times. */
export function assertOpsApplied(r: FuzzReport, ops: readonly string[], min: number): void {
  for (const op of ops) assert.ok((r.ops[op] ?? 0) >= min, `${r.decoder}: operator '${op}' applied ${r.ops[op] ?? 0} times`);
}

// Shared test data for the APEI/CPER codec tests: the formats.md (e) golden block (copied from the
// spec, not produced by our encoder), the libcper oracle loader with a BigInt-safe JSON parser,
// and a seeded property-test loop that reports its seed when it fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { libcperDir } from '../helpers/paths.js';
import { TestRng } from '../helpers/rng.js';
import type { CperRecord, DecodedCperRecord } from '../../src/apei/cper-record.js';
import type { DecodedGhesBlock, GhesBlock } from '../../src/apei/ghes-block.js';

/** formats.md (e), "Single-line form, for tests". */
export const GOLDEN_HEX =
  '01000000000000000000000098000000000000001411bca5646fde4eb8633e83ed7c83b1000000000003000050000000' +
  '000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002400000' +
  '000000000000000000000000001000400000000000000000000000000000000000000000000000000000000000000000' +
  '00000000000000000000000000000000000000000000000000000000';

export function hexToBytes(hex: string): Uint8Array {
  const h = hex.replace(/\s+/g, '');
  if (h.length % 2 !== 0 || /[^0-9a-f]/i.test(h)) throw new Error('test fixture: bad hex');
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function goldenBytes(): Uint8Array {
  return hexToBytes(GOLDEN_HEX);
}

export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * JSON.parse that keeps integers of 16 or more digits exact: they are quoted before parsing
 * (outside string literals only) and come back as strings, to be compared with {@link big}.
 */
export function parseJsonBigSafe(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    if (/[-0-9]/.test(c) && !/[0-9.eE+-]/.test(text[i - 1] ?? ' ')) {
      let j = i + 1;
      while (j < text.length && /[0-9]/.test(text[j]!)) j++;
      const lit = text.slice(i, j);
      const isInteger = !/[.eE]/.test(text[j] ?? ' ');
      const digits = lit.replace('-', '').length;
      out += isInteger && digits >= 16 ? `"${lit}"` : lit;
      i = j - 1;
      continue;
    }
    out += c;
  }
  return JSON.parse(out);
}

/** A JSON integer (number or quoted big literal) as a bigint. */
export function big(x: unknown): bigint {
  if (typeof x === 'number' || typeof x === 'string') return BigInt(x);
  throw new Error(`test fixture: ${String(x)} is not an integer`);
}

export type JsonObj = Record<string, unknown>;

export function obj(x: unknown): JsonObj {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) throw new Error('test fixture: not an object');
  return x as JsonObj;
}

export const ORACLE_NAMES = ['memory', 'memory-validation-bits', 'generic'] as const;

export interface Oracle {
  name: string;
  /** Bytes of the .cperhex file. */
  bytes: Uint8Array;
  /** Text of the .cperhex file as stored (wrapped, no trailing newline). */
  hexText: string;
  json: JsonObj;
}

export function loadOracle(name: (typeof ORACLE_NAMES)[number]): Oracle {
  const hexText = readFileSync(join(libcperDir, `${name}.cperhex`), 'utf8');
  const json = obj(parseJsonBigSafe(readFileSync(join(libcperDir, `${name}.json`), 'utf8')));
  return { name, bytes: hexToBytes(hexText), hexText, json };
}

/** Seed for a property test: RASFLOW_SEED when set, else a fresh random one. */
export function testSeed(): number {
  const env = process.env['RASFLOW_SEED'];
  return env !== undefined ? Number(env) >>> 0 : (Math.random() * 0x1_0000_0000) >>> 0;
}

/** Iterations of the fuzz loops; RASFLOW_FUZZ_ITERATIONS raises it for long runs. */
export function fuzzIterations(dflt = 3000): number {
  const env = process.env['RASFLOW_FUZZ_ITERATIONS'];
  return env !== undefined ? Math.max(1, Number(env) | 0) : dflt;
}

/**
 * Runs `body` `n` times with one seeded generator; a failure is rethrown with the seed and the
 * iteration in its message so that `RASFLOW_SEED=<seed>` reproduces it.
 */
export function forAllSeeded(n: number, body: (rng: TestRng, i: number) => void, seed = testSeed()): void {
  const rng = new TestRng(seed);
  for (let i = 0; i < n; i++) {
    try {
      body(rng, i);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new Error(`failed with RASFLOW_SEED=${seed} at iteration ${i}: ${msg}`, { cause: err });
    }
  }
}

// Decoded records and blocks carry where each part was found (offsets, lengths); these drop that so
// a decoded value can be compared with the structure that was encoded.

export function stripRecord(d: DecodedCperRecord): CperRecord {
  const { recordLength: _len, sections, ...rest } = d;
  return { ...rest, sections: sections.map(({ sectionOffset: _o, sectionLength: _l, ...s }) => s) };
}

export function stripBlock(d: DecodedGhesBlock): GhesBlock {
  return {
    blockStatus: d.blockStatus, errorSeverity: d.errorSeverity, rawData: d.rawData,
    entries: d.entries.map(({ offset: _o, headerSize: _h, errorDataLength: _l, ...e }) => e),
  };
}

/**
 * A GHES block in the form the Marvell OcteonTX2 SDEI GHES driver writes, built byte by byte
 * (not by our encoder): Block Status 1<<4 (an entry count of 1 and neither valid bit), one GEDE of
 * revision 0x0201 (the 64-byte header) and a memory section of 73 bytes, Linux's
 * `sizeof(struct cper_sec_mem_err_old)`. `sectionLength` lets a test shorten the section.
 */
export function octeonTx2MemoryBlock(pa: bigint, validationBits: bigint, errorType: number, sectionLength = 73): Uint8Array {
  const b = new Uint8Array(20 + 64 + sectionLength);
  const v = viewOf(b);
  v.setUint32(0, 1 << 4, true);
  v.setUint32(12, 64 + sectionLength, true); // Data Length
  b.set(hexToBytes('1411bca5646fde4eb8633e83ed7c83b1'), 20); // memory section GUID, wire order
  v.setUint16(20 + 20, 0x0201, true); // revision
  v.setUint32(20 + 24, sectionLength, true); // Error Data Length
  v.setBigUint64(84, validationBits, true);
  v.setBigUint64(84 + 16, pa, true);
  if (sectionLength > 72) b[84 + 72] = errorType;
  return b;
}

/**
 * Turning the bytes of a file given to `rasflow cper decode` into a decoded GHES block or CPER
 * record: hex text or binary, then which of the two wrappers it is. What a person saves from a
 * firmware log or a guest memory dump can be either.
 */
import { decodeCperRecord, isCperRecord, type DecodedCperRecord } from '../apei/cper-record.js';
import { DecodeError } from '../apei/decode-error.js';
import { decodeGhesBlock, type DecodedGhesBlock } from '../apei/ghes-block.js';

/** What the input turned out to be. */
export type DecodedCperInput =
  | { kind: 'cper-record'; record: DecodedCperRecord }
  | { kind: 'ghes-block'; block: DecodedGhesBlock };

const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** Number of hex digits in `raw` when it holds only hex digits and ASCII whitespace; else -1. */
function hexDigitCount(raw: Uint8Array): number {
  let n = 0;
  for (const c of raw) {
    if (isSpace(c)) continue;
    if (hexValue(c) < 0) return -1;
    n++;
  }
  return n;
}

/**
 * True when `raw` is hex text: after removing ASCII whitespace it is non-empty, of even length
 * and only hex digits (formats used by libcper's `.cperhex` files and by the examples).
 */
export function isHexText(raw: Uint8Array): boolean {
  const n = hexDigitCount(raw);
  return n > 0 && n % 2 === 0;
}

/**
 * The bytes a file stands for: parsed hex when it is hex text, otherwise the file itself. A file
 * of hex digits and whitespace with an odd digit count is almost certainly a damaged hex dump, not
 * binary, so it is reported as such (`bad-input`) rather than decoded as bytes.
 */
export function bytesFromFile(raw: Uint8Array): Uint8Array {
  const n = hexDigitCount(raw);
  if (n <= 0) return raw;
  if (n % 2 !== 0) throw new DecodeError('bad-input', 'hex text', 0, `${n} hex digits: an odd count cannot be whole bytes`);
  const out = new Uint8Array(n / 2);
  let k = 0;
  let hi = -1;
  for (const c of raw) {
    if (isSpace(c)) continue;
    const v = hexValue(c);
    if (hi < 0) hi = v;
    else {
      out[k++] = (hi << 4) | v;
      hi = -1;
    }
  }
  return out;
}

/**
 * Decodes `bytes` as a CPER record when it starts with "CPER" and 0xFFFFFFFF at offset 6, and as
 * a GHES error status block otherwise. Throws only DecodeError.
 */
export function decodeCperInput(bytes: Uint8Array): DecodedCperInput {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isCperRecord(view, 0)) return { kind: 'cper-record', record: decodeCperRecord(view, 0) };
  return { kind: 'ghes-block', block: decodeGhesBlock(view, 0) };
}

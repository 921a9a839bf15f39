/**
 * Small checks and fixed-width field helpers shared by the APEI/CPER codecs.
 *
 * Encoders reject values that do not fit their wire field with a RangeError (a caller bug), and
 * refuse to write past the end of the destination. Decoders never call these: they report
 * problems in untrusted bytes as {@link DecodeError} instead.
 */
import { U64_MAX } from '../util/u64.js';

/** Throws a RangeError unless `v` is an integer in [0, 2^bits). */
export function checkUint(field: string, v: number, bits: 8 | 16 | 32): void {
  const max = bits === 32 ? 0xffff_ffff : (1 << bits) - 1;
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new RangeError(`${field}: ${String(v)} is not an unsigned ${bits}-bit integer`);
  }
}

/** Throws a RangeError unless `v` is a bigint in [0, 2^64). */
export function checkU64(field: string, v: bigint): void {
  if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) {
    throw new RangeError(`${field}: ${String(v)} is not an unsigned 64-bit value`);
  }
}

/** Throws a RangeError unless `size` bytes at `off` lie inside `view` (the encode would not fit). */
export function checkRoom(structure: string, view: DataView, off: number, size: number): void {
  if (!Number.isInteger(off) || off < 0 || off + size > view.byteLength) {
    throw new RangeError(
      `${structure}: needs ${size} bytes at offset ${off}, the destination has ${view.byteLength} bytes`,
    );
  }
}

/** Fills `len` bytes at `off` with zero; reserved fields and invalid optional fields are zero. */
export function zeroBytes(view: DataView, off: number, len: number): void {
  for (let i = 0; i < len; i++) view.setUint8(off + i, 0);
}

/**
 * Reads a NUL-padded single-byte text field (FRU text, CPU brand string). Bytes are taken as
 * Latin-1 code points so that any byte sequence maps to a string and back without loss.
 */
export function readFixedText(view: DataView, off: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    const c = view.getUint8(off + i);
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Throws a RangeError unless `text` fits a `width`-byte NUL-padded field: not longer than the
 * field, no NUL (which would end it early), no character above U+00FF (not one byte).
 */
export function checkFixedText(field: string, text: string, width: number): void {
  if (text.length > width) throw new RangeError(`${field}: ${text.length} characters do not fit in ${width} bytes`);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || c > 0xff) {
      throw new RangeError(`${field}: character ${i} (U+${c.toString(16).padStart(4, '0')}) is not a non-NUL byte`);
    }
  }
}

/** Writes `text` into a `width`-byte NUL-padded field, after {@link checkFixedText}. */
export function writeFixedText(field: string, view: DataView, off: number, width: number, text: string): void {
  checkFixedText(field, text, width);
  for (let i = 0; i < width; i++) view.setUint8(off + i, i < text.length ? text.charCodeAt(i) : 0);
}

/** Copies `len` bytes starting at `off` out of the view (bounded by the caller's checks). */
export function copyBytes(view: DataView, off: number, len: number): Uint8Array {
  // slice() of a typed array always makes a private copy, even when the view sits on a
  // SharedArrayBuffer that another agent may keep writing.
  return new Uint8Array(view.buffer, view.byteOffset + off, len).slice();
}

/** Writes raw bytes at `off`. */
export function putBytes(view: DataView, off: number, bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) view.setUint8(off + i, bytes[i]!);
}

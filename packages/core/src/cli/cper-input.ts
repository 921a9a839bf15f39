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

/** Where a problem in hex text is, for a person: 1-based line and column, and the byte offset. */
interface TextPosition {
  line: number;
  column: number;
}

const HEX_TEXT = 'hex text';

/** A DecodeError at `pos` in `text`; its offset is the byte offset in the file (UTF-8). */
function textError(text: string, lines: readonly string[], pos: TextPosition, detail: string): DecodeError {
  const before = lines.slice(0, pos.line - 1).reduce((n, l) => n + l.length + 1, 0) + pos.column - 1;
  const offset = new TextEncoder().encode(text.slice(0, before)).length;
  return new DecodeError('bad-input', HEX_TEXT, offset, `line ${pos.line}, column ${pos.column}: ${detail}`);
}

/** `'G'`, or a description for a character that would not show. */
function shownChar(c: string): string {
  return /^[\x21-\x7e]$/u.test(c) ? `'${c}'` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The file as text, or null for binary: valid UTF-8 without control characters other than
 * whitespace. A GHES block or a CPER record always holds such bytes (zero high bytes of its
 * lengths, the record's 0xFFFF signature end), so a file without any is a hex dump.
 */
function asText(raw: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return null;
  }
  return /[\u0000-\u0008\u000e-\u001f\u007f]/u.test(text) ? null : text.replace(/^\uFEFF/u, '');
}

const HEX_DIGIT = /[0-9a-fA-F]/;
const SPACE = /[ \t\v\f\r]/; // within a line; lines are split at '\n'

/** Plain hex: digits and whitespace only (libcper's `.cperhex`, `xxd -p`, the examples). */
function plainHex(text: string, lines: readonly string[]): Uint8Array {
  const nibbles: number[] = [];
  lines.forEach((l, i) => {
    for (let c = 0; c < l.length; c++) {
      const ch = l[c]!;
      if (HEX_DIGIT.test(ch)) nibbles.push(parseInt(ch, 16));
      else if (!SPACE.test(ch)) throw textError(text, lines, { line: i + 1, column: c + 1 }, `${shownChar(ch)} is not a hex digit (the accepted forms: plain hex, a C array of 0x bytes, xxd output)`);
    }
  });
  if (nibbles.length % 2 !== 0) throw new DecodeError('bad-input', HEX_TEXT, 0, `${nibbles.length} hex digits: an odd count cannot be whole bytes`);
  const out = new Uint8Array(nibbles.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = (nibbles[2 * k]! << 4) | nibbles[2 * k + 1]!;
  return out;
}

/** A C array's body: `0x` bytes of one or two digits separated by commas and whitespace (`xxd -i`). */
function cArrayHex(text: string, lines: readonly string[]): Uint8Array {
  const out: number[] = [];
  const byte = /0[xX]([0-9a-fA-F]{1,2})(?![0-9a-zA-Z_])/y;
  lines.forEach((l, i) => {
    for (let c = 0; c < l.length;) {
      if (SPACE.test(l[c]!) || l[c] === ',') {
        c++;
        continue;
      }
      byte.lastIndex = c;
      const m = byte.exec(l);
      if (m === null) throw textError(text, lines, { line: i + 1, column: c + 1 }, `expected a byte such as 0x1f, found ${shownChar(l[c]!)}`);
      out.push(parseInt(m[1]!, 16));
      c = byte.lastIndex;
    }
  });
  return Uint8Array.from(out);
}

const XXD_LINE = /^([0-9a-fA-F]+): /;

/**
 * xxd output: `OFFSET: ` then the bytes in groups of hex digits one space apart (any `-g`,
 * any `-c`), then two spaces and the ASCII column, which is ignored. Each line's offset must
 * follow from the bytes before it, so a line lost in a copy and paste is reported, not skipped.
 */
function xxdHex(text: string, lines: readonly string[]): Uint8Array {
  const out: number[] = [];
  let base = -1;
  lines.forEach((l, i) => {
    if (l.trim() === '') return;
    const at = (column: number, detail: string): DecodeError => textError(text, lines, { line: i + 1, column }, detail);
    const m = XXD_LINE.exec(l);
    if (m === null) throw at(1, 'expected an xxd line (an offset, \':\', the bytes in hex, the ASCII column)');
    const offset = parseInt(m[1]!, 16);
    if (base < 0) base = offset;
    if (offset !== base + out.length) throw at(1, `offset 0x${offset.toString(16)}, but the lines before end at 0x${(base + out.length).toString(16)}: a line is missing or repeated`);
    let c = m[0].length;
    for (;;) {
      const start = c;
      while (c < l.length && HEX_DIGIT.test(l[c]!)) c++;
      if (c === start || (c - start) % 2 !== 0) throw at(start + 1, c === start ? `expected hex bytes, found ${shownChar(l[c] ?? ' ')}` : `a group of ${c - start} hex digits: an odd count cannot be whole bytes`);
      for (let k = start; k < c; k += 2) out.push(parseInt(l.slice(k, k + 2), 16));
      // One space and a digit: the next group; anything else: the ASCII column or the end.
      if (l[c] === ' ' && c + 1 < l.length && HEX_DIGIT.test(l[c + 1]!)) c++;
      else break;
    }
  });
  return Uint8Array.from(out);
}

/**
 * The bytes a file stands for. Binary (anything that is not plain text) is the bytes themselves.
 * Text must be hex in one of three forms, told apart by how it starts: `0x` begins a C array's
 * bytes (or a whole declaration, `… = { 0x01, … };`, has them between its braces), `OFFSET: `
 * an xxd dump, anything else plain hex digits and whitespace. Text in none of
 * them is refused (`bad-input`) with the line and column of the first character that does not
 * fit, rather than decoded as binary, where it fails far from the cause (a stray `G` read as a
 * Data Length of 807415856).
 */
export function bytesFromFile(raw: Uint8Array): Uint8Array {
  const text = asText(raw);
  if (text === null || text.trim() === '') return raw;
  const lines = text.split('\n');
  const first = lines.find((l) => l.trim() !== '')!;
  if (/^0[xX]/.test(first.trimStart())) return cArrayHex(text, lines);
  // A whole C declaration (`xxd -i`): its body is read, the rest blanked so that the lines and
  // columns of a message are still those of the file.
  const decl = /^([^{}]*\{)([^{}]*)(\}[^{}]*)$/u.exec(text);
  if (decl !== null && /^\s*0[xX]/u.test(decl[2]!)) {
    const blank = (t: string): string => t.replace(/[^\n]/gu, ' ');
    return cArrayHex(text, (blank(decl[1]!) + decl[2]! + blank(decl[3]!)).split('\n'));
  }
  if (XXD_LINE.test(first)) return xxdHex(text, lines);
  return plainHex(text, lines);
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

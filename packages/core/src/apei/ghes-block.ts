/**
 * A whole GHES error status block (ACPI §18.3.2.7; formats.md d.1, d.2): the GESB, then Data
 * Length bytes of Generic Error Data Entries (header + section body each), then optional raw
 * data. EL3 firmware writes one for the host kernel and QEMU's `hw/acpi/ghes.c` writes one for the
 * guest, at the address the HEST Error Status Address slot holds; Linux `ghes.c` reads and checks
 * it (`cper_estatus_check`) before acting on the sections.
 */
import { checkRoom, checkUint, copyBytes, putBytes } from './codec-util.js';
import { DecodeError } from './decode-error.js';
import { decodeGede, encodeGede, gedeHeaderSize, GEDE_SIZE_LEGACY } from './gede.js';
import { decodeGesb, encodeGesb, GESB_SIZE } from './gesb.js';
import { decodeSectionBody, encodeSectionBody, sectionBodySize, sectionTypeOf, type SectionBody } from './section-body.js';
import type { CperTimestamp } from './timestamp.js';

/** One entry of a block: the GEDE header fields that are not derived, plus the body. */
export interface GhesEntry {
  /** Error Severity of this entry (0 recoverable, 1 fatal, 2 corrected, 3 none/informational). */
  severity: number;
  /** 0x0300 gives a 72-byte header with timestamp; below it 64 bytes. */
  revision: number;
  /** Section flags (`SectionFlag`), one byte here. */
  flags: number;
  /** FRU Id GUID, or null (validation bit 0 clear). */
  fruId: string | null;
  /** FRU Text, up to 20 characters, or null (validation bit 1 clear). */
  fruText: string | null;
  /** Only for revision ≥ 0x0300. */
  timestamp: CperTimestamp | null;
  /**
   * The CPER section body (memory error, ARM processor error, generic processor error, or raw); its
   * kind gives the Section Type GUID.
   */
  body: SectionBody;
}

/**
 * A block. Data Length, the raw-data offset/length and each GEDE's Section Type and Error Data
 * Length are derived when encoding; `blockStatus` is written as given (QEMU writes 1 with an entry
 * count of 0, so the count is not forced to match `entries`).
 */
export interface GhesBlock {
  /**
   * Block Status: bit 0 uncorrectable error valid, bit 1 correctable error valid, bit 2 multiple
   * uncorrectable errors, bit 3 multiple correctable errors, bits 13:4 the count of error data
   * entries.
   */
  blockStatus: number;
  /** Error Severity of the block: the worst of its entries (what Linux ghes.c acts on). */
  errorSeverity: number;
  /** The Generic Error Data Entries. */
  entries: GhesEntry[];
  /** Vendor raw error data; placed right after the entries. Empty → offset and length 0, as QEMU writes. */
  rawData: Uint8Array;
}

/** An entry as decoded, with where its header was (from the block start) and its sizes. */
export interface DecodedGhesEntry extends GhesEntry {
  /** Where the entry's header starts, from the block start. */
  offset: number;
  /** Header size: 72 bytes for revision 0x0300 and later (with a timestamp), else 64. */
  headerSize: number;
  /** Error Data Length as stored: the size of the section body. */
  errorDataLength: number;
}

/** A block as decoded, with the GESB length fields as stored. */
export interface DecodedGhesBlock extends GhesBlock {
  /** Data Length as stored: the bytes of all the entries. */
  dataLength: number;
  /** Raw Data Offset as stored (from the block start). */
  rawDataOffset: number;
  /** Raw Data Length as stored. */
  rawDataLength: number;
  /** The entries, with where each was found. */
  entries: DecodedGhesEntry[];
}

/** Encoded size of `b`: GESB, entries, raw data. */
export function ghesBlockSize(b: GhesBlock): number {
  return GESB_SIZE + ghesDataLength(b) + b.rawData.length;
}

function ghesDataLength(b: GhesBlock): number {
  let n = 0;
  for (const e of b.entries) n += gedeHeaderSize(e.revision) + sectionBodySize(e.body);
  return n;
}

/**
 * Decodes a block of at most `length` bytes at `off`. Each GEDE header and body must fit inside
 * the GESB Data Length, and the entries must use it up exactly; the loop advances at least 64
 * bytes per entry, so its length is bounded by the bytes present.
 */
export function decodeGhesBlock(view: DataView, off = 0, length = view.byteLength - off): DecodedGhesBlock {
  const g = decodeGesb(view, off);
  const available = Math.min(length, view.byteLength - off);
  const end = GESB_SIZE + g.dataLength;
  if (end > available) {
    throw new DecodeError('truncated', 'GESB', off + 12, `Data Length ${g.dataLength} runs past the ${available} bytes available`);
  }
  const entries: DecodedGhesEntry[] = [];
  for (let pos = GESB_SIZE; pos < end; ) {
    const st = `GEDE ${entries.length}`;
    const left = end - pos;
    if (left < GEDE_SIZE_LEGACY) {
      throw new DecodeError('bad-length', st, off + pos, `${left} bytes left in the GESB Data Length, too few for a GEDE header`);
    }
    const { entry, headerSize } = decodeGede(view, off + pos, st);
    if (headerSize > left) {
      throw new DecodeError('bad-length', st, off + pos + 20, `a ${headerSize}-byte header does not fit the ${left} bytes left in the GESB Data Length`);
    }
    if (entry.errorDataLength > left - headerSize) {
      throw new DecodeError('bad-length', st, off + pos + 24, `Error Data Length ${entry.errorDataLength} is inconsistent with the GESB Data Length (${left - headerSize} bytes left)`);
    }
    const body = decodeSectionBody(view, off + pos + headerSize, entry.errorDataLength, entry.sectionType);
    entries.push({
      severity: entry.errorSeverity, revision: entry.revision, flags: entry.flags, fruId: entry.fruId,
      fruText: entry.fruText, timestamp: entry.timestamp, body,
      offset: pos, headerSize, errorDataLength: entry.errorDataLength,
    });
    pos += headerSize + entry.errorDataLength;
  }
  let rawData: Uint8Array = new Uint8Array(0);
  if (g.rawDataLength > 0) {
    if (g.rawDataOffset < end || g.rawDataOffset > available || g.rawDataLength > available - g.rawDataOffset) {
      throw new DecodeError('bad-length', 'GESB', off + 4, `raw data [${g.rawDataOffset}, +${g.rawDataLength}) is not between the entries' end (${end}) and the ${available} bytes available`);
    }
    rawData = copyBytes(view, off + g.rawDataOffset, g.rawDataLength);
  }
  return {
    blockStatus: g.blockStatus, errorSeverity: g.errorSeverity, entries, rawData,
    dataLength: g.dataLength, rawDataOffset: g.rawDataOffset, rawDataLength: g.rawDataLength,
  };
}

/** Writes `b` at `off`; returns its size. RangeError when a field is out of range or it does not fit. */
export function encodeGhesBlock(view: DataView, off: number, b: GhesBlock): number {
  checkUint('GHES block blockStatus', b.blockStatus, 32);
  checkUint('GHES block errorSeverity', b.errorSeverity, 32);
  const dataLength = ghesDataLength(b);
  const size = GESB_SIZE + dataLength + b.rawData.length;
  if (size > 0xffff_ffff) throw new RangeError('GHES block: longer than its u32 length fields allow');
  checkRoom('GHES block', view, off, size);
  let pos = off + GESB_SIZE;
  for (const e of b.entries) {
    const bodyLen = sectionBodySize(e.body);
    pos += encodeGede(view, pos, {
      sectionType: sectionTypeOf(e.body), errorSeverity: e.severity, revision: e.revision,
      flags: e.flags, errorDataLength: bodyLen, fruId: e.fruId, fruText: e.fruText, timestamp: e.timestamp,
    });
    pos += encodeSectionBody(view, pos, e.body);
  }
  putBytes(view, pos, b.rawData);
  encodeGesb(view, off, {
    blockStatus: b.blockStatus,
    rawDataOffset: b.rawData.length > 0 ? GESB_SIZE + dataLength : 0,
    rawDataLength: b.rawData.length,
    dataLength,
    errorSeverity: b.errorSeverity,
  });
  return size;
}

/** Encodes `b` into a new buffer of exactly its size. */
export function encodeGhesBlockToBytes(b: GhesBlock): Uint8Array {
  const bytes = new Uint8Array(ghesBlockSize(b));
  encodeGhesBlock(new DataView(bytes.buffer), 0, b);
  return bytes;
}

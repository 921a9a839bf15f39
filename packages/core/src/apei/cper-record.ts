/**
 * A full UEFI CPER record (UEFI N.2.1; formats.md d.5, d.6): a 128-byte header, one 72-byte
 * section descriptor per section, then the section bodies. This is the form firmware stores in
 * ERST/BERT, BMCs log and libcper reads; it never appears inside a GHES block (gotcha 14). In this
 * simulator the VMM and EL3 firmware can also hand one to a log sink.
 */
import { checkRoom, checkU64, checkUint, zeroBytes } from './codec-util.js';
import { DecodeError, need } from './decode-error.js';
import { guidBytes, readGuid, writeGuid } from './guid.js';
import {
  decodeSectionDescriptor, encodeSectionDescriptor, SECTION_DESCRIPTOR_SIZE,
} from './section-descriptor.js';
import { decodeSectionBody, encodeSectionBody, sectionBodySize, sectionTypeOf, type SectionBody } from './section-body.js';
import { checkTimestamp, decodeTimestamp, encodeTimestamp, type CperTimestamp } from './timestamp.js';
import { readU64, writeU64 } from '../util/u64.js';

/** Size of the record header. */
export const CPER_HEADER_SIZE = 128;
/** "CPER" read as a little-endian u32. */
export const CPER_SIGNATURE_START = 0x5245_5043;
/** SignatureEnd at offset 6. */
export const CPER_SIGNATURE_END = 0xffff_ffff;
/** Record revision edk2 and libcper define (1.1); Linux writes 0x0100 and libcper examples 0. */
export const CPER_REVISION = 0x0101;

/** Record header Flags bits. */
export const RecordFlag = {
  /** Bit 0, HW_ERROR_FLAGS_RECOVERED: the error was recovered from. */
  recovered: 1,
  /** Bit 1, HW_ERROR_FLAGS_PREVERR: an error from a previous boot (e.g. read back from BERT). */
  previousError: 2,
  /** Bit 2, HW_ERROR_FLAGS_SIMULATED: the error was injected, not a real one. */
  simulated: 4,
} as const;

/** One section of a record: descriptor fields plus the body. */
export interface CperRecordSection {
  /** Section severity (0 recoverable, 1 fatal, 2 corrected, 3 informational; formats.md d.8). */
  severity: number;
  /** Descriptor revision (0x0100 in edk2 and Linux). */
  revision: number;
  /** Section flags (`SectionFlag`). */
  flags: number;
  /** FRU Id GUID of the failing field-replaceable unit, or null (validation bit 0 clear). */
  fruId: string | null;
  /** FRU Text, up to 20 ASCII characters, or null (validation bit 1 clear). */
  fruText: string | null;
  /**
   * The section body; its kind gives the Section Type GUID (memory, ARM processor, generic
   * processor, or raw bytes).
   */
  body: SectionBody;
}

/**
 * A record. Section Count, Record Length and the descriptor offsets/lengths are derived when
 * encoding; header validation bits too (bit 0 ⇔ platformId, bit 1 ⇔ timestamp, bit 2 ⇔
 * partitionId not null).
 */
export interface CperRecord {
  /** Major in the high byte, minor in the low. Reported as stored, never validated. */
  revision: number;
  /** Worst severity of the record (formats.md d.8). */
  errorSeverity: number;
  /** When the error was recorded, or null (validation bit 1 clear). */
  timestamp: CperTimestamp | null;
  /** Platform Id GUID, or null (validation bit 0 clear). */
  platformId: string | null;
  /** Partition Id GUID, or null (validation bit 2 clear). */
  partitionId: string | null;
  /** Who built the record (a vendor GUID). */
  creatorId: string;
  /** How the error was signalled (SEA, SEI, CMC, …; formats.md d.9). */
  notificationType: string;
  /** Unique record id (the ERST key). */
  recordId: bigint;
  /** {@link RecordFlag} bits. */
  flags: number;
  /** Persistence Information, reserved for the error record store (ERST); kept as stored. */
  persistenceInfo: bigint;
  /** The sections, in descriptor order. */
  sections: CperRecordSection[];
}

/** A section as decoded, with where its body was found. */
export interface DecodedCperRecordSection extends CperRecordSection {
  /** Section Offset: where the body starts, from the start of the record. */
  sectionOffset: number;
  /** Section Length in bytes. */
  sectionLength: number;
}

/** A record as decoded, with its Record Length. */
export interface DecodedCperRecord extends CperRecord {
  /** Record Length: header, descriptors and bodies, in bytes. */
  recordLength: number;
  /** The sections, in descriptor order, with where each body was found. */
  sections: DecodedCperRecordSection[];
}

/** True when the bytes at `off` start like a CPER record ("CPER" and 0xFFFFFFFF at offset 6). */
export function isCperRecord(view: DataView, off = 0): boolean {
  return (
    off >= 0 && off + 10 <= view.byteLength &&
    view.getUint32(off, true) === CPER_SIGNATURE_START &&
    view.getUint32(off + 6, true) === CPER_SIGNATURE_END
  );
}

/** Encoded size of `r`: header, descriptors and bodies. */
export function cperRecordSize(r: CperRecord): number {
  let n = CPER_HEADER_SIZE + SECTION_DESCRIPTOR_SIZE * r.sections.length;
  for (const s of r.sections) n += sectionBodySize(s.body);
  return n;
}

/**
 * Decodes a record of at most `length` bytes at `off`. Every section must lie after the
 * descriptors and inside Record Length; sections may overlap each other (nothing forbids it).
 */
export function decodeCperRecord(view: DataView, off = 0, length = view.byteLength - off): DecodedCperRecord {
  const st = 'CPER record header';
  need(view, off, CPER_HEADER_SIZE, st);
  if (view.getUint32(off, true) !== CPER_SIGNATURE_START) throw new DecodeError('bad-signature', st, off, 'does not start with "CPER"');
  if (view.getUint32(off + 6, true) !== CPER_SIGNATURE_END) throw new DecodeError('bad-signature', st, off + 6, 'SignatureEnd is not 0xFFFFFFFF');
  const count = view.getUint16(off + 10, true);
  const recordLength = view.getUint32(off + 20, true);
  const available = Math.min(length, view.byteLength - off);
  if (recordLength > available) {
    throw new DecodeError('truncated', st, off + 20, `Record Length ${recordLength} exceeds the ${available} bytes available`);
  }
  const bodiesStart = CPER_HEADER_SIZE + SECTION_DESCRIPTOR_SIZE * count;
  if (recordLength < bodiesStart) {
    throw new DecodeError('bad-length', st, off + 20, `Record Length ${recordLength} cannot hold the header and ${count} section descriptors (${bodiesStart} bytes)`);
  }
  const valid = view.getUint32(off + 16, true);
  const sections: DecodedCperRecordSection[] = [];
  for (let i = 0; i < count; i++) {
    const dst = `section descriptor ${i}`;
    const at = off + CPER_HEADER_SIZE + SECTION_DESCRIPTOR_SIZE * i;
    const d = decodeSectionDescriptor(view, at, dst);
    if (d.sectionOffset < bodiesStart || d.sectionOffset > recordLength) {
      throw new DecodeError('bad-length', dst, at, `Section Offset ${d.sectionOffset} is outside the bodies area [${bodiesStart}, ${recordLength}]`);
    }
    if (d.sectionLength > recordLength - d.sectionOffset) {
      throw new DecodeError('bad-length', dst, at + 4, `Section Length ${d.sectionLength} at offset ${d.sectionOffset} runs past Record Length ${recordLength}`);
    }
    const body = decodeSectionBody(view, off + d.sectionOffset, d.sectionLength, d.sectionType);
    sections.push({
      severity: d.severity, revision: d.revision, flags: d.flags, fruId: d.fruId, fruText: d.fruText,
      body, sectionOffset: d.sectionOffset, sectionLength: d.sectionLength,
    });
  }
  return {
    revision: view.getUint16(off + 4, true),
    errorSeverity: view.getUint32(off + 12, true),
    timestamp: (valid & 2) !== 0 ? decodeTimestamp(view, off + 24, `${st} timestamp`) : null,
    platformId: (valid & 1) !== 0 ? readGuid(view, off + 32) : null,
    partitionId: (valid & 4) !== 0 ? readGuid(view, off + 48) : null,
    creatorId: readGuid(view, off + 64),
    notificationType: readGuid(view, off + 80),
    recordId: readU64(view, off + 96),
    flags: view.getUint32(off + 104, true),
    persistenceInfo: readU64(view, off + 108),
    recordLength,
    sections,
  };
}

function checkRecord(r: CperRecord): void {
  checkUint('CPER record revision', r.revision, 16);
  checkUint('CPER record errorSeverity', r.errorSeverity, 32);
  checkUint('CPER record flags', r.flags, 32);
  checkU64('CPER record recordId', r.recordId);
  checkU64('CPER record persistenceInfo', r.persistenceInfo);
  checkTimestamp(r.timestamp);
  for (const g of [r.platformId, r.partitionId, r.creatorId, r.notificationType]) if (g !== null) guidBytes(g);
  if (r.sections.length > 0xffff) throw new RangeError(`CPER record: ${r.sections.length} sections (at most 65535)`);
  if (cperRecordSize(r) > 0xffff_ffff) throw new RangeError('CPER record: longer than a u32 Record Length');
}

/** Writes `r` at `off`: header, descriptors, then the bodies back to back. Returns the size. */
export function encodeCperRecord(view: DataView, off: number, r: CperRecord): number {
  checkRecord(r);
  const size = cperRecordSize(r);
  checkRoom('CPER record', view, off, size);
  // Descriptors and bodies first: their encoders validate the per-section fields, so a bad
  // section fails before the header claims a complete record.
  let bodyAt = CPER_HEADER_SIZE + SECTION_DESCRIPTOR_SIZE * r.sections.length;
  r.sections.forEach((s, i) => {
    const len = encodeSectionBody(view, off + bodyAt, s.body);
    encodeSectionDescriptor(view, off + CPER_HEADER_SIZE + SECTION_DESCRIPTOR_SIZE * i, {
      sectionOffset: bodyAt, sectionLength: len, revision: s.revision, flags: s.flags,
      sectionType: sectionTypeOf(s.body), fruId: s.fruId, severity: s.severity, fruText: s.fruText,
    });
    bodyAt += len;
  });
  encodeTimestamp(view, off + 24, r.timestamp);
  view.setUint32(off, CPER_SIGNATURE_START, true);
  view.setUint16(off + 4, r.revision, true);
  view.setUint32(off + 6, CPER_SIGNATURE_END, true);
  view.setUint16(off + 10, r.sections.length, true);
  view.setUint32(off + 12, r.errorSeverity, true);
  view.setUint32(off + 16, (r.platformId !== null ? 1 : 0) | (r.timestamp !== null ? 2 : 0) | (r.partitionId !== null ? 4 : 0), true);
  view.setUint32(off + 20, size, true);
  if (r.platformId !== null) writeGuid(view, off + 32, r.platformId);
  else zeroBytes(view, off + 32, 16);
  if (r.partitionId !== null) writeGuid(view, off + 48, r.partitionId);
  else zeroBytes(view, off + 48, 16);
  writeGuid(view, off + 64, r.creatorId);
  writeGuid(view, off + 80, r.notificationType);
  writeU64(view, off + 96, r.recordId);
  view.setUint32(off + 104, r.flags, true);
  writeU64(view, off + 108, r.persistenceInfo);
  zeroBytes(view, off + 116, 12);
  return size;
}

/** Encodes `r` into a new buffer of exactly its size. */
export function encodeCperRecordToBytes(r: CperRecord): Uint8Array {
  const bytes = new Uint8Array(cperRecordSize(r));
  encodeCperRecord(new DataView(bytes.buffer), 0, r);
  return bytes;
}

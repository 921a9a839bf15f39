/**
 * The ACPI Hardware Error Source Table (HEST) with GHES and GHESv2 entries (formats.md c.2, c.3).
 *
 * EL3 firmware publishes this table to describe where each error source's records appear and how
 * the OS is notified; QEMU builds the same thing for a guest (build_ghes_v2_entry). Linux walks it
 * at boot (hest_parse, ghes_probe) and keeps the addresses to read, clear and acknowledge records.
 * rasflow encodes only GHESv2 (type 10), the one form with a read-ack register; the decoder also
 * reads GHES v1 (type 9) and rejects every other subtable type, because each type has its own size
 * and a walker that guessed would misread every entry after it (formats.md f.12).
 */
import { DecodeError, need } from './decode-error.js';
import {
  readAcpiHeader,
  verifyAcpiChecksum,
  writeAcpiChecksum,
  writeAcpiHeader,
  type AcpiHeaderFields,
  type AcpiTableHeader,
} from './acpi-header.js';
import { readGas, writeGas, type GenericAddress } from './gas.js';
import { readNotification, writeNotification, type HardwareErrorNotification } from './notification.js';
import { U64_MAX, readU64, writeU64 } from '../util/u64.js';

/** HEST table signature. */
export const HEST_SIGNATURE = 'HEST';
/** Offset of the Error Source Count; the first entry follows at 40. */
export const HEST_COUNT_OFFSET = 36;
/** Offset of the first error-source structure. */
export const HEST_ENTRIES_OFFSET = 40;
/** Subtable type of a Generic Hardware Error Source (v1). */
export const GHES_TYPE = 9;
/** Subtable type of a Generic Hardware Error Source version 2 (with read ack). */
export const GHESV2_TYPE = 10;
/** Size of a GHES v1 entry. */
export const GHES_LENGTH = 64;
/** Size of a GHESv2 entry. */
export const GHESV2_LENGTH = 92;
/** Related Source Id meaning "no related source". */
export const NO_RELATED_SOURCE = 0xffff;

/** Entry-relative offsets of the fields the engine and tests care about (formats.md c.3). */
export const GHES_FIELD = {
  /**
   * Offset 20: the Error Status Address GAS (points at the 8-byte slot holding the status block's
   * address).
   */
  errorStatusAddress: 20,
  /** Offset 32: the Hardware Error Notification Structure (28 bytes). */
  notification: 32,
  /** Offset 60: Error Status Block Length. */
  errorStatusBlockLength: 60,
  /** Offset 64: the Read Ack Register GAS (GHESv2). */
  readAckRegister: 64,
  /** Offset 76: Read Ack Preserve mask (GHESv2). */
  readAckPreserve: 76,
  /** Offset 84: Read Ack Write mask (GHESv2). */
  readAckWrite: 84,
} as const;

/** Fields shared by GHES v1 and v2: one error source as the OS sees it. */
export interface GhesEntryFields {
  /** Unique id of the source; the engine uses it to find the source's slot and block. */
  sourceId: number;
  /** Id of an alternate source, or {@link NO_RELATED_SOURCE}. */
  relatedSourceId: number;
  /** Byte 6: flags in other subtables, reserved (0) for GHES. */
  flags: number;
  /** Non-zero when enabled; Linux ignores a disabled GHES. */
  enabled: number;
  /** Number Of Records To Pre-allocate. */
  recordsToPreallocate: number;
  /** Max Sections Per Record. */
  maxSectionsPerRecord: number;
  /** Max Raw Data Length. */
  maxRawDataLength: number;
  /** Points at the 8-byte slot that holds the status-block address (double indirection, c.6). */
  errorStatusAddress: GenericAddress;
  /** How the OS is told about a new record. */
  notification: HardwareErrorNotification;
  /** Size of the status-block area the slot points to. */
  errorStatusBlockLength: number;
}

/** A GHES v1 entry (type 9, 64 bytes): no read-ack handshake. Decoded, never published. */
export interface GhesV1Entry extends GhesEntryFields {
  /** HEST structure type 9: Generic Hardware Error Source. */
  type: typeof GHES_TYPE;
}

/** A GHESv2 entry (type 10, 92 bytes): what rasflow's firmware and the VMM publish. */
export interface GhesV2Entry extends GhesEntryFields {
  /**
   * HEST structure type 10: Generic Hardware Error Source version 2 (with a read-ack register).
   */
  type: typeof GHESV2_TYPE;
  /** Points directly at the 8-byte read-ack register (no second level). */
  readAckRegister: GenericAddress;
  /** Bits the OS keeps when it acknowledges (QEMU: all but bit 0). */
  readAckPreserve: bigint;
  /** Bits the OS sets when it acknowledges (QEMU: bit 0). */
  readAckWrite: bigint;
}

/** Any entry the decoder understands. */
export type HestEntry = GhesV1Entry | GhesV2Entry;

/** Header fields a HEST builder chooses; signature, length and checksum are the encoder's. */
export type HestHeaderFields = Omit<AcpiHeaderFields, 'signature'>;

/** A decoded HEST. */
export interface HestTable {
  /** The ACPI table header (signature `HEST`, length, revision, checksum, OEM fields). */
  header: AcpiTableHeader;
  /** The Error Source Count field (checked to equal `entries.length`). */
  errorSourceCount: number;
  /** The error source structures, in table order. */
  entries: HestEntry[];
}

/**
 * QEMU virt's header values (formats.md c.1): the defaults of `rasflow hest`, so that its output
 * can be compared with the iasl oracle byte for byte.
 */
export const QEMU_HEST_HEADER: HestHeaderFields = {
  revision: 1,
  oemId: 'BOCHS ',
  oemTableId: 'BXPC    ',
  oemRevision: 1,
  creatorId: 'BXPC',
  creatorRevision: 1,
};

/** Table length for `count` GHESv2 entries: 40 + 92·count. */
export function hestLength(count: number): number {
  return HEST_ENTRIES_OFFSET + GHESV2_LENGTH * count;
}

function checkU(v: number, max: number, field: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${field}: ${v} out of range`);
}

function writeGhesV2(view: DataView, off: number, e: GhesV2Entry, i: number): void {
  const f = `entries[${i}]`;
  checkU(e.sourceId, 0xffff, `${f}.sourceId`);
  checkU(e.relatedSourceId, 0xffff, `${f}.relatedSourceId`);
  checkU(e.flags, 0xff, `${f}.flags`);
  checkU(e.enabled, 0xff, `${f}.enabled`);
  checkU(e.recordsToPreallocate, 0xffff_ffff, `${f}.recordsToPreallocate`);
  checkU(e.maxSectionsPerRecord, 0xffff_ffff, `${f}.maxSectionsPerRecord`);
  checkU(e.maxRawDataLength, 0xffff_ffff, `${f}.maxRawDataLength`);
  checkU(e.errorStatusBlockLength, 0xffff_ffff, `${f}.errorStatusBlockLength`);
  for (const k of ['readAckPreserve', 'readAckWrite'] as const) {
    if (e[k] < 0n || e[k] > U64_MAX) throw new RangeError(`${f}.${k}: not a u64`);
  }
  view.setUint16(off, GHESV2_TYPE, true);
  view.setUint16(off + 2, e.sourceId, true);
  view.setUint16(off + 4, e.relatedSourceId, true);
  view.setUint8(off + 6, e.flags);
  view.setUint8(off + 7, e.enabled);
  view.setUint32(off + 8, e.recordsToPreallocate, true);
  view.setUint32(off + 12, e.maxSectionsPerRecord, true);
  view.setUint32(off + 16, e.maxRawDataLength, true);
  writeGas(view, off + GHES_FIELD.errorStatusAddress, e.errorStatusAddress, `${f}.errorStatusAddress`);
  writeNotification(view, off + GHES_FIELD.notification, e.notification);
  view.setUint32(off + GHES_FIELD.errorStatusBlockLength, e.errorStatusBlockLength, true);
  writeGas(view, off + GHES_FIELD.readAckRegister, e.readAckRegister, `${f}.readAckRegister`);
  writeU64(view, off + GHES_FIELD.readAckPreserve, e.readAckPreserve);
  writeU64(view, off + GHES_FIELD.readAckWrite, e.readAckWrite);
}

/**
 * Builds the HEST bytes: header, Error Source Count, the GHESv2 entries back to back, and a correct
 * checksum. The result is exactly `Length` (40 + 92·N) bytes, what firmware places in memory and
 * what `rasflow hest` writes to a file. Invalid field values raise a RangeError.
 */
export function encodeHest(header: HestHeaderFields, entries: readonly GhesV2Entry[]): Uint8Array {
  const length = hestLength(entries.length);
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  writeAcpiHeader(view, { ...header, signature: HEST_SIGNATURE }, length);
  view.setUint32(HEST_COUNT_OFFSET, entries.length, true);
  entries.forEach((e, i) => writeGhesV2(view, HEST_ENTRIES_OFFSET + i * GHESV2_LENGTH, e, i));
  writeAcpiChecksum(view);
  return bytes;
}

function readGhes(view: DataView, off: number, type: number, structure: string): HestEntry {
  const common: GhesEntryFields = {
    sourceId: view.getUint16(off + 2, true),
    relatedSourceId: view.getUint16(off + 4, true),
    flags: view.getUint8(off + 6),
    enabled: view.getUint8(off + 7),
    recordsToPreallocate: view.getUint32(off + 8, true),
    maxSectionsPerRecord: view.getUint32(off + 12, true),
    maxRawDataLength: view.getUint32(off + 16, true),
    errorStatusAddress: readGas(view, off + GHES_FIELD.errorStatusAddress, `${structure} Error Status Address`),
    notification: readNotification(view, off + GHES_FIELD.notification, `${structure} Notify`),
    errorStatusBlockLength: view.getUint32(off + GHES_FIELD.errorStatusBlockLength, true),
  };
  if (type === GHES_TYPE) return { type: GHES_TYPE, ...common };
  return {
    type: GHESV2_TYPE,
    ...common,
    readAckRegister: readGas(view, off + GHES_FIELD.readAckRegister, `${structure} Read Ack Register`),
    readAckPreserve: readU64(view, off + GHES_FIELD.readAckPreserve),
    readAckWrite: readU64(view, off + GHES_FIELD.readAckWrite),
  };
}

/**
 * Decodes a HEST the way a careful OS would: signature, Length, checksum over exactly Length bytes
 * (`bad-checksum`), then the entries walked by their own sizes up to Length. A subtable type other
 * than 9 or 10 is `unsupported` (naming the type and offset); an entry that runs past Length is
 * `truncated`; an Error Source Count that disagrees with the entries found is `bad-value` (iasl
 * does not check this; we do). Bytes after Length in the buffer are ignored. Throws only
 * DecodeError.
 */
export function decodeHest(input: Uint8Array | DataView): HestTable {
  const whole = input instanceof DataView ? input : new DataView(input.buffer, input.byteOffset, input.byteLength);
  const header = readAcpiHeader(whole, 'HEST header');
  if (header.signature !== HEST_SIGNATURE) {
    throw new DecodeError('bad-signature', 'HEST header', 0, `signature is '${printable(header.signature)}', not 'HEST'`);
  }
  if (header.length < HEST_ENTRIES_OFFSET) {
    throw new DecodeError('bad-length', 'HEST header', 4, `Length ${header.length} is smaller than the 40-byte HEST header`);
  }
  verifyAcpiChecksum(whole, 'HEST');
  // From here on nothing may be read past Length: a view cut at Length makes `need` enforce it.
  const view = new DataView(whole.buffer, whole.byteOffset, header.length);
  const errorSourceCount = view.getUint32(HEST_COUNT_OFFSET, true);
  const entries: HestEntry[] = [];
  let off = HEST_ENTRIES_OFFSET;
  while (off < header.length) {
    const structure = `HEST entry ${entries.length}`;
    need(view, off, 2, structure);
    const type = view.getUint16(off, true);
    if (type !== GHES_TYPE && type !== GHESV2_TYPE) {
      throw new DecodeError('unsupported', structure, off, `subtable type ${type} is not GHES (9) or GHESv2 (10)`);
    }
    const size = type === GHES_TYPE ? GHES_LENGTH : GHESV2_LENGTH;
    need(view, off, size, structure);
    entries.push(readGhes(view, off, type, structure));
    off += size;
  }
  if (errorSourceCount !== entries.length) {
    throw new DecodeError(
      'bad-value',
      'HEST',
      HEST_COUNT_OFFSET,
      `Error Source Count is ${errorSourceCount} but the table holds ${entries.length} entries`,
    );
  }
  return { header, errorSourceCount, entries };
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/** Byte offset of entry `i` in a table of GHESv2 entries (firmware-built tables only). */
export function ghesV2EntryOffset(i: number): number {
  return HEST_ENTRIES_OFFSET + i * GHESV2_LENGTH;
}

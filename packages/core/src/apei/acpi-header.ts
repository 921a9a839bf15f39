/**
 * The 36-byte header every ACPI system description table starts with (formats.md c.1).
 *
 * EL3 firmware (or QEMU's ACPI builder for a guest) writes it in front of the HEST; Linux's ACPI
 * table loader and ACPICA's `iasl -d` read it back and check the checksum. The checksum byte makes
 * the bytes of the table, exactly `Length` of them, add up to 0 modulo 256. It has to be
 * recomputed whenever anything inside the table changes, e.g. after guest firmware patches the GHES
 * addresses in (formats.md f.13).
 */
import { DecodeError, need } from './decode-error.js';

/** Size of the common ACPI table header in bytes. */
export const ACPI_HEADER_LENGTH = 36;

/** Offset of the checksum byte inside the header. */
export const ACPI_CHECKSUM_OFFSET = 9;

/**
 * A decoded ACPI table header. Text fields are returned byte for byte (one character per byte,
 * padding included) so that a decode followed by an encode gives back the same bytes.
 */
export interface AcpiTableHeader {
  /** Four-character table signature, e.g. `"HEST"`. */
  signature: string;
  /** Length of the whole table in bytes, header included. */
  length: number;
  /** Table revision (HEST: 1). */
  revision: number;
  /** The checksum byte as stored. */
  checksum: number;
  /** Six-character OEM ID (QEMU: `"BOCHS "`). */
  oemId: string;
  /** Eight-character OEM table ID (QEMU: `"BXPC    "`). */
  oemTableId: string;
  /** OEM revision (u32). */
  oemRevision: number;
  /** Four-character ID of the tool that built the table; iasl calls it "Asl Compiler ID". */
  creatorId: string;
  /** Revision of that tool (u32); iasl's "Asl Compiler Revision". */
  creatorRevision: number;
}

/** What a table builder chooses; `length` and `checksum` are computed by the encoder. */
export type AcpiHeaderFields = Omit<AcpiTableHeader, 'length' | 'checksum'>;

const TEXT_FIELDS = [
  ['signature', 0, 4],
  ['oemId', 10, 6],
  ['oemTableId', 16, 8],
  ['creatorId', 28, 4],
] as const;

/**
 * Writes a fixed-width ACPI text field. Shorter text is padded with spaces, which is how the
 * QEMU defaults look ("BOCHS ", "BXPC    "); anything that is not printable ASCII or does not fit
 * is a programming error in the table builder, hence a RangeError rather than silent truncation.
 */
export function writeAcpiText(view: DataView, off: number, text: string, width: number, field: string): void {
  if (text.length > width) throw new RangeError(`${field}: '${text}' is longer than ${width} characters`);
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`${field}: '${text}' is not printable ASCII`);
  for (let i = 0; i < width; i++) view.setUint8(off + i, i < text.length ? text.charCodeAt(i) : 0x20);
}

/** Reads a fixed-width text field as one character per byte, padding kept. */
export function readAcpiText(view: DataView, off: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) s += String.fromCharCode(view.getUint8(off + i));
  return s;
}

function checkU(value: number, bits: 8 | 32, field: string): void {
  const max = bits === 8 ? 0xff : 0xffff_ffff;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${field}: ${value} is not a u${bits}`);
  }
}

/**
 * Writes the header at the start of `view` with the given total `length` and a zero checksum.
 * Call {@link writeAcpiChecksum} once the body is in place.
 */
export function writeAcpiHeader(view: DataView, fields: AcpiHeaderFields, length: number): void {
  checkU(length, 32, 'length');
  checkU(fields.revision, 8, 'revision');
  checkU(fields.oemRevision, 32, 'oemRevision');
  checkU(fields.creatorRevision, 32, 'creatorRevision');
  if (length < ACPI_HEADER_LENGTH || length > view.byteLength) {
    throw new RangeError(`length ${length} does not fit a ${view.byteLength}-byte buffer with a header`);
  }
  for (const [field, off, width] of TEXT_FIELDS) writeAcpiText(view, off, fields[field], width, field);
  view.setUint32(4, length, true);
  view.setUint8(8, fields.revision);
  view.setUint8(ACPI_CHECKSUM_OFFSET, 0);
  view.setUint32(24, fields.oemRevision, true);
  view.setUint32(32, fields.creatorRevision, true);
}

/** Decodes the header at the start of `view`. Throws a `truncated` DecodeError under 36 bytes. */
export function readAcpiHeader(view: DataView, structure = 'ACPI table header'): AcpiTableHeader {
  need(view, 0, ACPI_HEADER_LENGTH, structure);
  return {
    signature: readAcpiText(view, 0, 4),
    length: view.getUint32(4, true),
    revision: view.getUint8(8),
    checksum: view.getUint8(ACPI_CHECKSUM_OFFSET),
    oemId: readAcpiText(view, 10, 6),
    oemTableId: readAcpiText(view, 16, 8),
    oemRevision: view.getUint32(24, true),
    creatorId: readAcpiText(view, 28, 4),
    creatorRevision: view.getUint32(32, true),
  };
}

/** Sum modulo 256 of the first `length` bytes of `view`. A valid table sums to 0. */
export function acpiByteSum(view: DataView, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += view.getUint8(i);
  return sum & 0xff;
}

/**
 * The value the checksum byte must hold so that the first `length` bytes sum to 0, whatever the
 * byte holds now.
 */
export function acpiChecksumFor(view: DataView, length: number): number {
  const withoutChecksum = acpiByteSum(view, length) - view.getUint8(ACPI_CHECKSUM_OFFSET);
  return (0x100 - (withoutChecksum & 0xff)) & 0xff;
}

/**
 * Recomputes and stores the checksum over exactly the header's `Length` bytes: the step QEMU
 * performs when building the table and that guest firmware repeats after patching addresses.
 * Bytes past `Length` in the buffer are neither counted nor touched.
 */
export function writeAcpiChecksum(view: DataView): number {
  const length = view.getUint32(4, true);
  if (length < ACPI_HEADER_LENGTH || length > view.byteLength) {
    throw new RangeError(`table Length ${length} does not fit the ${view.byteLength}-byte buffer`);
  }
  const c = acpiChecksumFor(view, length);
  view.setUint8(ACPI_CHECKSUM_OFFSET, c);
  return c;
}

/**
 * Checks the checksum the way an OS table loader does: over the declared `Length` bytes only.
 * Throws `bad-length` for a Length below 36, `truncated` when the buffer is shorter than Length,
 * and `bad-checksum` (naming the value that would be correct, as iasl's warning does) otherwise.
 */
export function verifyAcpiChecksum(view: DataView, structure = 'ACPI table'): void {
  need(view, 0, ACPI_HEADER_LENGTH, structure);
  const length = view.getUint32(4, true);
  if (length < ACPI_HEADER_LENGTH) {
    throw new DecodeError('bad-length', structure, 4, `Length ${length} is smaller than the 36-byte header`);
  }
  need(view, 0, length, structure);
  if (acpiByteSum(view, length) !== 0) {
    const stored = view.getUint8(ACPI_CHECKSUM_OFFSET);
    const want = acpiChecksumFor(view, length);
    throw new DecodeError(
      'bad-checksum',
      structure,
      ACPI_CHECKSUM_OFFSET,
      `checksum 0x${hex2(stored)} is incorrect, should be 0x${hex2(want)} (sum over ${length} bytes)`,
    );
  }
}

function hex2(v: number): string {
  return v.toString(16).toUpperCase().padStart(2, '0');
}

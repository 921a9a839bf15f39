/**
 * The Generic Error Data Entry header (ACPI §18.3.2.7.1; formats.md d.2): what precedes each
 * section body inside a GHES error status block. QEMU's `hw/acpi/ghes.c` and EL3 firmware write
 * revision 0x0300 entries (72 bytes, with a timestamp); ACPI 4.x producers wrote 0x0201 entries
 * of 64 bytes. Linux `ghes.c` picks the size from the major revision (`revision >> 8 >= 3`).
 */
import { checkFixedText, checkRoom, checkUint, readFixedText, writeFixedText, zeroBytes } from './codec-util.js';
import { need } from './decode-error.js';
import { guidBytes, readGuid, writeGuid } from './guid.js';
import { checkTimestamp, decodeTimestamp, encodeTimestamp, type CperTimestamp } from './timestamp.js';

/** Header size of a revision ≥ 0x0300 entry. */
export const GEDE_SIZE_V300 = 72;
/** Header size of an older entry (no timestamp). */
export const GEDE_SIZE_LEGACY = 64;
/** The revision QEMU and current firmware write. */
export const GEDE_REVISION_V300 = 0x0300;

/** Width of the FRU text field. */
export const FRU_TEXT_SIZE = 20;

/** Header size implied by a GEDE revision: 72 from major revision 3 on, else 64. */
export function gedeHeaderSize(revision: number): 72 | 64 {
  return revision >>> 8 >= 3 ? GEDE_SIZE_V300 : GEDE_SIZE_LEGACY;
}

/**
 * A GEDE header. The validation byte is not stored: bit 0 is set exactly when `fruId` is not
 * null, bit 1 for `fruText`, bit 2 for `timestamp`; reserved bits 7:3, and bit 2 in a 64-byte
 * header (which has no timestamp), are dropped on decode.
 */
export interface GenericErrorDataEntry {
  /** Section Type GUID, lowercase canonical text; selects how the body is read. */
  sectionType: string;
  /** Severity of this section (formats.md d.8). */
  errorSeverity: number;
  /** 0x0300 for a 72-byte header; below that the header is 64 bytes and has no timestamp. */
  revision: number;
  /** Section flags, the same bits as the descriptor flags (see `decodeSectionFlags`). */
  flags: number;
  /** Length of the section body that follows this header. */
  errorDataLength: number;
  /** Field-replaceable unit id, or null when not valid. */
  fruId: string | null;
  /** FRU name (up to 20 single-byte characters), or null when not valid. */
  fruText: string | null;
  /** When the error was seen; only in 0x0300 headers, null when not valid. */
  timestamp: CperTimestamp | null;
}

/**
 * Reads the header at `off` (it must lie inside the view; the block decoder additionally checks
 * it against the GESB Data Length). Returns the header and its size.
 */
export function decodeGede(view: DataView, off: number, structure = 'GEDE'): {
  /** The header's fields. */
  entry: GenericErrorDataEntry;
  /** 72 bytes for revision 0x0300 and later (with a timestamp), else 64. */
  headerSize: number;
} {
  need(view, off, GEDE_SIZE_LEGACY, structure);
  const revision = view.getUint16(off + 20, true);
  const headerSize = gedeHeaderSize(revision);
  need(view, off, headerSize, structure);
  const valid = view.getUint8(off + 22);
  // A legacy header has no timestamp field, so its "timestamp valid" bit can only be a producer
  // bug; Linux never looks at it there, and neither do we.
  const timestamp = (valid & 4) !== 0 && headerSize === GEDE_SIZE_V300 ? decodeTimestamp(view, off + 64, `${structure} timestamp`) : null;
  return {
    headerSize,
    entry: {
      sectionType: readGuid(view, off),
      errorSeverity: view.getUint32(off + 16, true),
      revision,
      flags: view.getUint8(off + 23),
      errorDataLength: view.getUint32(off + 24, true),
      fruId: (valid & 1) !== 0 ? readGuid(view, off + 28) : null,
      fruText: (valid & 2) !== 0 ? readFixedText(view, off + 44, FRU_TEXT_SIZE) : null,
      timestamp,
    },
  };
}

/** Writes the header at `off`; returns its size (72 or 64 by revision). */
export function encodeGede(view: DataView, off: number, e: GenericErrorDataEntry): number {
  const fruId = e.fruId === null ? null : guidBytes(e.fruId);
  const type = guidBytes(e.sectionType);
  checkUint('GEDE errorSeverity', e.errorSeverity, 32);
  checkUint('GEDE revision', e.revision, 16);
  checkUint('GEDE flags', e.flags, 8);
  checkUint('GEDE errorDataLength', e.errorDataLength, 32);
  if (e.fruText !== null) checkFixedText('GEDE fruText', e.fruText, FRU_TEXT_SIZE);
  checkTimestamp(e.timestamp);
  const size = gedeHeaderSize(e.revision);
  if (e.timestamp !== null && size !== GEDE_SIZE_V300) {
    throw new RangeError(`GEDE: revision 0x${e.revision.toString(16)} headers have no timestamp field`);
  }
  checkRoom('GEDE', view, off, size);
  if (size === GEDE_SIZE_V300) encodeTimestamp(view, off + 64, e.timestamp);
  writeGuid(view, off, type);
  view.setUint32(off + 16, e.errorSeverity, true);
  view.setUint16(off + 20, e.revision, true);
  view.setUint8(off + 22, (fruId ? 1 : 0) | (e.fruText !== null ? 2 : 0) | (e.timestamp !== null ? 4 : 0));
  view.setUint8(off + 23, e.flags);
  view.setUint32(off + 24, e.errorDataLength, true);
  if (fruId) writeGuid(view, off + 28, fruId);
  else zeroBytes(view, off + 28, 16);
  writeFixedText('GEDE fruText', view, off + 44, FRU_TEXT_SIZE, e.fruText ?? '');
  return size;
}

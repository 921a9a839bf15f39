/**
 * The Generic Error Status Block (GESB, ACPI §18.3.2.7.1; formats.md d.1): the 20-byte head of a
 * GHES error status block. EL3 firmware or QEMU's `hw/acpi/ghes.c` writes it at the address the
 * HEST Error Status Address slot points to; Linux `ghes.c` reads it first and treats a zero Block
 * Status as "nothing to report".
 */
import { checkRoom, checkUint } from './codec-util.js';
import { need } from './decode-error.js';

/** Size of the GESB in bytes. */
export const GESB_SIZE = 20;

/** The five u32 fields of a GESB, as stored. */
export interface GenericErrorStatusBlock {
  /** Block Status bits; see {@link decodeBlockStatus}. 0 means no error is present. */
  blockStatus: number;
  /** Offset of the raw (vendor) error data from the start of this block; 0 when there is none. */
  rawDataOffset: number;
  /** Length of the raw error data in bytes. */
  rawDataLength: number;
  /** Bytes of Generic Error Data Entries (headers + bodies) after these 20 bytes. */
  dataLength: number;
  /** Worst severity in the block (formats.md d.8). */
  errorSeverity: number;
}

/** Block Status fields. */
export interface BlockStatus {
  /** Bit 0: at least one uncorrectable error is reported. QEMU always sets it. */
  uncorrectable: boolean;
  /** Bit 1: at least one correctable error is reported. */
  correctable: boolean;
  /** Bit 2: more than one uncorrectable error occurred. */
  multipleUncorrectable: boolean;
  /** Bit 3: more than one correctable error occurred. */
  multipleCorrectable: boolean;
  /**
   * Bits 13:4, the Error Data Entry Count, read as the 10 bits the ACPI text gives. ACPICA's
   * `ACPI_HEST_ERROR_ENTRY_COUNT` (used by Linux) keeps only 8 bits, see {@link entryCountLinux}.
   * QEMU leaves the count at 0 even though it writes one entry.
   */
  entryCount: number;
  /** Bits 31:14, reserved. */
  reserved: number;
}

/** Splits a Block Status word into its fields. */
export function decodeBlockStatus(status: number): BlockStatus {
  const s = status >>> 0;
  return {
    uncorrectable: (s & 1) !== 0,
    correctable: (s & 2) !== 0,
    multipleUncorrectable: (s & 4) !== 0,
    multipleCorrectable: (s & 8) !== 0,
    entryCount: (s >>> 4) & 0x3ff,
    reserved: s >>> 14,
  };
}

/** The entry count as Linux/ACPICA see it: only bits 11:4, so counts above 255 wrap. */
export function entryCountLinux(status: number): number {
  return (status >>> 4) & 0xff;
}

/** Builds a Block Status word; RangeError when the count does not fit 10 bits or reserved 18. */
export function encodeBlockStatus(s: BlockStatus): number {
  if (!Number.isInteger(s.entryCount) || s.entryCount < 0 || s.entryCount > 0x3ff) {
    throw new RangeError(`block status entryCount: ${s.entryCount} does not fit 10 bits`);
  }
  if (!Number.isInteger(s.reserved) || s.reserved < 0 || s.reserved > 0x3ffff) {
    throw new RangeError(`block status reserved: ${s.reserved} does not fit 18 bits`);
  }
  return (
    ((s.uncorrectable ? 1 : 0) |
      (s.correctable ? 2 : 0) |
      (s.multipleUncorrectable ? 4 : 0) |
      (s.multipleCorrectable ? 8 : 0) |
      (s.entryCount << 4) |
      (s.reserved << 14)) >>>
    0
  );
}

/** Reads the GESB at `off`. Only truncation can fail here; lengths are checked by the block decoder. */
export function decodeGesb(view: DataView, off: number): GenericErrorStatusBlock {
  need(view, off, GESB_SIZE, 'GESB');
  return {
    blockStatus: view.getUint32(off, true),
    rawDataOffset: view.getUint32(off + 4, true),
    rawDataLength: view.getUint32(off + 8, true),
    dataLength: view.getUint32(off + 12, true),
    errorSeverity: view.getUint32(off + 16, true),
  };
}

/** Writes the GESB at `off`; returns the bytes written (20). */
export function encodeGesb(view: DataView, off: number, g: GenericErrorStatusBlock): number {
  checkUint('GESB blockStatus', g.blockStatus, 32);
  checkUint('GESB rawDataOffset', g.rawDataOffset, 32);
  checkUint('GESB rawDataLength', g.rawDataLength, 32);
  checkUint('GESB dataLength', g.dataLength, 32);
  checkUint('GESB errorSeverity', g.errorSeverity, 32);
  checkRoom('GESB', view, off, GESB_SIZE);
  view.setUint32(off, g.blockStatus, true);
  view.setUint32(off + 4, g.rawDataOffset, true);
  view.setUint32(off + 8, g.rawDataLength, true);
  view.setUint32(off + 12, g.dataLength, true);
  view.setUint32(off + 16, g.errorSeverity, true);
  return GESB_SIZE;
}

/**
 * The CPER Platform Memory Error section (UEFI N.2.5; formats.md d.3), 80 bytes (73 in the older
 * layout, see {@link MEMORY_SECTION_SIZE_OLD}). It is the
 * payload of a firmware-first memory error: EL3 firmware writes it for the host, QEMU's
 * `acpi_ghes_memory_errors()` writes it for the guest, and Linux `ghes.c` calls
 * `memory_failure()` on its physical address when validation bit 1 is set.
 *
 * Fields are kept exactly as stored (u64s as bigint); whether a field means anything is given by
 * `validationBits`, never by the field being non-zero.
 */
import { checkRoom, checkU64, checkUint } from './codec-util.js';
import { DecodeError, need } from './decode-error.js';
import { readU64, writeU64 } from '../util/u64.js';

/** Size of the memory error section in bytes (UEFI 2.3.1 and later). */
export const MEMORY_SECTION_SIZE = 80;

/**
 * Size of the UEFI 2.1/2.2 layout, which ends after Memory Error Type (offset 72): Linux's
 * `struct cper_sec_mem_err_old`. Linux `cper.c` prints a memory section from this many bytes on,
 * and `ghes.c` takes the physical address out of it without any length check, so a shorter but
 * still 73-byte section is a real input: the Marvell OcteonTX2 SDEI GHES driver writes exactly
 * this form (Error Data Length = sizeof(cper_sec_mem_err_old)).
 */
export const MEMORY_SECTION_SIZE_OLD = 73;

/**
 * Validation bits 15 and up name fields the 73-byte layout does not have (rank, the two handles,
 * the extended byte) or were defined after it (bank group/address on bits 19/20). Linux's mask
 * for "bits beyond the old structure" is the same: everything from the rank bit up.
 */
const BITS_BEYOND_OLD_LAYOUT = ~((1n << 15n) - 1n) & 0xffff_ffff_ffff_ffffn;

/** Validation bit values of the memory section (`CPER_MEM_VALID_*` in Linux). */
export const MemValid = {
  /** Bit 0: Error Status valid. */
  errorStatus: 1 << 0,
  /** Bit 1: Physical Address valid (Linux ghes.c calls memory_failure() only with it). */
  physicalAddress: 1 << 1,
  /** Bit 2: Physical Address Mask valid. */
  physicalAddressMask: 1 << 2,
  /** Bit 3: Node valid. */
  node: 1 << 3,
  /** Bit 4: Card valid. */
  card: 1 << 4,
  /** Bit 5: Module valid. */
  module: 1 << 5,
  /** Bit 6: Bank (the whole field) valid. */
  bank: 1 << 6,
  /** Bit 7: Device valid. */
  device: 1 << 7,
  /** Bit 8: Row valid. */
  row: 1 << 8,
  /** Bit 9: Column valid. */
  column: 1 << 9,
  /** Bit 10: Bit Position valid. */
  bitPosition: 1 << 10,
  /** Bit 11: Requestor ID valid. */
  requestorId: 1 << 11,
  /** Bit 12: Responder ID valid. */
  responderId: 1 << 12,
  /** Bit 13: Target ID valid. */
  targetId: 1 << 13,
  /** Bit 14: Memory Error Type valid. */
  memoryErrorType: 1 << 14,
  /** Bit 15: Rank Number valid. */
  rankNumber: 1 << 15,
  /** Bit 16: Card Handle valid. */
  cardHandle: 1 << 16,
  /** Bit 17: Module Handle valid. */
  moduleHandle: 1 << 17,
  /** Bit 18: Extended row bits 17:16 valid. */
  rowExtension: 1 << 18,
  /** Bit 19: Bank Group (bank bits 15:8) valid. */
  bankGroup: 1 << 19,
  /** Bit 20: Bank Address (bank bits 7:0) valid. */
  bankAddress: 1 << 20,
  /** Bit 21: Chip Identification (extended bits 7:5) valid. */
  chipId: 1 << 21,
} as const;

/** The memory error section as stored. */
export interface MemoryErrorSection {
  /** Which fields are valid (bits 0..21, see {@link MemValid}); bits 22..63 are reserved. */
  validationBits: bigint;
  /** UEFI Generic Error Status; see `decodeErrorStatus` in error-status.ts. */
  errorStatus: bigint;
  /**
   * Offset 16: the physical address of the error (host PA from EL3 firmware, guest PA from the
   * VMM).
   */
  physicalAddress: bigint;
  /** Which address bits are meaningful, e.g. 0xFFFFFFFFFFFFF000 for page granularity. */
  physicalAddressMask: bigint;
  /** Offset 32: node (socket) number. */
  node: number;
  /** Offset 34: card (memory controller) number. */
  card: number;
  /** DIMM module (libcper calls it `moduleRank`). */
  module: number;
  /** Whole bank (bit 6), or bank group in 15:8 and bank address in 7:0 (bits 19/20). */
  bank: number;
  /** Offset 40: device (DRAM chip) number. */
  device: number;
  /** Row bits 15:0; bits 17:16 are in `extended` (validation bit 18). */
  row: number;
  /** Offset 44: column. */
  column: number;
  /** Offset 46: bit position of a single-bit error. */
  bitPosition: number;
  /** Offset 48: hardware address of the requestor. */
  requestorId: bigint;
  /** Offset 56: hardware address of the responder. */
  responderId: bigint;
  /** Offset 64: hardware address of the intended target. */
  targetId: bigint;
  /** Memory error type code (offset 72), see {@link memoryErrorTypeName}. */
  memoryErrorType: number;
  /** Offset 73: bits 1:0 row bits 17:16, bits 4:2 reserved, bits 7:5 chip identification. */
  extended: number;
  /** Offset 74: rank number. */
  rankNumber: number;
  /** SMBIOS type-17 handle of the card. */
  cardHandle: number;
  /** SMBIOS type-17 handle of the module. */
  moduleHandle: number;
  /**
   * Present only on a section decoded from 73..79 bytes (the UEFI 2.1/2.2 layout): its length.
   * Such a section ends after `memoryErrorType`, so `extended`, `rankNumber`, `cardHandle` and
   * `moduleHandle` are 0 rather than read, and validation bits 15 and up are not honoured (see
   * {@link memoryBitsBeyondLayout}). Absent on every 80-byte section and on sections built in code.
   */
  oldLayoutLength?: number;
}

const TYPE_NAMES = [
  'unknown', 'no error', 'single-bit ECC', 'multi-bit ECC', 'single-symbol chipkill ECC',
  'multi-symbol chipkill ECC', 'master abort', 'target abort', 'parity error', 'watchdog timeout',
  'invalid address', 'mirror broken', 'memory sparing', 'scrub corrected error',
  'scrub uncorrected error', 'physical memory map-out event',
] as const;

/** Name of a memory error type code (0..15), or `reserved (N)`. Linux, rasdaemon and libcper agree on the table. */
export function memoryErrorTypeName(code: number): string {
  return TYPE_NAMES[code] ?? `reserved (${code})`;
}

/** An all-invalid section: the starting point for building one field by field. */
export function emptyMemorySection(): MemoryErrorSection {
  return {
    validationBits: 0n, errorStatus: 0n, physicalAddress: 0n, physicalAddressMask: 0n,
    node: 0, card: 0, module: 0, bank: 0, device: 0, row: 0, column: 0, bitPosition: 0,
    requestorId: 0n, responderId: 0n, targetId: 0n, memoryErrorType: 0, extended: 0,
    rankNumber: 0, cardHandle: 0, moduleHandle: 0,
  };
}

/**
 * Validation bits of a section decoded from the 73-byte layout that claim fields that layout does
 * not have (all set bits from 15 up); 0n for an 80-byte section.
 *
 * Linux `cper_print_mem()` meets such a section (length exactly 73 with any bit from 15 up) with
 * a firmware warning and does not print it. Here the bits are kept in `validationBits` as stored
 * (the record is data, and the rest of the section, above all the physical address that `ghes.c`
 * acts on regardless, is still sound) but ignored: {@link memValid} reports them as not valid,
 * the encoder drops them, and the CLI prints the warning. The same holds for lengths 74..79,
 * where Linux instead reads the 80-byte structure past the section's end; bytes outside the
 * section are not part of it, so those fields are absent here too.
 */
export function memoryBitsBeyondLayout(s: MemoryErrorSection): bigint {
  return s.oldLayoutLength === undefined ? 0n : s.validationBits & BITS_BEYOND_OLD_LAYOUT;
}

/**
 * True when validation bit `mask` (a {@link MemValid} value) is set and names a field the section
 * has: bits 15 and up of a section in the 73-byte layout are not (see {@link memoryBitsBeyondLayout}).
 */
export function memValid(s: MemoryErrorSection, mask: number): boolean {
  const m = BigInt(mask);
  return (s.validationBits & m) !== 0n && (memoryBitsBeyondLayout(s) & m) === 0n;
}

/**
 * The full 18-bit row. Linux adds the extension bits only when validation bit 18 is set; without
 * it the stored row is all there is.
 */
export function memoryRow(s: MemoryErrorSection): number {
  const ext = memValid(s, MemValid.rowExtension) ? (s.extended & 0x3) << 16 : 0;
  return (s.row | ext) >>> 0;
}

/** Chip identification (extended bits 7:5), meaningful when validation bit 21 is set. */
export function memoryChipId(s: MemoryErrorSection): number {
  return (s.extended >>> 5) & 0x7;
}

/** Bank group (bank bits 15:8), meaningful when validation bit 19 is set. */
export function memoryBankGroup(s: MemoryErrorSection): number {
  return (s.bank >>> 8) & 0xff;
}

/** Bank address (bank bits 7:0), meaningful when validation bit 20 is set. */
export function memoryBankAddress(s: MemoryErrorSection): number {
  return s.bank & 0xff;
}

/**
 * Reads a memory section of `length` bytes at `off`. 80 bytes or more is the current layout (extra
 * bytes ignored). 73..79 bytes is read as the UEFI 2.1/2.2 layout, as Linux accepts it: the fields
 * up to Memory Error Type (offset 72), the rest 0, and `oldLayoutLength` set (see
 * {@link memoryBitsBeyondLayout} for its validation bits 15 and up). Below 73 bytes even the
 * physical address may not be whole: `bad-length`, as Linux reports the section too small.
 */
export function decodeMemorySection(view: DataView, off: number, length = view.byteLength - off): MemoryErrorSection {
  const st = 'memory section';
  if (length < MEMORY_SECTION_SIZE_OLD) {
    throw new DecodeError('bad-length', st, off, `section length ${length} is below the ${MEMORY_SECTION_SIZE_OLD} bytes of the smallest (UEFI 2.1) memory error section`);
  }
  const old = length < MEMORY_SECTION_SIZE;
  need(view, off, old ? MEMORY_SECTION_SIZE_OLD : MEMORY_SECTION_SIZE, st);
  const u16 = (o: number): number => view.getUint16(off + o, true);
  const common = {
    validationBits: readU64(view, off),
    errorStatus: readU64(view, off + 8),
    physicalAddress: readU64(view, off + 16),
    physicalAddressMask: readU64(view, off + 24),
    node: u16(32), card: u16(34), module: u16(36), bank: u16(38), device: u16(40),
    row: u16(42), column: u16(44), bitPosition: u16(46),
    requestorId: readU64(view, off + 48),
    responderId: readU64(view, off + 56),
    targetId: readU64(view, off + 64),
    memoryErrorType: view.getUint8(off + 72),
  };
  if (old) return { ...common, extended: 0, rankNumber: 0, cardHandle: 0, moduleHandle: 0, oldLayoutLength: length };
  return { ...common, extended: view.getUint8(off + 73), rankNumber: u16(74), cardHandle: u16(76), moduleHandle: u16(78) };
}

/**
 * Writes `s` at `off` in the 80-byte layout (there is no writer of the 73-byte one); RangeError
 * for a field out of its width or too little room. Returns 80. For a section decoded from the
 * 73-byte layout, the validation bits {@link memoryBitsBeyondLayout} reports are left out: written
 * into the 80-byte layout they would claim a rank and handles of 0 that the producer never gave.
 */
export function encodeMemorySection(view: DataView, off: number, s: MemoryErrorSection): number {
  const u64s = ['validationBits', 'errorStatus', 'physicalAddress', 'physicalAddressMask', 'requestorId', 'responderId', 'targetId'] as const;
  for (const k of u64s) checkU64(`memory section ${k}`, s[k]);
  const u16s = ['node', 'card', 'module', 'bank', 'device', 'row', 'column', 'bitPosition', 'rankNumber', 'cardHandle', 'moduleHandle'] as const;
  for (const k of u16s) checkUint(`memory section ${k}`, s[k], 16);
  checkUint('memory section memoryErrorType', s.memoryErrorType, 8);
  checkUint('memory section extended', s.extended, 8);
  checkRoom('memory section', view, off, MEMORY_SECTION_SIZE);
  writeU64(view, off, s.validationBits & ~memoryBitsBeyondLayout(s));
  writeU64(view, off + 8, s.errorStatus);
  writeU64(view, off + 16, s.physicalAddress);
  writeU64(view, off + 24, s.physicalAddressMask);
  const u16 = (o: number, v: number): void => view.setUint16(off + o, v, true);
  u16(32, s.node); u16(34, s.card); u16(36, s.module); u16(38, s.bank); u16(40, s.device);
  u16(42, s.row); u16(44, s.column); u16(46, s.bitPosition);
  writeU64(view, off + 48, s.requestorId);
  writeU64(view, off + 56, s.responderId);
  writeU64(view, off + 64, s.targetId);
  view.setUint8(off + 72, s.memoryErrorType);
  view.setUint8(off + 73, s.extended);
  u16(74, s.rankNumber); u16(76, s.cardHandle); u16(78, s.moduleHandle);
  return MEMORY_SECTION_SIZE;
}

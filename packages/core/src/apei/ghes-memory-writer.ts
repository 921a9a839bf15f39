/**
 * The hot path of every simulated error journey: the GHES block for one memory error.
 *
 * {@link writeGhesMemoryBlock} is what the simulated EL3 firmware (for the host) and VMM (for the
 * guest, like QEMU's `acpi_ghes_memory_errors()`) call for each poisoned access: GESB + one
 * revision-0x0300 GEDE + one 80-byte memory section, 172 bytes (formats.md e).
 * {@link readGhesMemoryBlock} is the consumer side, what Linux `ghes.c` pulls out of it before
 * calling `memory_failure()`. Both work on numbers only, with no BigInt, strings or per-call
 * allocation, so they can run millions of times and on a SharedArrayBuffer shared with workers.
 */
import { GUIDS, guidBytes } from './guid.js';
import { MEMORY_SECTION_SIZE_OLD, MemValid } from './cper-memory.js';
import { CperSeverity } from './severity.js';
import { TWO_POW_32 } from '../util/u64.js';

/** Size of the block: GESB 20 + GEDE 72 + memory section 80. */
export const GHES_MEMORY_BLOCK_SIZE = 172;
/** GESB Data Length of the block: GEDE header + section. */
export const GHES_MEMORY_DATA_LENGTH = 152;
/** Validation bits QEMU sets: physical address and memory error type. */
export const QEMU_MEMORY_VALIDATION = MemValid.physicalAddress | MemValid.memoryErrorType;

// The memory GUID as four little-endian words, computed once so the writer copies numbers.
const GUID_WORDS: readonly [number, number, number, number] = (() => {
  const v = new DataView(guidBytes(GUIDS.sectionMemory).buffer);
  return [v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true), v.getUint32(12, true)];
})();

// Offsets inside the block.
const GEDE = 20;
const SECTION = 92;
const PA = SECTION + 16;

function zeroWords(view: DataView, from: number, to: number): void {
  for (let o = from; o < to; o += 4) view.setUint32(o, 0, true);
}

/**
 * Writes the 172-byte memory-error block at `off`. With the defaults it is byte for byte what
 * QEMU writes: severity recoverable, validation 0x4002, memory error type 0, every other field
 * zero. `physicalAddress` must be an integer in [0, 2^53) (page alignment is the caller's
 * business); `validationBits` sets the low 32 validation bits, the high 32 are written as 0.
 *
 * Block Status is 1 (uncorrectable error valid, entry count 0, as QEMU writes) except for a
 * corrected severity, which sets bit 1 (correctable error valid) instead. Throws a RangeError,
 * before writing anything, for an invalid argument or when the block does not fit the view.
 * Returns the bytes written.
 */
export function writeGhesMemoryBlock(
  view: DataView,
  off: number,
  physicalAddress: number,
  severity: number = CperSeverity.Recoverable,
  validationBits: number = QEMU_MEMORY_VALIDATION,
): number {
  if (!Number.isSafeInteger(physicalAddress) || physicalAddress < 0) throw new RangeError('physicalAddress must be an integer in [0, 2^53)');
  if (severity !== 0 && severity !== 1 && severity !== 2 && severity !== 3) throw new RangeError('severity must be 0..3');
  if (validationBits >>> 0 !== validationBits) throw new RangeError('validationBits must be an unsigned 32-bit integer');
  if (!Number.isInteger(off) || off < 0 || off + GHES_MEMORY_BLOCK_SIZE > view.byteLength) {
    throw new RangeError('the GHES memory block does not fit the view at this offset');
  }
  // GESB
  view.setUint32(off, severity === CperSeverity.Corrected ? 2 : 1, true);
  view.setUint32(off + 4, 0, true);
  view.setUint32(off + 8, 0, true);
  view.setUint32(off + 12, GHES_MEMORY_DATA_LENGTH, true);
  view.setUint32(off + 16, severity, true);
  // GEDE: type, severity, revision 0x0300 with validation and flags 0, data length 80
  view.setUint32(off + GEDE, GUID_WORDS[0], true);
  view.setUint32(off + GEDE + 4, GUID_WORDS[1], true);
  view.setUint32(off + GEDE + 8, GUID_WORDS[2], true);
  view.setUint32(off + GEDE + 12, GUID_WORDS[3], true);
  view.setUint32(off + GEDE + 16, severity, true);
  view.setUint32(off + GEDE + 20, 0x0300, true);
  view.setUint32(off + GEDE + 24, 80, true);
  zeroWords(view, off + GEDE + 28, off + SECTION); // FRU id, FRU text, timestamp
  // Memory section
  view.setUint32(off + SECTION, validationBits, true);
  view.setUint32(off + SECTION + 4, 0, true);
  zeroWords(view, off + SECTION + 8, off + PA); // error status
  view.setUint32(off + PA, physicalAddress >>> 0, true);
  view.setUint32(off + PA + 4, Math.floor(physicalAddress / TWO_POW_32), true);
  zeroWords(view, off + PA + 8, off + GHES_MEMORY_BLOCK_SIZE); // mask … module handle, type 0
  return GHES_MEMORY_BLOCK_SIZE;
}

/** What {@link readGhesMemoryBlock} found. */
export const GhesReadResult = {
  /** A memory section was read into the reading. */
  ok: 0,
  /** Block Status is 0: no error is present (Linux `ghes.c` stops here too). */
  noError: 1,
  /** The first entry is a well-formed GEDE of another section type. */
  notMemory: 2,
  /** Lengths do not hold together or run past the view. */
  malformed: 3,
} as const;

/** One of the {@link GhesReadResult} codes. */
export type GhesReadResultCode = (typeof GhesReadResult)[keyof typeof GhesReadResult];

/** The fields the guest side needs; reused between calls so that reading allocates nothing. */
export interface GhesMemoryReading {
  /**
   * GESB Block Status (bit 0 uncorrectable valid, bit 1 correctable valid, bits 13:4 the entry
   * count).
   */
  blockStatus: number;
  /** GESB Error Severity (the block's worst). */
  severity: number;
  /** GEDE Error Severity of the memory section. */
  sectionSeverity: number;
  /**
   * Low 32 validation bits of the memory section (all the defined bits; 63:22 are reserved), as
   * stored: in a 73-byte section bits 15 and up name fields it does not have (`memoryBitsBeyondLayout`).
   */
  validationBits: number;
  /** The physical address; exact only when `paAbove53` is false. */
  physicalAddress: number;
  /** Physical address bits 31:0 (exact at any size). */
  physicalAddressLo: number;
  /** Physical address bits 63:32. */
  physicalAddressHi: number;
  /** True when the PA is ≥ 2^53 and `physicalAddress` had to be rounded. */
  paAbove53: boolean;
}

/** A zeroed reading to pass to {@link readGhesMemoryBlock}. */
export function newGhesMemoryReading(): GhesMemoryReading {
  return {
    blockStatus: 0, severity: 0, sectionSeverity: 0, validationBits: 0,
    physicalAddress: 0, physicalAddressLo: 0, physicalAddressHi: 0, paAbove53: false,
  };
}

/**
 * Reads the first entry of the GHES block at `off` into `out`, if it is a memory section. It
 * never throws on bad bytes: the result code says what was found, and `out` is filled only as far
 * as that (blockStatus and severity from the GESB whenever it is inside the view).
 */
export function readGhesMemoryBlock(view: DataView, off: number, out: GhesMemoryReading): GhesReadResultCode {
  if (!Number.isInteger(off) || off < 0 || off + GEDE > view.byteLength) return GhesReadResult.malformed;
  out.blockStatus = view.getUint32(off, true);
  out.severity = view.getUint32(off + 16, true);
  if (out.blockStatus === 0) return GhesReadResult.noError;
  const dataLength = view.getUint32(off + 12, true);
  if (dataLength < 64 || dataLength > view.byteLength - off - GEDE) return GhesReadResult.malformed;
  const header = view.getUint8(off + GEDE + 21) >= 3 ? 72 : 64;
  if (dataLength < header) return GhesReadResult.malformed;
  if (
    view.getUint32(off + GEDE, true) !== GUID_WORDS[0] ||
    view.getUint32(off + GEDE + 4, true) !== GUID_WORDS[1] ||
    view.getUint32(off + GEDE + 8, true) !== GUID_WORDS[2] ||
    view.getUint32(off + GEDE + 12, true) !== GUID_WORDS[3]
  ) {
    return GhesReadResult.notMemory;
  }
  const bodyLength = view.getUint32(off + GEDE + 24, true);
  // 73 bytes (UEFI 2.1/2.2 layout, e.g. Marvell OcteonTX2 firmware) already hold the validation
  // bits and the physical address, all this reads; Linux ghes.c does not check the length at all.
  if (bodyLength < MEMORY_SECTION_SIZE_OLD || bodyLength > dataLength - header) return GhesReadResult.malformed;
  const section = off + GEDE + header;
  out.sectionSeverity = view.getUint32(off + GEDE + 16, true);
  out.validationBits = view.getUint32(section, true);
  const lo = view.getUint32(section + 16, true);
  const hi = view.getUint32(section + 20, true);
  out.physicalAddressLo = lo;
  out.physicalAddressHi = hi;
  out.paAbove53 = hi >= 0x20_0000;
  out.physicalAddress = hi * TWO_POW_32 + lo;
  return GhesReadResult.ok;
}

/**
 * The Processor Generic error section (UEFI N.2.4.1), 192 bytes: an architecture-neutral
 * processor error report. Firmware that does not build the ARM-specific section may send this one;
 * Linux `cper.c` prints it. Layout from the libcper oracle README (offsets 0..191).
 */
import { checkFixedText, checkRoom, checkU64, checkUint, readFixedText, writeFixedText } from './codec-util.js';
import { DecodeError, need } from './decode-error.js';
import { readU64, writeU64 } from '../util/u64.js';

/** Size of the section in bytes. */
export const GENERIC_PROCESSOR_SECTION_SIZE = 192;

/** Width of the NUL-padded CPU brand string. */
export const BRAND_STRING_SIZE = 128;

/** Validation bits of the generic processor section. */
export const GenProcValid = {
  /** Bit 0: Processor Type valid. */
  processorType: 1 << 0,
  /** Bit 1: Processor ISA valid. */
  isa: 1 << 1,
  /** Bit 2: Processor Error Type valid. */
  errorType: 1 << 2,
  /** Bit 3: Operation valid. */
  operation: 1 << 3,
  /** Bit 4: Flags valid. */
  flags: 1 << 4,
  /** Bit 5: Level valid. */
  level: 1 << 5,
  /** Bit 6: CPU Version Info valid. */
  cpuVersion: 1 << 6,
  /** Bit 7: CPU Brand String valid. */
  brandString: 1 << 7,
  /** Bit 8: Processor ID valid. */
  processorId: 1 << 8,
  /** Bit 9: Target Address valid. */
  targetAddress: 1 << 9,
  /** Bit 10: Requestor ID valid. */
  requestorId: 1 << 10,
  /** Bit 11: Responder ID valid. */
  responderId: 1 << 11,
  /** Bit 12: Instruction IP valid. */
  instructionIp: 1 << 12,
} as const;

/** The section as stored; `validationBits` says which fields mean anything. */
export interface GenericProcessorSection {
  /** Which fields are valid (bits 0..12, see {@link GenProcValid}). */
  validationBits: bigint;
  /** 0 IA32/X64, 1 IA64, 2 ARM. */
  processorType: number;
  /** 0 IA32, 1 IA64, 2 X64, 3 ARM A32/T32, 4 ARM A64. */
  isa: number;
  /** 0 unknown, 1 cache, 2 TLB, 4 bus, 8 micro-architectural (an enumeration here, not the ARM bitmap). */
  errorType: number;
  /** 0 unknown, 1 data read, 2 data write, 3 instruction execution. */
  operation: number;
  /** Bit 0 restartable, 1 precise IP, 2 overflow, 3 corrected. */
  flags: number;
  /** Cache level. */
  level: number;
  /** CPU Version Info (on x86 the CPUID signature; on Arm, MIDR_EL1). */
  cpuVersion: bigint;
  /** NUL-terminated text of up to 128 single-byte characters. */
  brandString: string;
  /** On Arm, the MPIDR of the PE. */
  processorId: bigint;
  /** Target Address of the failing access. */
  targetAddress: bigint;
  /** Requestor ID: hardware address of the requestor. */
  requestorId: bigint;
  /** Responder ID: hardware address of the responder. */
  responderId: bigint;
  /** Instruction IP: the program counter of the instruction that was executing. */
  instructionIp: bigint;
}

/** Reads the section; fewer than 192 bytes is `bad-length`, more is accepted and ignored. */
export function decodeGenericProcessorSection(view: DataView, off: number, length = view.byteLength - off): GenericProcessorSection {
  const st = 'generic processor section';
  if (length < GENERIC_PROCESSOR_SECTION_SIZE) {
    throw new DecodeError('bad-length', st, off, `section length ${length} is below ${GENERIC_PROCESSOR_SECTION_SIZE} bytes`);
  }
  need(view, off, GENERIC_PROCESSOR_SECTION_SIZE, st);
  return {
    validationBits: readU64(view, off),
    processorType: view.getUint8(off + 8),
    isa: view.getUint8(off + 9),
    errorType: view.getUint8(off + 10),
    operation: view.getUint8(off + 11),
    flags: view.getUint8(off + 12),
    level: view.getUint8(off + 13),
    cpuVersion: readU64(view, off + 16),
    brandString: readFixedText(view, off + 24, BRAND_STRING_SIZE),
    processorId: readU64(view, off + 152),
    targetAddress: readU64(view, off + 160),
    requestorId: readU64(view, off + 168),
    responderId: readU64(view, off + 176),
    instructionIp: readU64(view, off + 184),
  };
}

/** Writes the section at `off` (reserved bytes 14..15 zero); returns 192. */
export function encodeGenericProcessorSection(view: DataView, off: number, s: GenericProcessorSection): number {
  const bytes = ['processorType', 'isa', 'errorType', 'operation', 'flags', 'level'] as const;
  for (const k of bytes) checkUint(`generic processor ${k}`, s[k], 8);
  const u64s = ['validationBits', 'cpuVersion', 'processorId', 'targetAddress', 'requestorId', 'responderId', 'instructionIp'] as const;
  for (const k of u64s) checkU64(`generic processor ${k}`, s[k]);
  checkFixedText('generic processor brandString', s.brandString, BRAND_STRING_SIZE);
  checkRoom('generic processor section', view, off, GENERIC_PROCESSOR_SECTION_SIZE);
  writeU64(view, off, s.validationBits);
  view.setUint8(off + 8, s.processorType);
  view.setUint8(off + 9, s.isa);
  view.setUint8(off + 10, s.errorType);
  view.setUint8(off + 11, s.operation);
  view.setUint8(off + 12, s.flags);
  view.setUint8(off + 13, s.level);
  view.setUint16(off + 14, 0, true);
  writeU64(view, off + 16, s.cpuVersion);
  writeFixedText('generic processor brandString', view, off + 24, BRAND_STRING_SIZE, s.brandString);
  writeU64(view, off + 152, s.processorId);
  writeU64(view, off + 160, s.targetAddress);
  writeU64(view, off + 168, s.requestorId);
  writeU64(view, off + 176, s.responderId);
  writeU64(view, off + 184, s.instructionIp);
  return GENERIC_PROCESSOR_SECTION_SIZE;
}

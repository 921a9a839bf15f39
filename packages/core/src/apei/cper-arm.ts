/**
 * The ARM Processor Error section (UEFI N.2.4.4; formats.md d.4). EL3 firmware writes it for
 * synchronous and asynchronous external aborts it handled first; Linux `cper-arm.c` prints it and
 * `ghes.c` calls `memory_failure()` for its recoverable cache errors with a physical fault
 * address. Layout: a 40-byte header, ERR_INFO_NUM 32-byte error-information entries,
 * CONTEXT_INFO_NUM register-context blocks, then vendor-specific bytes up to Section Length.
 *
 * Register-context blocks are padded with zeros to a multiple of 16 bytes, as UEFI requires (Linux
 * follows since "efi/cper: Fix cper_arm_ctx_info alignment", 2025).
 */
import { checkRoom, checkU64, checkUint, copyBytes, putBytes, zeroBytes } from './codec-util.js';
import { DecodeError, need } from './decode-error.js';
import { readU64, writeU64 } from '../util/u64.js';

/** Size of the section header. */
export const ARM_SECTION_HEADER_SIZE = 40;
/** Size of one error-information entry. */
export const ARM_ERROR_INFO_SIZE = 32;
/** Size of a register-context block header (before its register array). */
export const ARM_CONTEXT_HEADER_SIZE = 8;

/** Section header validation bits. */
export const ArmValid = {
  /** Bit 0: MPIDR valid. */
  mpidr: 1,
  /** Bit 1: Error Affinity Level valid. */
  affinityLevel: 2,
  /** Bit 2: Running State valid. */
  runningState: 4,
  /** Bit 3: Vendor Specific Info valid. */
  vendorInfo: 8,
} as const;

/** Error-information entry validation bits. */
export const ArmInfoValid = {
  /** Bit 0: Multiple Error valid. */
  multipleError: 1,
  /** Bit 1: Flags valid. */
  flags: 2,
  /** Bit 2: Error Information valid. */
  errorInformation: 4,
  /** Bit 3: Virtual Fault Address valid. */
  virtualAddress: 8,
  /** Bit 4: Physical Fault Address valid. */
  physicalAddress: 16,
} as const;

/** One error-information entry: one error the PE observed (a cache, TLB, bus or micro-arch error). */
export interface ArmErrorInfoEntry {
  /** Structure version (0 in QEMU and libcper). */
  version: number;
  /** Length the producer claims for the entry; 32 by the spec, reported as stored. */
  length: number;
  /** Which fields below are valid ({@link ArmInfoValid}). */
  validationBits: number;
  /** Type bitmap, see `ArmErrorType` (cache = 0x02 …). */
  type: number;
  /** 0 single error, 1 multiple, ≥ 2 the count of errors. */
  multipleError: number;
  /** Bit 0 first error captured, 1 last captured, 2 propagated, 3 overflow. */
  flags: number;
  /** Cache/TLB/bus details, see `decodeArmErrorInformation`. */
  errorInformation: bigint;
  /** Virtual Fault Address: the virtual address of the failing access. */
  virtualFaultAddress: bigint;
  /** The address Linux hands to `memory_failure()` for cache errors. */
  physicalFaultAddress: bigint;
}

/** One register-context block: registers the firmware captured when the error was taken. */
export interface ArmContextInfo {
  /** Structure version (0 in QEMU and libcper). */
  version: number;
  /** Register context type 0..8, see `armContextTypeName`. */
  registerContextType: number;
  /** The register array exactly as stored (its length is the Register Array Size). */
  registerArray: Uint8Array;
}

/** The decoded section. Section Length and the two counts are derived from the arrays. */
export interface ArmProcessorSection {
  /** Header validation bits ({@link ArmValid}). */
  validationBits: number;
  /** Error Affinity Level: the MPIDR affinity level of the error (0 the PE itself, 1 its cluster, …). */
  errorAffinityLevel: number;
  /** MPIDR_EL1 of the PE that saw the error. */
  mpidr: bigint;
  /** MIDR_EL1 of the PE (implementer, part, revision). */
  midr: bigint;
  /** Bit 0: the PE was running when the error was taken; otherwise psciState says how it was. */
  runningState: number;
  /** PSCI state of the PE when it was not running (with runningState bit 0 clear). */
  psciState: number;
  /** At least one entry: the spec requires ERR_INFO_NUM ≥ 1. */
  errorInfo: ArmErrorInfoEntry[];
  /** Processor context blocks: registers firmware captured (none from QEMU). */
  contextInfo: ArmContextInfo[];
  /** Vendor-specific bytes after the context blocks. */
  vendorSpecific: Uint8Array;
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** Bytes the section occupies when encoded: the Section Length field. */
export function armSectionSize(s: ArmProcessorSection): number {
  let n = ARM_SECTION_HEADER_SIZE + ARM_ERROR_INFO_SIZE * s.errorInfo.length + s.vendorSpecific.length;
  for (const c of s.contextInfo) n += align16(ARM_CONTEXT_HEADER_SIZE + c.registerArray.length);
  return n;
}

function decodeErrorInfo(view: DataView, off: number): ArmErrorInfoEntry {
  return {
    version: view.getUint8(off),
    length: view.getUint8(off + 1),
    validationBits: view.getUint16(off + 2, true),
    type: view.getUint8(off + 4),
    multipleError: view.getUint16(off + 5, true),
    flags: view.getUint8(off + 7),
    errorInformation: readU64(view, off + 8),
    virtualFaultAddress: readU64(view, off + 16),
    physicalFaultAddress: readU64(view, off + 24),
  };
}

/**
 * Reads an ARM processor error section that has `length` bytes available at `off`. Section
 * Length, ERR_INFO_NUM, CONTEXT_INFO_NUM and every register-array size are checked against the
 * bytes before anything is allocated, so hostile counts fail fast with `bad-length`.
 */
export function decodeArmSection(view: DataView, off: number, length = view.byteLength - off): ArmProcessorSection {
  const st = 'ARM processor section';
  if (length < ARM_SECTION_HEADER_SIZE) {
    throw new DecodeError('bad-length', st, off, `${length} bytes cannot hold the ${ARM_SECTION_HEADER_SIZE}-byte header`);
  }
  need(view, off, ARM_SECTION_HEADER_SIZE, st);
  const infoNum = view.getUint16(off + 4, true);
  const ctxNum = view.getUint16(off + 6, true);
  const sectionLength = view.getUint32(off + 8, true);
  if (sectionLength > length) {
    throw new DecodeError('bad-length', st, off + 8, `Section Length ${sectionLength} exceeds the ${length} bytes available`);
  }
  if (infoNum === 0) throw new DecodeError('bad-value', st, off + 4, 'ERR_INFO_NUM is 0; at least one error-information entry is required');
  let pos = ARM_SECTION_HEADER_SIZE + ARM_ERROR_INFO_SIZE * infoNum;
  if (pos > sectionLength) {
    throw new DecodeError('bad-length', st, off + 4, `${infoNum} error-information entries need ${pos} bytes, Section Length is ${sectionLength}`);
  }
  // Fail fast on a hostile count, but never on a section the loop below accepts: every block but
  // the last is padded to 16 bytes (at least 16), and the last may come without its padding, so
  // its 8-byte header is all it needs.
  const ctxMin = ctxNum === 0 ? 0 : (ctxNum - 1) * 16 + ARM_CONTEXT_HEADER_SIZE;
  if (ctxMin > sectionLength - pos) {
    throw new DecodeError('bad-length', st, off + 6, `${ctxNum} context blocks need at least ${ctxMin} bytes, ${sectionLength - pos} are left`);
  }
  need(view, off, sectionLength, st);
  const errorInfo: ArmErrorInfoEntry[] = [];
  for (let i = 0; i < infoNum; i++) errorInfo.push(decodeErrorInfo(view, off + ARM_SECTION_HEADER_SIZE + ARM_ERROR_INFO_SIZE * i));
  const contextInfo: ArmContextInfo[] = [];
  for (let i = 0; i < ctxNum; i++) {
    const at = off + pos;
    if (sectionLength - pos < ARM_CONTEXT_HEADER_SIZE) {
      throw new DecodeError('bad-length', `ARM context info ${i}`, at, 'header runs past Section Length');
    }
    const size = view.getUint32(at + 4, true);
    const used = ARM_CONTEXT_HEADER_SIZE + size;
    if (used > sectionLength - pos) {
      throw new DecodeError('bad-length', `ARM context info ${i}`, at + 4, `register array of ${size} bytes runs past Section Length`);
    }
    contextInfo.push({
      version: view.getUint16(at, true),
      registerContextType: view.getUint16(at + 2, true),
      registerArray: copyBytes(view, at + ARM_CONTEXT_HEADER_SIZE, size),
    });
    // A producer that skipped the padding of the final block would otherwise be rejected; take
    // what is left instead.
    pos += Math.min(align16(used), sectionLength - pos);
  }
  return {
    validationBits: view.getUint32(off, true),
    errorAffinityLevel: view.getUint8(off + 12),
    mpidr: readU64(view, off + 16),
    midr: readU64(view, off + 24),
    runningState: view.getUint32(off + 32, true),
    psciState: view.getUint32(off + 36, true),
    errorInfo,
    contextInfo,
    vendorSpecific: copyBytes(view, off + pos, sectionLength - pos),
  };
}

function checkSection(s: ArmProcessorSection): void {
  checkUint('ARM section validationBits', s.validationBits, 32);
  checkUint('ARM section errorAffinityLevel', s.errorAffinityLevel, 8);
  checkU64('ARM section mpidr', s.mpidr);
  checkU64('ARM section midr', s.midr);
  checkUint('ARM section runningState', s.runningState, 32);
  checkUint('ARM section psciState', s.psciState, 32);
  if (s.errorInfo.length < 1 || s.errorInfo.length > 0xffff) {
    throw new RangeError(`ARM section: ${s.errorInfo.length} error-information entries (1..65535 allowed)`);
  }
  if (s.contextInfo.length > 0xffff) throw new RangeError(`ARM section: ${s.contextInfo.length} context blocks (at most 65535)`);
  s.errorInfo.forEach((e, i) => {
    const f = `ARM error info ${i}`;
    checkUint(`${f} version`, e.version, 8);
    checkUint(`${f} length`, e.length, 8);
    checkUint(`${f} validationBits`, e.validationBits, 16);
    checkUint(`${f} type`, e.type, 8);
    checkUint(`${f} multipleError`, e.multipleError, 16);
    checkUint(`${f} flags`, e.flags, 8);
    checkU64(`${f} errorInformation`, e.errorInformation);
    checkU64(`${f} virtualFaultAddress`, e.virtualFaultAddress);
    checkU64(`${f} physicalFaultAddress`, e.physicalFaultAddress);
  });
  s.contextInfo.forEach((c, i) => {
    checkUint(`ARM context info ${i} version`, c.version, 16);
    checkUint(`ARM context info ${i} registerContextType`, c.registerContextType, 16);
  });
  if (armSectionSize(s) > 0xffff_ffff) throw new RangeError('ARM section: longer than a u32 Section Length');
}

/** Writes the section at `off`; returns its size (the Section Length written). */
export function encodeArmSection(view: DataView, off: number, s: ArmProcessorSection): number {
  checkSection(s);
  const size = armSectionSize(s);
  checkRoom('ARM processor section', view, off, size);
  view.setUint32(off, s.validationBits, true);
  view.setUint16(off + 4, s.errorInfo.length, true);
  view.setUint16(off + 6, s.contextInfo.length, true);
  view.setUint32(off + 8, size, true);
  view.setUint8(off + 12, s.errorAffinityLevel);
  zeroBytes(view, off + 13, 3);
  writeU64(view, off + 16, s.mpidr);
  writeU64(view, off + 24, s.midr);
  view.setUint32(off + 32, s.runningState, true);
  view.setUint32(off + 36, s.psciState, true);
  let pos = off + ARM_SECTION_HEADER_SIZE;
  for (const e of s.errorInfo) {
    view.setUint8(pos, e.version);
    view.setUint8(pos + 1, e.length);
    view.setUint16(pos + 2, e.validationBits, true);
    view.setUint8(pos + 4, e.type);
    view.setUint16(pos + 5, e.multipleError, true);
    view.setUint8(pos + 7, e.flags);
    writeU64(view, pos + 8, e.errorInformation);
    writeU64(view, pos + 16, e.virtualFaultAddress);
    writeU64(view, pos + 24, e.physicalFaultAddress);
    pos += ARM_ERROR_INFO_SIZE;
  }
  for (const c of s.contextInfo) {
    view.setUint16(pos, c.version, true);
    view.setUint16(pos + 2, c.registerContextType, true);
    view.setUint32(pos + 4, c.registerArray.length, true);
    putBytes(view, pos + ARM_CONTEXT_HEADER_SIZE, c.registerArray);
    const used = ARM_CONTEXT_HEADER_SIZE + c.registerArray.length;
    zeroBytes(view, pos + used, align16(used) - used);
    pos += align16(used);
  }
  putBytes(view, pos, s.vendorSpecific);
  return size;
}

/**
 * Pieces of the ARM processor error section (formats.md d.4) that are plain numbers: the error
 * type bitmap of an error-information entry, the cache/TLB/bus "Error Information" u64 and the
 * register-context type codes. EL3 firmware builds them from ERR<n>STATUS/ERR<n>MISC; Linux
 * `cper-arm.c` prints them and `ghes.c` looks for cache errors with a physical fault address.
 */
import { checkUint } from './codec-util.js';

/**
 * Error-information Type bits, as UEFI 2.9A errata / 2.10, Linux and QEMU
 * (`scripts/arm_processor_error.py`) define them: a bitmap starting at bit 1. libcper starts at
 * bit 0, and UEFI 2.11 also moved to bit 0 (edk2 issue #12708) without bumping the entry's
 * version; this project follows 2.10 (formats.md d.4, gotcha 9).
 */
export const ArmErrorType = {
  /** Bit 1: a cache error. */
  cache: 0x02,
  /** Bit 2: a TLB error. */
  tlb: 0x04,
  /** Bit 3: a bus error (e.g. an external abort on a memory read). */
  bus: 0x08,
  /** Bit 4: a micro-architectural error (IMPLEMENTATION DEFINED information). */
  microArch: 0x10,
} as const;

/** Names of the type bits set in `type` (e.g. 0x06 → `['cache', 'tlb']`); unknown bits as `bit N`. */
export function armErrorTypeNames(type: number): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < 8; bit++) {
    if ((type & (1 << bit)) === 0) continue;
    const known = (Object.keys(ArmErrorType) as (keyof typeof ArmErrorType)[]).find((k) => ArmErrorType[k] === 1 << bit);
    names.push(known ?? `bit ${bit}`);
  }
  return names;
}

/**
 * Fields of the Error Information u64 for cache, TLB and bus errors. A field is present only
 * when its validity bit (bits 11:0) is set; the bus-only fields only for the bus layout.
 */
export interface ArmErrorInformation {
  /** Which layout was used to read it. */
  layout: 'cache' | 'tlb' | 'bus';
  /** 0 instruction, 1 data access, 2 generic. */
  transactionType?: number;
  /** Operation code; the meaning of 7 and 8 differs for TLB errors (formats.md d.4). */
  operation?: number;
  /** Cache or TLB level (or bus affinity level). */
  level?: number;
  /** Processor context corrupt: the PE's state is not trustworthy. */
  processorContextCorrupt?: boolean;
  /** The error was corrected. */
  corrected?: boolean;
  /** Precise PC: the PC saved at the exception points at the instruction that hit the error. */
  precisePc?: boolean;
  /** Restartable PC: execution can restart at the saved PC. */
  restartablePc?: boolean;
  /** Bus: 0 originated the request, 1 responded, 2 observed, 3 generic. */
  participationType?: number;
  /** Bus: the transaction timed out. */
  timeout?: boolean;
  /** Bus: 0 external memory, 1 internal memory, 3 device memory. */
  addressSpace?: number;
  /** Bus: 9-bit memory attributes. */
  memoryAttributes?: number;
  /** Bus: 0 secure, 1 normal. */
  accessMode?: number;
}

/**
 * Which Error Information layout a Type byte selects: the first of cache, TLB, bus that is set.
 * `null` for micro-architectural or unknown types, whose u64 is IMPLEMENTATION DEFINED.
 */
export function armInfoLayout(type: number): ArmErrorInformation['layout'] | null {
  if (type & ArmErrorType.cache) return 'cache';
  if (type & ArmErrorType.tlb) return 'tlb';
  if (type & ArmErrorType.bus) return 'bus';
  return null;
}

/** Splits an Error Information u64 read with `layout`. */
export function decodeArmErrorInformation(layout: ArmErrorInformation['layout'], value: bigint): ArmErrorInformation {
  const lo = Number(value & 0xffff_ffffn);
  const hi = Number((value >> 32n) & 0xffff_ffffn);
  const valid = (bit: number): boolean => (lo & (1 << bit)) !== 0;
  const flag = (bit: number): boolean => (lo & (1 << bit)) !== 0;
  const out: ArmErrorInformation = { layout };
  if (valid(0)) out.transactionType = (lo >>> 16) & 0x3;
  if (valid(1)) out.operation = (lo >>> 18) & 0xf;
  if (valid(2)) out.level = (lo >>> 22) & 0x7;
  if (valid(3)) out.processorContextCorrupt = flag(25);
  if (valid(4)) out.corrected = flag(26);
  if (valid(5)) out.precisePc = flag(27);
  if (valid(6)) out.restartablePc = flag(28);
  if (layout === 'bus') {
    if (valid(7)) out.participationType = (lo >>> 29) & 0x3;
    if (valid(8)) out.timeout = (lo & 0x8000_0000) !== 0;
    if (valid(9)) out.addressSpace = hi & 0x3;
    if (valid(10)) out.memoryAttributes = (hi >>> 2) & 0x1ff;
    if (valid(11)) out.accessMode = (hi >>> 11) & 0x1;
  }
  return out;
}

/**
 * Builds the Error Information u64 from fields, setting the validity bit of each field present.
 * RangeError when a field does not fit its bits or a bus-only field is given for another layout.
 */
export function encodeArmErrorInformation(f: ArmErrorInformation): bigint {
  const field = (name: string, v: number, bits: number): number => {
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) throw new RangeError(`ARM error information ${name}: ${v} does not fit ${bits} bits`);
    return v;
  };
  let lo = 0;
  let hi = 0;
  if (f.transactionType !== undefined) lo |= 1 | (field('transactionType', f.transactionType, 2) << 16);
  if (f.operation !== undefined) lo |= 2 | (field('operation', f.operation, 4) << 18);
  if (f.level !== undefined) lo |= 4 | (field('level', f.level, 3) << 22);
  if (f.processorContextCorrupt !== undefined) lo |= 8 | (f.processorContextCorrupt ? 1 << 25 : 0);
  if (f.corrected !== undefined) lo |= 0x10 | (f.corrected ? 1 << 26 : 0);
  if (f.precisePc !== undefined) lo |= 0x20 | (f.precisePc ? 1 << 27 : 0);
  if (f.restartablePc !== undefined) lo |= 0x40 | (f.restartablePc ? 1 << 28 : 0);
  const bus = [f.participationType, f.timeout, f.addressSpace, f.memoryAttributes, f.accessMode];
  if (f.layout !== 'bus' && bus.some((v) => v !== undefined)) {
    throw new RangeError(`ARM error information: bus-only fields given for a ${f.layout} error`);
  }
  if (f.participationType !== undefined) lo |= 0x80 | (field('participationType', f.participationType, 2) << 29);
  if (f.timeout !== undefined) lo = (lo | 0x100 | (f.timeout ? 0x8000_0000 : 0)) >>> 0;
  if (f.addressSpace !== undefined) { lo |= 0x200; hi |= field('addressSpace', f.addressSpace, 2); }
  if (f.memoryAttributes !== undefined) { lo |= 0x400; hi |= field('memoryAttributes', f.memoryAttributes, 9) << 2; }
  if (f.accessMode !== undefined) { lo |= 0x800; hi |= field('accessMode', f.accessMode, 1) << 11; }
  checkUint('ARM error information low word', lo >>> 0, 32);
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

const CONTEXT_NAMES = [
  'AArch32 GPRs', 'AArch32 EL1', 'AArch32 EL2', 'AArch32 secure', 'AArch64 GPRs', 'AArch64 EL1',
  'AArch64 EL2', 'AArch64 EL3', 'miscellaneous',
] as const;

/** Name of a register-context type (0..8), or `reserved (N)`. */
export function armContextTypeName(type: number): string {
  return CONTEXT_NAMES[type] ?? `reserved (${type})`;
}

/**
 * Register width in bytes for a context type: 4 for the AArch32 contexts (0..3), 8 for the
 * AArch64 ones (4..7). `null` for the miscellaneous context (8), whose entries are 10 bytes
 * (a register encoding plus a value), and for reserved types.
 */
export function armContextRegisterWidth(type: number): 4 | 8 | null {
  if (type <= 3) return 4;
  return type <= 7 ? 8 : null;
}

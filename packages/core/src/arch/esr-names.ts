/**
 * Names for ESR_ELx values, for tools and the `rasflow esr` command: the exception-class table
 * (the suffixes of Linux's `ESR_ELx_EC_*` in `arch/arm64/include/asm/esr.h`), the DFSC/IFSC codes
 * of formats.md a.5, and the SET/AET/severity names of a.6/a.7. Hot paths use the numeric codes.
 */
import { AET_CE, AET_UC, AET_UEO, AET_UER, AET_UEU, SET_UC, SET_UEO, SET_UER } from './esr-fields.js';

/** What a name lookup returns for an exception class Linux does not define. */
export const EC_UNALLOCATED = 'UNALLOCATED';

// [EC, Linux suffix, a short meaning]. Checked against mainline esr.h (2025): it also defines
// OTHER (0x0A, first proposed as LS64B), MOPS (0x27) and GCS (0x2D).
const EC_TABLE: ReadonlyArray<readonly [number, string, string]> = [
  [0x00, 'UNKNOWN', 'unknown reason (e.g. an undefined instruction)'],
  [0x01, 'WFx', 'trapped WFI/WFE'],
  [0x03, 'CP15_32', 'trapped AArch32 MCR/MRC to CP15'],
  [0x04, 'CP15_64', 'trapped AArch32 MCRR/MRRC to CP15'],
  [0x05, 'CP14_MR', 'trapped AArch32 MCR/MRC to CP14'],
  [0x06, 'CP14_LS', 'trapped AArch32 LDC/STC to CP14'],
  [0x07, 'FP_ASIMD', 'trapped SVE/SIMD/floating-point access'],
  [0x08, 'CP10_ID', 'trapped VMRS access to a CP10 ID register'],
  [0x09, 'PAC', 'trapped pointer-authentication instruction'],
  [0x0a, 'OTHER', 'trapped instruction not covered by another class (LD64B/ST64B and others)'],
  [0x0c, 'CP14_64', 'trapped AArch32 MRRC/MCRR to CP14'],
  [0x0d, 'BTI', 'branch target exception'],
  [0x0e, 'ILL', 'illegal execution state'],
  [0x11, 'SVC32', 'SVC from AArch32'],
  [0x12, 'HVC32', 'HVC from AArch32'],
  [0x13, 'SMC32', 'SMC from AArch32'],
  [0x15, 'SVC64', 'SVC from AArch64'],
  [0x16, 'HVC64', 'HVC from AArch64'],
  [0x17, 'SMC64', 'SMC from AArch64'],
  [0x18, 'SYS64', 'trapped MSR/MRS/system instruction'],
  [0x19, 'SVE', 'trapped SVE access'],
  [0x1a, 'ERET', 'trapped ERET/ERETAA/ERETAB'],
  [0x1c, 'FPAC', 'pointer-authentication failure'],
  [0x1d, 'SME', 'trapped SME access'],
  [0x1f, 'IMP_DEF', 'IMPLEMENTATION DEFINED exception to EL3'],
  [0x20, 'IABT_LOW', 'Instruction Abort taken from a lower Exception level'],
  [0x21, 'IABT_CUR', 'Instruction Abort taken without a change of Exception level'],
  [0x22, 'PC_ALIGN', 'PC alignment fault'],
  [0x24, 'DABT_LOW', 'Data Abort taken from a lower Exception level'],
  [0x25, 'DABT_CUR', 'Data Abort taken without a change of Exception level'],
  [0x26, 'SP_ALIGN', 'SP alignment fault'],
  [0x27, 'MOPS', 'memory-copy/memory-set (FEAT_MOPS) exception'],
  [0x28, 'FP_EXC32', 'trapped floating-point exception from AArch32'],
  [0x2c, 'FP_EXC64', 'trapped floating-point exception from AArch64'],
  [0x2d, 'GCS', 'Guarded Control Stack exception'],
  [0x2f, 'SERROR', 'SError exception'],
  [0x30, 'BREAKPT_LOW', 'Breakpoint from a lower Exception level'],
  [0x31, 'BREAKPT_CUR', 'Breakpoint without a change of Exception level'],
  [0x32, 'SOFTSTP_LOW', 'Software Step from a lower Exception level'],
  [0x33, 'SOFTSTP_CUR', 'Software Step without a change of Exception level'],
  [0x34, 'WATCHPT_LOW', 'Watchpoint from a lower Exception level'],
  [0x35, 'WATCHPT_CUR', 'Watchpoint without a change of Exception level'],
  [0x38, 'BKPT32', 'BKPT instruction in AArch32'],
  [0x3a, 'VECTOR32', 'AArch32 vector catch'],
  [0x3c, 'BRK64', 'BRK instruction in AArch64'],
];

const EC_NAMES: readonly string[] = (() => {
  const t = new Array<string>(64).fill(EC_UNALLOCATED);
  for (const [ec, name] of EC_TABLE) t[ec] = name;
  return t;
})();

const EC_MEANINGS: readonly string[] = (() => {
  const t = new Array<string>(64).fill('unallocated exception class');
  for (const [ec, , meaning] of EC_TABLE) t[ec] = meaning;
  return t;
})();

/** The Linux `ESR_ELx_EC_*` suffix for an exception class, or `UNALLOCATED`. */
export function ecName(ec: number): string {
  return EC_NAMES[ec & 0x3f] ?? EC_UNALLOCATED;
}

/** One line saying what an exception class means. */
export function ecMeaning(ec: number): string {
  return EC_MEANINGS[ec & 0x3f] ?? 'unallocated exception class';
}

/**
 * Codes of the a.5 table that only a Data Abort can report. 0x11 (synchronous Tag Check Fault) is
 * marked so in formats.md a.5. The Arm ARM's IFSC list also lacks 0x21 (a misaligned fetch is a
 * PC alignment fault, EC 0x22, never an Instruction Abort) and the two IMPLEMENTATION DEFINED
 * codes 0x34 (lockdown) and 0x35 (unsupported exclusive or atomic access), which are about data
 * accesses. In an IFSC they are reserved.
 */
const DATA_ONLY_FSC: ReadonlySet<number> = new Set([0x11, 0x21, 0x34, 0x35]);

/**
 * What a DFSC/IFSC code means in a Data or Instruction Abort (formats.md a.5); pass
 * `instruction` for an IFSC, where the data-only codes are reserved. Codes the table does not
 * list come back as "reserved or not modelled".
 */
export function fscName(code: number, instruction = false): string {
  const c = code & 0x3f;
  if (instruction && DATA_ONLY_FSC.has(c)) return 'reserved in an Instruction Abort (a Data Abort code)';
  if (c <= 0x03) return `Address size fault, level ${c}`;
  if (c <= 0x07) return `Translation fault, level ${c - 0x04}`;
  if (c <= 0x0b) return `Access flag fault, level ${c - 0x08}`;
  if (c <= 0x0f) return `Permission fault, level ${c - 0x0c}`;
  if (c === 0x10) return 'Synchronous External abort, not on a translation table walk';
  if (c === 0x11) return 'Synchronous Tag Check Fault (MTE)';
  if (c === 0x13) return 'Synchronous External abort on a translation table walk, level -1';
  if (c >= 0x14 && c <= 0x17) return `Synchronous External abort on a translation table walk, level ${c - 0x14}`;
  if (c === 0x18) return 'Synchronous parity/ECC error on a memory access, not on a table walk';
  if (c === 0x1b) return 'Synchronous parity/ECC error on a translation table walk, level -1';
  if (c >= 0x1c && c <= 0x1f) return `Synchronous parity/ECC error on a translation table walk, level ${c - 0x1c}`;
  if (c === 0x21) return 'Alignment fault';
  if (c === 0x30) return 'TLB conflict abort';
  if (c === 0x31) return 'Unsupported atomic hardware update fault';
  if (c === 0x34 || c === 0x35) return 'IMPLEMENTATION DEFINED fault';
  return 'reserved or not modelled';
}

/** What an SError DFSC means: 0x00 uncategorized, 0x11 asynchronous SError (AET valid). */
export function serrorDfscName(code: number): string {
  if (code === 0x00) return 'Uncategorized';
  if (code === 0x11) return 'Asynchronous SError interrupt';
  return 'reserved';
}

/** Name of a SET value (Arm ARM numbering): UER, UC, UEO, or null for the reserved 0b01. */
export type SetName = 'UER' | 'UC' | 'UEO';

/** SET value → name; null for the reserved encoding 0b01. */
export function setName(set: number): SetName | null {
  if (set === SET_UER) return 'UER';
  if (set === SET_UC) return 'UC';
  if (set === SET_UEO) return 'UEO';
  return null;
}

/** Name of an AET or severity value. */
export type AetName = 'UC' | 'UEU' | 'UEO' | 'UER' | 'CE';

/** AET value → name; null for the reserved values 0b100, 0b101, 0b111. */
export function aetName(aet: number): AetName | null {
  switch (aet) {
    case AET_UC:
      return 'UC';
    case AET_UEU:
      return 'UEU';
    case AET_UEO:
      return 'UEO';
    case AET_UER:
      return 'UER';
    case AET_CE:
      return 'CE';
    default:
      return null;
  }
}

/** What each error type means to the software that receives it. */
export function errorTypeMeaning(name: AetName): string {
  switch (name) {
    case 'UC':
      return 'uncontainable: the error may have propagated silently';
    case 'UEU':
      return 'unrecoverable state: the PE cannot continue';
    case 'UEO':
      return 'restartable state: latent, not yet consumed; execution can continue';
    case 'UER':
      return 'recoverable state: the error was signalled and can be recovered from';
    case 'CE':
      return 'corrected';
  }
}

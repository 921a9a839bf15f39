/**
 * ESR_ELx on the hot path: field accessors over a plain number and the encoders that build the
 * syndromes the firmware, KVM and the VMM write (formats.md a.1-a.8).
 *
 * Accessors are pure functions of a 32-bit number: no BigInt, no allocation, results that may have
 * bit 31 set are returned unsigned. Encoders check every field against its width and throw a
 * RangeError, because a too-wide field would silently corrupt its neighbours.
 */
import {
  ABT_EA_SHIFT,
  ABT_FNV_SHIFT,
  ABT_FSC_MASK,
  ABT_S1PTW_SHIFT,
  ABT_SET_SHIFT,
  AET_CE,
  AET_UEO,
  AET_UER,
  AET_UEU,
  DA_AR_SHIFT,
  DA_CM_SHIFT,
  DA_ISV_SHIFT,
  DA_SAS_SHIFT,
  DA_SF_SHIFT,
  DA_SRT_SHIFT,
  DA_SSE_SHIFT,
  DA_VNCR_SHIFT,
  DA_WNR_SHIFT,
  EC_DABT_CUR,
  EC_DABT_LOW,
  EC_IABT_CUR,
  EC_IABT_LOW,
  EC_SERROR,
  ESR_EC_SHIFT,
  ESR_EC_WIDTH_MASK,
  ESR_IL_SHIFT,
  ESR_ISS_MASK,
  FSC_SEA,
  FSC_SERROR,
  SE_AET_SHIFT,
  SE_EA_SHIFT,
  SE_IDS,
  SE_IESB_SHIFT,
  SE_IMPDEF_MASK,
  SERROR_CONTINUE,
  SERROR_FATAL,
  SERROR_NOT_RAS,
  SERROR_PANIC,
  SEV_UC,
} from './esr-fields.js';

// ---- Accessors ----------------------------------------------------------------------------------

/** ESR_ELx.EC (bits 31:26): which exception class the PE took. */
export function esrEc(esr: number): number {
  return (esr >>> ESR_EC_SHIFT) & ESR_EC_WIDTH_MASK;
}

/** ESR_ELx.IL (bit 25). */
export function esrIl(esr: number): number {
  return (esr >>> ESR_IL_SHIFT) & 1;
}

/** ESR_ELx.ISS (bits 24:0, 25 bits). */
export function esrIss(esr: number): number {
  return esr & ESR_ISS_MASK;
}

/** DFSC/IFSC (ISS bits 5:0) of an abort, or the DFSC of an SError. */
export function dfsc(esr: number): number {
  return esr & ABT_FSC_MASK;
}

/** True for EC 0x24/0x25: a Data Abort, as KVM's `kvm_vcpu_trap_is_dabt()` would say. */
export function isDataAbortEc(ec: number): boolean {
  return ec === EC_DABT_LOW || ec === EC_DABT_CUR;
}

/** True for EC 0x20/0x21: an Instruction Abort. */
export function isInstructionAbortEc(ec: number): boolean {
  return ec === EC_IABT_LOW || ec === EC_IABT_CUR;
}

/** True for the four abort ECs (instruction or data, LOW or CUR). */
export function isAbortEc(ec: number): boolean {
  return isDataAbortEc(ec) || isInstructionAbortEc(ec);
}

/**
 * True when a fault status code is a synchronous external abort or a synchronous parity/ECC error
 * (KVM `kvm_vcpu_abt_issea()`: 0x10, 0x13-0x17, 0x18, 0x1B-0x1F).
 */
export function isSeaFsc(fsc: number): boolean {
  return fsc === FSC_SEA || (fsc >= 0x13 && fsc <= 0x18) || (fsc >= 0x1b && fsc <= 0x1f);
}

/**
 * True when an ESR is an abort whose status code is in KVM's SEA set (see {@link isSeaFsc}).
 * KVM only asks this of aborts; checking EC here keeps an SError with DFSC 0x11 from matching.
 */
export function isSea(esr: number): boolean {
  return isAbortEc(esrEc(esr)) && isSeaFsc(esr & ABT_FSC_MASK);
}

/**
 * True when an abort's SET field (ISS bits 12:11) is meaningful for its fault status code:
 * formats.md a.3 gives SET for synchronous external aborts and RES0 otherwise, and a.5 lists
 * those as 0x10 (not on a walk) and 0x13-0x17 (on a translation table walk, level -1..3; Linux
 * `ESR_ELx_FSC_SEA_TTW`). The parity/ECC codes 0x18 and 0x1B-0x1F in KVM's SEA set are not among
 * them: they exist only without FEAT_RAS, which is what defines SET. The Arm ARM's newest
 * condition also has 0x12 (level -2, FEAT_D128); formats.md does not list that code, so neither
 * does this.
 */
export function abortHasSet(fsc: number): boolean {
  return fsc === FSC_SEA || (fsc >= 0x13 && fsc <= 0x17);
}

/** Abort SET (ISS bits 12:11), Arm ARM numbering: 0 UER, 2 UC, 3 UEO, 1 reserved. */
export function abortSet(esr: number): number {
  return (esr >>> ABT_SET_SHIFT) & 3;
}

/** Abort FnV (bit 10): 1 means FAR_ELx does not hold the faulting address. */
export function abortFnv(esr: number): number {
  return (esr >>> ABT_FNV_SHIFT) & 1;
}

/** Data abort WnR (bit 6): 1 for a write. */
export function abortWnr(esr: number): number {
  return (esr >>> DA_WNR_SHIFT) & 1;
}

/** SError IDS (bit 24): 1 = IMPLEMENTATION DEFINED syndrome, not a RAS one. */
export function serrorIds(esr: number): number {
  return (esr >>> 24) & 1;
}

/** SError AET (bits 12:10), raw: meaningful only when IDS=0 and DFSC=0x11. */
export function serrorAet(esr: number): number {
  return (esr >>> SE_AET_SHIFT) & 7;
}

/**
 * Linux's `arm64_is_ras_serror()`: IDS clear and the CPU has FEAT_RAS. Without FEAT_RAS an
 * all-zero syndrome cannot be told apart from "RAS error, uncategorized".
 */
export function isRasSerror(esr: number, cpuHasRas = true): boolean {
  return cpuHasRas && (esr & SE_IDS) === 0;
}

/**
 * The severity Linux's `arm64_ras_serror_get_severity()` derives from an SError ESR, as a SEV_*
 * code (= AET number): UC for IDS=1 ("not a RAS error, can't interpret"), for DFSC≠0x11
 * (uncategorized) and for the reserved AET values 4, 5, 7 (Linux returns those raw, and every
 * consumer treats them as UC); otherwise the AET value.
 */
export function serrorSeverity(esr: number, cpuHasRas = true): number {
  if (!isRasSerror(esr, cpuHasRas) || (esr & ABT_FSC_MASK) !== FSC_SERROR) return SEV_UC;
  const aet = (esr >>> SE_AET_SHIFT) & 7;
  return aet === AET_UEU || aet === AET_UEO || aet === AET_UER || aet === AET_CE ? aet : SEV_UC;
}

/**
 * What Linux does with an SError (SERROR_* code): `do_serror()` / `kvm_handle_guest_serror()`
 * first ask `arm64_is_ras_serror()`, then `arm64_is_fatal_ras_serror()`.
 */
export function serrorAction(esr: number, cpuHasRas = true): number {
  if (!isRasSerror(esr, cpuHasRas)) return SERROR_NOT_RAS;
  const sev = serrorSeverity(esr, cpuHasRas);
  if (sev === AET_CE || sev === AET_UEO) return SERROR_CONTINUE;
  if (sev === AET_UEU || sev === AET_UER) return SERROR_FATAL;
  return SERROR_PANIC;
}

// ---- Encoders -----------------------------------------------------------------------------------

/** Throws a RangeError unless `v` is an integer that fits in `bits` unsigned bits. */
function field(name: string, v: number | undefined, bits: number): number {
  if (v === undefined) return 0;
  const max = 2 ** bits - 1;
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new RangeError(`${name}=${String(v)} does not fit in ${bits} bit${bits === 1 ? '' : 's'} (0..${max})`);
  }
  return v;
}

/**
 * Generic ESR_ELx low word: `(EC << 26) | (IL << 25) | ISS`. ISS2 (bits 55:32) is the caller's
 * separate high half.
 */
export function esr(ec: number, il: number, iss: number): number {
  return ((field('EC', ec, 6) << ESR_EC_SHIFT) | (field('IL', il, 1) << ESR_IL_SHIFT) | field('ISS', iss, 25)) >>> 0;
}

/**
 * Fields of a Data Abort syndrome (EC 0x24/0x25). `cur` picks the EC: 1 = taken to the same EL
 * (DABT_CUR), 0 = from a lower EL (DABT_LOW). IL defaults to 1, every other field to 0.
 */
export interface DataAbortFields {
  /** 1: taken to the same EL (the _CUR exception class), 0: from a lower EL (_LOW). */
  cur?: number;
  /** IL, bit 25 (default 1: a 32-bit instruction). */
  il?: number;
  /** ISV, bit 24: the instruction syndrome (SAS, SSE, SRT, SF, AR) is valid. */
  isv?: number;
  /** SAS, bits 23:22: access size (0 byte … 3 doubleword); with ISV. */
  sas?: number;
  /** SSE, bit 21: the load sign-extends; with ISV. */
  sse?: number;
  /** SRT, bits 20:16: the transfer register; with ISV. */
  srt?: number;
  /** SF, bit 15: 64-bit register transfer; with ISV. */
  sf?: number;
  /** AR, bit 14: acquire/release semantics; with ISV. */
  ar?: number;
  /** VNCR, bit 13: a VNCR_EL2-relative access (FEAT_NV2). */
  vncr?: number;
  /**
   * SET, bits 12:11: Synchronous Error Type of an external abort (0 UER, 2 UC, 3 UEO); with an
   * FSC for which {@link abortHasSet} is true.
   */
  set?: number;
  /** FnV, bit 10: FAR is not valid. */
  fnv?: number;
  /** EA, bit 9: External abort type (IMPLEMENTATION DEFINED classification). */
  ea?: number;
  /** CM, bit 8: a cache maintenance or address translation instruction faulted. */
  cm?: number;
  /** S1PTW, bit 7: a stage-2 fault on a stage-1 translation table walk. */
  s1ptw?: number;
  /** WnR, bit 6: 1 for a write, 0 for a read. */
  wnr?: number;
  /** DFSC, bits 5:0: data fault status code (0x10 synchronous external abort). */
  dfsc: number;
}

/**
 * Builds a Data Abort ESR, the form QEMU's `syn_data_abort_no_iss()` and KVM's `inject_abt64()`
 * produce for an injected SEA, and that EL3 firmware writes to ESR_EL2 when it fakes one.
 */
export function encodeDataAbort(f: DataAbortFields): number {
  const ec = field('cur', f.cur, 1) === 1 ? EC_DABT_CUR : EC_DABT_LOW;
  const iss =
    (field('ISV', f.isv, 1) << DA_ISV_SHIFT) |
    (field('SAS', f.sas, 2) << DA_SAS_SHIFT) |
    (field('SSE', f.sse, 1) << DA_SSE_SHIFT) |
    (field('SRT', f.srt, 5) << DA_SRT_SHIFT) |
    (field('SF', f.sf, 1) << DA_SF_SHIFT) |
    (field('AR', f.ar, 1) << DA_AR_SHIFT) |
    (field('VNCR', f.vncr, 1) << DA_VNCR_SHIFT) |
    (field('SET', f.set, 2) << ABT_SET_SHIFT) |
    (field('FnV', f.fnv, 1) << ABT_FNV_SHIFT) |
    (field('EA', f.ea, 1) << ABT_EA_SHIFT) |
    (field('CM', f.cm, 1) << DA_CM_SHIFT) |
    (field('S1PTW', f.s1ptw, 1) << ABT_S1PTW_SHIFT) |
    (field('WnR', f.wnr, 1) << DA_WNR_SHIFT) |
    field('DFSC', f.dfsc, 6);
  return esr(ec, f.il ?? 1, iss);
}

/** Fields of an Instruction Abort syndrome (EC 0x20/0x21); `cur` as for {@link DataAbortFields}. */
export interface InstructionAbortFields {
  /** 1: taken to the same EL (the _CUR exception class), 0: from a lower EL (_LOW). */
  cur?: number;
  /** IL, bit 25 (default 1: a 32-bit instruction). */
  il?: number;
  /**
   * SET, bits 12:11: Synchronous Error Type of an external abort (0 UER, 2 UC, 3 UEO); with an
   * FSC for which {@link abortHasSet} is true.
   */
  set?: number;
  /** FnV, bit 10: FAR is not valid. */
  fnv?: number;
  /** EA, bit 9: External abort type (IMPLEMENTATION DEFINED classification). */
  ea?: number;
  /** S1PTW, bit 7: a stage-2 fault on a stage-1 translation table walk. */
  s1ptw?: number;
  /** IFSC, bits 5:0: instruction fault status code (0x10 synchronous external abort). */
  ifsc: number;
}

/** Builds an Instruction Abort ESR: what EL3/EL2 see when a guest fetches poisoned code. */
export function encodeInstructionAbort(f: InstructionAbortFields): number {
  const ec = field('cur', f.cur, 1) === 1 ? EC_IABT_CUR : EC_IABT_LOW;
  const iss =
    (field('SET', f.set, 2) << ABT_SET_SHIFT) |
    (field('FnV', f.fnv, 1) << ABT_FNV_SHIFT) |
    (field('EA', f.ea, 1) << ABT_EA_SHIFT) |
    (field('S1PTW', f.s1ptw, 1) << ABT_S1PTW_SHIFT) |
    field('IFSC', f.ifsc, 6);
  return esr(ec, f.il ?? 1, iss);
}

/**
 * Fields of an SError syndrome (EC 0x2F). With IDS=0 give IESB/AET/EA/DFSC. With IDS=1 bits 23:0
 * are IMPLEMENTATION DEFINED: give them as `impDef`; any architected field also given must agree
 * with the same bits of `impDef` (so a decoded SError re-encodes unchanged).
 */
export interface SErrorFields {
  /** IL, bit 25 (default 1: a 32-bit instruction). */
  il?: number;
  /** IDS, bit 24: bits 23:0 hold an IMPLEMENTATION DEFINED syndrome. */
  ids?: number;
  /** IESB, bit 13: synchronized by an Implicit Error Synchronization event (FEAT_IESB). */
  iesb?: number;
  /** AET, bits 12:10: Asynchronous Error Type (0 UC, 1 UEU, 2 UEO, 3 UER, 6 CE). */
  aet?: number;
  /** EA, bit 9: External abort type (IMPLEMENTATION DEFINED classification). */
  ea?: number;
  /** DFSC, bits 5:0: 0x11 asynchronous SError, 0x00 uncategorized. */
  dfsc?: number;
  /** With IDS=1: the IMPLEMENTATION DEFINED syndrome, bits 23:0. */
  impDef?: number;
}

/**
 * Builds an SError ESR: what EL3 reflects into ESR_EL2 (`0xBE000000 | AET<<10 | 0x11`) and what
 * a guest reads in ESR_EL1 for a virtual SError.
 */
export function encodeSError(f: SErrorFields): number {
  const ids = field('IDS', f.ids, 1);
  const arch =
    (field('IESB', f.iesb, 1) << SE_IESB_SHIFT) |
    (field('AET', f.aet, 3) << SE_AET_SHIFT) |
    (field('EA', f.ea, 1) << SE_EA_SHIFT) |
    field('DFSC', f.dfsc, 6);
  let iss = arch;
  if (f.impDef !== undefined) {
    const imp = field('impDef', f.impDef, 24);
    if (ids === 0) throw new RangeError('impDef is only meaningful with IDS=1');
    const overlap = (1 << SE_IESB_SHIFT) | (7 << SE_AET_SHIFT) | (1 << SE_EA_SHIFT) | ABT_FSC_MASK;
    const given = (f.iesb !== undefined ? 1 << SE_IESB_SHIFT : 0) | (f.aet !== undefined ? 7 << SE_AET_SHIFT : 0) |
      (f.ea !== undefined ? 1 << SE_EA_SHIFT : 0) | (f.dfsc !== undefined ? ABT_FSC_MASK : 0);
    if (((imp ^ arch) & given & overlap) !== 0) {
      throw new RangeError('with IDS=1 the IESB/AET/EA/DFSC fields must match the same bits of impDef');
    }
    iss = imp & SE_IMPDEF_MASK;
  }
  return esr(EC_SERROR, f.il ?? 1, iss | (ids === 1 ? SE_IDS : 0));
}

/**
 * Structured decoding of ESR_ELx for tools and the CLI: one typed object per syndrome, with every
 * field of formats.md a.3/a.4/a.7 and its name. Hot paths use the accessors of `esr.ts` instead;
 * this allocates.
 */
import {
  ABT_EA_SHIFT,
  ABT_FNV_SHIFT,
  ABT_FSC_MASK,
  ABT_S1PTW_SHIFT,
  ABT_SET_SHIFT,
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
  EC_IABT_CUR,
  EC_SERROR,
  ESR_ISS2_HI_MASK,
  ESR_RES0_HI_MASK,
  FSC_SERROR,
  IA_RES0_MASK,
  SE_AET_SHIFT,
  SE_EA_SHIFT,
  SE_IESB_SHIFT,
  SE_IMPDEF_MASK,
} from './esr-fields.js';
import {
  esrEc,
  esrIl,
  esrIss,
  isDataAbortEc,
  isInstructionAbortEc,
  isRasSerror,
  abortHasSet,
  isSeaFsc,
  serrorSeverity,
} from './esr.js';
import {
  aetName,
  ecMeaning,
  ecName,
  fscName,
  serrorDfscName,
  setName,
  type AetName,
  type SetName,
} from './esr-names.js';

/** Fields every ESR has (a.1). */
export interface EsrCommon {
  /** Low 32 bits as given (unsigned). */
  lo: number;
  /** High 32 bits as given (unsigned). */
  hi: number;
  /**
   * EC, bits 31:26: the exception class (0x24/0x25 data abort, 0x20/0x21 instruction abort, 0x2F
   * SError…).
   */
  ec: number;
  /** Linux `ESR_ELx_EC_*` suffix, or `UNALLOCATED`. */
  ecName: string;
  /** What the exception class means, in the Arm ARM's words. */
  ecMeaning: string;
  /** IL, bit 25: 1 for a 32-bit instruction (always 1 for aborts and SErrors). */
  il: number;
  /** ISS, bits 24:0. */
  iss: number;
  /** ISS2, bits 55:32. */
  iss2: number;
  /** Bits 63:56 (RES0), shifted down; nonzero means the value is not a valid ESR. */
  res0: number;
}

/** A Data Abort (EC 0x24/0x25), a.3. */
export interface DataAbortDecoded extends EsrCommon {
  /** Discriminant: a data abort. */
  kind: 'data-abort';
  /** 1 for DABT_CUR (same EL), 0 for DABT_LOW. */
  cur: number;
  /** ISV, bit 24: the instruction syndrome (SAS, SSE, SRT, SF, AR) is valid. */
  isv: number;
  /** SAS, bits 23:22: access size (0 byte, 1 halfword, 2 word, 3 doubleword); valid with ISV. */
  sas: number;
  /** SSE, bit 21: the load sign-extends; valid with ISV. */
  sse: number;
  /** SRT, bits 20:16: the transfer register Xt/Wt; valid with ISV. */
  srt: number;
  /** SF, bit 15: 64-bit register transfer; valid with ISV. */
  sf: number;
  /** AR, bit 14: acquire/release semantics; valid with ISV. */
  ar: number;
  /** VNCR, bit 13: the fault came from a VNCR_EL2-relative access (FEAT_NV2). */
  vncr: number;
  /**
   * SET, bits 12:11: Synchronous Error Type of an external abort (0 UER recoverable, 2 UC
   * uncontainable, 3 UEO restartable); RES0 unless DFSC is a synchronous external abort, 0x10 or
   * 0x13-0x17 on a table walk (`abortHasSet`).
   */
  set: number;
  /** SET name; null when SET is the reserved 0b01 or DFSC is not 0x10/0x13-0x17 (SET is RES0 then). */
  setName: SetName | null;
  /** FnV, bit 10: FAR is not valid (the faulting address is unknown). */
  fnv: number;
  /** EA, bit 9: External abort type (IMPLEMENTATION DEFINED classification). */
  ea: number;
  /** CM, bit 8: the abort came from a cache maintenance or address translation instruction. */
  cm: number;
  /** S1PTW, bit 7: a stage-2 fault on a stage-1 translation table walk. */
  s1ptw: number;
  /** WnR, bit 6: 1 for a write, 0 for a read. */
  wnr: number;
  /**
   * DFSC, bits 5:0: data fault status code (0x10 synchronous external abort, 0x14–0x17 on a table
   * walk, …).
   */
  dfsc: number;
  /** The name of the DFSC. */
  dfscName: string;
  /** DFSC in KVM's synchronous-external-abort set (`kvm_vcpu_abt_issea()`). */
  sea: boolean;
}

/** An Instruction Abort (EC 0x20/0x21), a.4. */
export interface InstructionAbortDecoded extends EsrCommon {
  /** Discriminant: an instruction abort. */
  kind: 'instruction-abort';
  /** 1 for IABT_CUR (taken from the same EL), 0 for IABT_LOW (from a lower EL). */
  cur: number;
  /**
   * SET, bits 12:11: Synchronous Error Type of an external abort on a fetch; RES0 unless IFSC is
   * 0x10 or 0x13-0x17 (`abortHasSet`).
   */
  set: number;
  /** SET name; null when SET is the reserved 0b01 or IFSC is not 0x10/0x13-0x17 (SET is RES0 then). */
  setName: SetName | null;
  /** FnV, bit 10: FAR is not valid. */
  fnv: number;
  /** EA, bit 9: External abort type (IMPLEMENTATION DEFINED classification). */
  ea: number;
  /** S1PTW, bit 7: a stage-2 fault on a stage-1 translation table walk. */
  s1ptw: number;
  /** IFSC, bits 5:0: instruction fault status code (0x10 synchronous external abort, …). */
  ifsc: number;
  /** The name of the IFSC. */
  ifscName: string;
  /** IFSC in KVM's synchronous-external-abort set (`kvm_vcpu_abt_issea()`). */
  sea: boolean;
  /** ISS bits that are RES0 for an instruction abort (24:13, 8, 6) and were set. */
  res0Iss: number;
}

/** An SError (EC 0x2F), a.7. Raw fields are always extracted; names say whether they apply. */
export interface SErrorDecoded extends EsrCommon {
  /** Discriminant: an SError interrupt. */
  kind: 'serror';
  /**
   * IDS, bit 24: 1 when bits 23:0 hold an IMPLEMENTATION DEFINED syndrome instead of the
   * architected fields.
   */
  ids: number;
  /** Bits 23:0 when IDS=1 (IMPLEMENTATION DEFINED), else 0. */
  impDef: number;
  /**
   * IESB, bit 13: the SError was synchronized by an Implicit Error Synchronization event
   * (FEAT_IESB).
   */
  iesb: number;
  /**
   * AET, bits 12:10: Asynchronous Error Type (0 UC, 1 UEU, 2 UEO, 3 UER, 6 CE); meaningful when
   * IDS=0 and DFSC=0x11.
   */
  aet: number;
  /** AET name; null when IDS=1, DFSC≠0x11 or AET is reserved. */
  aetName: AetName | null;
  /** EA, bit 9: External abort type. */
  ea: number;
  /** DFSC, bits 5:0: 0x11 asynchronous SError (the RAS syndrome), 0x00 uncategorized. */
  dfsc: number;
  /** The name of the DFSC (or "IMPLEMENTATION DEFINED syndrome" when IDS=1). */
  dfscName: string;
  /** Linux `arm64_is_ras_serror()` (FEAT_RAS assumed). */
  rasSerror: boolean;
  /** Linux `arm64_ras_serror_get_severity()` as a name (UC for IDS=1, uncategorized and reserved). */
  severity: AetName;
}

/** Any other exception class: only the common fields. */
export interface OtherEsrDecoded extends EsrCommon {
  /** Discriminant: any other exception class. */
  kind: 'other';
}

/** The result of {@link decodeEsr}. */
export type EsrDecoded = DataAbortDecoded | InstructionAbortDecoded | SErrorDecoded | OtherEsrDecoded;

const bit = (v: number, shift: number): number => (v >>> shift) & 1;

/**
 * Decodes ESR_ELx given as its low and (optional) high 32-bit halves. Never throws: every 64-bit
 * value has a decoding, and RES0 bits that are set are reported rather than refused.
 */
export function decodeEsr(lo: number, hi = 0): EsrDecoded {
  const l = lo >>> 0;
  const h = hi >>> 0;
  const ec = esrEc(l);
  const iss = esrIss(l);
  const common: EsrCommon = {
    lo: l,
    hi: h,
    ec,
    ecName: ecName(ec),
    ecMeaning: ecMeaning(ec),
    il: esrIl(l),
    iss,
    iss2: h & ESR_ISS2_HI_MASK,
    res0: (h & ESR_RES0_HI_MASK) >>> 24,
  };
  const fsc = iss & ABT_FSC_MASK;
  const set = (iss >>> ABT_SET_SHIFT) & 3;
  if (isDataAbortEc(ec)) {
    return {
      ...common,
      kind: 'data-abort',
      cur: ec === EC_DABT_CUR ? 1 : 0,
      isv: bit(iss, DA_ISV_SHIFT),
      sas: (iss >>> DA_SAS_SHIFT) & 3,
      sse: bit(iss, DA_SSE_SHIFT),
      srt: (iss >>> DA_SRT_SHIFT) & 0x1f,
      sf: bit(iss, DA_SF_SHIFT),
      ar: bit(iss, DA_AR_SHIFT),
      vncr: bit(iss, DA_VNCR_SHIFT),
      set,
      setName: abortHasSet(fsc) ? setName(set) : null,
      fnv: bit(iss, ABT_FNV_SHIFT),
      ea: bit(iss, ABT_EA_SHIFT),
      cm: bit(iss, DA_CM_SHIFT),
      s1ptw: bit(iss, ABT_S1PTW_SHIFT),
      wnr: bit(iss, DA_WNR_SHIFT),
      dfsc: fsc,
      dfscName: fscName(fsc),
      sea: isSeaFsc(fsc),
    };
  }
  if (isInstructionAbortEc(ec)) {
    return {
      ...common,
      kind: 'instruction-abort',
      cur: ec === EC_IABT_CUR ? 1 : 0,
      set,
      setName: abortHasSet(fsc) ? setName(set) : null,
      fnv: bit(iss, ABT_FNV_SHIFT),
      ea: bit(iss, ABT_EA_SHIFT),
      s1ptw: bit(iss, ABT_S1PTW_SHIFT),
      ifsc: fsc,
      ifscName: fscName(fsc, true),
      sea: isSeaFsc(fsc),
      res0Iss: iss & IA_RES0_MASK,
    };
  }
  if (ec === EC_SERROR) {
    const ids = bit(iss, 24);
    const aet = (iss >>> SE_AET_SHIFT) & 7;
    const architected = ids === 0 && fsc === FSC_SERROR;
    return {
      ...common,
      kind: 'serror',
      ids,
      impDef: ids === 1 ? iss & SE_IMPDEF_MASK : 0,
      iesb: bit(iss, SE_IESB_SHIFT),
      aet,
      aetName: architected ? aetName(aet) : null,
      ea: bit(iss, SE_EA_SHIFT),
      dfsc: fsc,
      dfscName: ids === 1 ? 'IMPLEMENTATION DEFINED syndrome' : serrorDfscName(fsc),
      rasSerror: isRasSerror(l),
      // serrorSeverity always returns one of the five named codes.
      severity: aetName(serrorSeverity(l)) ?? 'UC',
    };
  }
  return { ...common, kind: 'other' };
}

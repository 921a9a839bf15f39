/**
 * Fault injection registers of an Arm RAS error record, RAS v1.1 (formats.md b.6): ERR<n>PFGF
 * (what can be injected), ERR<n>PFGCTL (what to inject, and the countdown enable) and ERR<n>PFGCDN
 * (the countdown). EL3 firmware or a test harness uses them to make a record report an error as if
 * the hardware had detected one.
 *
 * Bits UC/UEU/UER/CDNEN are confirmed by TF-A `arch.h` and the Linux Cortex-A55 EDAC driver; the
 * others are (U) in formats.md.
 */
import {
  CE_NONE,
  ST_AV,
  ST_CE_SHIFT,
  ST_CI,
  ST_DE,
  ST_ER,
  ST_MV,
  ST_OF,
  ST_PN,
  ST_UE,
  ST_UET_SHIFT,
  ST_V,
  UET_UC,
  UET_UEO,
  UET_UER,
  UET_UEU,
} from './err-status.js';

/** PFGCTL.CDNEN (bit 31): writing 1 loads the counter from PFGCDN and starts the countdown. */
export const PFGCTL_CDNEN = (1 << 31) >>> 0;
/** PFGCTL.R (bit 30): reload and restart the countdown after it fires. */
export const PFGCTL_R = 1 << 30;
/** PFGCTL.MV (bit 12): the injected error sets STATUS.MV. */
export const PFGCTL_MV = 1 << 12;
/** PFGCTL.AV (bit 11): the injected error sets STATUS.AV (ERR<n>ADDR keeps what was written to it). */
export const PFGCTL_AV = 1 << 11;
/** PFGCTL.PN (bit 10): set STATUS.PN. */
export const PFGCTL_PN = 1 << 10;
/** PFGCTL.ER (bit 9): set STATUS.ER. */
export const PFGCTL_ER = 1 << 9;
/** PFGCTL.CI (bit 8): set STATUS.CI. */
export const PFGCTL_CI = 1 << 8;
/** PFGCTL.CE (bits 7:6): the corrected-error kind, same encoding as STATUS.CE. */
export const PFGCTL_CE_SHIFT = 6;
/** PFGCTL.DE (bit 5): inject a deferred error. */
export const PFGCTL_DE = 1 << 5;
/** PFGCTL.UEO (bit 4): inject an uncorrected, latent error. */
export const PFGCTL_UEO = 1 << 4;
/** PFGCTL.UER (bit 3): inject an uncorrected, signalled (recoverable) error. */
export const PFGCTL_UER = 1 << 3;
/** PFGCTL.UEU (bit 2): inject an uncorrected, unrecoverable error. */
export const PFGCTL_UEU = 1 << 2;
/** PFGCTL.UC (bit 1): inject an uncontainable error. */
export const PFGCTL_UC = 1 << 1;
/** PFGCTL.OF (bit 0): set STATUS.OF. */
export const PFGCTL_OF = 1 << 0;
/** Bits 29:13 are RES0. */
export const PFGCTL_RES0_MASK = 0x3fff_e000;

/** PFGF.R (bit 30): restart (PFGCTL.R) supported. (U) */
export const PFGF_R = 1 << 30;
/** PFGF.SYN (bit 29): the injected syndrome can be chosen. (U) */
export const PFGF_SYN = 1 << 29;
/** PFGF.NA (bit 28): no access required to trigger the injected error. (U) */
export const PFGF_NA = 1 << 28;
/** PFGF bits 12:0 use the PFGCTL bit map: what this model can inject (everything). */
export const PFGF_ALL_KINDS = 0x1fff;

/** PFGCDN.CDN (bits 31:0): the countdown value loaded on CDNEN. */
export const PFGCDN_MASK = 0xffff_ffff >>> 0;

/**
 * The STATUS value a firing countdown records for this PFGCTL, with `serr` as the primary error
 * code (the injected code is IMPLEMENTATION DEFINED; the node passes its configured one). If
 * several uncorrected kinds are selected the most severe wins (UC > UEU > UER > UEO): the spec
 * generates one of the enabled errors, and this is the simulator's choice. DE, CE and the flag
 * bits are copied as selected. Returns 0 when nothing was selected (no error fires).
 */
export function pfgctlToStatus(pfgctl: number, serr: number): number {
  const c = pfgctl >>> 0;
  let s = 0;
  let uet = -1;
  if ((c & PFGCTL_UC) !== 0) uet = UET_UC;
  else if ((c & PFGCTL_UEU) !== 0) uet = UET_UEU;
  else if ((c & PFGCTL_UER) !== 0) uet = UET_UER;
  else if ((c & PFGCTL_UEO) !== 0) uet = UET_UEO;
  if (uet >= 0) s |= ST_UE | (uet << ST_UET_SHIFT);
  if ((c & PFGCTL_DE) !== 0) s |= ST_DE;
  const ce = (c >>> PFGCTL_CE_SHIFT) & 3;
  if (ce !== CE_NONE) s |= ce << ST_CE_SHIFT;
  if (s === 0) return 0;
  if ((c & PFGCTL_MV) !== 0) s |= ST_MV;
  if ((c & PFGCTL_AV) !== 0) s |= ST_AV;
  if ((c & PFGCTL_PN) !== 0) s |= ST_PN;
  if ((c & PFGCTL_ER) !== 0) s |= ST_ER;
  if ((c & PFGCTL_CI) !== 0) s |= ST_CI;
  if ((c & PFGCTL_OF) !== 0) s |= ST_OF;
  return (s | ST_V | (serr & 0xff)) >>> 0;
}

/** The fields of ERR<n>PFGCTL; each defaults to 0 when encoding. */
export interface PfgCtlFields {
  /** CDNEN, bit 31: load the counter from ERR<n>PFGCDN and start the countdown. */
  cdnen?: number;
  /** R, bit 30: reload and restart the countdown after it fires. */
  r?: number;
  /** MV, bit 12: the injected error sets STATUS.MV. */
  mv?: number;
  /** AV, bit 11: the injected error sets STATUS.AV (ERR<n>ADDR keeps what was written to it). */
  av?: number;
  /** PN, bit 10: set STATUS.PN (poison). */
  pn?: number;
  /** ER, bit 9: set STATUS.ER (the error is signalled). */
  er?: number;
  /** CI, bit 8: set STATUS.CI (critical). */
  ci?: number;
  /** CE, bits 7:6: inject a corrected error of this kind (STATUS.CE encoding). */
  ce?: number;
  /** DE, bit 5: inject a deferred error. */
  de?: number;
  /** UEO, bit 4: inject an uncorrected restartable error. */
  ueo?: number;
  /** UER, bit 3: inject an uncorrected recoverable error. */
  uer?: number;
  /** UEU, bit 2: inject an uncorrected unrecoverable error. */
  ueu?: number;
  /** UC, bit 1: inject an uncontainable error. */
  uc?: number;
  /** OF, bit 0: set STATUS.OF (overflow). */
  of?: number;
}

/** Builds a PFGCTL value; RangeError for a field wider than its bits. */
export function encodePfgCtl(f: PfgCtlFields): number {
  const one = (name: string, v: number | undefined, shift: number): number => {
    if (v === undefined) return 0;
    if (v !== 0 && v !== 1) throw new RangeError(`ERR<n>PFGCTL.${name}=${v} is not 0 or 1`);
    return v << shift;
  };
  const ce = f.ce ?? 0;
  if (!Number.isInteger(ce) || ce < 0 || ce > 3) throw new RangeError(`ERR<n>PFGCTL.CE=${ce} does not fit in 2 bits`);
  return (
    (one('CDNEN', f.cdnen, 31) | one('R', f.r, 30) | one('MV', f.mv, 12) | one('AV', f.av, 11) | one('PN', f.pn, 10) |
      one('ER', f.er, 9) | one('CI', f.ci, 8) | (ce << PFGCTL_CE_SHIFT) | one('DE', f.de, 5) | one('UEO', f.ueo, 4) |
      one('UER', f.uer, 3) | one('UEU', f.ueu, 2) | one('UC', f.uc, 1) | one('OF', f.of, 0)) >>>
    0
  );
}

/** Splits a PFGCTL value into its fields. */
export function decodePfgCtl(v: number): Required<PfgCtlFields> {
  const c = v >>> 0;
  const b = (n: number): number => (c >>> n) & 1;
  return {
    cdnen: b(31),
    r: b(30),
    mv: b(12),
    av: b(11),
    pn: b(10),
    er: b(9),
    ci: b(8),
    ce: (c >>> PFGCTL_CE_SHIFT) & 3,
    de: b(5),
    ueo: b(4),
    uer: b(3),
    ueu: b(2),
    uc: b(1),
    of: b(0),
  };
}

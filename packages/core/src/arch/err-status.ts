/**
 * ERR<n>STATUS, the status register of an Arm RAS error record (formats.md b.2, b.3): what EL3
 * firmware reads first to decide between halting the platform and writing a CPER.
 *
 * The register is 64-bit but bits 63:32 are RES0, so it is handled as one unsigned 32-bit number.
 * Bit 31 (AV) makes most real values exceed 2^31: every combining operation ends in `>>> 0`.
 */

/** STATUS.AV (bit 31): ERR<n>ADDR holds the error's address. */
export const ST_AV = (1 << 31) >>> 0;
/** STATUS.V (bit 30): the record is valid (at least one error recorded). */
export const ST_V = 1 << 30;
/** STATUS.UE (bit 29): at least one uncorrected error. */
export const ST_UE = 1 << 29;
/** STATUS.ER (bit 28): the error was reported as an in-band external abort or an interrupt. */
export const ST_ER = 1 << 28;
/** STATUS.OF (bit 27): more errors were detected than the record could keep. */
export const ST_OF = 1 << 27;
/** STATUS.MV (bit 26): the ERR<n>MISC registers hold valid syndrome. */
export const ST_MV = 1 << 26;
/** STATUS.CE (bits 25:24): corrected errors recorded (see CE_*). */
export const ST_CE_SHIFT = 24;
/** STATUS.DE (bit 23): at least one deferred error (poison stored rather than consumed). */
export const ST_DE = 1 << 23;
/** STATUS.PN (bit 22): detected because poisoned data was consumed. */
export const ST_PN = 1 << 22;
/** STATUS.UET (bits 21:20): uncorrected error type, valid when UE=1 (see UET_*). */
export const ST_UET_SHIFT = 20;
/** STATUS.CI (bit 19, RAS v1.1): critical error. */
export const ST_CI = 1 << 19;
/** STATUS.IERR (bits 15:8): IMPLEMENTATION DEFINED error code. */
export const ST_IERR_SHIFT = 8;
/** STATUS.SERR (bits 7:0): architected primary error code (b.3). */
export const ST_SERR_MASK = 0xff;
/** Bits 18:16 are RES0. */
export const ST_RES0_MASK = 0x0007_0000;

/** UET 0b00: uncontainable. Same numbers as SError AET 0-3. */
export const UET_UC = 0b00;
/** UET 0b01: unrecoverable. */
export const UET_UEU = 0b01;
/** UET 0b10: latent / restartable. */
export const UET_UEO = 0b10;
/** UET 0b11: signalled / recoverable. */
export const UET_UER = 0b11;

/** STATUS.CE 0b00: no corrected error. (The CE encoding is (U) in formats.md b.2.) */
export const CE_NONE = 0b00;
/** STATUS.CE 0b01: at least one transient corrected error. */
export const CE_TRANSIENT = 0b01;
/** STATUS.CE 0b10: at least one corrected error, kind not specified. */
export const CE_NONSPECIFIC = 0b10;
/** STATUS.CE 0b11: at least one persistent corrected error. */
export const CE_PERSISTENT = 0b11;

/** SERR 0x0C: data value from (non-associative) external memory, i.e. DRAM poison. */
export const SERR_EXTERNAL_MEMORY_DATA = 0x0c;

const UET_NAMES = ['UC', 'UEU', 'UEO', 'UER'] as const;
/**
 * Name of an ERR<n>STATUS.UET value (Uncorrected Error Type): `UC` uncontainable, `UEU`
 * unrecoverable, `UEO` restartable, `UER` recoverable.
 */
export type UetName = (typeof UET_NAMES)[number];

/** UET value (0..3) → name. */
export function uetName(uet: number): UetName {
  return UET_NAMES[uet & 3] ?? 'UC';
}

const CE_NAMES = ['none', 'transient', 'non-specific', 'persistent'] as const;
/** Name of an ERR<n>STATUS.CE value: `none`, `transient`, `non-specific` or `persistent`. */
export type CeName = (typeof CE_NAMES)[number];

/** STATUS.CE value (0..3) → name. */
export function ceName(ce: number): CeName {
  return CE_NAMES[ce & 3] ?? 'none';
}

// Meanings of SERR 0x00-0x15 (TF-A `ras_serr_to_str()` covers the same codes); others reserved.
const SERR_TEXT: readonly string[] = [
  'no error',
  'IMPLEMENTATION DEFINED error',
  'data value from (non-associative) internal memory',
  'IMPLEMENTATION DEFINED pin',
  'assertion failure',
  'error detected on an internal data path',
  'data value from associative memory',
  'address/control value from associative memory',
  'data value from a TLB',
  'address/control value from a TLB',
  'data value from a producer',
  'address/control value from a producer',
  'data value from (non-associative) external memory',
  'illegal address (software fault)',
  'illegal access (software fault)',
  'illegal state (software fault)',
  'internal data register',
  'internal control register',
  'error response from slave',
  'external timeout',
  'internal timeout',
  'deferred error from slave not supported at master',
];

/** What a SERR primary error code means (b.3); "reserved" above 0x15. */
export function serrName(serr: number): string {
  return SERR_TEXT[serr & 0xff] ?? 'reserved';
}

/** The fields of ERR<n>STATUS; every field defaults to 0 when encoding. */
export interface ErrStatusFields {
  /** AV, bit 31: ERR<n>ADDR holds a valid address. */
  av?: number;
  /** V, bit 30: the record holds a valid error. */
  v?: number;
  /** UE, bit 29: an uncorrected error (UET says which kind). */
  ue?: number;
  /** ER, bit 28: the error was reported: an exception (SEA or SError) was signalled. */
  er?: number;
  /** OF, bit 27: overflow, another error was detected while this one was valid. */
  of?: number;
  /** MV, bit 26: ERR<n>MISC holds valid information. */
  mv?: number;
  /** CE, bits 25:24: a corrected error (1 transient, 2 non-specific, 3 persistent). */
  ce?: number;
  /** DE, bit 23: a deferred error: poison was stored rather than signalled. */
  de?: number;
  /** PN, bit 22: poison, the error was detected because poisoned data was consumed. */
  pn?: number;
  /** UET, bits 21:20: Uncorrected Error Type (0 UC, 1 UEU, 2 UEO, 3 UER); valid with UE. */
  uet?: number;
  /** CI, bit 19: critical error. */
  ci?: number;
  /** IERR, bits 15:8: IMPLEMENTATION DEFINED error code. */
  ierr?: number;
  /** SERR, bits 7:0: primary error code (0x0C: data from external memory, i.e. DRAM poison). */
  serr?: number;
}

function fit(name: string, v: number | undefined, bits: number): number {
  if (v === undefined) return 0;
  if (!Number.isInteger(v) || v < 0 || v > 2 ** bits - 1) {
    throw new RangeError(`ERR<n>STATUS.${name}=${String(v)} does not fit in ${bits} bit${bits === 1 ? '' : 's'}`);
  }
  return v;
}

/** Builds an ERR<n>STATUS value (unsigned 32-bit; bits 63:32 are RES0). */
export function encodeErrStatus(f: ErrStatusFields): number {
  return (
    ((fit('AV', f.av, 1) << 31) |
      (fit('V', f.v, 1) << 30) |
      (fit('UE', f.ue, 1) << 29) |
      (fit('ER', f.er, 1) << 28) |
      (fit('OF', f.of, 1) << 27) |
      (fit('MV', f.mv, 1) << 26) |
      (fit('CE', f.ce, 2) << ST_CE_SHIFT) |
      (fit('DE', f.de, 1) << 23) |
      (fit('PN', f.pn, 1) << 22) |
      (fit('UET', f.uet, 2) << ST_UET_SHIFT) |
      (fit('CI', f.ci, 1) << 19) |
      (fit('IERR', f.ierr, 8) << ST_IERR_SHIFT) |
      fit('SERR', f.serr, 8)) >>>
    0
  );
}

/** ERR<n>STATUS decoded into fields and names. */
export interface ErrStatusDecoded extends Required<ErrStatusFields> {
  /** UET name, or null when UE=0 (UET is then not valid). */
  uetName: UetName | null;
  /** Name of the CE field. */
  ceName: CeName;
  /** What the SERR primary error code means. */
  serrName: string;
}

/** Splits an ERR<n>STATUS value into its fields. */
export function decodeErrStatus(status: number): ErrStatusDecoded {
  const s = status >>> 0;
  const b = (n: number): number => (s >>> n) & 1;
  const uet = (s >>> ST_UET_SHIFT) & 3;
  const ce = (s >>> ST_CE_SHIFT) & 3;
  return {
    av: b(31),
    v: b(30),
    ue: b(29),
    er: b(28),
    of: b(27),
    mv: b(26),
    ce,
    de: b(23),
    pn: b(22),
    uet,
    ci: b(19),
    ierr: (s >>> ST_IERR_SHIFT) & 0xff,
    serr: s & ST_SERR_MASK,
    uetName: b(29) === 1 ? uetName(uet) : null,
    ceName: ceName(ce),
    serrName: serrName(s & ST_SERR_MASK),
  };
}

/**
 * How severe the error a STATUS value describes is, for deciding which of two errors a record
 * keeps: 6 UC, 5 UEU, 4 UER, 3 UEO, 2 deferred, 1 corrected, 0 nothing. (The RAS specification
 * keeps the highest-priority error; this ranking is this simulator's reading of it.)
 */
export function statusSeverityRank(status: number): number {
  const s = status >>> 0;
  if ((s & ST_UE) !== 0) {
    const uet = (s >>> ST_UET_SHIFT) & 3;
    return uet === UET_UC ? 6 : uet === UET_UEU ? 5 : uet === UET_UER ? 4 : 3;
  }
  if ((s & ST_DE) !== 0) return 2;
  if (((s >>> ST_CE_SHIFT) & 3) !== 0) return 1;
  return 0;
}

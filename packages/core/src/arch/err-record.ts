/**
 * The other registers of an Arm RAS error record (formats.md b.1, b.4, b.5): ERR<n>ADDR (where
 * the error is), ERR<n>CTLR (what the node may report), ERR<n>FR (which controls exist) and
 * ERR<n>MISC0 used as a corrected-error counter, plus the node-page offsets of b.1.
 *
 * 64-bit registers are handled as two unsigned 32-bit halves (`lo` = bits 31:0, `hi` = 63:32).
 */

// ---- Node page layout (b.1) ---------------------------------------------------------------------

/** Size of a memory-mapped RAS node page (TF-A supports only 4 KiB). */
export const NODE_PAGE_BYTES = 0x1000;
/** Stride between error records, and between their fault-injection register groups. */
export const RECORD_STRIDE = 64;
/** ERR<n>FR offset within record n's 64 bytes. */
export const OFF_FR = 0x00;
/** ERR<n>CTLR offset within a record. */
export const OFF_CTLR = 0x08;
/** ERR<n>STATUS offset within a record. */
export const OFF_STATUS = 0x10;
/** ERR<n>ADDR offset within a record. */
export const OFF_ADDR = 0x18;
/** ERR<n>MISC0 offset within a record. */
export const OFF_MISC0 = 0x20;
/** ERR<n>MISC1 offset within a record. */
export const OFF_MISC1 = 0x28;
/**
 * Start of the fault-injection groups: ERR<n>PFGF at 0x800 + 64n. The Arm register description
 * gives ERR<n>PFGCDN at 0x810 + 64n, confirming the stride that formats.md marks (U). (It also
 * says the PFG registers exist only for the first record of each node; this model gives every
 * record its own.)
 */
export const PFG_BASE = 0x800;
/** ERR<n>PFGF offset within a PFG group. */
export const OFF_PFGF = 0x00;
/** ERR<n>PFGCTL offset within a PFG group (0x808 for record 0 confirmed by a TF-A platform port). */
export const OFF_PFGCTL = 0x08;
/** ERR<n>PFGCDN offset within a PFG group. */
export const OFF_PFGCDN = 0x10;
/** ERRGSR: one bit per record whose STATUS.V is 1. */
export const OFF_ERRGSR = 0xe00;
/** ERRDEVID: bits 15:0 give the number of records. */
export const OFF_ERRDEVID = 0xfc8;
/** Most records one 4 KiB page holds with fault injection: the PFG groups must end before ERRGSR. */
export const MAX_RECORDS = (OFF_ERRGSR - PFG_BASE) / RECORD_STRIDE;

// ---- ERR<n>ADDR (b.4, whole layout (U)) ---------------------------------------------------------

/** ADDR.NS (bit 63, bit 31 of the high half): Non-secure address. */
export const ADDR_HI_NS = (1 << 31) >>> 0;
/** ADDR.SI (bit 62): NS/NSE may be wrong. */
export const ADDR_HI_SI = 1 << 30;
/** ADDR.AI (bit 61): the address may be wrong. */
export const ADDR_HI_AI = 1 << 29;
/** ADDR.VA (bit 60): the address is virtual. */
export const ADDR_HI_VA = 1 << 28;
/** ADDR.NSE (bit 59, FEAT_RME): with NS, the physical address space. */
export const ADDR_HI_NSE = 1 << 27;
/** PADDR bits 55:32 in the high half. */
export const ADDR_HI_PADDR_MASK = 0x00ff_ffff;

/** ERR<n>ADDR decoded. PADDR (55:0) stays split so it is exact without BigInt. */
export interface ErrAddrDecoded {
  /** NS, bit 63: the address is in the Non-secure physical address space. */
  ns: number;
  /** SI, bit 62: Secure Incorrect, the NS bit may not be right. */
  si: number;
  /** AI, bit 61: Address Incorrect, the address may not be right. */
  ai: number;
  /** VA, bit 60: the address is a virtual address. */
  va: number;
  /** NSE, bit 59: with NS, selects the Root or Realm physical address space (FEAT_RME). */
  nse: number;
  /** PADDR bits 31:0. */
  paddrLo: number;
  /** PADDR bits 55:32. */
  paddrHi: number;
}

/** Splits ERR<n>ADDR given as halves. */
export function decodeErrAddr(lo: number, hi: number): ErrAddrDecoded {
  const h = hi >>> 0;
  return {
    ns: (h >>> 31) & 1,
    si: (h >>> 30) & 1,
    ai: (h >>> 29) & 1,
    va: (h >>> 28) & 1,
    nse: (h >>> 27) & 1,
    paddrLo: lo >>> 0,
    paddrHi: h & ADDR_HI_PADDR_MASK,
  };
}

/** Builds the high half of ERR<n>ADDR; RangeError if a flag is not 0/1 or PADDR[55:32] is too wide. */
export function encodeErrAddrHi(f: Partial<Omit<ErrAddrDecoded, 'paddrLo'>>): number {
  const flag = (name: string, v: number | undefined): number => {
    if (v === undefined) return 0;
    if (v !== 0 && v !== 1) throw new RangeError(`ERR<n>ADDR.${name}=${v} is not 0 or 1`);
    return v;
  };
  const ph = f.paddrHi ?? 0;
  if (!Number.isInteger(ph) || ph < 0 || ph > ADDR_HI_PADDR_MASK) {
    throw new RangeError(`ERR<n>ADDR PADDR[55:32]=${ph} does not fit in 24 bits`);
  }
  return (
    ((flag('NS', f.ns) << 31) | (flag('SI', f.si) << 30) | (flag('AI', f.ai) << 29) | (flag('VA', f.va) << 28) |
      (flag('NSE', f.nse) << 27) | ph) >>>
    0
  );
}

/**
 * PADDR of ERR<n>ADDR as one number. Exact below 2^53 (every address the simulator uses); for a
 * wider PADDR use the halves of {@link decodeErrAddr}.
 */
export function errAddrPaddr(lo: number, hi: number): number {
  return ((hi >>> 0) & ADDR_HI_PADDR_MASK) * 0x1_0000_0000 + (lo >>> 0);
}

// ---- ERR<n>CTLR (b.5, TF-A bit macros) ----------------------------------------------------------

/** CTLR.ED (bit 0): error detection and correction enabled. */
export const CTLR_ED = 1 << 0;
/** CTLR.UI (bit 2): error recovery interrupt for uncorrected errors (reads, with separate R/W controls). */
export const CTLR_UI = 1 << 2;
/** CTLR.FI (bit 3): fault-handling interrupt. */
export const CTLR_FI = 1 << 3;
/** CTLR.UE (bit 4): in-band reporting of uncorrected errors as external aborts. */
export const CTLR_UE = 1 << 4;
/** CTLR.WUI (bit 5): UI for writes. */
export const CTLR_WUI = 1 << 5;
/** CTLR.WFI (bit 6): FI for writes. */
export const CTLR_WFI = 1 << 6;
/** CTLR.WUE (bit 7): UE for writes. */
export const CTLR_WUE = 1 << 7;
/** CTLR.CFI (bit 8): fault-handling interrupt for corrected errors (on CE counter overflow). */
export const CTLR_CFI = 1 << 8;
/** CTLR.WCFI (bit 9): CFI for writes. */
export const CTLR_WCFI = 1 << 9;
/** CTLR.DUI (bit 10): error recovery interrupt for deferred errors. */
export const CTLR_DUI = 1 << 10;
/** CTLR.WDUI (bit 11): DUI for writes. */
export const CTLR_WDUI = 1 << 11;

// ---- ERR<n>FR and the MISC0 corrected-error counter ----------------------------------------------

/** ERR<n>FR.ED (bits 1:0) = 0b01: error detection is controllable through CTLR.ED. */
export const FR_ED_CONTROLLABLE = 0b01;
/** ERR<n>FR.CEC (bits 14:12): which standard corrected-error counter MISC0 holds. */
export const FR_CEC_SHIFT = 12;
/** FR.CEC 0b010: an 8-bit counter field (CEC in MISC0[38:32], OF in MISC0[39]). */
export const FR_CEC_8BIT = 0b010;
/** FR.CEC 0b100: a 16-bit counter field (CEC in MISC0[46:32], OF in MISC0[47]). */
export const FR_CEC_16BIT = 0b100;

/**
 * ERR<n>MISC0 is IMPLEMENTATION DEFINED. This model uses the RAS specification's *standard
 * corrected-error counter format* with a single counter (ERR<n>FR.RP=0), the layout Linux's AEST
 * driver programs: a count field CEC starting at bit 32 and an overflow flag OF just above it.
 * - 8-bit form (FR.CEC=0b010): CEC = MISC0[38:32] (7 bits), OF = MISC0[39].
 * - 16-bit form (FR.CEC=0b100): CEC = MISC0[46:32] (15 bits), OF = MISC0[47].
 * The Cortex-A76 TRM (ERR0MISC0, B3.5) shows the repeat-counter variant of the 8-bit form:
 * CECR[38:32], OFR[39], CECO[46:40], OFO[47]; the single counter here is its CECR/OFR half.
 * Using the standard format is an assumption of this model, not a statement about a given core.
 */
export interface CeCounterFormat {
  /** Width of the CEC field: 7 (8-bit form) or 15 (16-bit form). */
  readonly cecBits: 7 | 15;
}

/** The default counter: the 16-bit form, so scenario thresholds up to 32767 fit. */
export const CE_COUNTER_16BIT: CeCounterFormat = { cecBits: 15 };
/** The 8-bit form (thresholds up to 127). */
export const CE_COUNTER_8BIT: CeCounterFormat = { cecBits: 7 };

/** FR.CEC value that advertises a counter format. */
export function frCecFor(fmt: CeCounterFormat): number {
  return fmt.cecBits === 7 ? FR_CEC_8BIT : FR_CEC_16BIT;
}

/** Largest count the CEC field holds before it wraps and sets OF. */
export function cecMax(fmt: CeCounterFormat): number {
  return (1 << fmt.cecBits) - 1;
}

/** CEC from the high half of MISC0. */
export function misc0Cec(misc0Hi: number, fmt: CeCounterFormat): number {
  return (misc0Hi >>> 0) & cecMax(fmt);
}

/** OF (counter overflowed) from the high half of MISC0. */
export function misc0Of(misc0Hi: number, fmt: CeCounterFormat): number {
  return ((misc0Hi >>> 0) >>> fmt.cecBits) & 1;
}

/**
 * The CEC value that makes the counter overflow on the `threshold`-th corrected error: software
 * presets the counter to (max + 1 - threshold), as Linux's AEST driver does, because the hardware
 * signals only overflow, not a compare match.
 */
export function cecPresetForThreshold(threshold: number, fmt: CeCounterFormat): number {
  const max = cecMax(fmt);
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > max + 1) {
    throw new RangeError(`CE threshold ${threshold} is outside 1..${max + 1} for a ${fmt.cecBits}-bit CEC field`);
  }
  return max + 1 - threshold;
}

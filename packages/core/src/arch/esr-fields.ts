/**
 * Bit positions of ESR_ELx, the Exception Syndrome Register that the PE writes when it takes a
 * synchronous exception or an SError to EL1, EL2 or EL3 (formats.md a.1-a.7).
 *
 * Only the low 32 bits (EC, IL, ISS) carry anything in the RAS flow; ISS2 (bits 55:32) is kept as
 * a separate "high half" number so that hot paths never need BigInt. Every mask here is an
 * unsigned 32-bit number; masks that include bit 31 are written with `>>> 0`.
 */

// ---- Common layout (a.1) ------------------------------------------------------------------------

/** ESR_ELx.EC, bits 31:26: the exception class. */
export const ESR_EC_SHIFT = 26;
/** Width mask of EC once shifted down (6 bits). */
export const ESR_EC_WIDTH_MASK = 0x3f;
/** ESR_ELx.IL, bit 25: 1 for a 32-bit instruction, and architecturally 1 for aborts with ISV=0 and SErrors. */
export const ESR_IL_SHIFT = 25;
/** ESR_ELx.IL as a mask. */
export const ESR_IL = 1 << ESR_IL_SHIFT;
/** ESR_ELx.ISS, bits 24:0 (25 bits, Linux `ESR_ELx_ISS_MASK`): bit 24 is ISV for aborts, IDS for SErrors. */
export const ESR_ISS_MASK = 0x01ff_ffff;
/** ESR_ELx.ISS2 lives in bits 55:32, i.e. bits 23:0 of the high half. */
export const ESR_ISS2_HI_MASK = 0x00ff_ffff;
/** Bits 63:56 of ESR_ELx are RES0; as a mask over the high half. */
export const ESR_RES0_HI_MASK = 0xff00_0000 >>> 0;

// ---- Exception classes used by the flow (a.1, a.2) ----------------------------------------------

/** Instruction Abort taken from a lower EL (Linux `ESR_ELx_EC_IABT_LOW`). */
export const EC_IABT_LOW = 0x20;
/** Instruction Abort taken without a change of EL (Linux `ESR_ELx_EC_IABT_CUR`). */
export const EC_IABT_CUR = 0x21;
/** Data Abort taken from a lower EL: what EL3 and EL2 see for a guest SEA (Linux `ESR_ELx_EC_DABT_LOW`). */
export const EC_DABT_LOW = 0x24;
/** Data Abort taken without a change of EL: a guest kernel consuming poison at EL1 (`ESR_ELx_EC_DABT_CUR`). */
export const EC_DABT_CUR = 0x25;
/** SError, whatever EL it came from (Linux `ESR_ELx_EC_SERROR`). */
export const EC_SERROR = 0x2f;

// ---- Shared abort ISS fields (a.3, a.4) ---------------------------------------------------------

/** Data abort ISV, bit 24: bits 23:14 hold the instruction syndrome. 0 for every external abort here. */
export const DA_ISV_SHIFT = 24;
/** Data abort SAS, bits 23:22: access size (valid only with ISV=1). */
export const DA_SAS_SHIFT = 22;
/** Data abort SSE, bit 21: sign-extend (ISV=1 only). */
export const DA_SSE_SHIFT = 21;
/** Data abort SRT, bits 20:16: the transfer register (ISV=1 only). */
export const DA_SRT_SHIFT = 16;
/** Data abort SF, bit 15: 64-bit register (ISV=1 only). */
export const DA_SF_SHIFT = 15;
/** Data abort AR, bit 14: acquire/release semantics (ISV=1 only). */
export const DA_AR_SHIFT = 14;
/** Data abort VNCR, bit 13: FEAT_NV2 fault on a VNCR_EL2-relative access. */
export const DA_VNCR_SHIFT = 13;
/** Abort SET, bits 12:11 (FEAT_RAS): the synchronous error type, meaningful for DFSC 0x10 and 0x13-0x17. */
export const ABT_SET_SHIFT = 11;
/** Abort FnV, bit 10: FAR_ELx is not valid (QEMU's injected SEA sets it). */
export const ABT_FNV_SHIFT = 10;
/** Abort EA, bit 9: IMPLEMENTATION DEFINED external abort type. */
export const ABT_EA_SHIFT = 9;
/** Data abort CM, bit 8: the fault came from a cache-maintenance or address-translation instruction. */
export const DA_CM_SHIFT = 8;
/** Abort S1PTW, bit 7: the fault happened on the stage-2 translation of a stage-1 table walk. */
export const ABT_S1PTW_SHIFT = 7;
/** Data abort WnR, bit 6: 1 = the access was a write. */
export const DA_WNR_SHIFT = 6;
/** DFSC / IFSC, bits 5:0: the fault status code (a.5). */
export const ABT_FSC_MASK = 0x3f;
/** ISS bits that are RES0 in an instruction abort: 24:13, 8 and 6. */
export const IA_RES0_MASK = 0x01ff_e140;

// ---- Fault status codes (a.5) -------------------------------------------------------------------

/** Synchronous External abort, not on a table walk: the code for consuming poison (`ESR_ELx_FSC_EXTABT`). */
export const FSC_SEA = 0x10;
/** In a data abort: synchronous Tag Check Fault (MTE). In an SError: "asynchronous SError", AET valid. */
export const FSC_SERROR = 0x11;
/** SError DFSC 0x00: "Uncategorized"; Linux treats it as UC. */
export const FSC_UNCATEGORIZED = 0x00;
/**
 * Translation fault at level 0; level n (0..3) is FSC_TRANSLATION + n (Linux `ESR_ELx_FSC_FAULT`
 * with the level in bits 1:0). A guest access to a page the host unmapped from stage 2 reports it
 * at the level of the missing entry.
 */
export const FSC_TRANSLATION = 0x04;

// ---- SError ISS (a.7) ---------------------------------------------------------------------------

/** SError IDS, bit 24: 1 = bits 23:0 are IMPLEMENTATION DEFINED, not an architected RAS syndrome. */
export const SE_IDS_SHIFT = 24;
/** SError IDS as a mask (Linux `ESR_ELx_IDS`, also VSESR_EL2.IDS). */
export const SE_IDS = 1 << SE_IDS_SHIFT;
/** SError IESB, bit 13 (FEAT_IESB): synchronised by an implicit error synchronisation event. */
export const SE_IESB_SHIFT = 13;
/** SError AET, bits 12:10: asynchronous error type, valid when DFSC=0x11. */
export const SE_AET_SHIFT = 10;
/** SError EA, bit 9: IMPLEMENTATION DEFINED external abort type. */
export const SE_EA_SHIFT = 9;
/** SError bits 23:0: the IMPLEMENTATION DEFINED syndrome when IDS=1. */
export const SE_IMPDEF_MASK = 0x00ff_ffff;

// ---- SET, the synchronous error type (a.6, Arm ARM numbering, not TF-A's) ------------------------

/** SET 0b00: recoverable state (UER). QEMU and KVM never set SET, so injected SEAs read as UER. */
export const SET_UER = 0b00;
/** SET 0b01: reserved in the Arm ARM (TF-A's constant calls it UEO: formats.md a.6 (C)). */
export const SET_RESERVED = 0b01;
/** SET 0b10: uncontainable (UC): EL3 firmware halts the platform. */
export const SET_UC = 0b10;
/** SET 0b11: restartable state (UEO). */
export const SET_UEO = 0b11;

// ---- AET, the asynchronous error type (a.7) -----------------------------------------------------

/** AET 0b000: uncontainable. Same number as ERR<n>STATUS.UET=UC. */
export const AET_UC = 0b000;
/** AET 0b001: unrecoverable state. */
export const AET_UEU = 0b001;
/** AET 0b010: restartable state (latent, not yet consumed). */
export const AET_UEO = 0b010;
/** AET 0b011: recoverable state (signalled). */
export const AET_UER = 0b011;
/** AET 0b110: corrected. Has no UET counterpart. 0b100, 0b101 and 0b111 are reserved. */
export const AET_CE = 0b110;

// ---- Severity codes returned by serrorSeverity() and the Linux classification ------------------

/**
 * Severity codes of an SError as Linux's `arm64_ras_serror_get_severity()` derives them, numbered
 * like AET so a code can be compared with an AET value directly: UC (also for IDS=1, for DFSC≠0x11
 * and for reserved AET values), UEU, UEO, UER, CE.
 */
export const SEV_UC = AET_UC;
/** See {@link SEV_UC}. */
export const SEV_UEU = AET_UEU;
/** See {@link SEV_UC}. */
export const SEV_UEO = AET_UEO;
/** See {@link SEV_UC}. */
export const SEV_UER = AET_UER;
/** See {@link SEV_UC}. */
export const SEV_CE = AET_CE;

/**
 * What Linux does with an SError syndrome (`do_serror()` on the host and in the guest,
 * `kvm_handle_guest_serror()` in KVM), as small integer codes:
 * - NOT_RAS: IDS=1 (or no FEAT_RAS): not interpretable. The kernel panics; KVM injects a vSError.
 * - CONTINUE: CE or UEO: the CPU can make progress (`arm64_is_fatal_ras_serror()` is false).
 * - FATAL: UEU or UER: the CPU cannot make progress (`arm64_is_fatal_ras_serror()` is true).
 * - PANIC: UC, uncategorized or reserved AET: `arm64_serror_panic()` immediately.
 */
export const SERROR_NOT_RAS = 0;
/** See {@link SERROR_NOT_RAS}. */
export const SERROR_CONTINUE = 1;
/** See {@link SERROR_NOT_RAS}. */
export const SERROR_FATAL = 2;
/** See {@link SERROR_NOT_RAS}. */
export const SERROR_PANIC = 3;

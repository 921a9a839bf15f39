/**
 * Syndrome values the default plugins produce and classify (formats.md a.7, a.8; flow.md §3).
 * Plain numbers: these run on the journey path.
 *
 * @module
 */

/** ESR_EL2 firmware fakes for a guest data abort (EC 0x24 DABT_LOW, IL, DFSC 0x10); SET goes in bits 12:11. */
export const ESR_DABT_LOW_SEA = 0x9200_0010;
/** The same for an instruction fetch (EC 0x20 IABT_LOW). */
export const ESR_IABT_LOW_SEA = 0x8200_0010;
/** A data abort taken from host EL2 itself (EC 0x25 DABT_CUR). */
export const ESR_DABT_CUR_SEA = 0x9600_0010;
/**
 * What QEMU injects into the guest for an action-required SIGBUS taken at guest EL0: a data abort
 * from a lower EL (EC 0x24 DABT_LOW), FnV=1, DFSC 0x10 (synchronous external abort).
 */
export const ESR_QEMU_SEA_EL0 = 0x9200_0410;
/** The same taken at guest EL1: EC 0x25 DABT_CUR, FnV=1, DFSC 0x10. */
export const ESR_QEMU_SEA_EL1 = 0x9600_0410;
/** The SError EC with IL: ESR = ESR_SERROR | ISS. */
export const ESR_SERROR = 0xbe00_0000;
/** KVM's default virtual SError syndrome (IDS only). */
export const KVM_DEFAULT_VSESR = 0x0100_0000;
/** The VSESR the seed VMM sets for an action-optional error: AET=UEO, DFSC 0x11. */
export const VSESR_UEO = 0x0000_0811;

/** SError AET (ESR ISS bits 12:10) 0: uncontainable. */
export const AET_UC = 0;
/** SError AET 1: unrecoverable. */
export const AET_UEU = 1;
/** SError AET 2: restartable. */
export const AET_UEO = 2;
/** SError AET 3: recoverable. */
export const AET_UER = 3;
/** SError AET 6: corrected. */
export const AET_CE = 6;

/** ERR<n>STATUS.UET 0: uncontainable (same numbering as AET 0–3). */
export const UET_UC = 0;
/** ERR<n>STATUS.UET 1: unrecoverable. */
export const UET_UEU = 1;
/** ERR<n>STATUS.UET 2: restartable. */
export const UET_UEO = 2;
/** ERR<n>STATUS.UET 3: recoverable. */
export const UET_UER = 3;

/** CPER severity 0: recoverable (uncorrected but contained). */
export const SEV_RECOVERABLE = 0;
/** CPER severity 1: fatal. */
export const SEV_FATAL = 1;
/** CPER severity 2: corrected. */
export const SEV_CORRECTED = 2;

/** Memory-section validation: physical address and memory error type (QEMU's 0x4002). */
export const VALID_PA_TYPE = 0x4002;
/** Memory error type only (no address). */
export const VALID_TYPE = 0x4000;

/** ESR ISS.IDS (bit 24) of an SError syndrome: an IMPLEMENTATION DEFINED syndrome. */
export function serrorIds(esr: number): boolean {
  return ((esr >>> 24) & 1) === 1;
}
/** ESR ISS.DFSC (bits 5:0) of an SError syndrome: 0x11 asynchronous SError, 0 uncategorized. */
export function serrorDfsc(esr: number): number {
  return esr & 0x3f;
}
/** ESR ISS.AET (bits 12:10) of an SError syndrome. */
export function serrorAet(esr: number): number {
  return (esr >>> 10) & 7;
}
/** SET (ESR bits 12:11) for an uncorrected record type: UER → 0b00, UEO → 0b11, UC → 0b10. */
export function setForUet(uet: number): number {
  return uet === UET_UEO ? 3 : uet === UET_UC ? 2 : 0;
}

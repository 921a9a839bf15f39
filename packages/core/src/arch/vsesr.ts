/**
 * VSESR_EL2 and DISR_EL1: the two registers that carry an SError syndrome without an exception
 * being taken at the moment they are written (formats.md a.9, flow.md §3.2).
 *
 * - KVM writes VSESR_EL2 and sets HCR_EL2.VSE to pend a virtual SError; when the guest unmasks
 *   SErrors (PSTATE.A=0) the hardware delivers it with ESR_EL1 built from VSESR_EL2[24:0].
 * - The VMM asks for that through `KVM_SET_VCPU_EVENTS` (`serror_has_esr`), or the seed design's
 *   `KVM_ARM_SET_SERROR_ESR`; KVM refuses bits above 24 and hosts without FEAT_RAS with -EINVAL.
 *   Simulated errors are data, so the check returns a code instead of throwing.
 * - An ESB instruction that finds a pending SError records it in DISR_EL1 instead of taking it;
 *   Linux's `disr_to_esr()` turns that back into an ESR.
 */
import { EC_SERROR, ESR_EC_SHIFT, ESR_IL, ESR_ISS_MASK, SE_AET_SHIFT, SE_EA_SHIFT, SE_IDS } from './esr-fields.js';

/** VSESR_EL2 bits that reach the guest (24:0): IDS at bit 24 and the ISS below it. */
export const VSESR_MASK = ESR_ISS_MASK;

/** `(0x2F << 26) | IL`: the part of the guest's ESR_EL1 that does not come from VSESR_EL2. */
export const VSERROR_ESR_BASE = ((EC_SERROR << ESR_EC_SHIFT) | ESR_IL) >>> 0;

/**
 * ESR_EL1 that the guest reads when the virtual SError pended with this VSESR_EL2 is taken:
 * EC=0x2F, IL=1, ISS = VSESR_EL2[24:0]. (0x01000000 → 0xBF000000.)
 */
export function guestEsrFromVsesr(vsesr: number): number {
  return (VSERROR_ESR_BASE | (vsesr & VSESR_MASK)) >>> 0;
}

/** Success code of {@link checkSetSerrorEsr}. */
export const SET_SERROR_OK = 0;
/** Linux errno EINVAL, negated as the ioctl returns it: nothing pends. */
export const SET_SERROR_EINVAL = -22;

/**
 * KVM's validation of a VMM-chosen SError syndrome (`KVM_SET_VCPU_EVENTS` with `serror_has_esr`,
 * in `__kvm_arm_vcpu_set_events()`): the host must have FEAT_RAS, and the 64-bit `serror_esr`
 * (given as lo/hi halves) must have no bit above 24. Returns SET_SERROR_OK or SET_SERROR_EINVAL.
 */
export function checkSetSerrorEsr(esrLo: number, esrHi: number, hostHasRas: boolean): number {
  if (!hostHasRas) return SET_SERROR_EINVAL;
  if ((esrHi >>> 0) !== 0 || ((esrLo >>> 0) & ~ESR_ISS_MASK) !== 0) return SET_SERROR_EINVAL;
  return SET_SERROR_OK;
}

/**
 * The VSESR_EL2 value KVM stores for an accepted syndrome (`kvm_set_sei_esr()`): the low 25 bits.
 * Call only after {@link checkSetSerrorEsr} returned OK.
 */
export function vsesrFromSerrorEsr(esrLo: number): number {
  return esrLo & VSESR_MASK;
}

/** DISR_EL1.A (bit 31): an SError was deferred by ESB and recorded here. */
export const DISR_A = 0x8000_0000 >>> 0;
/** DISR_EL1.IDS (bit 24), as in the SError ISS. */
export const DISR_IDS = SE_IDS;
/**
 * DISR_EL1 bits that carry the architected syndrome when IDS=0 (Linux `DISR_EL1_ESR_MASK`):
 * AET[12:10], EA[9], DFSC[5:0]. IESB (bit 13) is not among them.
 */
export const DISR_ESR_MASK = (7 << SE_AET_SHIFT) | (1 << SE_EA_SHIFT) | 0x3f;

/** True when DISR_EL1 records a deferred SError (A=1). */
export function disrPending(disr: number): boolean {
  return ((disr >>> 31) & 1) === 1;
}

/**
 * Linux `disr_to_esr()`: the ESR of the deferred SError recorded in DISR_EL1 (low 32 bits). EC is
 * 0x2F; with IDS=0 only AET/EA/DFSC are copied, with IDS=1 all of bits 24:0. Linux does not set IL
 * here, so the result is 0xBC... rather than the 0xBE... of a taken SError; this follows Linux.
 */
export function disrToEsr(disr: number): number {
  const base = EC_SERROR << ESR_EC_SHIFT;
  const iss = (disr & DISR_IDS) === 0 ? disr & DISR_ESR_MASK : disr & ESR_ISS_MASK;
  return (base | iss) >>> 0;
}

/**
 * The control bits that route RAS exceptions (formats.md b.7, b.8) and the processor state saved
 * on exception entry: SCR_EL3 (EL3 firmware's routing), HCR_EL2 (the hypervisor's), SPSR_ELx /
 * PSTATE (mode and DAIF masks) and the vector-table offsets an exception lands on.
 *
 * HCR_EL2 is 64-bit and the RAS bits TEA/TERR/E2H/FIEN live above bit 31, so its masks come in
 * `_LO` (bits 31:0) and `_HI` (bits 63:32, shifted down by 32) flavours.
 */

// ---- SCR_EL3 (b.7; QEMU target/arm/cpu.h, TF-A context_mgmt.c) ----------------------------------

/** SCR_EL3.NS (bit 0): the lower ELs are Non-secure. */
export const SCR_NS = 1 << 0;
/** SCR_EL3.EA (bit 3): external aborts and SErrors from any EL go to EL3 (firmware first). */
export const SCR_EA = 1 << 3;
/** SCR_EL3.RW (bit 10): the next lower EL is AArch64. */
export const SCR_RW = 1 << 10;
/** SCR_EL3.TERR (bit 15): lower-EL accesses to ERR<n>/ERX error-record registers trap to EL3. */
export const SCR_TERR = 1 << 15;
/** SCR_EL3.EASE (bit 19, FEAT_DoubleFault): synchronous external aborts use the SError vector. */
export const SCR_EASE = 1 << 19;
/** SCR_EL3.NMEA (bit 20, FEAT_DoubleFault): SErrors are not masked at EL3. */
export const SCR_NMEA = 1 << 20;
/** SCR_EL3.FIEN (bit 21): lower ELs may access the ERXPFG* fault-injection registers. */
export const SCR_FIEN = 1 << 21;

// ---- HCR_EL2 (b.8; QEMU target/arm/cpu.h, Linux kvm_arm.h) --------------------------------------

/** HCR_EL2.VM (bit 0): stage-2 translation on. */
export const HCR_LO_VM = 1 << 0;
/** HCR_EL2.FMO (bit 3): physical FIQs to EL2. */
export const HCR_LO_FMO = 1 << 3;
/** HCR_EL2.IMO (bit 4): physical IRQs to EL2. */
export const HCR_LO_IMO = 1 << 4;
/** HCR_EL2.AMO (bit 5): physical SErrors to EL2 and virtual SErrors enabled (in KVM's HCR_GUEST_FLAGS). */
export const HCR_LO_AMO = 1 << 5;
/** HCR_EL2.VF (bit 6): virtual FIQ pending. */
export const HCR_LO_VF = 1 << 6;
/** HCR_EL2.VI (bit 7): virtual IRQ pending. */
export const HCR_LO_VI = 1 << 7;
/** HCR_EL2.VSE (bit 8): virtual SError pending; cleared by the hardware when the guest takes it. */
export const HCR_LO_VSE = 1 << 8;
/** HCR_EL2.TGE (bit 27): host EL0 under VHE; guest code is not running. */
export const HCR_LO_TGE = 1 << 27;
/** HCR_EL2.RW (bit 31): EL1 is AArch64. */
export const HCR_LO_RW = (1 << 31) >>> 0;

/** HCR_EL2.E2H (bit 34) in the high half: VHE. */
export const HCR_HI_E2H = 1 << (34 - 32);
/** HCR_EL2.TERR (bit 36) in the high half: EL1 error-record accesses trap to EL2. */
export const HCR_HI_TERR = 1 << (36 - 32);
/** HCR_EL2.TEA (bit 37) in the high half: synchronous external aborts from EL0/EL1 go to EL2. */
export const HCR_HI_TEA = 1 << (37 - 32);
/** HCR_EL2.FIEN (bit 47) in the high half: EL1 may access the fault-injection registers. */
export const HCR_HI_FIEN = 1 << (47 - 32);

/**
 * HCR_EL2 bits KVM sets for a vCPU on a RAS host (`vcpu_reset_hcr()`): TEA and TERR (high half).
 * AMO (low half) is already part of `HCR_GUEST_FLAGS`; both halves are given.
 */
export const KVM_GUEST_HCR_RAS_HI = HCR_HI_TEA | HCR_HI_TERR;
/** See {@link KVM_GUEST_HCR_RAS_HI}: the low-half RAS-relevant bit KVM always sets for a guest. */
export const KVM_GUEST_HCR_RAS_LO = HCR_LO_AMO;

/** True when HCR_EL2's high half has TEA: a guest SEA goes to EL2 (what EL3 checks before faking it there). */
export function hcrRoutesSeaToEl2(hi: number): boolean {
  return (hi & HCR_HI_TEA) !== 0;
}

/** True when HCR_EL2 routes a physical SError taken in guest context to EL2 (AMO). */
export function hcrRoutesSErrorToEl2(lo: number): boolean {
  return (lo & HCR_LO_AMO) !== 0;
}

// ---- PSTATE / SPSR_ELx --------------------------------------------------------------------------

/** SPSR.M[3:0] for AArch64: EL0t, EL1t/EL1h, EL2t/EL2h, EL3t/EL3h ("t" = SP_EL0, "h" = SP_ELx). */
export const MODE_EL0T = 0b0000;
/** See {@link MODE_EL0T}. */
export const MODE_EL1T = 0b0100;
/** See {@link MODE_EL0T}. */
export const MODE_EL1H = 0b0101;
/** See {@link MODE_EL0T}. */
export const MODE_EL2T = 0b1000;
/** See {@link MODE_EL0T}. */
export const MODE_EL2H = 0b1001;
/** See {@link MODE_EL0T}. */
export const MODE_EL3T = 0b1100;
/** See {@link MODE_EL0T}. */
export const MODE_EL3H = 0b1101;
/** SPSR.M[4] (nRW): 1 = the interrupted state was AArch32. */
export const SPSR_NRW = 1 << 4;
/** PSTATE.F (bit 6): FIQ masked. */
export const SPSR_F = 1 << 6;
/** PSTATE.I (bit 7): IRQ masked. */
export const SPSR_I = 1 << 7;
/** PSTATE.A (bit 8): SError masked. A pending virtual SError waits while the guest has it set. */
export const SPSR_A = 1 << 8;
/** PSTATE.D (bit 9): debug exceptions masked. */
export const SPSR_D = 1 << 9;
/** All four DAIF masks, as the PE sets them on exception entry to AArch64. */
export const SPSR_DAIF = SPSR_D | SPSR_A | SPSR_I | SPSR_F;

/** AArch32 modes in M[4:0] that a guest EL0/EL1 may be in: User is EL0, the rest (not Hyp/Mon) EL1. */
const AARCH32_USR = 0x10;
const AARCH32_HYP = 0x1a;
const AARCH32_MON = 0x16;

/** An SPSR/PSTATE value for an AArch64 context at `el` with SP_ELx (h) or SP_EL0 (t) and DAIF bits. */
export function spsrFor(el: number, spx: boolean, daif = 0): number {
  if (!Number.isInteger(el) || el < 0 || el > 3) throw new RangeError(`EL ${el} is not 0..3`);
  const m = (el << 2) | (spx && el > 0 ? 1 : 0);
  return (m | (daif & SPSR_DAIF)) >>> 0;
}

/** The Exception level saved in an SPSR (AArch32 modes mapped: USR→0, HYP→2, MON→3, others→1). */
export function spsrEl(spsr: number): number {
  if ((spsr & SPSR_NRW) === 0) return (spsr >>> 2) & 3;
  const mode = spsr & 0x1f;
  if (mode === AARCH32_USR) return 0;
  if (mode === AARCH32_HYP) return 2;
  if (mode === AARCH32_MON) return 3;
  return 1;
}

/** True when the saved state was AArch32 (SPSR.M[4]=1). */
export function spsrIsAArch32(spsr: number): boolean {
  return (spsr & SPSR_NRW) !== 0;
}

/** True when the saved AArch64 state used SP_ELx (M[0]=1, the "h" modes). */
export function spsrUsesSpx(spsr: number): boolean {
  return (spsr & SPSR_NRW) === 0 && (spsr & 1) === 1;
}

/** True when PSTATE.A is set: an SError (physical to this EL, or virtual) is held pending. */
export function spsrMasksSError(spsr: number): boolean {
  return (spsr & SPSR_A) !== 0;
}

// ---- Vector table offsets (from VBAR_ELx) -------------------------------------------------------

/** Vector group: exception from the current EL while using SP_EL0. */
export const VEC_CUR_SP0 = 0x000;
/** Vector group: exception from the current EL while using SP_ELx. */
export const VEC_CUR_SPX = 0x200;
/** Vector group: exception from a lower EL that is AArch64 (a guest trapping to EL2, EL2 to EL3). */
export const VEC_LOWER_A64 = 0x400;
/** Vector group: exception from a lower EL that is AArch32. */
export const VEC_LOWER_A32 = 0x600;
/** Offset within a group: synchronous exception (SEA). */
export const VEC_SYNC = 0x000;
/** Offset within a group: IRQ. */
export const VEC_IRQ = 0x080;
/** Offset within a group: FIQ. */
export const VEC_FIQ = 0x100;
/** Offset within a group: SError. VBAR_EL2 + 0x580 is where firmware fakes a guest SError. */
export const VEC_SERROR = 0x180;

/**
 * The VBAR-relative offset an exception enters at: the group is chosen by comparing the EL the
 * exception was taken from (`fromSpsr`) with the target EL, then `kind` (VEC_SYNC..VEC_SERROR) is
 * added. For an exception from below, the Arm ARM picks the AArch32 group by the state of the EL
 * immediately below the target (HCR_EL2.RW / SCR_EL3.RW), not of the interrupted code, hence
 * `lowerElIsAArch32`. (A guest EL0 load trapping to EL2: 0x400; its SError: 0x580.)
 */
export function vectorOffset(targetEl: number, fromSpsr: number, kind: number, lowerElIsAArch32 = false): number {
  const fromEl = spsrEl(fromSpsr);
  let group: number;
  if (fromEl < targetEl) group = lowerElIsAArch32 ? VEC_LOWER_A32 : VEC_LOWER_A64;
  else group = spsrUsesSpx(fromSpsr) ? VEC_CUR_SPX : VEC_CUR_SP0;
  return group + kind;
}

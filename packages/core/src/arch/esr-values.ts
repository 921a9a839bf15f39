/**
 * The ESR values the flow actually writes (formats.md a.8, flow.md §3.1-§3.3 and the decision
 * table of §6), named after who writes them. Tests check each against the encoders, so a constant
 * here can never drift from the field layout.
 */

/**
 * ESR_EL2 that EL3 firmware writes when it fakes a guest load SEA into EL2, and what KVM's
 * `inject_abt64()` gives a guest at EL0/AArch32: DABT_LOW, IL, SET=UER, FnV=0, WnR=0, DFSC 0x10.
 */
export const ESR_SEA_DATA_LOWER = 0x9200_0010;
/** KVM `inject_abt64()` data abort for a guest at EL1: DABT_CUR, FnV=0, DFSC 0x10. */
export const ESR_SEA_DATA_CURRENT = 0x9600_0010;
/** ESR_EL2 for a guest instruction fetch of poison: IABT_LOW, IL, IFSC 0x10. */
export const ESR_SEA_INSN_LOWER = 0x8200_0010;
/** KVM's instruction-abort injection for a guest at EL1: IABT_CUR, IFSC 0x10. */
export const ESR_SEA_INSN_CURRENT = 0x8600_0010;
/**
 * QEMU `kvm_inject_arm_sea()` with the guest at EL0: DABT_LOW, FnV=1 (FAR_EL1 UNKNOWN, the guest
 * must take the address from the CPER), DFSC 0x10.
 */
export const ESR_QEMU_SEA_EL0 = 0x9200_0410;
/** QEMU `kvm_inject_arm_sea()` with the guest at EL1: DABT_CUR, FnV=1, DFSC 0x10. */
export const ESR_QEMU_SEA_EL1 = 0x9600_0410;
/** What EL3 may see for a lower-EL SEA on a part that sets EA: DABT_LOW, EA=1, DFSC 0x10. */
export const ESR_SEA_DATA_LOWER_EA = 0x9200_0210;

/** SError, IDS=0, AET=UC, DFSC 0x11: uncontainable; firmware halts the platform. */
export const ESR_SERROR_UC = 0xbe00_0011;
/** SError, AET=UEU: unrecoverable; the CPER is fatal, the host panics. */
export const ESR_SERROR_UEU = 0xbe00_0411;
/** SError, AET=UEO: latent; what the seed VMM asks the guest to see (VSESR 0x811). */
export const ESR_SERROR_UEO = 0xbe00_0811;
/** SError, AET=UER: recoverable, signalled. */
export const ESR_SERROR_UER = 0xbe00_0c11;
/** SError, AET=CE: corrected; KVM counts it and resumes. */
export const ESR_SERROR_CE = 0xbe00_1811;
/** SError, IDS=0, DFSC=0x00: "RAS error, uncategorized"; Linux treats it as UC, KVM panics the host. */
export const ESR_SERROR_UNCATEGORIZED = 0xbe00_0000;
/** SError with IDS=1 and nothing else: KVM's default virtual SError as the guest sees it in ESR_EL1. */
export const ESR_SERROR_IDS = 0xbf00_0000;
/**
 * The same default vSError when KVM emulated the exception entry without setting IL (the first
 * version of the 2025 `kvm_inject_serror_esr` rework; formats.md a.8 (V)).
 */
export const ESR_SERROR_IDS_NO_IL = 0xbd00_0000;

/** KVM's default VSESR_EL2 syndrome: IDS only, since an all-zero ISS would mean "uncategorized". */
export const VSESR_KVM_DEFAULT = 0x0100_0000;
/** VSESR the seed VMM sets through the set-syndrome call for BUS_MCEERR_AO: AET=UEO, DFSC 0x11. */
export const VSESR_SEED_AO = 0x0000_0811;
/** A set-syndrome request with bit 25 set: KVM refuses it with EINVAL (flow.md §6 V2). */
export const VSESR_REJECTED_EXAMPLE = 0x0200_0000;

/**
 * The CPER section descriptor (UEFI N.2.2; formats.md d.6), 72 bytes, one per section right after
 * the record header of a full CPER record. Whoever builds a record (firmware logging to ERST or
 * BERT, a BMC, libcper) writes it; Linux `cper.c` and rasdaemon read it to find each body. The
 * section flags it carries are the same bits as the GEDE flags of a GHES block.
 */
import { checkFixedText, checkRoom, checkUint, readFixedText, writeFixedText, zeroBytes } from './codec-util.js';
import { need } from './decode-error.js';
import { FRU_TEXT_SIZE } from './gede.js';
import { guidBytes, readGuid, writeGuid } from './guid.js';

/** Size of one section descriptor. */
export const SECTION_DESCRIPTOR_SIZE = 72;

/** The section revision edk2 and Linux write (UEFI 2.x, `CPER_SEC_REV`). */
export const SECTION_REVISION = 0x0100;

/** Section flag bits (descriptor offset 12, GEDE offset 23). */
export const SectionFlag = {
  /** Bit 0, Primary: this section best describes the error. */
  primary: 1 << 0,
  /** Bit 1, Containment Warning: the error was not contained. */
  containmentWarning: 1 << 1,
  /** Bit 2, Reset: the component was reset and must be re-initialized. */
  reset: 1 << 2,
  /** Bit 3, Error Threshold Exceeded: the error rate passed a threshold. */
  errorThresholdExceeded: 1 << 3,
  /** Bit 4, Resource Not Accessible: the resource could not be queried. */
  resourceNotAccessible: 1 << 4,
  /**
   * Bit 5, Latent Error: the error is latent (e.g. found by the patrol scrubber) and not yet
   * consumed.
   */
  latentError: 1 << 5,
  /** Bit 6, Propagated: the error was propagated to a consumer. */
  propagated: 1 << 6,
  /** Bit 7, Overflow: errors were lost for lack of room. */
  overflow: 1 << 7,
} as const;

/** The named section flags; `primary` marks the section that best describes the error. */
export type SectionFlags = Record<keyof typeof SectionFlag, boolean>;

/** Splits a section flags value into named booleans (bits above 7 are reserved and ignored). */
export function decodeSectionFlags(flags: number): SectionFlags {
  const out = {} as SectionFlags;
  for (const [name, bit] of Object.entries(SectionFlag) as [keyof typeof SectionFlag, number][]) {
    out[name] = (flags & bit) !== 0;
  }
  return out;
}

/** Names of the flags set in `flags`, in bit order. */
export function sectionFlagNames(flags: number): string[] {
  return (Object.keys(SectionFlag) as (keyof typeof SectionFlag)[]).filter((k) => (flags & SectionFlag[k]) !== 0);
}

/**
 * A section descriptor. As for the GEDE, the validation byte is not stored: bit 0 is set exactly
 * when `fruId` is not null and bit 1 when `fruText` is not null.
 */
export interface SectionDescriptor {
  /** Where the body starts, from the start of the record. */
  sectionOffset: number;
  /** Body length in bytes. */
  sectionLength: number;
  /** Major in the high byte, minor in the low; reported, not validated (libcper writes random ones). */
  revision: number;
  /** Section flags ({@link SectionFlag}); a u32 here, though only bits 7:0 are defined. */
  flags: number;
  /** Section Type GUID, lowercase canonical text. */
  sectionType: string;
  /** FRU Id GUID of the failing field-replaceable unit, or null (validation bit 0 clear). */
  fruId: string | null;
  /** Severity of this section (formats.md d.8). */
  severity: number;
  /** FRU Text, up to 20 ASCII characters, or null (validation bit 1 clear). */
  fruText: string | null;
}

/** Reads the descriptor at `off`; offsets and lengths are checked by the record decoder. */
export function decodeSectionDescriptor(view: DataView, off: number, structure = 'section descriptor'): SectionDescriptor {
  need(view, off, SECTION_DESCRIPTOR_SIZE, structure);
  const valid = view.getUint8(off + 10);
  return {
    sectionOffset: view.getUint32(off, true),
    sectionLength: view.getUint32(off + 4, true),
    revision: view.getUint16(off + 8, true),
    flags: view.getUint32(off + 12, true),
    sectionType: readGuid(view, off + 16),
    fruId: (valid & 1) !== 0 ? readGuid(view, off + 32) : null,
    severity: view.getUint32(off + 48, true),
    fruText: (valid & 2) !== 0 ? readFixedText(view, off + 52, FRU_TEXT_SIZE) : null,
  };
}

/** Writes the descriptor at `off`; returns 72. */
export function encodeSectionDescriptor(view: DataView, off: number, d: SectionDescriptor): number {
  const type = guidBytes(d.sectionType);
  const fruId = d.fruId === null ? null : guidBytes(d.fruId);
  checkUint('section descriptor sectionOffset', d.sectionOffset, 32);
  checkUint('section descriptor sectionLength', d.sectionLength, 32);
  checkUint('section descriptor revision', d.revision, 16);
  checkUint('section descriptor flags', d.flags, 32);
  checkUint('section descriptor severity', d.severity, 32);
  if (d.fruText !== null) checkFixedText('section descriptor fruText', d.fruText, FRU_TEXT_SIZE);
  checkRoom('section descriptor', view, off, SECTION_DESCRIPTOR_SIZE);
  view.setUint32(off, d.sectionOffset, true);
  view.setUint32(off + 4, d.sectionLength, true);
  view.setUint16(off + 8, d.revision, true);
  view.setUint8(off + 10, (fruId ? 1 : 0) | (d.fruText !== null ? 2 : 0));
  view.setUint8(off + 11, 0);
  view.setUint32(off + 12, d.flags, true);
  writeGuid(view, off + 16, type);
  if (fruId) writeGuid(view, off + 32, fruId);
  else zeroBytes(view, off + 32, 16);
  view.setUint32(off + 48, d.severity, true);
  writeFixedText('section descriptor fruText', view, off + 52, FRU_TEXT_SIZE, d.fruText ?? '');
  return SECTION_DESCRIPTOR_SIZE;
}

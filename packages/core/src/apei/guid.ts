/**
 * EFI GUIDs in their mixed-endian memory layout (formats.md, Conventions): the first group is a
 * u32 LE, the next two u16 LE, and the last eight bytes are stored as written.
 */
import { DecodeError } from './decode-error.js';

const GUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The 16 memory bytes of a canonical GUID text. Throws a RangeError on malformed text. */
export function guidBytes(text: string): Uint8Array {
  if (!GUID_TEXT.test(text)) throw new RangeError(`not a GUID: '${text}'`);
  const h = text.replace(/-/g, '');
  const b = new Uint8Array(16);
  const byte = (i: number): number => parseInt(h.slice(2 * i, 2 * i + 2), 16);
  b[0] = byte(3); b[1] = byte(2); b[2] = byte(1); b[3] = byte(0);
  b[4] = byte(5); b[5] = byte(4);
  b[6] = byte(7); b[7] = byte(6);
  for (let i = 8; i < 16; i++) b[i] = byte(i);
  return b;
}

/** Writes a GUID (canonical text or its 16 memory bytes) at `off`. */
export function writeGuid(view: DataView, off: number, guid: string | Uint8Array): void {
  const b = typeof guid === 'string' ? guidBytes(guid) : guid;
  for (let i = 0; i < 16; i++) view.setUint8(off + i, b[i]!);
}

/** Reads the GUID at `off` as lowercase canonical text. */
export function readGuid(view: DataView, off: number): string {
  if (off < 0 || off + 16 > view.byteLength) {
    throw new DecodeError('truncated', 'GUID', off, 'needs 16 bytes');
  }
  const x = (i: number): string => view.getUint8(off + i).toString(16).padStart(2, '0');
  return (
    x(3) + x(2) + x(1) + x(0) + '-' + x(5) + x(4) + '-' + x(7) + x(6) + '-' +
    x(8) + x(9) + '-' + x(10) + x(11) + x(12) + x(13) + x(14) + x(15)
  );
}

/** True when the 16 bytes at `off` equal `bytes` (no string built: usable on the journey path). */
export function guidEquals(view: DataView, off: number, bytes: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (view.getUint8(off + i) !== bytes[i]) return false;
  return true;
}

/** Section-type and notification-type GUIDs used by rasflow (formats.md d.9). */
export const GUIDS = {
  /**
   * Section type: Platform Memory Error (CPER_SEC_PLATFORM_MEM), what EL3 firmware and QEMU write
   * for a poisoned page.
   */
  sectionMemory: 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1',
  /** Section type: Memory Error 2 (CPER_SEC_PLATFORM_MEM2, UEFI 2.5+). */
  sectionMemory2: '61ec04fc-48e6-d813-25c9-8daa44750b12',
  /** Section type: ARM Processor Error (CPER_SEC_PROC_ARM). */
  sectionArmProcessor: 'e19e3d16-bc11-11e4-9caa-c2051d5d46b0',
  /** Section type: Processor Generic Error (CPER_SEC_PROC_GENERIC). */
  sectionGenericProcessor: '9876ccad-47b4-4bdb-b65e-16f193c4f3db',
  /** Section type: PCI Express Error (CPER_SEC_PCIE). */
  sectionPcie: 'd995e954-bbc1-430f-ad91-b44dcb3c6f35',
  /** Section type: Firmware Error Record Reference (CPER_SEC_FW_ERR_REC_REF). */
  sectionFirmwareErrorRecord: '81212a96-09ed-4996-9471-8d729c8e69ed',
  /** Notification type: Synchronous External Abort (Arm), CPER_NOTIFY_SEA. */
  notifySea: '9a78788a-bbe8-11e4-809e-67611e5d46b0',
  /** Notification type: SError Interrupt (Arm), CPER_NOTIFY_SEI. */
  notifySei: '5c284c81-b0ae-4e87-a322-b04c85624323',
  /** Notification type: Platform Error Interrupt, CPER_NOTIFY_PEI. */
  notifyPei: '09a9d5ac-5204-4214-96e5-94992e752bcd',
  /** Notification type: Corrected Machine Check, CPER_NOTIFY_CMC. */
  notifyCmc: '2dce8bb1-bdd7-450e-b9ad-9cf4ebd4f890',
  /** Notification type: Corrected Platform Error, CPER_NOTIFY_CPE. */
  notifyCpe: '4e292f96-d843-4a55-a8c2-d481f27ebeee',
  /** Notification type: Machine Check Exception, CPER_NOTIFY_MCE. */
  notifyMce: 'e8f56ffe-919c-4cc5-ba88-65abe14913bb',
  /** Notification type: PCI Express error, CPER_NOTIFY_PCIE. */
  notifyPcie: 'cf93c01f-1a16-4dfc-b8bc-9c4daf67c104',
  /** Notification type: INIT record, CPER_NOTIFY_INIT. */
  notifyInit: 'cc5263e8-9308-454a-89d0-340bd39bc98e',
  /** Notification type: NMI, CPER_NOTIFY_NMI. */
  notifyNmi: '5bad89ff-b7e6-42c9-814a-cf2485d6e98a',
  /** Notification type: boot error record, CPER_NOTIFY_BOOT. */
  notifyBoot: '3d61a466-ab40-409a-a698-f362d464b38f',
  /** Notification type: DMA remapping error, CPER_NOTIFY_DMAR. */
  notifyDmar: '667dd791-c6b3-4c27-8a6b-0f8e722deb41',
} as const;

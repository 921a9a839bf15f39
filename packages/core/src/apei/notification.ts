/**
 * The Hardware Error Notification Structure (28 bytes; formats.md c.5): how an error source tells
 * the OS that its status block has something to read.
 *
 * EL3 firmware chooses the type when it publishes the HEST (QEMU's build_ghes_v2_entry writes only
 * Type and Length and leaves the rest zero). Linux's ghes_probe reads the type to decide how to hook
 * the source up (SEA handler, SDEI event, GPIO/GSIV interrupt, polling timer) and refuses the source
 * when it does not know how; the type table below records which types it accepts.
 */
import { DecodeError, need } from './decode-error.js';

/** Size of the structure, also the value of its Length byte. */
export const NOTIFICATION_LENGTH = 28;

/** Notification type numbers (ACPI "Hardware Error Notification Type"). */
export const NotifyType = {
  /** 0: the OS polls the source on a timer. */
  Polled: 0,
  /** 1: an external interrupt. */
  ExternalInterrupt: 1,
  /** 2: a local interrupt (Linux does not support it). */
  LocalInterrupt: 2,
  /** 3: the ACPI System Control Interrupt. */
  Sci: 3,
  /** 4: NMI (x86). */
  Nmi: 4,
  /** 5: Corrected Machine Check Interrupt (x86). */
  Cmci: 5,
  /** 6: Machine Check Exception (x86). */
  Mce: 6,
  /** 7: a GPIO-signalled event (how Arm platforms report corrected errors). */
  Gpio: 7,
  /**
   * 8: Arm Synchronous External Abort; the OS reads the record before returning to the interrupted
   * context.
   */
  Sea: 8,
  /** 9: Arm SError Interrupt (refused by upstream Linux ghes_probe). */
  Sei: 9,
  /** 10: a Global System Interrupt Vector. */
  Gsiv: 10,
  /** 11: an Arm SDEI event dispatched by EL3 firmware (upstream Linux routes SErrors this way). */
  Sdei: 11,
} as const;

/** What rasflow knows about one notification type. */
export interface NotifyTypeInfo {
  /** The type number. */
  type: number;
  /** The ACPI name. */
  name: string;
  /** The name `iasl -d` 20200925 prints in brackets after the value. */
  iaslName: string;
  /**
   * Whether upstream Linux ghes_probe accepts a GHES with this type (given the matching kernel
   * config). SEI is refused upstream ("Unknown notification type"); rasflow's seed profile models
   * the cover letter's patched host kernel, which does handle it.
   */
  linuxGhesProbe: boolean;
}

/** Types 0..11; anything higher is reserved. */
export const NOTIFY_TYPES: readonly NotifyTypeInfo[] = [
  { type: 0, name: 'Polled', iaslName: 'Polled', linuxGhesProbe: true },
  { type: 1, name: 'External Interrupt', iaslName: 'External Interrupt', linuxGhesProbe: true },
  // Linux warns that local-interrupt notification is not supported and drops the source.
  { type: 2, name: 'Local Interrupt', iaslName: 'Local Interrupt', linuxGhesProbe: false },
  { type: 3, name: 'SCI', iaslName: 'SCI', linuxGhesProbe: true },
  // Accepted only where the architecture has an APEI NMI path (x86).
  { type: 4, name: 'NMI', iaslName: 'NMI', linuxGhesProbe: true },
  // CMCI and MCE are handled by x86's own machine-check code, not as GHES sources.
  { type: 5, name: 'CMCI', iaslName: 'CMCI', linuxGhesProbe: false },
  { type: 6, name: 'MCE', iaslName: 'MCE', linuxGhesProbe: false },
  { type: 7, name: 'GPIO-Signal', iaslName: 'GPIO', linuxGhesProbe: true },
  // The only type Linux treats as synchronous: the record must be read before returning to the
  // faulting context (needs CONFIG_ACPI_APEI_SEA).
  { type: 8, name: 'ARMv8 SEA', iaslName: 'SEA', linuxGhesProbe: true },
  { type: 9, name: 'ARMv8 SEI', iaslName: 'SEI', linuxGhesProbe: false },
  { type: 10, name: 'External Interrupt - GSIV', iaslName: 'GSIV', linuxGhesProbe: true },
  // Vector carries the SDEI event number; Linux refuses event 0, which SDEI reserves for
  // software-signalled events.
  { type: 11, name: 'Software Delegated Exception', iaslName: 'Software Delegated Exception', linuxGhesProbe: true },
];

/** The table row for `type`, or undefined for a reserved type (12 and up). */
export function notifyTypeInfo(type: number): NotifyTypeInfo | undefined {
  return Number.isInteger(type) && type >= 0 ? NOTIFY_TYPES[type] : undefined;
}

/** The bracketed name `iasl -d` prints for a Notify Type value. */
export function notifyTypeIaslName(type: number): string {
  return notifyTypeInfo(type)?.iaslName ?? 'Unknown Notify Type';
}

/** True when upstream Linux ghes_probe would register a GHES with this notification type. */
export function linuxGhesProbeAccepts(type: number): boolean {
  return notifyTypeInfo(type)?.linuxGhesProbe ?? false;
}

/** A decoded notification structure; the Length byte is implied (always 28). */
export interface HardwareErrorNotification {
  /** Notification type (see {@link NotifyType}). */
  type: number;
  /** Bits 0-5: which of the following fields OSPM may reconfigure. */
  configWriteEnable: number;
  /** Polling interval in ms, for polled sources. */
  pollInterval: number;
  /** Interrupt vector; for SDEI the SDEI event number. */
  vector: number;
  /** Switch To Polling Threshold Value. */
  pollingThresholdValue: number;
  /** Switch To Polling Threshold Window (ms). */
  pollingThresholdWindow: number;
  /** Error Threshold Value. */
  errorThresholdValue: number;
  /** Error Threshold Window (ms). */
  errorThresholdWindow: number;
}

/** A notification with only the type (and optionally the vector) set, as QEMU writes them. */
export function notification(type: number, vector = 0): HardwareErrorNotification {
  return {
    type,
    configWriteEnable: 0,
    pollInterval: 0,
    vector,
    pollingThresholdValue: 0,
    pollingThresholdWindow: 0,
    errorThresholdValue: 0,
    errorThresholdWindow: 0,
  };
}

const U32_FIELDS = [
  ['pollInterval', 4],
  ['vector', 8],
  ['pollingThresholdValue', 12],
  ['pollingThresholdWindow', 16],
  ['errorThresholdValue', 20],
  ['errorThresholdWindow', 24],
] as const;

function checkU(v: number, max: number, field: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`notification.${field}: ${v} out of range`);
}

/** Writes `n` at `off` with Length 28. Out-of-range fields raise a RangeError (builder bug). */
export function writeNotification(view: DataView, off: number, n: HardwareErrorNotification): void {
  checkU(n.type, 0xff, 'type');
  checkU(n.configWriteEnable, 0xffff, 'configWriteEnable');
  for (const [k] of U32_FIELDS) checkU(n[k], 0xffff_ffff, k);
  view.setUint8(off, n.type);
  view.setUint8(off + 1, NOTIFICATION_LENGTH);
  view.setUint16(off + 2, n.configWriteEnable, true);
  for (const [k, o] of U32_FIELDS) view.setUint32(off + o, n[k], true);
}

/**
 * Reads the structure at `off`. A Length byte other than 28 is `bad-length`: the structure has a
 * fixed size, so a different value means the bytes are not what the HEST walker thinks they are.
 * Reserved types are returned as they are; deciding whether to use them is the consumer's job.
 */
export function readNotification(view: DataView, off: number, structure = 'notification'): HardwareErrorNotification {
  need(view, off, NOTIFICATION_LENGTH, structure);
  const length = view.getUint8(off + 1);
  if (length !== NOTIFICATION_LENGTH) {
    throw new DecodeError('bad-length', structure, off + 1, `Notify Length is ${length}, must be ${NOTIFICATION_LENGTH}`);
  }
  const n = notification(view.getUint8(off));
  n.configWriteEnable = view.getUint16(off + 2, true);
  for (const [k, o] of U32_FIELDS) n[k] = view.getUint32(off + o, true);
  return n;
}

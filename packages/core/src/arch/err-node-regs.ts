/**
 * The register file of a memory-mapped Arm RAS node: one 4 KiB page laid out as formats.md b.1
 * (record n at 64·n, its fault-injection group at 0x800 + 64·n, ERRGSR at 0xE00, ERRDEVID at
 * 0xFC8), read and written through a DataView so the page can live in a SharedArrayBuffer.
 *
 * This layer only reads and writes registers; what happens when an error is detected, cleared or
 * injected is in `err-node.ts`. Bits 63:32 of FR, CTLR and STATUS are RES0 in this model, so those
 * registers are handled as their low halves.
 */
import {
  CE_COUNTER_16BIT,
  cecMax,
  cecPresetForThreshold,
  CTLR_CFI,
  CTLR_ED,
  CTLR_FI,
  CTLR_UE,
  CTLR_UI,
  FR_CEC_8BIT,
  FR_CEC_SHIFT,
  FR_ED_CONTROLLABLE,
  frCecFor,
  MAX_RECORDS,
  NODE_PAGE_BYTES,
  OFF_ADDR,
  OFF_CTLR,
  OFF_ERRDEVID,
  OFF_ERRGSR,
  OFF_FR,
  OFF_MISC0,
  OFF_PFGCDN,
  OFF_PFGCTL,
  OFF_PFGF,
  OFF_STATUS,
  PFG_BASE,
  RECORD_STRIDE,
  type CeCounterFormat,
} from './err-record.js';
import { PFGF_ALL_KINDS, PFGF_R } from './err-pfg.js';

/**
 * Simulator-private words inside each PFG group's RES0 space: the live countdown and whether it is
 * armed. Keeping them in the page keeps the whole node state in one (shareable) buffer.
 */
export const PFG_PRIVATE_LIVE = 0x18;
/** See {@link PFG_PRIVATE_LIVE}. */
export const PFG_PRIVATE_ARMED = 0x1c;

/** How to create a node page. */
export interface RasNodeInit {
  /** Number of error records, 1..24 (the PFG groups must end before ERRGSR at 0xE00). */
  records: number;
  /** Where the page lives; a fresh ArrayBuffer when absent. Use a SharedArrayBuffer to share it. */
  buffer?: ArrayBufferLike;
  /** Byte offset of the page in `buffer` (default 0). */
  byteOffset?: number;
  /** MISC0 counter format; the 16-bit form by default. */
  ceCounter?: CeCounterFormat;
  /** Initial CTLR of every record: ED|UE|UI|FI|CFI by default, what a firmware-first platform enables. */
  ctlr?: number;
}

/**
 * Zeroes a page and writes the reset state: ERR<n>FR (ED controllable, the CE counter format),
 * ERR<n>CTLR, ERR<n>PFGF (every kind injectable, restart supported) and ERRDEVID.
 */
export function initRasNodePage(init: RasNodeInit): DataView {
  const { records } = init;
  if (!Number.isInteger(records) || records < 1 || records > MAX_RECORDS) {
    throw new RangeError(`records=${records} is outside 1..${MAX_RECORDS}`);
  }
  const view = new DataView(init.buffer ?? new ArrayBuffer(NODE_PAGE_BYTES), init.byteOffset ?? 0, NODE_PAGE_BYTES);
  for (let off = 0; off < NODE_PAGE_BYTES; off += 4) view.setUint32(off, 0, true);
  const fr = FR_ED_CONTROLLABLE | (frCecFor(init.ceCounter ?? CE_COUNTER_16BIT) << FR_CEC_SHIFT);
  const ctlr = init.ctlr ?? CTLR_ED | CTLR_UE | CTLR_UI | CTLR_FI | CTLR_CFI;
  for (let n = 0; n < records; n++) {
    const r = n * RECORD_STRIDE;
    view.setUint32(r + OFF_FR, fr, true);
    view.setUint32(r + OFF_CTLR, ctlr >>> 0, true);
    view.setUint32(PFG_BASE + r + OFF_PFGF, PFGF_ALL_KINDS | PFGF_R, true);
  }
  view.setUint32(OFF_ERRDEVID, records, true);
  return view;
}

/** Plain register access to a node page. Record indices out of range throw RangeError. */
export class RasNodeRegisters {
  /** Number of records, from ERRDEVID. */
  readonly records: number;
  /** The MISC0 counter format, from ERR0FR.CEC. */
  readonly ceFormat: CeCounterFormat;

  /**
   * Attaches to an initialised page (see {@link initRasNodePage}), e.g. one another worker made.
   *
   * @param view The node page (4 KiB): error records, fault-injection groups, ERRDEVID.
   */
  constructor(readonly view: DataView) {
    if (view.byteLength < NODE_PAGE_BYTES) throw new RangeError(`a RAS node page needs ${NODE_PAGE_BYTES} bytes`);
    this.records = view.getUint32(OFF_ERRDEVID, true) & 0xffff;
    if (this.records < 1 || this.records > MAX_RECORDS) throw new RangeError(`ERRDEVID says ${this.records} records`);
    const cec = (view.getUint32(OFF_FR, true) >>> FR_CEC_SHIFT) & 7;
    this.ceFormat = { cecBits: cec === FR_CEC_8BIT ? 7 : 15 };
  }

  /** Byte offset of record n; throws for an index outside 0..records-1. */
  protected rec(n: number): number {
    if (!Number.isInteger(n) || n < 0 || n >= this.records) throw new RangeError(`record ${n} is outside 0..${this.records - 1}`);
    return n * RECORD_STRIDE;
  }
  /** Reads the little-endian 32-bit register at byte offset `off` of the page. */
  protected u32(off: number): number {
    return this.view.getUint32(off, true);
  }
  /** Writes the little-endian 32-bit register at byte offset `off` of the page. */
  protected set32(off: number, v: number): void {
    this.view.setUint32(off, v >>> 0, true);
  }

  /** ERR<n>FR: which controls and which counter the record has. */
  readFr(n: number): number {
    return this.u32(this.rec(n) + OFF_FR);
  }
  /** ERR<n>CTLR (b.5). */
  readCtlr(n: number): number {
    return this.u32(this.rec(n) + OFF_CTLR);
  }
  /** Writes ERR<n>CTLR, e.g. firmware enabling detection and reporting. */
  writeCtlr(n: number, v: number): void {
    this.set32(this.rec(n) + OFF_CTLR, v);
  }
  /** ERR<n>STATUS (32 significant bits); what firmware reads first. */
  readStatus(n: number): number {
    return this.u32(this.rec(n) + OFF_STATUS);
  }
  /** ERR<n>ADDR bits 31:0. */
  readAddrLo(n: number): number {
    return this.u32(this.rec(n) + OFF_ADDR);
  }
  /** ERR<n>ADDR bits 63:32 (NS/SI/AI/VA/NSE and PADDR[55:32]). */
  readAddrHi(n: number): number {
    return this.u32(this.rec(n) + OFF_ADDR + 4);
  }
  /** Writes ERR<n>ADDR, e.g. before a fault injection that sets AV. */
  writeAddr(n: number, lo: number, hi: number): void {
    const r = this.rec(n);
    this.set32(r + OFF_ADDR, lo);
    this.set32(r + OFF_ADDR + 4, hi);
  }
  /** ERR<n>MISC0 bits 31:0. */
  readMisc0Lo(n: number): number {
    return this.u32(this.rec(n) + OFF_MISC0);
  }
  /** ERR<n>MISC0 bits 63:32, which hold the counter's CEC and OF. */
  readMisc0Hi(n: number): number {
    return this.u32(this.rec(n) + OFF_MISC0 + 4);
  }
  /** Writes ERR<n>MISC0 (software resets the counter or its OF this way). */
  writeMisc0(n: number, lo: number, hi: number): void {
    const r = this.rec(n);
    this.set32(r + OFF_MISC0, lo);
    this.set32(r + OFF_MISC0 + 4, hi);
  }
  /** The corrected-error count (MISC0.CEC) of record n. */
  ceCount(n: number): number {
    return this.readMisc0Hi(n) & cecMax(this.ceFormat);
  }
  /** True when record n's counter has wrapped since MISC0.OF was last cleared. */
  ceOverflowed(n: number): boolean {
    return ((this.readMisc0Hi(n) >>> this.ceFormat.cecBits) & 1) === 1;
  }
  /** Presets the counter so it wraps on the `threshold`-th corrected error, and clears MISC0.OF. */
  setCeThreshold(n: number, threshold: number): void {
    const keep = this.readMisc0Hi(n) & ~((cecMax(this.ceFormat) << 1) | 1);
    this.writeMisc0(n, this.readMisc0Lo(n), keep | cecPresetForThreshold(threshold, this.ceFormat));
  }
  /** ERRGSR low word: bit n mirrors STATUS.V of record n. */
  readErrgsr(): number {
    return this.u32(OFF_ERRGSR);
  }
  /** ERRDEVID: bits 15:0 are the number of records. */
  readErrdevid(): number {
    return this.u32(OFF_ERRDEVID);
  }
  /** ERR<n>PFGF: what can be injected. */
  readPfgf(n: number): number {
    return this.u32(PFG_BASE + this.rec(n) + OFF_PFGF);
  }
  /** ERR<n>PFGCTL as last written (RES0 bits dropped). */
  readPfgCtl(n: number): number {
    return this.u32(PFG_BASE + this.rec(n) + OFF_PFGCTL);
  }
  /** ERR<n>PFGCDN: the countdown reload value. */
  readPfgCdn(n: number): number {
    return this.u32(PFG_BASE + this.rec(n) + OFF_PFGCDN);
  }
  /** Writes ERR<n>PFGCDN; it takes effect at the next CDNEN write or restart. */
  writePfgCdn(n: number, v: number): void {
    this.set32(PFG_BASE + this.rec(n) + OFF_PFGCDN, v);
  }
  /** The live countdown of record n, or -1 when no countdown is armed. */
  pfgCountdown(n: number): number {
    const p = PFG_BASE + this.rec(n);
    return this.u32(p + PFG_PRIVATE_ARMED) === 0 ? -1 : this.u32(p + PFG_PRIVATE_LIVE);
  }
}

/**
 * Reading, writing and acking GHES blocks in a host's or a guest's GHES blob on behalf of a
 * context: the read-ack claim before a write, the allocation-free memory-record reader, and the
 * OSPM clear + ack (formats.md c.7).
 */
import { ghesSourceFor, type GhesSourceKind, type GhesSourcePlan } from '../apei/ghes-layout.js';
import { ospmAcknowledge, platformClaim, QEMU_READ_ACK_MASKS, readAckIsFree } from '../apei/ghes-ack.js';
import { GHES_MEMORY_BLOCK_SIZE, GhesReadResult, newGhesMemoryReading, readGhesMemoryBlock, writeGhesMemoryBlock } from '../apei/ghes-memory-writer.js';
import type { GhesReading } from '../plugin/contexts.js';

const scratch = newGhesMemoryReading();
/** A whole single-record block, built here and copied from (allocated once). */
const one = new DataView(new ArrayBuffer(GHES_MEMORY_BLOCK_SIZE));
/** GESB + GEDE + memory section: each appended entry is this block minus its 20-byte GESB. */
const GESB = 20;
const ENTRY = GHES_MEMORY_BLOCK_SIZE - GESB;
/**
 * Block Status (formats.md d.1): bit 0 uncorrectable error valid, 1 correctable error valid, 2
 * multiple uncorrectable errors, 3 multiple correctable errors; bits 13:4 the entry count.
 */
const UE_VALID = 1 << 0;
const CE_VALID = 1 << 1;
const MULTIPLE_UE = 1 << 2;
const MULTIPLE_CE = 1 << 3;
const ENTRY_COUNT_MASK = 0x3ff << 4;
/** How bad a CPER severity is (formats.md d.8), by severity: recoverable 2, fatal 3, corrected 1, informational 0. */
const SEVERITY_RANK = [2, 3, 1, 0];

/** Source id of `kind` for PE (or vCPU) `pe`, -1 when the plan has none. */
export function sourceOf(plan: GhesSourcePlan, kind: GhesSourceKind, pe: number): number {
  return ghesSourceFor(plan, kind, pe)?.sourceId ?? -1;
}

function slot(plan: GhesSourcePlan, source: number) {
  const s = plan.sources[source];
  if (s === undefined) throw new RangeError(`GHES source ${source} does not exist (the plan has ${plan.sources.length})`);
  return s;
}

export function ackFree(view: DataView, plan: GhesSourcePlan, source: number): boolean {
  return readAckIsFree(view, slot(plan, source).ackOffset);
}

/** What {@link writeRecord} did. */
export const WRITE_OK = 0;
/** The read-ack register read 0: the OS has not consumed the previous record; nothing written. */
export const WRITE_BUSY = 1;
/** The record is longer than the source's error status block; nothing written, ack untouched. */
export const WRITE_TOO_BIG = 2;

/** Bytes of the memory record {@link writeRecord} writes (GESB + GEDE + memory section). */
export const MEMORY_RECORD_BYTES = GHES_MEMORY_BLOCK_SIZE;

/**
 * Claims the source and writes one memory record (arguments checked by the caller). A record
 * longer than the block is refused before the claim, as QEMU's ghes_record_cper_errors() does
 * ("GHES CPER record is too big"): writing it would run into the next source's block.
 */
export function writeRecord(view: DataView, plan: GhesSourcePlan, source: number, severity: number, pa: number, validation: number): number {
  const s = slot(plan, source);
  if (GHES_MEMORY_BLOCK_SIZE > s.blockLength) return WRITE_TOO_BIG;
  if (!platformClaim(view, s.ackOffset)) return WRITE_BUSY;
  writeGhesMemoryBlock(view, s.blockOffset, pa, severity, validation);
  return WRITE_OK;
}

/**
 * Reads the first entry of the block at `off` into `out`. The severity is the entry's own (its
 * GEDE Error Severity, which a block of one entry also has as its GESB Error Severity), or the
 * block's when no memory section was found.
 */
function readBlockAt(view: DataView, off: number, out: GhesReading): void {
  const r = readGhesMemoryBlock(view, off, scratch);
  out.result = r === GhesReadResult.ok ? 'record' : r === GhesReadResult.noError ? 'none' : r === GhesReadResult.notMemory ? 'other' : 'malformed';
  out.severity = r === GhesReadResult.ok ? scratch.sectionSeverity : scratch.severity;
  out.validationBits = scratch.validationBits;
  out.physicalAddress = r === GhesReadResult.ok && (scratch.validationBits & 2) !== 0 && !scratch.paAbove53 ? scratch.physicalAddress : -1;
}

/** Reads the (first) memory record of a source into `out`. */
export function readRecord(view: DataView, plan: GhesSourcePlan, source: number, out: GhesReading): void {
  readBlockAt(view, slot(plan, source).blockOffset, out);
}

/** OSPM's clear (Block Status = 0) and GHESv2 ack with QEMU's masks. */
export function ackRecord(view: DataView, plan: GhesSourcePlan, source: number): void {
  const s = slot(plan, source);
  view.setUint32(s.blockOffset, 0, true);
  ospmAcknowledge(view, s.ackOffset, QEMU_READ_ACK_MASKS);
}

/** What {@link appendRecord} did: the entry was added. */
export const APPEND_OK = 0;
/** Nothing to add to: Block Status is 0, or the block holds entries of another writer; nothing written. */
export const APPEND_NOTHING = 1;
/** The entry does not fit in the rest of the error status block; nothing written. */
export const APPEND_FULL = 2;

/**
 * Adds a memory record to a block the OS has not acked yet (a VMM or firmware that batches): the
 * GEDE and section go after the existing entries, Data Length grows, Block Status gets the valid
 * bit of the entry's class (correctable for a corrected severity, uncorrectable otherwise but for
 * informational), "multiple" when that class was already there, and the entry count; the GESB
 * Error Severity becomes the worse of the two. Only for blocks holding this writer's 152-byte
 * entries. Arguments are checked by the caller (contexts-guest.ts, contexts-ras.ts) and written
 * as given. Returns APPEND_*.
 */
export function appendRecord(view: DataView, plan: GhesSourcePlan, source: number, severity: number, pa: number, validation: number): number {
  const s = slot(plan, source);
  const status = view.getUint32(s.blockOffset, true);
  const dataLength = view.getUint32(s.blockOffset + 12, true);
  if (status === 0 || dataLength % ENTRY !== 0) return APPEND_NOTHING;
  const at = s.blockOffset + GESB + dataLength;
  if (GESB + dataLength + ENTRY > s.blockLength) return APPEND_FULL;
  writeGhesMemoryBlock(one, 0, pa, severity, validation);
  for (let i = 0; i < ENTRY; i += 4) view.setUint32(at + i, one.getUint32(GESB + i, true), true);
  const entries = (dataLength + ENTRY) / ENTRY;
  view.setUint32(s.blockOffset + 12, dataLength + ENTRY, true);
  let st = status;
  if (severity === 2) st |= (st & CE_VALID) !== 0 ? MULTIPLE_CE : CE_VALID;
  else if (severity !== 3) st |= (st & UE_VALID) !== 0 ? MULTIPLE_UE : UE_VALID;
  view.setUint32(s.blockOffset, ((st & ~ENTRY_COUNT_MASK) | ((entries & 0x3ff) << 4)) >>> 0, true);
  const old = view.getUint32(s.blockOffset + 16, true);
  if (old > 3 || SEVERITY_RANK[severity]! > SEVERITY_RANK[old]!) view.setUint32(s.blockOffset + 16, severity, true);
  return APPEND_OK;
}

/** Memory-error entries (152 bytes each after the 20-byte GESB) an error status block of `blockLength` bytes holds. */
export function entriesPerBlock(blockLength: number): number {
  return Math.max(0, Math.floor((blockLength - GESB) / ENTRY));
}

/** Number of memory records in the block (0 when Block Status is 0). */
export function recordCount(view: DataView, plan: GhesSourcePlan, source: number): number {
  const s = slot(plan, source);
  if (view.getUint32(s.blockOffset, true) === 0) return 0;
  const dataLength = view.getUint32(s.blockOffset + 12, true);
  return dataLength % ENTRY === 0 ? Math.max(1, dataLength / ENTRY) : 1;
}

/**
 * Reads entry `index` of the block at `off` (`length` bytes) into `out`: its own severity, as
 * {@link readBlockAt}. An index past the block reads 'malformed'.
 */
function readEntryAt(view: DataView, off: number, length: number, index: number, out: GhesReading): void {
  if (index === 0) return readBlockAt(view, off, out);
  const from = off + GESB + index * ENTRY;
  if (index < 0 || from + ENTRY > off + length) {
    out.result = 'malformed';
    out.physicalAddress = -1;
    return;
  }
  // Entry k laid out as a block of its own: copy its GEDE + section after a GESB of the block.
  for (let i = 0; i < GESB; i += 4) one.setUint32(i, view.getUint32(off + i, true), true);
  one.setUint32(12, ENTRY, true);
  for (let i = 0; i < ENTRY; i += 4) one.setUint32(GESB + i, view.getUint32(from + i, true), true);
  readBlockAt(one, 0, out);
}

/** Reads record `index` of a block of this writer's entries into `out`: past Data Length's entries 'malformed', an empty block 'none'. */
export function readRecordAt(view: DataView, plan: GhesSourcePlan, source: number, index: number, out: GhesReading): void {
  const s = slot(plan, source);
  // Past Data Length the block holds whatever an earlier, longer record left there: no entry.
  const n = index > 0 ? recordCount(view, plan, source) : 1;
  if (n === 0) return readBlockAt(view, s.blockOffset, out);
  if (index >= n) {
    out.result = 'malformed';
    out.physicalAddress = -1;
    return;
  }
  readEntryAt(view, s.blockOffset, s.blockLength, index, out);
}

/**
 * Copies the block of `source` (its GESB and Data Length bytes of entries, at most the block)
 * to the start of `into`, as Linux's ghes_read_estatus() copies it before processing; returns its
 * entry count as {@link recordCount}.
 */
export function copyBlock(view: DataView, plan: GhesSourcePlan, source: number, into: DataView): number {
  const s = slot(plan, source);
  const n = recordCount(view, plan, source);
  const bytes = n === 0 ? GESB : Math.min(s.blockLength, GESB + view.getUint32(s.blockOffset + 12, true));
  for (let i = 0; i + 4 <= bytes; i += 4) into.setUint32(i, view.getUint32(s.blockOffset + i, true), true);
  return n;
}

/** Reads entry `index` of a block {@link copyBlock} copied (`entries` of them) into `out`; past them, 'malformed'. */
export function readCopiedEntry(copy: DataView, entries: number, index: number, out: GhesReading): void {
  if (index >= entries) {
    out.result = 'malformed';
    out.physicalAddress = -1;
    return;
  }
  readEntryAt(copy, 0, copy.byteLength, index, out);
}

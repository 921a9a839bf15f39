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
/** Block Status bit 2: multiple uncorrectable errors; bits 13:4 hold the entry count. */
const MULTIPLE_UE = 1 << 2;

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

/** Reads the memory record of a source into `out`. */
export function readRecord(view: DataView, plan: GhesSourcePlan, source: number, out: GhesReading): void {
  const s = slot(plan, source);
  const r = readGhesMemoryBlock(view, s.blockOffset, scratch);
  out.result = r === GhesReadResult.ok ? 'record' : r === GhesReadResult.noError ? 'none' : r === GhesReadResult.notMemory ? 'other' : 'malformed';
  out.severity = scratch.severity;
  out.validationBits = scratch.validationBits;
  out.physicalAddress = r === GhesReadResult.ok && (scratch.validationBits & 2) !== 0 && !scratch.paAbove53 ? scratch.physicalAddress : -1;
}

/** OSPM's clear (Block Status = 0) and GHESv2 ack with QEMU's masks. */
export function ackRecord(view: DataView, plan: GhesSourcePlan, source: number): void {
  const s = slot(plan, source);
  view.setUint32(s.blockOffset, 0, true);
  ospmAcknowledge(view, s.ackOffset, QEMU_READ_ACK_MASKS);
}

/**
 * Adds a memory record to a block the OS has not acked yet (a VMM that batches records): the
 * GEDE and section go after the existing entries, Data Length grows, Block Status gets "multiple
 * uncorrectable errors" and the entry count. Only for blocks holding this writer's 152-byte
 * entries. False when the block has no room (or holds nothing to append to). Arguments are
 * checked by the caller (contexts-guest.ts) and written as given.
 */
export function appendRecord(view: DataView, plan: GhesSourcePlan, source: number, severity: number, pa: number, validation: number): boolean {
  const s = slot(plan, source);
  const status = view.getUint32(s.blockOffset, true);
  const dataLength = view.getUint32(s.blockOffset + 12, true);
  if (status === 0 || dataLength % ENTRY !== 0) return false;
  const at = s.blockOffset + GESB + dataLength;
  if (GESB + dataLength + ENTRY > s.blockLength) return false;
  writeGhesMemoryBlock(one, 0, pa, severity, validation);
  for (let i = 0; i < ENTRY; i += 4) view.setUint32(at + i, one.getUint32(GESB + i, true), true);
  const entries = (dataLength + ENTRY) / ENTRY;
  view.setUint32(s.blockOffset + 12, dataLength + ENTRY, true);
  view.setUint32(s.blockOffset, (status | MULTIPLE_UE | ((entries & 0x3ff) << 4)) >>> 0, true);
  return true;
}

/** Number of memory records in the block (0 when Block Status is 0). */
export function recordCount(view: DataView, plan: GhesSourcePlan, source: number): number {
  const s = slot(plan, source);
  if (view.getUint32(s.blockOffset, true) === 0) return 0;
  const dataLength = view.getUint32(s.blockOffset + 12, true);
  return dataLength % ENTRY === 0 ? Math.max(1, dataLength / ENTRY) : 1;
}

/** Reads record `index` of a block of this writer's entries into `out`. */
export function readRecordAt(view: DataView, plan: GhesSourcePlan, source: number, index: number, out: GhesReading): void {
  if (index === 0) return readRecord(view, plan, source, out);
  const s = slot(plan, source);
  // Entry k laid out as a block of its own: copy its GEDE + section after a GESB of the block.
  for (let i = 0; i < GESB; i += 4) one.setUint32(i, view.getUint32(s.blockOffset + i, true), true);
  one.setUint32(12, ENTRY, true);
  const from = s.blockOffset + GESB + index * ENTRY;
  if (index < 0 || from + ENTRY > s.blockOffset + s.blockLength) {
    out.result = 'malformed';
    out.physicalAddress = -1;
    return;
  }
  for (let i = 0; i < ENTRY; i += 4) one.setUint32(GESB + i, view.getUint32(from + i, true), true);
  const r = readGhesMemoryBlock(one, 0, scratch);
  out.result = r === GhesReadResult.ok ? 'record' : r === GhesReadResult.noError ? 'none' : r === GhesReadResult.notMemory ? 'other' : 'malformed';
  out.severity = scratch.severity;
  out.validationBits = scratch.validationBits;
  out.physicalAddress = r === GhesReadResult.ok && (scratch.validationBits & 2) !== 0 && !scratch.paAbove53 ? scratch.physicalAddress : -1;
}

/**
 * Reading, writing and acking GHES blocks in a host's or a guest's GHES blob on behalf of a
 * context: the read-ack claim before a write, the allocation-free memory-record reader, and the
 * OSPM clear + ack (formats.md c.7).
 */
import { ghesSourceFor, type GhesSourceKind, type GhesSourcePlan } from '../apei/ghes-layout.js';
import { ospmAcknowledge, platformClaim, QEMU_READ_ACK_MASKS, readAckIsFree } from '../apei/ghes-ack.js';
import { GhesReadResult, newGhesMemoryReading, readGhesMemoryBlock, writeGhesMemoryBlock } from '../apei/ghes-memory-writer.js';
import type { GhesReading } from '../plugin/contexts.js';

const scratch = newGhesMemoryReading();

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

/** Claims the source and writes one memory record; false (nothing written) when the ack reads 0. */
export function writeRecord(view: DataView, plan: GhesSourcePlan, source: number, severity: number, pa: number, validation: number): boolean {
  const s = slot(plan, source);
  if (!platformClaim(view, s.ackOffset)) return false;
  writeGhesMemoryBlock(view, s.blockOffset, pa, severity, validation >>> 0);
  return true;
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

// Tables and random values shared by the HEST, GHES layout and `rasflow hest` tests.
import { writeAcpiChecksum, type AcpiHeaderFields } from '../../src/apei/acpi-header.js';
import type { GenericAddress } from '../../src/apei/gas.js';
import { GHESV2_TYPE, QEMU_HEST_HEADER, encodeHest, type GhesV2Entry, type HestHeaderFields } from '../../src/apei/hest.js';
import type { HardwareErrorNotification } from '../../src/apei/notification.js';
import { hestEntriesForPlan, planGhesSources, type GhesSourcePlan } from '../../src/apei/ghes-layout.js';
import type { TestRng } from './rng.js';

/** The oracle's blob address (hest/README.md). */
export const ORACLE_BASE = 0x7fff_0000;

/** The plan behind the oracle table: SEA + GPIO, one PE, blob at 0x7FFF0000. */
export function oraclePlan(): GhesSourcePlan {
  return planGhesSources({ kinds: ['sea', 'gpio'], pes: 1, base: ORACLE_BASE });
}

/** The 224-byte table `hest-2src.expected.dsl` was produced from. */
export function oracleTable(): Uint8Array {
  return encodeHest(QEMU_HEST_HEADER, hestEntriesForPlan(oraclePlan()));
}

/** A DataView over all of `b`. */
export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Recomputes the checksum of a table edited in place. */
export function fixChecksum(b: Uint8Array): Uint8Array {
  writeAcpiChecksum(viewOf(b));
  return b;
}

/** Printable ASCII text of exactly `width` characters. */
export function randomText(rng: TestRng, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) s += String.fromCharCode(0x20 + rng.below(0x5f));
  return s;
}

export function randomHestHeader(rng: TestRng): HestHeaderFields {
  return {
    revision: rng.bits(8),
    oemId: randomText(rng, 6),
    oemTableId: randomText(rng, 8),
    oemRevision: rng.u32(),
    creatorId: randomText(rng, 4),
    creatorRevision: rng.u32(),
  };
}

export function randomAcpiHeader(rng: TestRng): AcpiHeaderFields {
  return { ...randomHestHeader(rng), signature: randomText(rng, 4) };
}

export function randomGas(rng: TestRng): GenericAddress {
  return { spaceId: rng.bits(8), bitWidth: rng.bits(8), bitOffset: rng.bits(8), accessSize: rng.bits(8), address: rng.u64() };
}

export function randomNotification(rng: TestRng): HardwareErrorNotification {
  return {
    type: rng.bits(8),
    configWriteEnable: rng.bits(16),
    pollInterval: rng.u32(),
    vector: rng.u32(),
    pollingThresholdValue: rng.u32(),
    pollingThresholdWindow: rng.u32(),
    errorThresholdValue: rng.u32(),
    errorThresholdWindow: rng.u32(),
  };
}

export function randomGhesV2(rng: TestRng): GhesV2Entry {
  return {
    type: GHESV2_TYPE,
    sourceId: rng.bits(16),
    relatedSourceId: rng.bits(16),
    flags: rng.bits(8),
    enabled: rng.bits(8),
    recordsToPreallocate: rng.u32(),
    maxSectionsPerRecord: rng.u32(),
    maxRawDataLength: rng.u32(),
    errorStatusAddress: randomGas(rng),
    notification: randomNotification(rng),
    errorStatusBlockLength: rng.u32(),
    readAckRegister: randomGas(rng),
    readAckPreserve: rng.u64(),
    readAckWrite: rng.u64(),
  };
}

/**
 * A table whose entries are GHES v1: each GHESv2 entry is cut to its first 64 bytes with type 9,
 * and the Length and checksum are fixed. `v1` says which entries to cut.
 */
export function tableWithV1Entries(entries: readonly GhesV2Entry[], v1: readonly boolean[]): Uint8Array {
  const full = encodeHest(QEMU_HEST_HEADER, entries);
  const parts: Uint8Array[] = [full.subarray(0, 40)];
  entries.forEach((_, i) => {
    const e = full.slice(40 + 92 * i, 40 + 92 * (i + 1));
    if (v1[i] === true) {
      e[0] = 9;
      parts.push(e.subarray(0, 64));
    } else parts.push(e);
  });
  const length = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(length);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  viewOf(out).setUint32(4, length, true);
  return fixChecksum(out);
}

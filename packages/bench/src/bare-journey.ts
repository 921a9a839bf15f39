/**
 * The bare journey (benchmark issue): the fastest code that does the minimum work of one SEA
 * journey, the baseline the engine's journeys/s is divided by. Per journey, twice (host, then
 * guest):
 *   1. write one 172-byte GHES memory record (formats.md d.1-d.3 and e: GESB 20 + GEDE 72 +
 *      memory section 80, the bytes QEMU's acpi_ghes_memory_errors() writes) into a shared buffer,
 *   2. read back what a handler uses: Block Status, Error Severity, validation bits and the
 *      physical address, and turn the address into a page frame number,
 *   3. set two page flags of that page with Atomics.or on a shared Int32Array (host:
 *      PG_hwpoison and stage-2 unmapped; guest: PG_hwpoison and offlined).
 * The guest record carries the guest physical address of the page the host handler found (the
 * VM's RAM is linear, page aligned as the VMM writes it), so each half depends on the one before.
 * Every field is written, zeros too: a real writer cannot assume the block was clean.
 *
 * Variants tried. Node 20.20, 2-core EPYC VM shared with other jobs (load 2-3): each variant in
 * fresh processes (6 for the first table, 5 for the second), each the median of 12 samples of
 * 2 × 10^6 journeys; the median of those medians and their range:
 *   - DataView, 43 setUint32/setInt32 with constant offsets, getUint32    12.7 M/s (11.5-13.2) kept
 *   - DataView writes as above, reads through an Int32Array               11.3 M/s ( 8.0-12.0)
 *   - 43-word template copied with Int32Array.set, then the address       10.7 M/s ( 9.6-11.9)
 *   - the same template as bytes, Uint8Array.set                          10.8 M/s ( 7.5-12.1)
 *   - Int32Array, 43 stores with constant indices                         10.5 M/s ( 5.8-12.3)
 *   - Int32Array writes as above, reads through a DataView                10.3 M/s ( 7.5-10.6)
 *   - Int32Array with the two zero runs as loops (as ghes-memory-writer)   8.9 M/s ( 7.5-10.6)
 *   - template kept in the shared buffer, copied with copyWithin           8.9 M/s ( 7.5-10.1)
 * and, for the kept DataView code, in a second run of alternating processes:
 *   - the DataView a module constant, GUID words as int32 (setInt32)      12.0 M/s (10.7-12.7) kept
 *   - the DataView passed in as a parameter                                9.8 M/s ( 8.6-10.0)
 *   - GUID words as uint32 constants above 2^31 (setUint32), parameter    8.1 M/s ( 5.5- 9.2)
 * Loops over the zero runs cost most (the JIT does not unroll them); a template copy calls into
 * the runtime once per record. A DataView the JIT sees as a constant needs no loads of its
 * buffer and length per access, so the blocks live at one fixed place, as a GHES status block
 * does (its address is in the HEST); all BareJourneyMemory objects share them. Constants above
 * 2^31 are doubles to V8, int32 ones are not: setInt32 writes the same bytes.
 */
import { PAGE_FLAG_HWPOISON, PAGE_FLAG_STAGE2_UNMAPPED } from '@rasflow/core';

/** Bytes of a GHES memory record. */
export const BARE_RECORD_BYTES = 172;
/** Byte offsets of the two blocks: apart, so the host's and the guest's records use their own cache lines. */
export const HOST_BLOCK_OFFSET = 0;
export const GUEST_BLOCK_OFFSET = 256;
/** Pages of host RAM the journeys pick from: 1 GiB of 4 KiB pages. */
export const BARE_PAGES = 1 << 18;
/** Host RAM base (above 4 GiB, as on servers: the high address word is not zero) and guest RAM base (QEMU virt). */
export const HOST_RAM_BASE = 0x80_0000_0000;
export const GUEST_RAM_BASE = 0x4000_0000;
const HOST_RAM_HI = HOST_RAM_BASE / 2 ** 32;
const HOST_BASE_PFN = HOST_RAM_BASE / 4096;
const GUEST_BASE_PFN = GUEST_RAM_BASE / 4096;
/** The guest's flag for a page its memory_failure() offlined (bench-only: the engine keeps no guest flag word). */
export const GUEST_PAGE_OFFLINED = 1 << 4;

// The memory-section GUID A5BC1114-6F64-4EDE-B863-3E83ED7C83B1 as four little-endian words.
const GUID0 = 0xa5bc1114 | 0;
const GUID1 = 0x4ede6f64;
const GUID2 = 0x833e63b8 | 0;
const GUID3 = 0xb1837ced | 0;
const SEVERITY_FATAL = 1;

export interface BareJourneyMemory {
  /** The host's and the guest's GHES blocks, in one SharedArrayBuffer (BLOCKS: the same for every memory). */
  blocks: DataView;
  /** One flag word per host page, and per guest page. */
  hostFlags: Int32Array;
  guestFlags: Int32Array;
  /** Host and guest physical address of the last journey run (for tests). */
  last: Float64Array;
}

/** The GHES status blocks, at their one fixed place (see the header). */
const BLOCKS = new DataView(new SharedArrayBuffer(4096));

export function makeBareJourneyMemory(): BareJourneyMemory {
  return {
    blocks: BLOCKS,
    hostFlags: new Int32Array(new SharedArrayBuffer(BARE_PAGES * 4)),
    guestFlags: new Int32Array(new SharedArrayBuffer(BARE_PAGES * 4)),
    last: new Float64Array(2),
  };
}

/**
 * Writes the record QEMU writes for a recoverable memory error (validation 0x4002: physical
 * address and memory error type) at byte `o` of `v`. The address comes as its two 32-bit words,
 * as firmware holds it (ERR<n>ADDR) and the record stores it.
 */
function writeRecord(o: number, paLo: number, paHi: number): void {
  const v = BLOCKS;
  v.setUint32(o, 1, true); // GESB Block Status: uncorrectable error valid, entry count 0
  v.setUint32(o + 4, 0, true); // raw data offset
  v.setUint32(o + 8, 0, true); // raw data length
  v.setUint32(o + 12, 152, true); // data length: GEDE 72 + section 80
  v.setUint32(o + 16, 0, true); // error severity: recoverable
  v.setInt32(o + 20, GUID0, true); // GEDE: section type
  v.setInt32(o + 24, GUID1, true);
  v.setInt32(o + 28, GUID2, true);
  v.setInt32(o + 32, GUID3, true);
  v.setUint32(o + 36, 0, true); // section severity
  v.setUint32(o + 40, 0x0300, true); // revision 0x0300, validation 0, flags 0
  v.setUint32(o + 44, 80, true); // error data length
  v.setUint32(o + 48, 0, true); // FRU id (16 bytes)
  v.setUint32(o + 52, 0, true);
  v.setUint32(o + 56, 0, true);
  v.setUint32(o + 60, 0, true);
  v.setUint32(o + 64, 0, true); // FRU text (20 bytes)
  v.setUint32(o + 68, 0, true);
  v.setUint32(o + 72, 0, true);
  v.setUint32(o + 76, 0, true);
  v.setUint32(o + 80, 0, true);
  v.setUint32(o + 84, 0, true); // timestamp
  v.setUint32(o + 88, 0, true);
  v.setUint32(o + 92, 0x4002, true); // memory section: validation bits
  v.setUint32(o + 96, 0, true);
  v.setUint32(o + 100, 0, true); // error status
  v.setUint32(o + 104, 0, true);
  v.setUint32(o + 108, paLo, true); // physical address
  v.setUint32(o + 112, paHi, true);
  v.setUint32(o + 116, 0, true); // physical address mask
  v.setUint32(o + 120, 0, true);
  v.setUint32(o + 124, 0, true); // node, card
  v.setUint32(o + 128, 0, true); // module, bank
  v.setUint32(o + 132, 0, true); // device, row
  v.setUint32(o + 136, 0, true); // column, bit position
  v.setUint32(o + 140, 0, true); // requestor id
  v.setUint32(o + 144, 0, true);
  v.setUint32(o + 148, 0, true); // responder id
  v.setUint32(o + 152, 0, true);
  v.setUint32(o + 156, 0, true); // target id
  v.setUint32(o + 160, 0, true);
  v.setUint32(o + 164, 0, true); // memory error type 0 (unknown), extended, rank number
  v.setUint32(o + 168, 0, true); // card handle, module handle
}

/**
 * What a handler reads back: the page frame number (PA >> 12) of a record that is present
 * (Block Status not 0), not fatal (a fatal one would panic instead) and has a valid address; -1
 * otherwise. Frame numbers of these addresses stay below 2^30, so this is integer arithmetic.
 */
function readRecord(o: number): number {
  const v = BLOCKS;
  const status = v.getUint32(o, true);
  const severity = v.getUint32(o + 16, true);
  const valid = v.getUint32(o + 92, true);
  if (status === 0 || severity === SEVERITY_FATAL || (valid & 2) === 0) return -1;
  return v.getUint32(o + 112, true) * 0x10_0000 + (v.getUint32(o + 108, true) >>> 12);
}

/**
 * Runs `n` bare journeys from xorshift state `seed`; returns a checksum of the pages the
 * handlers found, so the JIT can drop neither the writes nor the reads. The records go to the
 * shared BLOCKS (m.blocks); the flags to m's own arrays.
 */
export function bareJourneys(m: BareJourneyMemory, n: number, seed: number): number {
  const hostFlags = m.hostFlags;
  const guestFlags = m.guestFlags;
  let x = seed | 0 || 1;
  let sum = 0;
  let hostLo = 0;
  let guestLo = 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    // Host: firmware's record of the poisoned granule, read by host APEI before memory_failure().
    hostLo = ((x & (BARE_PAGES - 1)) << 12) | (x & 0xfc0);
    writeRecord(HOST_BLOCK_OFFSET, hostLo, HOST_RAM_HI);
    const hostPfn = readRecord(HOST_BLOCK_OFFSET);
    if (hostPfn < 0) return -1;
    const hostPage = hostPfn - HOST_BASE_PFN;
    Atomics.or(hostFlags, hostPage, PAGE_FLAG_HWPOISON);
    Atomics.or(hostFlags, hostPage, PAGE_FLAG_STAGE2_UNMAPPED);
    // Guest: the VMM's record of the guest page (SIGBUS lsb 12: page aligned), read by the guest.
    guestLo = GUEST_RAM_BASE + (hostPage << 12);
    writeRecord(GUEST_BLOCK_OFFSET, guestLo, 0);
    const guestPfn = readRecord(GUEST_BLOCK_OFFSET);
    if (guestPfn < 0) return -1;
    const guestPage = guestPfn - GUEST_BASE_PFN;
    Atomics.or(guestFlags, guestPage, PAGE_FLAG_HWPOISON);
    Atomics.or(guestFlags, guestPage, GUEST_PAGE_OFFLINED);
    sum = (sum + hostPage + guestPage * 3) | 0;
  }
  m.last[0] = HOST_RAM_HI * 2 ** 32 + (hostLo >>> 0);
  m.last[1] = guestLo;
  return sum;
}

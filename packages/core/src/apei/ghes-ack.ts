/**
 * The GHESv2 read-ack handshake (formats.md c.7, f.2), as pure number arithmetic over the 8-byte
 * ack register.
 *
 * Two parties share each source's status block. The platform side (EL3 firmware for the host,
 * QEMU/the VMM for a guest) posts a record; the OS side (Linux ghes_clear_estatus followed by
 * ghes_ack_error) copies it out, clears Block Status and then acknowledges through the register:
 *
 *   - value 1 (any non-zero value, as QEMU tests it): free, the platform may write;
 *   - the platform claims the source by writing 0, then writes the block, then notifies;
 *   - while it reads 0 the platform must refuse a new record (QEMU reports "OSPM does not
 *     acknowledge previous error" and stops the VM);
 *   - the OS acks with v = (v & Preserve<<BitOffset) | (Write<<BitOffset); QEMU's masks turn 0 into 1.
 *
 * The race this closes is the platform overwriting a status block the OS has not finished
 * reading: the platform writes only after an ack, and the OS acks only after it has copied and
 * cleared the block. It does not by itself stop two platform writers (two PEs' firmware handlers
 * on a shared source) from both reading 1 before either writes 0. The engine therefore performs
 * these steps with Atomics on the 8-byte field in a SharedArrayBuffer: the claim as one
 * compare-exchange (read 1 / write 0), the ack as an atomic read-modify-write. The functions here
 * compute the values; the DataView helpers are the plain, single-threaded reference behaviour that
 * the tests pin down.
 *
 * Values are handled as unsigned 32-bit halves (lo, hi) so nothing on the per-journey path needs
 * BigInt; only {@link readAckMasksOf}, used once when a source is set up, converts from the HEST's
 * bigint masks.
 */
import type { GhesV2Entry } from './hest.js';
import { u64Hi, u64Lo } from '../util/u64.js';

/** The ack value that means "free": what QEMU stores at build time and what its masks ack with. */
export const READ_ACK_FREE = 1;

/**
 * The OS's ack masks, already shifted left by the Read Ack Register's bit offset, as 32-bit
 * halves. Computed once per source from its HEST entry.
 */
export interface ReadAckMasks {
  /** Read Ack Preserve bits 31:0: register bits the OS keeps when it acks. */
  readonly preserveLo: number;
  /** Read Ack Preserve bits 63:32. */
  readonly preserveHi: number;
  /** Read Ack Write bits 31:0: bits the OS sets when it acks (QEMU: bit 0, "free"). */
  readonly writeLo: number;
  /** Read Ack Write bits 63:32. */
  readonly writeHi: number;
}

/** 64-bit left shift of (lo, hi) by `s` bits, 0 ≤ s ≤ 63, bits above 63 dropped as in C. */
function shl64(lo: number, hi: number, s: number): [number, number] {
  if (s === 0) return [lo >>> 0, hi >>> 0];
  if (s >= 32) return [0, (lo << (s - 32)) >>> 0];
  return [(lo << s) >>> 0, ((hi << s) | (lo >>> (32 - s))) >>> 0];
}

/**
 * Prepares the masks the OS applies, from ReadAckPreserve and ReadAckWrite (as halves) and the
 * GAS Register Bit Offset. Like Linux, both masks are shifted by the offset, so the preserve mask
 * gains zeros below the offset: bits under it are cleared by an ack. Offsets above 63 would be an
 * undefined shift in the OS, so they are refused here.
 */
export function readAckMasks(
  preserveLo: number,
  preserveHi: number,
  writeLo: number,
  writeHi: number,
  bitOffset = 0,
): ReadAckMasks {
  if (!Number.isInteger(bitOffset) || bitOffset < 0 || bitOffset > 63) {
    throw new RangeError(`read-ack bit offset ${bitOffset} is outside 0..63`);
  }
  const [pl, ph] = shl64(preserveLo, preserveHi, bitOffset);
  const [wl, wh] = shl64(writeLo, writeHi, bitOffset);
  return { preserveLo: pl, preserveHi: ph, writeLo: wl, writeHi: wh };
}

/** QEMU's masks (Preserve 0xFFFFFFFFFFFFFFFE, Write 1, bit offset 0): an ack sets bit 0. */
export const QEMU_READ_ACK_MASKS: ReadAckMasks = readAckMasks(0xffff_fffe, 0xffff_ffff, 1, 0, 0);

/** The masks of a published GHESv2 entry (setup time; the only BigInt use in this module). */
export function readAckMasksOf(entry: GhesV2Entry): ReadAckMasks {
  return readAckMasks(
    u64Lo(entry.readAckPreserve),
    u64Hi(entry.readAckPreserve),
    u64Lo(entry.readAckWrite),
    u64Hi(entry.readAckWrite),
    entry.readAckRegister.bitOffset,
  );
}

/**
 * Whether the platform may post a new record given the ack register's halves. QEMU tests the whole
 * 64-bit value against zero, and so does this: with the platform always writing a full 0, any bit
 * set since then can only come from an OS ack.
 */
export function platformMayWrite(ackLo: number, ackHi: number): boolean {
  return ((ackLo | ackHi) >>> 0) !== 0;
}

/** Low half of the value the OS writes back when it acknowledges, given the current low half. */
export function ospmAckLo(ackLo: number, m: ReadAckMasks): number {
  return ((ackLo & m.preserveLo) | m.writeLo) >>> 0;
}

/** High half of the value the OS writes back, given the current high half. */
export function ospmAckHi(ackHi: number, m: ReadAckMasks): number {
  return ((ackHi & m.preserveHi) | m.writeHi) >>> 0;
}

/** Stores the initial "free" value: what the platform does when it sets a source up or resets it. */
export function initialiseReadAck(view: DataView, off: number): void {
  view.setUint32(off, READ_ACK_FREE, true);
  view.setUint32(off + 4, 0, true);
}

/** Reads the register and applies {@link platformMayWrite}. */
export function readAckIsFree(view: DataView, off: number): boolean {
  return platformMayWrite(view.getUint32(off, true), view.getUint32(off + 4, true));
}

/**
 * The platform's claim, step 1 of c.7: refuse (return false, change nothing) while the previous
 * record is unacknowledged; otherwise write 0 and return true, after which the caller writes the
 * status block and notifies. Plain reads and writes: the engine's concurrent version is a
 * compare-exchange on the same field.
 */
export function platformClaim(view: DataView, off: number): boolean {
  if (!readAckIsFree(view, off)) return false;
  view.setUint32(off, 0, true);
  view.setUint32(off + 4, 0, true);
  return true;
}

/**
 * The OS's acknowledgement, step 4 of c.7 (Linux ghes_ack_error): read the register, keep the
 * preserved bits, set the write bits, store. Done after Block Status has been cleared, which is
 * what makes it safe for the platform to write again.
 */
export function ospmAcknowledge(view: DataView, off: number, m: ReadAckMasks): void {
  const lo = ospmAckLo(view.getUint32(off, true), m);
  const hi = ospmAckHi(view.getUint32(off + 4, true), m);
  view.setUint32(off, lo, true);
  view.setUint32(off + 4, hi, true);
}

/**
 * The ACPI Generic Address Structure (GAS, 12 bytes; formats.md c.4).
 *
 * A GHESv2 entry carries two of them: the Error Status Address, which points at an 8-byte slot
 * holding the status-block address, and the Read Ack Register, which points at the ack register
 * itself. EL3 firmware (QEMU's build_ghes_v2_entry for a guest) writes them as SystemMemory,
 * 64 bits wide, QWord access; Linux's APEI code maps and accesses the registers through them
 * (apei_read/apei_write), and uses the bit offset when it acknowledges a record (c.7).
 */
import { need } from './decode-error.js';
import { U64_MAX, readU64, writeU64 } from '../util/u64.js';

/** Size of a GAS in bytes. */
export const GAS_LENGTH = 12;

/** Address Space ID values a GAS may name; only SystemMemory is used by GHES in rasflow. */
export const AddressSpace = {
  /** 0: system memory (what GHES registers use). */
  SystemMemory: 0,
  /** 1: system I/O space. */
  SystemIo: 1,
  /** 2: PCI configuration space. */
  PciConfig: 2,
  /** 3: the embedded controller. */
  EmbeddedController: 3,
  /** 4: SMBus. */
  SmBus: 4,
  /** 0x7F: functional fixed hardware. */
  FunctionalFixedHw: 0x7f,
} as const;

/** Encoded access sizes (iasl: "Encoded Access Width"). */
export const AccessSize = {
  /** 0: undefined (legacy). */
  Undefined: 0,
  /** 1: byte access. */
  Byte: 1,
  /** 2: 16-bit access. */
  Word: 2,
  /** 3: 32-bit access. */
  DWord: 3,
  /** 4: 64-bit access (GHES registers). */
  QWord: 4,
} as const;

/** A decoded Generic Address Structure. The address is 64-bit, so it stays a bigint (f.15). */
export interface GenericAddress {
  /** Address Space ID (0 = SystemMemory). */
  spaceId: number;
  /** Register width in bits (0x40 for the GHES slot and ack register). */
  bitWidth: number;
  /** Position of the register's field inside the access; shifts the read-ack masks (c.7). */
  bitOffset: number;
  /** Encoded access size (4 = QWord). */
  accessSize: number;
  /** Physical address. */
  address: bigint;
}

/**
 * The GAS QEMU and rasflow's firmware use for both GHES registers: a 64-bit register in system
 * memory, accessed as one QWord, with no bit offset.
 */
export function systemMemoryQword(address: bigint): GenericAddress {
  return {
    spaceId: AddressSpace.SystemMemory,
    bitWidth: 64,
    bitOffset: 0,
    accessSize: AccessSize.QWord,
    address,
  };
}

/** Writes `gas` at `off`. Out-of-range fields are a builder bug and raise a RangeError. */
export function writeGas(view: DataView, off: number, gas: GenericAddress, field = 'GAS'): void {
  for (const k of ['spaceId', 'bitWidth', 'bitOffset', 'accessSize'] as const) {
    const v = gas[k];
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`${field}.${k}: ${v} is not a u8`);
  }
  if (gas.address < 0n || gas.address > U64_MAX) {
    throw new RangeError(`${field}.address: ${gas.address} is not a u64`);
  }
  view.setUint8(off, gas.spaceId);
  view.setUint8(off + 1, gas.bitWidth);
  view.setUint8(off + 2, gas.bitOffset);
  view.setUint8(off + 3, gas.accessSize);
  writeU64(view, off + 4, gas.address);
}

/**
 * Reads a GAS at `off`. Any byte values are accepted (ACPI allows spaces and widths this
 * simulator never uses); only a short buffer is an error (`truncated`).
 */
export function readGas(view: DataView, off: number, structure = 'GAS'): GenericAddress {
  need(view, off, GAS_LENGTH, structure);
  return {
    spaceId: view.getUint8(off),
    bitWidth: view.getUint8(off + 1),
    bitOffset: view.getUint8(off + 2),
    accessSize: view.getUint8(off + 3),
    address: readU64(view, off + 4),
  };
}


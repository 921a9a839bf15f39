/**
 * The UEFI "Generic Error Status" u64 (formats.md d.3, Error Status table). Memory, PCIe and
 * other CPER sections carry it to say which part of a transaction failed and who noticed. EL3
 * firmware fills it from the RAS error record; Linux `cper.c` prints it; QEMU writes 0.
 */
import { checkUint } from './codec-util.js';

/** The fields of an Error Status value. */
export interface ErrorStatusFields {
  /** Bits 15:8: error type code, see {@link errorStatusTypeName}. */
  errorType: number;
  /** Bit 16: the address signals or address part of the transaction were in error. */
  address: boolean;
  /** Bit 17: the control signals or part were in error. */
  control: boolean;
  /** Bit 18: the data signals or part were in error. */
  data: boolean;
  /** Bit 19: the responder detected the error. */
  detectedByResponder: boolean;
  /** Bit 20: the requester detected the error. */
  detectedByRequester: boolean;
  /** Bit 21: first error in a sequence of related errors. */
  firstError: boolean;
  /** Bit 22: more errors occurred and were not logged. */
  overflow: boolean;
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'ERR_INTERNAL', 4: 'ERR_MEM', 5: 'ERR_TLB', 6: 'ERR_CACHE', 7: 'ERR_FUNCTION',
  8: 'ERR_SELFTEST', 9: 'ERR_FLOW', 16: 'ERR_BUS', 17: 'ERR_MAP', 18: 'ERR_IMPROPER',
  19: 'ERR_UNIMPL', 20: 'ERR_LOL', 21: 'ERR_RESPONSE', 22: 'ERR_PARITY', 23: 'ERR_PROTOCOL',
  24: 'ERR_ERROR', 25: 'ERR_TIMEOUT', 26: 'ERR_POISONED',
};

/** Mnemonic of an Error Status error-type code (e.g. 16 → `ERR_BUS`), or `reserved (N)`. */
export function errorStatusTypeName(code: number): string {
  return Object.hasOwn(TYPE_NAMES, code) ? TYPE_NAMES[code]! : `reserved (${code})`;
}

/** Splits an Error Status value; reserved bits (7:0, 63:23) are ignored. */
export function decodeErrorStatus(value: bigint): ErrorStatusFields {
  // Everything defined lives in the low 23 bits, so one 32-bit number suffices.
  const v = Number(value & 0xffff_ffffn);
  return {
    errorType: (v >>> 8) & 0xff,
    address: (v & (1 << 16)) !== 0,
    control: (v & (1 << 17)) !== 0,
    data: (v & (1 << 18)) !== 0,
    detectedByResponder: (v & (1 << 19)) !== 0,
    detectedByRequester: (v & (1 << 20)) !== 0,
    firstError: (v & (1 << 21)) !== 0,
    overflow: (v & (1 << 22)) !== 0,
  };
}

/** Builds an Error Status value with zero reserved bits; RangeError when errorType is not a byte. */
export function encodeErrorStatus(f: ErrorStatusFields): bigint {
  checkUint('error status errorType', f.errorType, 8);
  const v =
    (f.errorType << 8) |
    (f.address ? 1 << 16 : 0) |
    (f.control ? 1 << 17 : 0) |
    (f.data ? 1 << 18 : 0) |
    (f.detectedByResponder ? 1 << 19 : 0) |
    (f.detectedByRequester ? 1 << 20 : 0) |
    (f.firstError ? 1 << 21 : 0) |
    (f.overflow ? 1 << 22 : 0);
  return BigInt(v >>> 0);
}

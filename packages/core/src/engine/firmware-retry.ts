/**
 * EL3 waiting in an exception (FirmwareContext.retryAfter): the exception firmware took is kept
 * as numbers in a hand-over row, the vCPU waits on it like on any hand-over (its PE stays busy),
 * and at the row's time the same firmware hook runs again with the exception put back. The
 * exception's flags pack into one int32 so that the row's columns carry it whole.
 */
import type { Trapped } from './contexts-ras.js';

const KIND_SERROR = 1;
const ACCESS_SHIFT = 1; // 2 bits: 0 load, 1 fetch, 2 store
const EL_SHIFT = 3; // 2 bits
const IN_GUEST = 1 << 5;
const IN_VMM = 1 << 6;
const HCR_TEA = 1 << 7;
const HCR_AMO = 1 << 8;

/** The flags of `x` as one int32 (see {@link unpackException}). */
export function packException(x: Trapped): number {
  const access = x.access === 'fetch' ? 1 : x.access === 'store' ? 2 : 0;
  return (x.kind === 'serror' ? KIND_SERROR : 0) | (access << ACCESS_SHIFT) | (x.el << EL_SHIFT)
    | (x.inGuest ? IN_GUEST : 0) | (x.inVmm ? IN_VMM : 0) | (x.hcrTea ? HCR_TEA : 0) | (x.hcrAmo ? HCR_AMO : 0);
}

/** Puts a packed exception and its numbers back into `x`; true when it was an SError. */
export function unpackException(x: Trapped, packed: number, serrorIss: number, faultVa: number, faultIpa: number): boolean {
  const access = (packed >>> ACCESS_SHIFT) & 3;
  x.kind = (packed & KIND_SERROR) !== 0 ? 'serror' : 'sea';
  x.access = access === 1 ? 'fetch' : access === 2 ? 'store' : 'load';
  x.el = ((packed >>> EL_SHIFT) & 3) as 0 | 1 | 2;
  x.inGuest = (packed & IN_GUEST) !== 0;
  x.inVmm = (packed & IN_VMM) !== 0;
  x.hcrTea = (packed & HCR_TEA) !== 0;
  x.hcrAmo = (packed & HCR_AMO) !== 0;
  x.serrorIss = serrorIss;
  x.faultVa = faultVa;
  x.faultIpa = faultIpa;
  return x.kind === 'serror';
}

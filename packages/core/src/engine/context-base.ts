/**
 * What every hook context shares: where and when the call happens, time charging, randomness and
 * notes. One instance per layer and host, reused for every call. Also the boundary checks every
 * context applies to what a plugin hands it (below).
 */
import { GHES_SOURCE_KINDS, type GhesSourceKind, type GhesSourcePlan, type GhesSourceSlot } from '../apei/ghes-layout.js';
import { VCPU_I32, VI_PE } from '../memory/layout.js';
import { draw32 } from '../rand/counter-rng.js';
import { ACTION } from '../plugin/vocabulary.js';
import type { HookContext } from '../plugin/contexts.js';
import type { Flow } from './flow.js';
import { MEMORY_RECORD_BYTES } from './ghes-access.js';

export abstract class ContextBase implements HookContext {
  constructor(protected readonly flow: Flow, private readonly pluginIndex: number) {}

  get host(): number {
    return this.flow.host.index;
  }
  get vm(): number {
    return this.flow.vm;
  }
  get vcpu(): number {
    return this.flow.vi >= 0 ? this.flow.vi % this.flow.host.vcpusPerVm : -1;
  }
  get pe(): number {
    return this.flow.vi >= 0 ? this.flow.host.vcpus.i32[this.flow.vi * VCPU_I32 + VI_PE]! : -1;
  }
  get nowNs(): number {
    return this.flow.now();
  }
  get journey(): number {
    return this.flow.j;
  }
  chargeNs(ns: number): void {
    this.flow.charge(ns);
  }
  random32(): number {
    return this.flow.random32(this.pluginIndex, draw32);
  }
  note(text: string): void {
    this.flow.stepText('note', String(text));
  }
  protected stepAction(name: keyof typeof ACTION, esr = -1, addr = -1, signal = -1, code = -1, source = -1): void {
    this.flow.step(ACTION[name], esr, addr, signal, code, source);
  }
  /**
   * Records a CPER write refused because the record is longer than the source's error status
   * block: QEMU's ghes_record_cper_errors() fails the same way ("GHES CPER record is too big"),
   * before it looks at the read-ack register, and writes nothing. The caller returns false.
   */
  protected cperTooBig(source: number, blockLength: number): void {
    this.flow.stepText('note', `GHES CPER record is too big: ${MEMORY_RECORD_BYTES} bytes for the ${blockLength}-byte error status block of source ${source}; nothing written`);
  }
}

// ---- Boundary checks ----------------------------------------------------------------------------
//
// What a plugin hands the engine through a context is checked where it crosses, the way the real
// interface would take it: a value the interface answers with an error code (KVM's -EINVAL) gets
// that code, and a value no real interface could even carry (an ESR wider than its register, a
// GHES source that does not exist, a fraction of an address) is a plugin bug. The checks below
// throw a RangeError naming the call, the argument, its value and what is allowed; the hook
// wrapper (Flow.hookError) turns it into a PluginError with plugin, hook, host, VM, vCPU and time.
// They run once per context call, on the journey path only, and build their message only when
// they fail, so a passing check allocates nothing.

/** A value in a boundary message: hex for an integer (registers, addresses), as it is otherwise. */
export function hex(v: unknown): string {
  if (typeof v !== 'number' || !Number.isInteger(v)) return typeof v === 'string' ? `'${v}'` : String(v);
  return v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

/** Throws the boundary RangeError: `call: what allowed`. */
export function refuse(call: string, what: string, allowed: string): never {
  throw new RangeError(`${call}: ${what} ${allowed}`);
}

const TWO_POW_32 = 0x1_0000_0000;

/**
 * ESR_ELx as the engine carries it: bits 31:0 (EC, IL, ISS). Bits 63:32 hold ISS2 and RES0, which
 * are 0 for every exception of this flow (formats.md a.1), so a wider value is refused rather than
 * cut. A negative int32 is taken as the same 32 bits: it is what JS's bitwise operators return
 * for a value with bit 31 set (`0x80000000 | iss`). Returns the value unsigned.
 */
export function esr32(call: string, arg: string, v: number): number {
  if (!Number.isInteger(v) || v < -0x8000_0000) refuse(call, `${arg} ${hex(v)}`, 'is not an ESR value (an integer of 32 bits: EC 31:26, IL 25, ISS 24:0)');
  if (v >= TWO_POW_32) {
    refuse(call, `${arg} ${hex(v)}`, 'has bits above 31 set (ISS2 and RES0, 0 for every exception of this flow); ESR_ELx here is EC 31:26, IL 25, ISS 24:0');
  }
  return v >>> 0;
}

/** Instruction abort ISS bits that are RES0 (formats.md a.4): 24:13, 8 and 6. */
const IABT_RES0 = 0x01ff_e000 | (1 << 8) | (1 << 6);
/** Data abort ISS bits that are RES0 when ISV (bit 24) is 0 (formats.md a.3): 23:14. */
const DABT_NO_ISV_RES0 = 0x00ff_c000;
/** SError ISS bits that are RES0 when IDS (bit 24) is 0 (formats.md a.7): 23:14 and 8:6. */
const SERROR_RES0 = 0x00ff_c000 | 0x1c0;

/**
 * The ESR of an external abort (an SEA): EC 0x24/0x25 (data) or 0x20/0x21 (instruction), with no
 * RES0 ISS bit set. Returns it unsigned.
 */
export function abortEsr(call: string, arg: string, v: number): number {
  const esr = esr32(call, arg, v);
  const ec = esr >>> 26;
  if (ec !== 0x24 && ec !== 0x25 && ec !== 0x20 && ec !== 0x21) {
    refuse(call, `${arg} ${hex(esr)}`, `has EC 0x${ec.toString(16)}; an external abort is a data abort (EC 0x24/0x25) or an instruction abort (EC 0x20/0x21)`);
  }
  const res0 = ec >= 0x24 ? ((esr & (1 << 24)) === 0 ? esr & DABT_NO_ISV_RES0 : 0) : esr & IABT_RES0;
  if (res0 !== 0) {
    const which = ec >= 0x24 ? 'a data abort ISS with ISV=0 (23:14)' : 'an instruction abort ISS (24:13, 8, 6)';
    refuse(call, `${arg} ${hex(esr)}`, `sets bits 0x${res0.toString(16)} that are RES0 in ${which}`);
  }
  return esr;
}

/**
 * The ESR of an SError: EC 0x2F; with IDS=0, no RES0 ISS bit and DFSC 0x00 (uncategorized) or
 * 0x11 (asynchronous SError), the only values that are not reserved (formats.md a.7). With IDS=1
 * bits 23:0 are IMPLEMENTATION DEFINED and anything goes. Returns it unsigned.
 */
export function serrorEsr(call: string, arg: string, v: number): number {
  const esr = esr32(call, arg, v);
  const ec = esr >>> 26;
  if (ec !== 0x2f) refuse(call, `${arg} ${hex(esr)}`, `has EC 0x${ec.toString(16)}; an SError has EC 0x2F`);
  if ((esr & (1 << 24)) === 0) {
    if ((esr & SERROR_RES0) !== 0) {
      refuse(call, `${arg} ${hex(esr)}`, `sets bits 0x${(esr & SERROR_RES0).toString(16)} that are RES0 in an SError ISS with IDS=0 (23:14 and 8:6)`);
    }
    const dfsc = esr & 0x3f;
    if (dfsc !== 0 && dfsc !== 0x11) {
      refuse(call, `${arg} ${hex(esr)}`, `has DFSC 0x${dfsc.toString(16)}, reserved in an SError ISS (0x00 uncategorized, 0x11 asynchronous SError)`);
    }
  }
  return esr;
}

/** A physical address that can be named at all: an integer in 0..2^53-1 (exact as a JS number). */
export function physAddr(call: string, arg: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 0) refuse(call, `${arg} ${hex(v)}`, 'is not a physical address (an integer in 0..2^53-1)');
  return v;
}

/**
 * An address a query looks up: any integer (a negative one, like the -1 other calls return for
 * "no address", simply is not there); a fraction, NaN or an infinity is no address at all.
 */
export function queryAddr(call: string, arg: string, v: number): number {
  if (!Number.isSafeInteger(v)) refuse(call, `${arg} ${hex(v)}`, 'is not an address (an integer)');
  return v;
}

/** An index in 0..count-1 (a VM, a vCPU, a process, a page); `what` says what it counts. */
export function index(call: string, arg: string, v: number, count: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v >= count) refuse(call, `${arg} ${String(v)}`, `is not in 0..${count - 1} (${what})`);
  return v;
}

/** The GHES source `source` of `plan` (host or guest), or a boundary error naming the call. */
export function ghesSource(call: string, plan: GhesSourcePlan, source: number, finder: 'hostSource' | 'guestSource'): GhesSourceSlot {
  const s = Number.isInteger(source) ? plan.sources[source] : undefined;
  if (s === undefined) {
    refuse(call, `GHES source ${String(source)}`, `does not exist: the plan has ${plan.sources.length} (0..${plan.sources.length - 1}); ${finder}() returns -1 for a kind that is not published`);
  }
  return s;
}

/** A GHES source kind, as HEST publishes them. */
export function ghesKind(call: string, kind: GhesSourceKind): GhesSourceKind {
  if (!GHES_SOURCE_KINDS.includes(kind)) refuse(call, `kind ${hex(kind)}`, `is not a GHES source kind (${GHES_SOURCE_KINDS.join(', ')})`);
  return kind;
}

/** CPER severities (formats.md d.8): 0 recoverable, 1 fatal, 2 corrected, 3 informational. */
export function cperSeverity(call: string, v: number): number {
  if (v !== 0 && v !== 1 && v !== 2 && v !== 3) refuse(call, `severity ${String(v)}`, 'is not a CPER severity (0 recoverable, 1 fatal, 2 corrected, 3 informational)');
  return v;
}

/** Memory Error Section validation bits defined by UEFI N.2.5 (formats.md d.3): 21:0. */
const MEM_VALID_DEFINED = 0x3f_ffff;

/** Memory section validation bits: an integer with no bit above 21 (63:22 are reserved). */
export function memValidation(call: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > MEM_VALID_DEFINED) {
    refuse(call, `validationBits ${hex(v)}`, 'sets bits the memory error section does not define (only 21:0; 63:22 are reserved, UEFI N.2.5)');
  }
  return v;
}

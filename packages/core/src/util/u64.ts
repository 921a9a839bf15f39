/**
 * 64-bit values without BigInt on hot paths.
 *
 * Registers (ESR_ELx, ERR<n>STATUS, HCR_EL2) and CPER fields are 64 bits wide. JavaScript numbers
 * hold 53 bits exactly and bit operators work on 32, so the engine keeps a 64-bit value as two
 * unsigned 32-bit halves (`lo`, `hi`). BigInt appears only at the edges: command-line parsing,
 * JSON output and the general-purpose codecs that users call.
 */

/** 2^32, the weight of the high half. */
export const TWO_POW_32 = 0x1_0000_0000;

/** Largest 64-bit unsigned value as a bigint. */
export const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** Joins two unsigned 32-bit halves into a bigint (edges only). */
export function u64FromHalves(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Low 32 bits of a bigint as an unsigned number. */
export function u64Lo(v: bigint): number {
  return Number(v & 0xffff_ffffn);
}

/** High 32 bits of a bigint as an unsigned number. */
export function u64Hi(v: bigint): number {
  return Number((v >> 32n) & 0xffff_ffffn);
}

/**
 * A 64-bit value held as a number when it is below 2^53 (all physical addresses this simulator
 * uses are). Hot-path writers take such numbers and split them without BigInt.
 */
export function splitSafe(v: number): {
  /** Bits 31:0. */
  lo: number;
  /** Bits 63:32. */
  hi: number;
} {
  return { lo: v >>> 0, hi: Math.floor(v / TWO_POW_32) >>> 0 };
}

/** Reads a little-endian u64 at `off` as a bigint. */
export function readU64(view: DataView, off: number): bigint {
  return u64FromHalves(view.getUint32(off, true), view.getUint32(off + 4, true));
}

/** Writes a bigint as a little-endian u64 at `off` (masked to 64 bits). */
export function writeU64(view: DataView, off: number, v: bigint): void {
  view.setUint32(off, u64Lo(v), true);
  view.setUint32(off + 4, u64Hi(v), true);
}

/**
 * Writes a number below 2^53 as a little-endian u64 without BigInt: the form the journey's
 * writers use for physical addresses.
 */
export function writeU64Number(view: DataView, off: number, v: number): void {
  view.setUint32(off, v >>> 0, true);
  view.setUint32(off + 4, Math.floor(v / TWO_POW_32) >>> 0, true);
}

/** Reads a little-endian u64 as a number; exact only below 2^53 (callers check `hi`). */
export function readU64Number(view: DataView, off: number): number {
  return view.getUint32(off + 4, true) * TWO_POW_32 + view.getUint32(off, true);
}

/** Lowercase `0x` hex of a bigint, no padding: the JSON form of u64 fields. */
export function hex64(v: bigint): string {
  return '0x' + v.toString(16);
}

/** Lowercase `0x%08x` form of a 32-bit value: the form ESRs are printed in. */
export function hex32(v: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(8, '0');
}

/** The result of {@link parseU64}: the value, or why the text is not a 64-bit unsigned number. */
export type U64ParseResult =
  | {
    /** The text parsed. */
    ok: true;
    /** The value. */
    value: bigint;
  }
  | {
    /** The text did not parse. */
    ok: false;
    /** Why, in words (e.g. `empty value`). */
    reason: string;
  };

/**
 * Parses a register value typed by a person: `0x` hex (case-insensitive, `_` allowed between
 * digits) or decimal. Bare hex without `0x` is refused rather than guessed, since `10` would be
 * ambiguous.
 */
export function parseU64(text: string): U64ParseResult {
  const t = text.trim();
  if (t.length === 0) return { ok: false, reason: 'empty value' };
  let digits: string;
  let radix: 16 | 10;
  if (/^0x/i.test(t)) {
    digits = t.slice(2);
    radix = 16;
    if (!/^[0-9a-f]+(_[0-9a-f]+)*$/i.test(digits)) {
      return { ok: false, reason: `'${text}' is not a hex number (0x followed by hex digits, '_' allowed between digits)` };
    }
  } else if (/^[0-9]+(_[0-9]+)*$/.test(t)) {
    digits = t;
    radix = 10;
  } else if (/^[0-9a-f_]+$/i.test(t)) {
    return { ok: false, reason: `'${text}' looks like hex without the 0x prefix; write 0x${t}` };
  } else {
    return { ok: false, reason: `'${text}' is not a number (use 0x-prefixed hex or decimal)` };
  }
  const clean = digits.replace(/_/g, '');
  const value = radix === 16 ? BigInt('0x' + clean) : BigInt(clean);
  if (value > U64_MAX) return { ok: false, reason: `'${text}' is wider than 64 bits` };
  return { ok: true, value };
}

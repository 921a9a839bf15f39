/**
 * The one kind of exception a decoder may throw.
 *
 * Decoders read untrusted bytes (a file, a guest-written GHES block). Every problem they find is a
 * {@link DecodeError} that names the structure, the byte offset and what was wrong; any other
 * exception escaping a decoder is a bug, and the fuzz tests treat it as one.
 */

/** What kind of problem a decoder found. */
export type DecodeErrorCode =
  | 'truncated' // the structure needs more bytes than there are
  | 'bad-signature' // a magic value ("CPER", "HEST", 0xFFFFFFFF) does not match
  | 'bad-length' // a length field is impossible (too small, past the end, inconsistent)
  | 'bad-value' // a field holds a value the format does not allow
  | 'bad-checksum' // an ACPI checksum does not sum to zero
  | 'unsupported' // well-formed, but of a kind this decoder does not handle
  | 'bad-input'; // the input as a whole is not of any accepted form (e.g. bad hex text)

/**
 * The one kind of exception a decoder (GHES blocks, CPER records, HEST) throws for bad bytes: it
 * names the structure, the byte offset and what was wrong. Any other exception escaping a decoder
 * is a bug.
 */
export class DecodeError extends Error {
  /** Always `DecodeError`. */
  override readonly name = 'DecodeError';
  constructor(
    /** What kind of problem. */
    readonly code: DecodeErrorCode,
    /** The structure being decoded, e.g. `"GEDE"` or `"HEST entry 1"`. */
    readonly structure: string,
    /** Byte offset from the start of the input where the problem is. */
    readonly offset: number,
    /** A sentence for a person. */
    readonly detail: string,
  ) {
    super(`${structure} at offset ${offset} (0x${offset.toString(16)}): ${detail}`);
  }
}

/**
 * Throws a `truncated` DecodeError unless `len` bytes starting at `off` lie inside the view.
 * Called before every fixed-size read so that DataView's own RangeError never escapes.
 */
export function need(view: DataView, off: number, len: number, structure: string): void {
  if (off < 0 || len < 0 || off + len > view.byteLength) {
    const have = Math.max(0, view.byteLength - Math.max(0, off));
    throw new DecodeError('truncated', structure, off, `needs ${len} bytes, only ${have} left`);
  }
}

/**
 * CPER error severities (formats.md d.8).
 *
 * The same 32-bit severity code sits in four places: the CPER record header, each section
 * descriptor, the Generic Error Status Block and each Generic Error Data Entry. EL3 firmware and
 * QEMU's `hw/acpi/ghes.c` write it; Linux `ghes.c` reads it to decide between logging, recovery
 * (`memory_failure()`) and panic.
 */

/** CPER severity codes as they appear on the wire. */
export const CperSeverity = {
  /** Uncorrected but contained: the OS may recover (e.g. poison a page). QEMU's SEA errors use it. */
  Recoverable: 0,
  /** Uncorrected and not contained: the OS must stop. */
  Fatal: 1,
  /** Corrected by hardware; reported for accounting and predictive failure analysis. */
  Corrected: 2,
  /** Not an error, only information (QEMU calls it "none"). */
  Informational: 3,
} as const;

/** One of the four defined CPER severity codes. */
export type CperSeverityCode = (typeof CperSeverity)[keyof typeof CperSeverity];

const NAMES = ['recoverable', 'fatal', 'corrected', 'informational'] as const;

/** True for the four defined codes; decoders still report other u32 values unchanged. */
export function isKnownSeverity(code: number): code is CperSeverityCode {
  return code === 0 || code === 1 || code === 2 || code === 3;
}

/** Lowercase name of a CPER severity, or `unknown (N)` for a value outside 0..3. */
export function severityName(code: number): string {
  return isKnownSeverity(code) ? NAMES[code] : `unknown (${code})`;
}

/**
 * Linux's internal GHES severity scale (`GHES_SEV_*` in `ghes.c`). It is ordered by urgency so
 * that the kernel can take the maximum over sections; it never appears in memory or on the wire.
 */
export const GhesSev = {
  /** GHES_SEV_NO (0): nothing to do (informational). */
  No: 0,
  /** GHES_SEV_CORRECTED (1): log and count. */
  Corrected: 1,
  /** GHES_SEV_RECOVERABLE (2): recover, e.g. memory_failure() on the page. */
  Recoverable: 2,
  /** GHES_SEV_PANIC (3): the kernel panics. */
  Panic: 3,
} as const;

/** One of Linux's GHES severity levels. */
export type GhesSevLevel = (typeof GhesSev)[keyof typeof GhesSev];

/**
 * How Linux `ghes.c` maps a CPER severity to its GHES scale. Anything it does not recognise is
 * treated as a panic, so a corrupted severity field fails safe rather than being ignored.
 */
export function ghesSevFromCper(code: number): GhesSevLevel {
  switch (code) {
    case CperSeverity.Recoverable:
      return GhesSev.Recoverable;
    case CperSeverity.Corrected:
      return GhesSev.Corrected;
    case CperSeverity.Informational:
      return GhesSev.No;
    default:
      return GhesSev.Panic;
  }
}

/**
 * Linux's notion of "worse" between two CPER severities: compare on the GHES scale, since the
 * raw codes are not ordered (Fatal is 1, Corrected is 2).
 */
export function worseSeverity(a: number, b: number): number {
  return ghesSevFromCper(b) > ghesSevFromCper(a) ? b : a;
}

/**
 * Simulated times on the command line: `250ms`, `1.5s`, `20us`, `5000ns` or a bare number of
 * nanoseconds, as scenarios count time in integer nanoseconds.
 */
const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };

/** Nanoseconds (rounded to an integer, at least 1) for `text`, or null when it is not a time. */
export function parseSimTime(text: string): number | null {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s)?$/.exec(text.trim());
  if (m === null) return null;
  const ns = Math.round(Number(m[1]) * UNIT_NS[m[2] ?? 'ns']!);
  return ns >= 1 && Number.isSafeInteger(ns) ? ns : null;
}

/**
 * The counters of results.json (issue: `counts`). Event counters count events as they happen;
 * outcome counters count journeys by their final outcome (flow.md §7), most severe wins.
 */
import { OUTCOMES, type Outcome } from '../plugin/vocabulary.js';

/**
 * The counters of results.json's `counts`, in order: event counters (accesses, errors injected and
 * consumed, SEAs, SErrors, virtual SErrors, SEAs injected into guests, SIGBUS by si_code, host and
 * guest memory_failure() calls), then one per journey outcome, then VMs and hosts lost.
 */
export const COUNT_KEYS = [
  'accesses', 'errorsInjected', 'errorsConsumed', 'sea', 'serror', 'virtualSError', 'guestSea',
  'sigbusAR', 'sigbusAO', 'sigbusOther', 'hostMemoryFailure', 'guestMemoryFailure',
  'corrected', 'latent', 'recovered', 'ignored', 'guestPageOfflined', 'guestAppKilled', 'guestPanic',
  'vmTerminated', 'hostPanic', 'livelock', 'silentCorruption', 'vmsLost', 'hostsLost',
] as const;
/** The name of a counter (a key of results.json's `counts`). */
export type CountKey = (typeof COUNT_KEYS)[number];

/** Counter index: accesses retired. */
export const C_ACCESSES = 0;
/** Counter index: hardware errors injected. */
export const C_INJECTED = 1;
/**
 * Counter index: poisoned granules consumed (each counted once, at its first consuming load or
 * fetch).
 */
export const C_CONSUMED = 2;
/**
 * Counter index: synchronous external aborts taken (every consumption, re-executions included).
 */
export const C_SEA = 3;
/** Counter index: physical SErrors signalled. */
export const C_SERROR = 4;
/** Counter index: virtual SErrors made pending (HCR_EL2.VSE with a VSESR_EL2 syndrome). */
export const C_VSERROR = 5;
/** Counter index: SEAs the VMM injected into a guest. */
export const C_GUEST_SEA = 6;
/** Counter index: SIGBUS sent with BUS_MCEERR_AR (action required). */
export const C_SIGBUS_AR = 7;
/** Counter index: SIGBUS sent with BUS_MCEERR_AO (action optional). */
export const C_SIGBUS_AO = 8;
/** Counter index: SIGBUS sent with another si_code (SI_KERNEL, BUS_OBJERR). */
export const C_SIGBUS_OTHER = 9;
/** Counter index: host memory_failure() calls on a page not yet hwpoisoned. */
export const C_HOST_MF = 10;
/** Counter index: guest memory_failure() calls. */
export const C_GUEST_MF = 11;
/** Counter index: VMs lost (guest panics, VM terminations). */
export const C_VMS_LOST = 23;
/** Counter index: hosts lost (host panics, firmware halts). */
export const C_HOSTS_LOST = 24;

/** Counter key of each outcome. */
export const OUTCOME_COUNT_KEY: Readonly<Record<Outcome, CountKey>> = {
  'latent': 'latent', 'corrected': 'corrected', 'recovered': 'recovered', 'ignored': 'ignored', 'guest-page-offlined': 'guestPageOfflined',
  'guest-app-killed': 'guestAppKilled', 'guest-panic': 'guestPanic', 'vm-terminated': 'vmTerminated',
  'host-panic': 'hostPanic', 'livelock': 'livelock', 'silent-corruption': 'silentCorruption',
};

/** Index in COUNT_KEYS of each outcome rank. */
export const OUTCOME_COUNT_INDEX: readonly number[] = OUTCOMES.map((o) => COUNT_KEYS.indexOf(OUTCOME_COUNT_KEY[o]));

/** A host's counter array as results.json's `counts` object. */
export function countsObject(values: Float64Array): Record<CountKey, number> {
  const out = {} as Record<CountKey, number>;
  COUNT_KEYS.forEach((k, i) => (out[k] = values[i]!));
  return out;
}

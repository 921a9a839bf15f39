/**
 * The counters of results.json (issue: `counts`). Event counters count events as they happen;
 * outcome counters count journeys by their final outcome (flow.md §7), most severe wins.
 */
import { OUTCOMES, type Outcome } from '../plugin/vocabulary.js';

export const COUNT_KEYS = [
  'accesses', 'errorsInjected', 'errorsConsumed', 'sea', 'serror', 'virtualSError', 'guestSea',
  'sigbusAR', 'sigbusAO', 'sigbusOther', 'hostMemoryFailure', 'guestMemoryFailure',
  'corrected', 'latent', 'recovered', 'ignored', 'guestPageOfflined', 'guestAppKilled', 'guestPanic',
  'vmTerminated', 'hostPanic', 'livelock', 'silentCorruption', 'vmsLost', 'hostsLost',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

export const C_ACCESSES = 0;
export const C_INJECTED = 1;
export const C_CONSUMED = 2;
export const C_SEA = 3;
export const C_SERROR = 4;
export const C_VSERROR = 5;
export const C_GUEST_SEA = 6;
export const C_SIGBUS_AR = 7;
export const C_SIGBUS_AO = 8;
export const C_SIGBUS_OTHER = 9;
export const C_HOST_MF = 10;
export const C_GUEST_MF = 11;
export const C_VMS_LOST = 23;
export const C_HOSTS_LOST = 24;

/** Counter key of each outcome. */
export const OUTCOME_COUNT_KEY: Readonly<Record<Outcome, CountKey>> = {
  'latent': 'latent', 'corrected': 'corrected', 'recovered': 'recovered', 'ignored': 'ignored', 'guest-page-offlined': 'guestPageOfflined',
  'guest-app-killed': 'guestAppKilled', 'guest-panic': 'guestPanic', 'vm-terminated': 'vmTerminated',
  'host-panic': 'hostPanic', 'livelock': 'livelock', 'silent-corruption': 'silentCorruption',
};

/** Index in COUNT_KEYS of each outcome rank. */
export const OUTCOME_COUNT_INDEX: readonly number[] = OUTCOMES.map((o) => COUNT_KEYS.indexOf(OUTCOME_COUNT_KEY[o]));

export function countsObject(values: Float64Array): Record<CountKey, number> {
  const out = {} as Record<CountKey, number>;
  COUNT_KEYS.forEach((k, i) => (out[k] = values[i]!));
  return out;
}

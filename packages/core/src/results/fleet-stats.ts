/**
 * Fleet statistics over replications (`rasflow run --replications N`): the same scenario run N
 * times with derived seeds, each replication's counts turned into rates per 1,000 host-years,
 * and the mean of each rate with a 95 % confidence interval from the spread between replications
 * (Student's t with N − 1 degrees of freedom). Host-years are hosts × durationNs, so a short run
 * of many hosts and a long run of few count the same; rates read like the field studies' (errors
 * per 1,000 machine-years).
 */
import { mix32 } from '../rand/counter-rng.js';
import type { ResultsJson } from './results-json.js';

/** Nanoseconds in a year of 365.25 days. */
export const NS_PER_YEAR = 365.25 * 24 * 3600 * 1e9;

/** The seed of replication r: the scenario's seed for r = 0, then mixed (never two equal by accident of arithmetic). */
export function replicationSeed(seed: number, r: number): number {
  return r === 0 ? seed >>> 0 : mix32((seed ^ mix32(Math.imul(r, 0x9e3779b9) >>> 0)) >>> 0);
}

/** Two-sided 95 % quantiles of Student's t for 1 … 30 degrees of freedom (then the normal's). */
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function t95(df: number): number {
  return df >= 1 && df <= 30 ? T95[df - 1]! : 1.96;
}

/** A rate per 1,000 host-years over the replications. */
export interface RateStat {
  mean: number;
  /** Half-width of the 95 % interval (null with one replication: no spread to measure). */
  ci95: number | null;
  /** Each replication's value, in replication order. */
  values: number[];
}

/** `fleet.json`: what `--replications` writes beside the replications' directories. */
export interface FleetStats {
  scenario: string;
  scenarioDigest: string;
  profile: string;
  replications: number;
  seeds: number[];
  /** Host-years simulated per replication. */
  hostYears: number;
  /** Per 1,000 host-years: errors injected and consumed, each outcome, VMs and hosts lost. */
  per1000HostYears: Record<string, RateStat>;
  /** VM-hours lost to error handling (guest time charged to handlers) per 1,000 host-years. */
  vmHoursLostPer1000HostYears: RateStat;
  /** Every replication complete. */
  complete: boolean;
}

/** The counters reported as rates, in this order: what a fleet operator asks about. */
export const FLEET_KEYS = [
  'errorsInjected', 'errorsConsumed', 'corrected', 'recovered', 'ignored', 'latent', 'guestPageOfflined',
  'guestAppKilled', 'guestPanic', 'vmTerminated', 'hostPanic', 'livelock', 'silentCorruption', 'vmsLost', 'hostsLost',
] as const;

function stat(values: number[]): RateStat {
  const n = values.length;
  const mean = values.reduce((t, v) => t + v, 0) / n;
  if (n < 2) return { mean, ci95: null, values };
  const sd = Math.sqrt(values.reduce((t, v) => t + (v - mean) ** 2, 0) / (n - 1));
  return { mean, ci95: (t95(n - 1) * sd) / Math.sqrt(n), values };
}

/** Statistics over the replications' results (one results.json each, same scenario but seed). */
export function fleetStats(runs: readonly ResultsJson[], durationNs: number): FleetStats {
  const r0 = runs[0]!;
  const hostYears = (r0.hostsInScenario * durationNs) / NS_PER_YEAR;
  const per = (n: number): number => (n / hostYears) * 1000;
  const per1000HostYears: Record<string, RateStat> = {};
  for (const k of FLEET_KEYS) per1000HostYears[k] = stat(runs.map((r) => per(r.counts[k] ?? 0)));
  const lostHours = (r: ResultsJson): number => r.vms.reduce((t, v) => t + v.timeLostNs, 0) / 3.6e12;
  return {
    scenario: r0.scenario, scenarioDigest: r0.scenarioDigest, profile: r0.profile, replications: runs.length,
    seeds: runs.map((r) => r.seed), hostYears, per1000HostYears,
    vmHoursLostPer1000HostYears: stat(runs.map((r) => per(lostHours(r)))),
    complete: runs.every((r) => r.complete),
  };
}

const fmt = (x: number): string => (x === 0 ? '0' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));

/** The table `rasflow run --replications` prints. */
export function formatFleetStats(f: FleetStats): string[] {
  const rows: [string, RateStat][] = [...FLEET_KEYS.map((k) => [k, f.per1000HostYears[k]!] as [string, RateStat]), ['vmHoursLost', f.vmHoursLostPer1000HostYears]];
  const shown = rows.filter(([k, s]) => s.mean > 0 || k === 'errorsInjected');
  const lines = [`fleet: ${f.replications} replication${f.replications === 1 ? '' : 's'} × ${fmt(f.hostYears)} host-years, profile ${f.profile}; per 1,000 host-years, mean ± 95 % interval`];
  const w = Math.max(...shown.map(([k]) => k.length));
  for (const [k, s] of shown) lines.push(`  ${k.padEnd(w)}  ${fmt(s.mean).padStart(10)}${s.ci95 === null ? '' : ` ± ${fmt(s.ci95)}`}`);
  return lines;
}

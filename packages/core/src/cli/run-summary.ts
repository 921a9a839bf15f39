/**
 * The text `rasflow run` prints: one line when it starts and a summary at the end (scenario,
 * time, speed, the outcomes that occurred, losses, the slowest journey and the files written).
 * Everything here is computed from results.json's object, so the summary never disagrees with it.
 */
import { OUTCOME_COUNT_KEY } from '../engine/counts.js';
import { OUTCOMES } from '../plugin/vocabulary.js';
import type { JourneyRecord } from '../results/journey-record.js';
import type { ResultsJson } from '../results/results-json.js';
import type { Scenario } from '../scenario/scenario-types.js';
import { formatFates, type Fates } from './run-fates.js';

/** The journey that took longest from report to outcome. */
export interface SlowestJourney {
  id: string;
  latencyNs: number;
  outcome: string;
}

/** The record with the largest latency (the first in canonical order on a tie); null if none has one. */
export function slowestJourney(records: Iterable<JourneyRecord>): SlowestJourney | null {
  let best: SlowestJourney | null = null;
  for (const r of records) {
    if (r.latencyNs !== null && (best === null || r.latencyNs > best.latencyNs)) {
      best = { id: r.id, latencyNs: r.latencyNs, outcome: r.outcome };
    }
  }
  return best;
}

/** A duration in ns in the largest unit that keeps it ≥ 1: `850 ns`, `12.5 µs`, `1.25 s`. */
export function formatNs(ns: number): string {
  // Years (365.25 days) and days for sampled-time runs; a fleet-year reads better than 31557600 s.
  const units: [number, string][] = [[365.25 * 86400e9, 'years'], [86400e9, 'days'], [1e9, 's'], [1e6, 'ms'], [1e3, 'µs']];
  for (const [scale, unit] of units) {
    if (ns < scale) continue;
    const v = trim(ns / scale);
    return `${v} ${v === '1' && unit.endsWith('s') && unit.length > 2 ? unit.slice(0, -1) : unit}`;
  }
  return `${trim(ns)} ns`;
}

/** Up to three significant decimals, no trailing zeros. */
function trim(v: number): string {
  return String(Number(v.toPrecision(v >= 1000 ? Math.ceil(Math.log10(v + 1)) : 3)));
}

/** A rate with a metric suffix: `35.6 M/s`. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e9) return `${trim(perSecond / 1e9)} G/s`;
  if (perSecond >= 1e6) return `${trim(perSecond / 1e6)} M/s`;
  if (perSecond >= 1e3) return `${trim(perSecond / 1e3)} k/s`;
  return `${trim(perSecond)}/s`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The one line printed when the run starts. */
export function startLine(s: Scenario, outDir: string, command = 'run'): string {
  return `rasflow ${command}: ${s.name}: ${plural(s.hosts.count, 'host')} × ${plural(s.vms.perHost, 'VM')} × ` +
    `${plural(s.vms.vcpus, 'vCPU')}, ${formatNs(s.durationNs)} simulated, profile ${s.profile}, seed ${s.seed} → ${outDir}`;
}

/** What the summary says besides results.json: how the run ended and where the files went. */
export interface SummaryExtras {
  slowest: SlowestJourney | null;
  /** Paths written (results.json, journeys.jsonl), as the user should read them. */
  files: readonly string[];
  /** Why the run is incomplete, e.g. `interrupted by SIGINT`; null when it completed. */
  stopReason: string | null;
  /** Journeys by kind of error and outcome (omitted: no table). */
  fates?: Fates;
}

/** The summary printed at the end of a run. */
export function formatSummary(r: ResultsJson, x: SummaryExtras): string {
  const c = r.counts;
  const journeys = r.hosts.reduce((n, h) => n + h.journeys, 0);
  const status = r.complete ? 'complete' : `INCOMPLETE (${x.stopReason ?? 'stopped'})`;
  const lines = [
    `scenario   ${r.scenario}: ${status}`,
    `profile    ${r.profile}`,
    `seed       ${r.seed}`,
    `simulated  ${formatNs(r.simulatedNs)}`,
    `wall time  ${r.wallSeconds.toFixed(3)} s`,
    `accesses   ${c.accesses} (${formatRate(r.throughput.accessesPerSecond)})`,
    `journeys   ${journeys} (${formatRate(r.throughput.journeysPerSecond)})`,
  ];
  const rows = OUTCOMES.map((o) => [o, c[OUTCOME_COUNT_KEY[o]]] as const).filter(([, n]) => n > 0);
  if (rows.length > 0) {
    const width = Math.max(7, ...rows.map(([o]) => o.length));
    const numWidth = Math.max(8, ...rows.map(([, n]) => String(n).length));
    // Outcomes count errors: one per journey, except journeys of corrected errors counted in bulk.
    const errors = rows.reduce((t, [, n]) => t + n, 0);
    const unit = errors === journeys ? 'journeys' : 'errors';
    lines.push('', `${'outcome'.padEnd(width)}  ${unit.padStart(numWidth)}    share`);
    for (const [o, n] of rows) {
      const share = errors > 0 ? ((100 * n) / errors).toFixed(1) : '0.0';
      lines.push(`${o.padEnd(width)}  ${String(n).padStart(numWidth)}  ${share.padStart(5)} %`);
    }
  } else lines.push('', 'no error journeys');
  if (x.fates !== undefined) {
    const table = formatFates(x.fates);
    if (table.length > 0) lines.push('', ...table);
  }
  lines.push('', `VMs lost   ${c.vmsLost}`, `hosts lost ${c.hostsLost}`);
  lines.push(
    x.slowest === null
      ? 'slowest journey: none with a latency'
      : `slowest journey: ${x.slowest.id}, ${formatNs(x.slowest.latencyNs)}, ${x.slowest.outcome}`,
  );
  lines.push(`wrote ${x.files.join(', ')}`);
  return lines.join('\n');
}

/**
 * Runs the soak of one profile: every phase of soak-phases.ts, host after host in this thread
 * (runHosts with one host at a time, so that only one host's journey records are alive), each
 * journey classified (classify-row.ts) and checked against the table (expected-outcomes.ts).
 */
import { fileURLToPath } from 'node:url';
import { COUNT_KEYS, loadPluginSet, parseScenario, runHosts } from '@rasflow/core';
import { classifyJourney, ROW_IDS, type NonRow, type RowId } from './classify-row.js';
import { checkJourney, type Mismatch, type Profile } from './expected-outcomes.js';
import { soakPhases, type SoakSize } from './soak-phases.js';

/** Relative plugin paths (the V2 VMM) resolve against the compiled soak directory. */
const baseDir = fileURLToPath(new URL('.', import.meta.url));
const SILENT = COUNT_KEYS.indexOf('silentCorruption');
/** Mismatches kept for the report (all are counted). */
const KEEP_MISMATCHES = 20;

export interface PhaseTally {
  name: string;
  hosts: number;
  journeys: number;
  wallSeconds: number;
}

export interface SoakTally {
  profile: Profile;
  journeys: number;
  /** Journeys per row (interrupted ones included). */
  rows: Record<RowId, number>;
  /** Journeys per row cut short by another journey (not outcome-checked). */
  interrupted: Record<RowId, number>;
  nonRows: Record<NonRow, number>;
  /** Journeys per final outcome. */
  outcomes: Record<string, number>;
  /** Journeys per row and final outcome. */
  rowOutcomes: Record<RowId, Record<string, number>>;
  /** The engine's silentCorruption counter, summed over hosts. */
  silentCorruption: number;
  mismatchCount: number;
  mismatches: Mismatch[];
  phases: PhaseTally[];
  wallSeconds: number;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Runs the soak of `profile` at `size`; `onPhase` hears of each phase as it ends. */
export async function runSoak(profile: Profile, size: SoakSize, onPhase?: (p: PhaseTally) => void): Promise<SoakTally> {
  const t0 = performance.now();
  const tally: SoakTally = {
    profile, journeys: 0, rows: zeros(ROW_IDS), interrupted: zeros(ROW_IDS), nonRows: zeros(['unconsumed', 'undelivered', 'other'] as const),
    outcomes: {}, rowOutcomes: Object.fromEntries(ROW_IDS.map((r) => [r, {}])) as Record<RowId, Record<string, number>>, silentCorruption: 0, mismatchCount: 0, mismatches: [], phases: [], wallSeconds: 0,
  };
  for (const phase of soakPhases(profile, size)) {
    const p0 = performance.now();
    const scenario = parseScenario(phase.scenario);
    const set = await loadPluginSet(scenario, baseDir);
    let journeys = 0;
    for (let host = 0; host < scenario.hosts.count; host++) {
      const out = runHosts(scenario, set, { baseDir, keepJourneys: true, hosts: [host] });
      tally.silentCorruption += out.counts[SILENT]!;
      for (const j of out.hosts[0]!.records ?? []) {
        journeys++;
        tally.outcomes[j.outcome] = (tally.outcomes[j.outcome] ?? 0) + 1;
        const c = classifyJourney(j);
        if (c.row === null) {
          tally.nonRows[c.nonRow ?? 'other']++;
          continue;
        }
        tally.rows[c.row]++;
        const ro = tally.rowOutcomes[c.row];
        ro[j.outcome] = (ro[j.outcome] ?? 0) + 1;
        if (c.interrupted) tally.interrupted[c.row]++;
        const m = checkJourney(j, c, profile);
        if (m !== null && tally.mismatchCount++ < KEEP_MISMATCHES) tally.mismatches.push({ ...m, id: `${phase.name}/${m.id}` });
      }
    }
    tally.journeys += journeys;
    const p: PhaseTally = { name: phase.name, hosts: scenario.hosts.count, journeys, wallSeconds: (performance.now() - p0) / 1000 };
    tally.phases.push(p);
    onPhase?.(p);
  }
  tally.wallSeconds = (performance.now() - t0) / 1000;
  return tally;
}

/** Rows below `min` journeys (not counting interrupted ones). */
export function rowsShort(t: SoakTally, min: number): string[] {
  return ROW_IDS.filter((r) => t.rows[r] - t.interrupted[r] < min).map((r) => `${r}: ${t.rows[r] - t.interrupted[r]}`);
}

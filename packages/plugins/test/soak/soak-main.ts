/**
 * The full seeded soak (the flow issue's acceptance): both profiles, every row of flow.md §6 at
 * least 1,000 times per profile, at least 10^6 journeys together, zero silent corruption. One
 * worker thread per profile, so the two profiles run on two cores.
 *
 *   node packages/plugins/dist/test/soak/soak-main.js [--min-per-row N] [--main-journeys N]
 *        [--seed N] [--profile seed|upstream]… [--serial]
 *
 * Prints each phase as it ends, then per row and profile the journeys, the interrupted ones and
 * the outcomes, the journeys, the wall time and silentCorruption. Exits 1 when a row is short, a
 * journey's outcome differs from the table, the total is short, or any journey is silent
 * corruption.
 */
import { parseArgs } from 'node:util';
import { ROW_IDS } from './classify-row.js';
import { tableOutcome, type Profile } from './expected-outcomes.js';
import { rowsShort, type SoakTally } from './run-soak.js';
import { FULL_SOAK, wantedJourneys, type SoakSize } from './soak-phases.js';
import { runSoakProfiles } from './soak-workers.js';

function printRows(tallies: readonly SoakTally[]): void {
  for (const t of tallies) {
    console.log(`\n[${t.profile}] row   journeys  interrupted  table                 outcomes`);
    for (const r of ROW_IDS) {
      const outcomes = Object.entries(t.rowOutcomes[r]).sort((a, b) => b[1] - a[1]).map(([o, n]) => `${o} ${n}`).join(', ');
      console.log(`[${t.profile}] ${r.padEnd(4)} ${String(t.rows[r]).padStart(9)}  ${String(t.interrupted[r]).padStart(11)}  ${(tableOutcome(r, t.profile) ?? 'base row').padEnd(20)}  ${outcomes}`);
    }
  }
}

/** Prints the verdict of each profile; true when all pass. */
function verdict(tallies: readonly SoakTally[], size: SoakSize): boolean {
  let ok = true;
  for (const t of tallies) {
    const short = rowsShort(t, size.minPerRow);
    const silent = t.silentCorruption + (t.outcomes['silent-corruption'] ?? 0);
    console.log(`\n[${t.profile}] journeys ${t.journeys}, silentCorruption ${t.silentCorruption}, outcome mismatches ${t.mismatchCount}, ${t.wallSeconds.toFixed(1)} s in its thread`);
    console.log(`[${t.profile}] outcomes ${JSON.stringify(t.outcomes)}`);
    console.log(`[${t.profile}] not a row ${JSON.stringify(t.nonRows)}`);
    if (short.length > 0) console.log(`[${t.profile}] rows below ${size.minPerRow}: ${short.join(', ')}`);
    for (const m of t.mismatches) console.log(`  mismatch ${m.id} ${m.row}: expected ${m.expected}, got ${m.outcome}: ${m.steps}`);
    ok &&= short.length === 0 && t.mismatchCount === 0 && silent === 0;
  }
  return ok;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'min-per-row': { type: 'string' }, 'main-journeys': { type: 'string' }, seed: { type: 'string' },
      profile: { type: 'string', multiple: true }, serial: { type: 'boolean', default: false },
    },
  });
  const size: SoakSize = {
    minPerRow: Number(values['min-per-row'] ?? FULL_SOAK.minPerRow),
    mainJourneys: Number(values['main-journeys'] ?? FULL_SOAK.mainJourneys),
    seed: Number(values.seed ?? FULL_SOAK.seed),
  };
  const profiles = (values.profile ?? ['seed', 'upstream']) as Profile[];
  console.log(`soak: profiles ${profiles.join(', ')}, ≥ ${size.minPerRow} journeys per row, ~${size.mainJourneys} main journeys per profile, seed ${size.seed}`);
  const t0 = performance.now();
  const tallies = await runSoakProfiles(profiles, size, {
    parallel: !values.serial,
    onPhase: (profile, p) => console.log(`[${profile}] phase ${p.name.padEnd(4)} hosts ${String(p.hosts).padStart(5)}  journeys ${String(p.journeys).padStart(7)}  ${p.wallSeconds.toFixed(1)} s`),
  });
  const wall = (performance.now() - t0) / 1000;
  printRows(tallies);
  const ok = verdict(tallies, size);
  const total = tallies.reduce((s, t) => s + t.journeys, 0);
  const wanted = wantedJourneys(size, profiles.length);
  const silent = tallies.reduce((s, t) => s + t.silentCorruption, 0);
  console.log(`\ntotal journeys ${total} (wanted ≥ ${wanted}), wall ${wall.toFixed(1)} s, silentCorruption ${silent}`);
  return ok && total >= wanted ? 0 : 1;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err);
  process.exit(2);
});

/**
 * `rasflow run --replications N`: the scenario run N times, replication r with seed
 * replicationSeed(seed, r) into DIR/rep-NNN/ (each a complete run with its own results.json),
 * then DIR/fleet.json and a table of rates per 1,000 host-years with 95 % intervals over the
 * replications (results/fleet-stats.ts). The replications run one after another, each on all
 * the workers; a failure or a signal in one stops the rest and is reported as for one run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fleetStats, formatFleetStats, replicationSeed } from '../results/fleet-stats.js';
import type { ResultsJson } from '../results/results-json.js';
import { writeFileAtomic } from '../results/write-results.js';
import type { CliIo } from './io.js';
import { executeRun, shown, type RunPlan } from './run-execute.js';

export async function runReplications(plan: RunPlan, n: number, io: CliIo): Promise<number> {
  const runs: ResultsJson[] = [];
  for (let r = 0; r < n; r++) {
    const seed = replicationSeed(plan.scenario.seed, r);
    const dirName = `rep-${String(r).padStart(3, '0')}`;
    const outDir = join(plan.outDir, dirName);
    // Named by its directory (0-based, as replicationSeed counts: rep-000 has the scenario's own
    // seed) and its place in the sequence, the same way in the progress line and on failure.
    const which = `${dirName} (replication ${r + 1} of ${n}, seed ${seed})`;
    const code = await executeRun({ ...plan, scenario: { ...plan.scenario, seed }, outDir, quiet: true }, io);
    if (code !== 0) {
      io.err(`${plan.command}: ${which} did not complete; its results are in ${shown(outDir, io.cwd)}`);
      return code;
    }
    const results = JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')) as ResultsJson;
    runs.push(results);
    if (!plan.quiet) io.out(`${which}: ${results.hosts.reduce((t, h) => t + h.journeys, 0)} journeys, ${results.wallSeconds.toFixed(2)} s, digest ${results.digest.slice(0, 16)}…`);
  }
  const stats = fleetStats(runs, plan.scenario.durationNs);
  const file = join(plan.outDir, 'fleet.json');
  try {
    await writeFileAtomic(file, [JSON.stringify(stats, null, 2) + '\n']);
  } catch (err) {
    io.err(`${plan.command}: cannot write ${file}: ${(err as Error).message}`);
    return 1;
  }
  if (!plan.quiet) io.out([...formatFleetStats(stats), `wrote ${shown(file, io.cwd)}`].join('\n'));
  return 0;
}
